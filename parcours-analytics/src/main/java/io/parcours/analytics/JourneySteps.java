package io.parcours.analytics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The journeys of an index as sequences of steps, ready for analyses: which activities count and
 * under which step (an activity itself, or the touchpoint it matches), which events (a time range)
 * and which customers (a persona, a trait) are kept. Events that map to no step or fall outside the
 * range are left out; journeys left without events are not handed to analyses. Immutable.
 */
public final class JourneySteps {
    private final JourneyIndex index;
    private final int[] stepOfActivity;
    private final int[] stepOfEvent;
    private final List<String> stepNames;
    private final long from;
    private final long to;
    private final BitSet customers;
    private final OrdinalValues values;
    private final int maxEvents;

    private JourneySteps(JourneyIndex index, int[] stepOfActivity, int[] stepOfEvent, List<String> stepNames, long from,
            long to, BitSet customers, OrdinalValues values) {
        this(index, stepOfActivity, stepOfEvent, stepNames, from, to, customers, values, Integer.MAX_VALUE);
    }

    private JourneySteps(JourneyIndex index, int[] stepOfActivity, int[] stepOfEvent, List<String> stepNames, long from,
            long to, BitSet customers, OrdinalValues values, int maxEvents) {
        this.index = index;
        this.stepOfActivity = stepOfActivity;
        this.stepOfEvent = stepOfEvent;
        this.stepNames = stepNames;
        this.from = from;
        this.to = to;
        this.customers = customers;
        this.values = values;
        this.maxEvents = maxEvents;
    }

    /** Every event of every journey, each activity its own step (numbered as in the index). */
    public static JourneySteps activities(JourneyIndex index) {
        int[] identity = new int[index.activityCount()];
        List<String> names = new ArrayList<>(identity.length);
        for (int a = 0; a < identity.length; a++) {
            identity[a] = a;
            names.add(index.activityName(a));
        }
        return new JourneySteps(index, identity, null, List.copyOf(names), Long.MIN_VALUE, Long.MAX_VALUE, null, null);
    }

    /**
     * Activities grouped into named steps: {@code stepOf[activity]} is the step of each activity
     * of the index, or -1 to leave its events out.
     */
    public static JourneySteps mapped(JourneyIndex index, int[] stepOf, List<String> stepNames) {
        if (stepOf.length != index.activityCount()) {
            throw new IllegalArgumentException("a step is needed for each of the " + index.activityCount()
                    + " activities, not " + stepOf.length);
        }
        checkSteps(stepOf, stepOf.length, stepNames);
        return new JourneySteps(index, stepOf.clone(), null, List.copyOf(stepNames), Long.MIN_VALUE, Long.MAX_VALUE,
                null, null);
    }

    /**
     * Events grouped into named steps one by one, when the step depends on more than the activity
     * (a touchpoint whose rule looks at a property, for example): {@code stepOfEvent[ordinal]} is the
     * step of the event with that ordinal in the index, or -1 to leave it out. The array is not copied:
     * it may only grow past the index's events afterwards.
     */
    public static JourneySteps perEvent(JourneyIndex index, int[] stepOfEvent, List<String> stepNames) {
        if (stepOfEvent.length < index.eventCount()) {
            throw new IllegalArgumentException("a step is needed for each of the " + index.eventCount()
                    + " events, not " + stepOfEvent.length);
        }
        checkSteps(stepOfEvent, index.eventCount(), stepNames);
        return new JourneySteps(index, null, stepOfEvent, List.copyOf(stepNames), Long.MIN_VALUE, Long.MAX_VALUE,
                null, null);
    }

    /** Checks the steps of the first {@code count} events: beyond, the array may be being extended. */
    private static void checkSteps(int[] steps, int count, List<String> stepNames) {
        for (int e = 0; e < count; e++) {
            int step = steps[e];
            if (step < -1 || step >= stepNames.size()) {
                throw new IllegalArgumentException("step " + step + " is not among the " + stepNames.size() + " steps");
            }
        }
    }

    /** The same, with the values events carry (see {@link Journey#value}). */
    public JourneySteps withValues(OrdinalValues eventValues) {
        return new JourneySteps(index, stepOfActivity, stepOfEvent, stepNames, from, to, customers, eventValues, maxEvents);
    }

    /** The same, keeping only events from {@code fromMillis} (inclusive) to {@code toMillis} (exclusive). */
    public JourneySteps between(long fromMillis, long toMillis) {
        return new JourneySteps(index, stepOfActivity, stepOfEvent, stepNames, fromMillis, toMillis, customers, values,
                maxEvents);
    }

    /**
     * The same, keeping only the first {@code count} steps: the events of later steps are left out
     * (the touchpoints of a map without the off-map activities numbered after them, for example).
     */
    public JourneySteps firstSteps(int count) {
        if (count < 0 || count > stepNames.size()) {
            throw new IllegalArgumentException("there are " + stepNames.size() + " steps, not " + count);
        }
        int[] byActivity = null;
        if (stepOfActivity != null) {
            byActivity = stepOfActivity.clone();
            for (int a = 0; a < byActivity.length; a++) {
                byActivity[a] = byActivity[a] < count ? byActivity[a] : -1;
            }
        }
        return new JourneySteps(index, byActivity, stepOfEvent, List.copyOf(stepNames.subList(0, count)), from, to, customers,
                values, maxEvents);
    }

    /** The same, keeping only the customers (numbers of the index) set in {@code kept}. */
    public JourneySteps onlyCustomers(BitSet kept) {
        BitSet copy = (BitSet) kept.clone();
        if (customers != null) {
            copy.and(customers);
        }
        return new JourneySteps(index, stepOfActivity, stepOfEvent, stepNames, from, to, copy, values, maxEvents);
    }

    /**
     * The same, leaving out the journeys of customers with more than {@code count} events in the
     * index (all their events, whatever the steps, range and filters): the giant journeys of bots
     * and shared devices, as the Spark runner leaves them out.
     */
    public JourneySteps withMaxEvents(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a journey may hold at least 1 event, not " + count);
        }
        return new JourneySteps(index, stepOfActivity, stepOfEvent, stepNames, from, to, customers, values, count);
    }

    /** The customers left out for having more than the most events a journey may hold (see {@link #withMaxEvents}). */
    public int giantJourneys() {
        int giants = 0;
        if (maxEvents < Integer.MAX_VALUE) {
            for (int c = 0; c < index.customerCount(); c++) {
                if (index.end(c) - index.start(c) > maxEvents) {
                    giants++;
                }
            }
        }
        return giants;
    }

    public JourneyIndex index() {
        return index;
    }

    /** How many steps there are; steps are numbered below this. */
    public int stepCount() {
        return stepNames.size();
    }

    public List<String> stepNames() {
        return stepNames;
    }

    /** A reusable view of one journey at a time; one per thread. */
    View view() {
        return new View();
    }

    /** One customer's kept events, copied into buffers reused from journey to journey. */
    final class View implements Journey {
        private long[] times = new long[64];
        private int[] steps = new int[64];
        private int[] ordinals = new int[64];
        private int size;
        private int customer;

        /** Makes this view the journey of {@code customer}; false when nothing of it is kept. */
        boolean select(int customer) {
            if (customers != null && !customers.get(customer)) {
                return false;
            }
            int start = index.start(customer);
            int end = index.end(customer);
            if (end - start > maxEvents) {
                return false;
            }
            if (end - start > times.length) {
                int capacity = Math.max(end - start, times.length * 2);
                times = Arrays.copyOf(times, capacity);
                steps = Arrays.copyOf(steps, capacity);
                ordinals = Arrays.copyOf(ordinals, capacity);
            }
            this.customer = customer;
            int stepCount = stepNames.size();
            size = 0;
            for (int e = start; e < end; e++) {
                int step = stepOfEvent != null ? stepOfEvent[index.ordinal(e)] : stepOfActivity[index.activity(e)];
                long time = index.time(e);
                if (step >= 0 && step < stepCount && time >= from && time < to) {
                    times[size] = time;
                    steps[size] = step;
                    ordinals[size] = index.ordinal(e);
                    size++;
                }
            }
            return size > 0;
        }

        @Override
        public int customer() {
            return customer;
        }

        @Override
        public int ordinal(int i) {
            return ordinals[i];
        }

        @Override
        public double value(int i) {
            return values == null ? 0 : values.get(ordinals[i]);
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public long time(int i) {
            return times[i];
        }

        @Override
        public int step(int i) {
            return steps[i];
        }
    }
}
