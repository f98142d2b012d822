package io.parcours.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Conversion after a touchpoint per group, against a slow twin on random journeys, merged from many slices. */
class ConversionAfterTouchpointTest {
    @Test
    void matchesTheSlowTwinOnRandomJourneys() {
        Random random = new Random(11);
        for (int round = 0; round < 30; round++) {
            JourneyIndex.Builder builder = JourneyIndex.builder();
            int customers = 1 + random.nextInt(300);
            for (int c = 0; c < customers; c++) {
                int events = random.nextInt(12);
                long time = 1_000_000L * random.nextInt(100);
                for (int e = 0; e < events; e++) {
                    time += random.nextInt(4) == 0 ? 0 : random.nextInt(3_000_000);
                    builder.add("c" + c, time, "a" + random.nextInt(4));
                }
            }
            JourneyIndex index = builder.build();
            JourneySteps steps = JourneySteps.activities(index);
            int touchpoint = stepNamed(steps, "a1");
            int conversion = stepNamed(steps, "a2");
            if (touchpoint < 0 || conversion < 0) {
                continue;
            }
            long window = 1 + random.nextInt(5_000_000);
            long split = 1_000_000L * random.nextInt(100);
            ConversionAfterTouchpoint.Grouper grouper = (customer, time) -> customer % 5 == 0 ? -1
                    : time < split ? 0 : 1;
            ConversionAfterTouchpoint.Counts fast = JourneyRunner.withWorkers(2).partialPerSlice()
                    .run(steps, ConversionAfterTouchpoint.of(touchpoint, conversion, window, 2, grouper));
            long[] reached = new long[2];
            long[] converted = new long[2];
            for (int c = 0; c < index.customerCount(); c++) {
                int start = index.start(c);
                int end = index.end(c);
                for (int i = start; i < end; i++) {
                    if (index.activity(i) != touchpoint || grouper.groupOf(c, index.time(i)) < 0) {
                        continue;
                    }
                    int group = grouper.groupOf(c, index.time(i));
                    reached[group]++;
                    for (int j = i + 1; j < end; j++) {
                        if (index.activity(j) == conversion && index.time(j) <= index.time(i) + window) {
                            converted[group]++;
                            break;
                        }
                    }
                    break;
                }
            }
            for (int g = 0; g < 2; g++) {
                assertThat(fast.reached(g)).as("round %d group %d reached", round, g).isEqualTo(reached[g]);
                assertThat(fast.converted(g)).as("round %d group %d converted", round, g).isEqualTo(converted[g]);
            }
        }
    }

    private static int stepNamed(JourneySteps steps, String name) {
        return steps.stepNames().indexOf(name);
    }
}
