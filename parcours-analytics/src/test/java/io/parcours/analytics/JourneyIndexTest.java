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
        // 14 bytes per event, 16 per customer: an index made in one go keeps no room.
        assertThat(index.bytesPerEvent()).isEqualTo(14.0 + 16.0 * 2 / 5);
        assertThat(index.heldBytes()).isEqualTo(14 * 5 + 16 * 2);
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
            Feed feed = new Feed();
            IdentityGraph graph = feed.graph;
            JourneyIndex index = JourneyIndex.empty(feed.ids, feed.activities);
            JourneyIndex.Arrivals arrivals = new JourneyIndex.Arrivals();
            int events = random.nextInt(600);
            for (int i = 0; i < events; i++) {
                String actor = random.nextBoolean() ? "anon" + random.nextInt(40) : "user" + random.nextInt(15);
                String linkedTo = !actor.startsWith("user") && random.nextInt(6) == 0 ? "user" + random.nextInt(15) : null;
                long time = random.nextInt(3) == 0 ? 500 : random.nextInt(10_000);
                String activity = "a" + random.nextInt(random.nextBoolean() ? 5 : 70_000);
                feed.add(arrivals, actor, linkedTo, time, activity);
                if (random.nextInt(50) == 0) {
                    index = index.extend(graph, arrivals);
                    arrivals.clear();
                }
            }
            index = index.extend(graph, arrivals);
            // The twin: group by stitched customer, customers by first arrival, journeys by (time, arrival).
            assertThat(journeys(index)).as("round %d", round).isEqualTo(feed.twin());
            assertThat(index.eventCount()).isEqualTo(events);
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
        // Customer by customer, their journeys must read as the twin's order.
        int mismatches = 0;
        int k = 0;
        for (int c = 0; c < ranks; c++) {
            for (int e = index.start(c); e < index.end(c); e++) {
                int i = order[k++];
                if (customerOf[i] != c || index.ordinal(e) != i || index.time(e) != times[i] || index.activity(e) != what[i]) {
                    mismatches++;
                }
            }
        }
        assertThat(k).isEqualTo(events);
        assertThat(mismatches).isZero();
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
        assertThat(narrow.bytesPerEvent()).isEqualTo(14.0 + 16.0 / 4);
    }

    /** Events fed to an index and to its slow twin alike. */
    private static final class Feed {
        final StringDictionary ids = new StringDictionary();
        final StringDictionary activities = new StringDictionary();
        final IdentityGraph graph = new IdentityGraph(ids);
        final IdentityGraph twinGraph = new IdentityGraph();
        final List<Arrival> all = new ArrayList<>();

        /** As the event log does: the message's ids, links, then the event itself (sent by {@code linkedTo} when set). */
        void add(JourneyIndex.Arrivals arrivals, String actor, String linkedTo, long time, String activity) {
            boolean user = actor.startsWith("user");
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
            all.add(new Arrival(all.size(), sender, linkedTo, time, activity));
        }

        /** The twin's journeys of every event fed so far. */
        List<String> twin() {
            return twinJourneys(all, twinGraph);
        }
    }

    /** Every journey of the index, customer by customer: the naming id, then the ordinals in order. */
    private static List<String> journeys(JourneyIndex index) {
        List<String> journeys = new ArrayList<>();
        for (int c = 0; c < index.customerCount(); c++) {
            StringBuilder journey = new StringBuilder(index.customer(c)).append(':');
            for (int e = index.start(c); e < index.end(c); e++) {
                journey.append(' ').append(index.ordinal(e)).append('@').append(index.time(e)).append('/')
                        .append(index.activityName(index.activity(e)));
            }
            journeys.add(journey.toString());
        }
        return journeys;
    }

    /** The twin's journeys of these arrivals, written as {@link #journeys} writes an index's. */
    private static List<String> twinJourneys(List<Arrival> all, IdentityGraph twinGraph) {
        Map<String, List<Arrival>> twin = new LinkedHashMap<>();
        for (Arrival arrival : all) {
            twin.computeIfAbsent(twinGraph.customerOf(arrival.actor()), k -> new ArrayList<>()).add(arrival);
        }
        List<String> journeys = new ArrayList<>();
        for (Map.Entry<String, List<Arrival>> customer : twin.entrySet()) {
            List<Arrival> events = new ArrayList<>(customer.getValue());
            events.sort(Comparator.comparingLong(Arrival::time).thenComparingInt(Arrival::ordinal));
            StringBuilder journey = new StringBuilder(customer.getKey()).append(':');
            for (Arrival event : events) {
                journey.append(' ').append(event.ordinal()).append('@').append(event.time()).append('/')
                        .append(event.activity());
            }
            journeys.add(journey.toString());
        }
        return journeys;
    }

    @Test
    void liveExtendsWriteInTheRoomOfJourneysAndLeaveEveryEarlierIndexAsItWas() {
        // Mostly in time order, as live events come: written in the room after their journeys.
        // Some late events and merges move journeys; enough extends fill the columns and compact them.
        Random random = new Random(31);
        Feed feed = new Feed();
        JourneyIndex index = JourneyIndex.empty(feed.ids, feed.activities);
        List<JourneyIndex> made = new ArrayList<>();
        List<List<String>> expected = new ArrayList<>();
        long clock = 1_000;
        int sharedColumns = 0;
        for (int step = 0; step < 400; step++) {
            JourneyIndex.Arrivals arrivals = new JourneyIndex.Arrivals();
            int count = step == 0 ? 3_000 : random.nextInt(60);
            for (int n = 0; n < count; n++) {
                String actor = random.nextInt(3) == 0 ? "anon" + random.nextInt(400) : "user" + random.nextInt(150);
                String linkedTo = !actor.startsWith("user") && random.nextInt(40) == 0 ? "user" + random.nextInt(150) : null;
                clock += random.nextInt(5);
                long time = random.nextInt(25) == 0 ? clock - random.nextInt(500) : clock;
                String activity = "a" + random.nextInt(9);
                feed.add(arrivals, actor, linkedTo, time, activity);
            }
            JourneyIndex next = index.extend(feed.graph, arrivals);
            if (step > 0 && next.heldBytes() - 16L * next.customerCount() == index.heldBytes() - 16L * index.customerCount()) {
                sharedColumns++;
            }
            index = next;
            made.add(index);
            expected.add(feed.twin());
            assertThat(journeys(index)).as("step %d", step).isEqualTo(expected.get(step));
        }
        for (int step = 0; step < made.size(); step++) {
            assertThat(journeys(made.get(step))).as("index of step %d, read again at the end", step)
                    .isEqualTo(expected.get(step));
        }
        // Most extends wrote into the columns they shared; some had to make new ones.
        assertThat(sharedColumns).isBetween(300, 398);
        // The room kept stays within twice the events.
        assertThat(index.heldBytes()).isLessThan(2L * 14 * index.eventCount() + 16L * index.customerCount());
    }

    /** One event of each of user0 to user19, at {@code time} onwards, fed to arrivals of their own. */
    private static JourneyIndex.Arrivals eachUser(Feed feed, long time, String activity) {
        JourneyIndex.Arrivals arrivals = new JourneyIndex.Arrivals();
        for (int i = 0; i < 20; i++) {
            feed.add(arrivals, "user" + i, null, time + i, activity);
        }
        return arrivals;
    }

    @Test
    void anEarlierIndexExtendedAgainLeavesItsFirstSuccessorAsItWas() {
        Feed feed = new Feed();
        JourneyIndex.Arrivals first = new JourneyIndex.Arrivals();
        for (int i = 0; i < 200; i++) {
            feed.add(first, "user" + (i % 20), null, 10L * i, "a" + (i % 3));
        }
        JourneyIndex built = JourneyIndex.empty(feed.ids, feed.activities).extend(feed.graph, first);
        List<String> builtJourneys = feed.twin();
        // Made in one go, it keeps no room: the next index is compacted into columns with room,
        // and the one after writes in that room.
        JourneyIndex compacted = built.extend(feed.graph, eachUser(feed, 5_000, "one"));
        List<String> compactedJourneys = feed.twin();
        int compactedEvents = feed.all.size();
        JourneyIndex inRoom = compacted.extend(feed.graph, eachUser(feed, 7_000, "more"));
        List<String> inRoomJourneys = feed.twin();
        assertThat(inRoom.heldBytes()).as("written in the room of the same columns").isEqualTo(compacted.heldBytes());
        // The compacted index, extended again, must not write where its first successor did.
        feed.all.subList(compactedEvents, feed.all.size()).clear();
        JourneyIndex branch = compacted.extend(feed.graph, eachUser(feed, 8_000, "other"));
        assertThat(journeys(branch)).isEqualTo(feed.twin());
        assertThat(journeys(inRoom)).isEqualTo(inRoomJourneys);
        assertThat(journeys(compacted)).isEqualTo(compactedJourneys);
        assertThat(journeys(built)).isEqualTo(builtJourneys);
    }
}
