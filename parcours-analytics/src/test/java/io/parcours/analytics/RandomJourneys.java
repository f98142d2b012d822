package io.parcours.analytics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Random journeys for the randomized tests: an index built from them (events interleaved across
 * customers in arrival order, as a live log would have them) and the same journeys as plain lists,
 * sorted the obvious way, for the slow twins. Times are coarse so that ties are frequent; some
 * journeys have one event, some are giant, some have only activities that map to no step (empty
 * once mapped), and repeats are common.
 */
final class RandomJourneys {
    /** One event as the slow twins see it. */
    record Event(long time, int step, double value) {}

    /** One customer's journey, events in time order, ties in arrival order, unmapped events left out. */
    record Plain(String customer, int number, List<Event> events) {}

    final JourneyIndex index;
    final JourneySteps steps;
    final List<Plain> journeys = new ArrayList<>();
    final int stepCount;

    private record Raw(String customer, long time, int activity, int arrival) {}

    /**
     * {@code customers} random journeys over {@code stepCount} steps; activities beyond the steps
     * (a fifth more) map to none. Values are set on about a third of the events.
     */
    RandomJourneys(Random random, int customers, int stepCount) {
        this.stepCount = stepCount;
        int activities = stepCount + Math.max(1, stepCount / 5);
        List<Raw> raw = new ArrayList<>();
        double skew = 0.5 + random.nextDouble() * 2;
        for (int c = 0; c < customers; c++) {
            int kind = random.nextInt(20);
            int size = kind == 0 ? 1 : kind == 1 ? 200 + random.nextInt(800) : 1 + random.nextInt(12);
            long time = random.nextInt(1000) * 3_600_000L;
            int previous = random.nextInt(activities);
            boolean unmappedOnly = kind == 2;
            for (int e = 0; e < size; e++) {
                time += random.nextInt(4) == 0 ? 0 : (long) random.nextInt(72) * 3_600_000L;
                int activity;
                if (unmappedOnly) {
                    activity = stepCount + random.nextInt(activities - stepCount);
                } else if (random.nextInt(4) == 0) {
                    activity = previous;
                } else {
                    activity = (int) Math.min(activities - 1, Math.floor(Math.pow(random.nextDouble(), skew) * activities));
                }
                previous = activity;
                // Some events arrive out of time order.
                long at = random.nextInt(10) == 0 ? time - random.nextInt(48) * 3_600_000L : time;
                raw.add(new Raw("customer-" + c, at, activity, 0));
            }
        }
        java.util.Collections.shuffle(raw, random);
        JourneyIndex.Builder builder = JourneyIndex.builder();
        // The builder interns activities in order of first use: name them so that the number is the name.
        for (int a = 0; a < activities; a++) {
            builder.add("warm-up", 0, "a" + a);
        }
        List<Raw> arrived = new ArrayList<>();
        int ordinal = activities;
        for (Raw event : raw) {
            builder.add(event.customer(), event.time(), "a" + event.activity());
            arrived.add(new Raw(event.customer(), event.time(), event.activity(), ordinal++));
        }
        index = builder.build();
        OrdinalValues values = new OrdinalValues();
        double[] valueOf = new double[ordinal];
        for (Raw event : arrived) {
            if (random.nextInt(3) == 0) {
                valueOf[event.arrival()] = 1 + random.nextInt(100);
                values.put(event.arrival(), valueOf[event.arrival()]);
            }
        }
        int[] stepOf = new int[index.activityCount()];
        List<String> names = new ArrayList<>();
        for (int s = 0; s < stepCount; s++) {
            names.add("s" + s);
        }
        for (int a = 0; a < index.activityCount(); a++) {
            int number = Integer.parseInt(index.activityName(a).substring(1));
            stepOf[a] = number < stepCount ? number : -1;
        }
        JourneySteps mapped = JourneySteps.mapped(index, stepOf, names).withValues(values);
        // Leave the warm-up customer out, as a filter on customers would.
        java.util.BitSet kept = new java.util.BitSet();
        for (int c = 0; c < index.customerCount(); c++) {
            if (!index.customer(c).equals("warm-up")) {
                kept.set(c);
            }
        }
        steps = mapped.onlyCustomers(kept);
        java.util.Map<String, List<Raw>> byCustomer = new java.util.LinkedHashMap<>();
        for (Raw event : arrived) {
            byCustomer.computeIfAbsent(event.customer(), k -> new ArrayList<>()).add(event);
        }
        for (int c = 0; c < index.customerCount(); c++) {
            String name = index.customer(c);
            if (name.equals("warm-up")) {
                continue;
            }
            List<Raw> events = new ArrayList<>(byCustomer.get(name));
            events.sort(Comparator.comparingLong(Raw::time).thenComparingInt(Raw::arrival));
            List<Event> plain = new ArrayList<>();
            for (Raw event : events) {
                if (event.activity() < stepCount) {
                    plain.add(new Event(event.time(), event.activity(), valueOf[event.arrival()]));
                }
            }
            journeys.add(new Plain(name, c, plain));
        }
    }

    List<String> stepNames() {
        return steps.stepNames();
    }

    /**
     * The runner a round uses: one or two workers, slices of a random size, and half the time a
     * partial result per slice, so that merges are exercised.
     */
    static JourneyRunner runner(Random random) {
        JourneyRunner runner = JourneyRunner.withWorkers(1 + random.nextInt(2)).slicedBy(1 + random.nextInt(40));
        return random.nextBoolean() ? runner.partialPerSlice() : runner;
    }
}
