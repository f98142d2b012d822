package io.parcours.analytics;

import io.parcours.model.StringDictionary;
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

    private record Arrival(int ordinal, String actor, String linkedTo, long time, String activity) {}

    @Test
    void extendingStepByStepWithLinksGivesTheSameJourneysAsTheSlowTwin() {
        Random random = new Random(5);
        for (int round = 0; round < 300; round++) {
            StringDictionary ids = new StringDictionary();
            StringDictionary activities = new StringDictionary();
            IdentityGraph graph = new IdentityGraph(ids);
            JourneyIndex index = JourneyIndex.empty(ids, activities);
            JourneyIndex.Arrivals arrivals = new JourneyIndex.Arrivals();
            List<Arrival> all = new ArrayList<>();
            IdentityGraph twinGraph = new IdentityGraph();
            int events = random.nextInt(600);
            for (int i = 0; i < events; i++) {
                String actor = random.nextBoolean() ? "anon" + random.nextInt(40) : "user" + random.nextInt(15);
                boolean user = actor.startsWith("user");
                String linkedTo = !user && random.nextInt(6) == 0 ? "user" + random.nextInt(15) : null;
                long time = random.nextInt(3) == 0 ? 500 : random.nextInt(10_000);
                String activity = "a" + random.nextInt(random.nextBoolean() ? 5 : 70_000);
                // As the event log does: the message's ids, links, then the event itself.
                int number = ids.intern(linkedTo != null ? linkedTo : actor);
                if (linkedTo != null) {
                    graph.link(ids.intern(actor), number);
                    twinGraph.link(actor, linkedTo);
                } else {
                    graph.add(number, user);
                    twinGraph.add(actor, user);
                }
                String sender = linkedTo != null ? linkedTo : actor;
                arrivals.add(ids.find(sender), time, activities.intern(activity));
                all.add(new Arrival(i, sender, linkedTo, time, activity));
                if (random.nextInt(50) == 0) {
                    index = index.extend(graph, arrivals);
                    arrivals.clear();
                }
            }
            index = index.extend(graph, arrivals);
            // The twin: group by stitched customer, customers by first arrival, journeys by (time, arrival).
            Map<String, List<Arrival>> twin = new LinkedHashMap<>();
            for (Arrival arrival : all) {
                twin.computeIfAbsent(twinGraph.customerOf(arrival.actor()), k -> new ArrayList<>()).add(arrival);
            }
            assertThat(index.customerCount()).as("round %d", round).isEqualTo(twin.size());
            assertThat(index.eventCount()).isEqualTo(events);
            int c = 0;
            for (Map.Entry<String, List<Arrival>> journey : twin.entrySet()) {
                List<Arrival> expected = new ArrayList<>(journey.getValue());
                expected.sort(Comparator.comparingLong(Arrival::time).thenComparingInt(Arrival::ordinal));
                assertThat(index.customer(c)).as("round %d", round).isEqualTo(journey.getKey());
                List<Integer> ordinals = new ArrayList<>();
                for (int e = index.start(c); e < index.end(c); e++) {
                    ordinals.add(index.ordinal(e));
                }
                assertThat(ordinals).as("round %d, %s", round, journey.getKey())
                        .containsExactlyElementsOf(expected.stream().map(Arrival::ordinal).toList());
                assertThat(index.activitiesOf(c)).containsExactlyElementsOf(expected.stream().map(Arrival::activity).toList());
                c++;
            }
        }
    }

    @Test
    void moreThanAMillionArrivalsSpreadOverTheCoresGiveTheSameJourneysAsOnePassInOrder() {
        // Above a million arrivals, extend places them from several threads at once: twice, so that
        // the second one also lands behind journeys already there and merges some of them.
        Random random = new Random(23);
        int perStep = 1_100_000;
        int ids = 200_000;
        StringDictionary dictionary = new StringDictionary();
        for (int i = 0; i < ids; i++) {
            dictionary.append("id" + i);
        }
        StringDictionary activities = new StringDictionary();
        for (int a = 0; a < 30; a++) {
            activities.append("a" + a);
        }
        IdentityGraph graph = new IdentityGraph(dictionary);
        JourneyIndex index = JourneyIndex.empty(dictionary, activities);
        int[] actors = new int[2 * perStep];
        long[] times = new long[2 * perStep];
        int[] what = new int[2 * perStep];
        for (int step = 0; step < 2; step++) {
            JourneyIndex.Arrivals arrivals = new JourneyIndex.Arrivals();
            for (int i = step * perStep; i < (step + 1) * perStep; i++) {
                int actor = random.nextInt(ids);
                if (random.nextInt(20) == 0) {
                    int user = random.nextInt(ids / 10);
                    graph.link(actor, user);
                    actor = user;
                } else {
                    graph.add(actor, false);
                }
                actors[i] = actor;
                times[i] = random.nextInt(8) == 0 ? 5_000 : random.nextInt(1_000_000);
                what[i] = random.nextInt(30);
                arrivals.add(actors[i], times[i], what[i]);
            }
            index = index.extend(graph, arrivals);
        }
        // The twin: customers by first arrival, then each journey by (time, arrival).
        int events = 2 * perStep;
        int[] rankOfName = new int[ids];
        java.util.Arrays.fill(rankOfName, -1);
        int[] customerOf = new int[events];
        int ranks = 0;
        for (int i = 0; i < events; i++) {
            int name = graph.customerName(actors[i]);
            if (rankOfName[name] < 0) {
                rankOfName[name] = ranks++;
            }
            customerOf[i] = rankOfName[name];
        }
        Integer[] order = new Integer[events];
        for (int i = 0; i < events; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.<Integer>comparingInt(i -> customerOf[i]).thenComparingLong(i -> times[i])
                .thenComparingInt(i -> i));
        assertThat(index.customerCount()).isEqualTo(ranks);
        assertThat(index.eventCount()).isEqualTo(events);
        int mismatches = 0;
        for (int e = 0; e < events; e++) {
            int i = order[e];
            if (index.ordinal(e) != i || index.time(e) != times[i] || index.activity(e) != what[i]) {
                mismatches++;
            }
        }
        assertThat(mismatches).isZero();
        for (int c = 0; c < ranks; c += 997) {
            assertThat(customerOf[order[index.start(c)]]).isEqualTo(c);
            assertThat(customerOf[order[index.end(c) - 1]]).isEqualTo(c);
        }
    }

    @Test
    void aDictionaryOfMoreThan65536ActivitiesWidensTheColumn() {
        JourneyIndex.Builder builder = JourneyIndex.builder();
        for (int i = 0; i < 70_000; i++) {
            builder.add("c" + (i % 7), i, "activity " + i);
        }
        JourneyIndex index = builder.build();
        assertThat(index.activityCount()).isEqualTo(70_000);
        assertThat(index.activityName(index.activity(index.end(6) - 1))).isEqualTo("activity 69999");
        assertThat(index.bytesPerEvent()).isGreaterThan(16.0);
        JourneyIndex narrow = JourneyIndex.builder().add("c", 1, "x").add("c", 2, "y").add("c", 3, "x").add("c", 4, "y").build();
        assertThat(narrow.bytesPerEvent()).isEqualTo(14.0 + 8.0 / 4 + 4.0 / 4);
    }
}
