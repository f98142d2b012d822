package io.parcours.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The journey index against a slow, obviously correct twin (a map of lists sorted with a stable
 * comparator) on random events: ties in time, customers with one event or thousands, events out of order.
 */
class JourneyIndexTest {
    private record Row(long time, int arrival, String activity) {}

    @Test
    void journeysAreSortedByTimeWithTiesInArrivalOrder() {
        JourneyIndex index = JourneyIndex.builder()
                .add("amina", 30, "Checkout")
                .add("marc", 10, "Home")
                .add("amina", 10, "Home")
                .add("amina", 20, "Product")
                .add("amina", 20, "Cart")
                .build();
        assertThat(index.customerCount()).isEqualTo(2);
        assertThat(index.eventCount()).isEqualTo(5);
        assertThat(index.customer(0)).isEqualTo("amina");
        assertThat(index.activitiesOf(0)).containsExactly("Home", "Product", "Cart", "Checkout");
        assertThat(index.activitiesOf(1)).containsExactly("Home");
        assertThat(index.bytesPerEvent()).isLessThanOrEqualTo(16.0 + 12.0 / 5);
    }

    @Test
    void randomEventsGiveTheSameJourneysAsTheSlowTwin() {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            JourneyIndex.Builder builder = JourneyIndex.builder();
            Map<String, List<Row>> twin = new LinkedHashMap<>();
            int events = random.nextInt(2_000);
            int customers = 1 + random.nextInt(50);
            for (int i = 0; i < events; i++) {
                String customer = "c" + (random.nextInt(10) == 0 ? 0 : random.nextInt(customers));
                long time = random.nextInt(4) == 0 ? 1_000 : random.nextInt(100_000);
                String activity = "a" + random.nextInt(12);
                builder.add(customer, time, activity);
                twin.computeIfAbsent(customer, k -> new ArrayList<>()).add(new Row(time, i, activity));
            }
            JourneyIndex index = builder.build();
            assertThat(index.customerCount()).isEqualTo(twin.size());
            assertThat(index.eventCount()).isEqualTo(events);
            int c = 0;
            for (Map.Entry<String, List<Row>> journey : twin.entrySet()) {
                List<Row> expected = new ArrayList<>(journey.getValue());
                expected.sort(Comparator.comparingLong(Row::time).thenComparingInt(Row::arrival));
                assertThat(index.customer(c)).isEqualTo(journey.getKey());
                assertThat(index.activitiesOf(c)).as("round %d, %s", round, journey.getKey())
                        .containsExactlyElementsOf(expected.stream().map(Row::activity).toList());
                List<Long> times = new ArrayList<>();
                for (int e = index.start(c); e < index.end(c); e++) {
                    times.add(index.time(e));
                }
                assertThat(times).containsExactlyElementsOf(expected.stream().map(Row::time).toList());
                c++;
            }
        }
    }

    @Test
    void anEmptyIndexIsEmpty() {
        JourneyIndex index = JourneyIndex.builder().build();
        assertThat(index.customerCount()).isZero();
        assertThat(index.eventCount()).isZero();
        assertThat(index.bytesPerEvent()).isZero();
    }
}
