package io.parcours.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Time from a touchpoint to the next stage, against a slow twin on random journeys merged from many slices. */
class TimeToNextStageTest {
    @Test
    void matchesTheSlowTwin() {
        Random random = new Random(3);
        for (int round = 0; round < 30; round++) {
            JourneyIndex.Builder builder = JourneyIndex.builder();
            int customers = 1 + random.nextInt(200);
            for (int c = 0; c < customers; c++) {
                long time = 0;
                int events = random.nextInt(10);
                for (int e = 0; e < events; e++) {
                    time += random.nextInt(3) == 0 ? 0 : random.nextInt(10_000_000);
                    builder.add("c" + c, time, "t" + random.nextInt(5));
                }
            }
            JourneyIndex index = builder.build();
            JourneySteps steps = JourneySteps.activities(index);
            int[] stageOfStep = new int[steps.stepCount()];
            for (int s = 0; s < stageOfStep.length; s++) {
                int touchpoint = Integer.parseInt(steps.stepNames().get(s).substring(1));
                stageOfStep[s] = touchpoint == 4 ? -1 : touchpoint / 2; // t0, t1 in stage 0; t2, t3 in stage 1
            }
            TimeToNextStage.Result fast = JourneyRunner.withWorkers(2).partialPerSlice().run(steps, TimeToNextStage.of(stageOfStep));
            for (int t = 0; t < stageOfStep.length; t++) {
                List<Long> durations = new ArrayList<>();
                for (int c = 0; c < index.customerCount(); c++) {
                    for (int i = index.start(c); i < index.end(c); i++) {
                        if (index.activity(i) != t) {
                            continue;
                        }
                        if (stageOfStep[t] >= 0) {
                            for (int j = i + 1; j < index.end(c); j++) {
                                if (stageOfStep[index.activity(j)] == stageOfStep[t] + 1) {
                                    durations.add(index.time(j) - index.time(i));
                                    break;
                                }
                            }
                        }
                        break;
                    }
                }
                durations.sort(null);
                assertThat(fast.customers()[t]).as("round %d step %d", round, t).isEqualTo(durations.size());
                if (durations.isEmpty()) {
                    assertThat(fast.medianMillis()[t]).isEqualTo(-1);
                } else {
                    long median = durations.get((int) Math.ceil(0.5 * durations.size()) - 1);
                    assertThat(fast.medianMillis()[t]).as("round %d step %d median", round, t).isEqualTo(median);
                    assertThat(fast.lowMillis()[t]).isLessThanOrEqualTo(median);
                    assertThat(fast.highMillis()[t]).isGreaterThanOrEqualTo(median);
                }
            }
        }
    }

    @Test
    void theIntervalOfAMedianFollowsOrderStatistics() {
        // 100 durations 1..100 minutes: the median is the 50th, the interval ranks 40 and 61 (50 ± 9.8, rounded outwards)
        JourneyIndex.Builder builder = JourneyIndex.builder();
        for (int c = 1; c <= 100; c++) {
            builder.add("c" + c, 0, "t0");
            builder.add("c" + c, c * 60_000L, "t2");
        }
        JourneyIndex index = builder.build();
        JourneySteps steps = JourneySteps.activities(index);
        int[] stageOfStep = new int[steps.stepCount()];
        for (int s = 0; s < stageOfStep.length; s++) {
            stageOfStep[s] = steps.stepNames().get(s).equals("t0") ? 0 : 1;
        }
        TimeToNextStage.Result result = JourneyRunner.withWorkers(1).run(steps, TimeToNextStage.of(stageOfStep));
        int t0 = steps.stepNames().indexOf("t0");
        assertThat(result.medianMillis()[t0]).isEqualTo(50 * 60_000L);
        assertThat(result.lowMillis()[t0]).isEqualTo(40 * 60_000L);
        assertThat(result.highMillis()[t0]).isEqualTo(61 * 60_000L);
    }
}
