package io.parcours.analytics;

import io.parcours.model.StringDictionary;
import java.util.Arrays;
import java.util.List;

/**
 * Every customer's journey in memory, columnar: for each customer (stitched across ids), their
 * events' times and activities, sorted by time with ties in arrival order (the convention of
 * process-mining tools). The analyses of Parcours run over it.
 *
 * <p>Layout, as in a compressed sparse row matrix: {@code offsets[c]..offsets[c+1]} are customer
 * {@code c}'s events in the parallel arrays {@code times} (8 bytes), {@code ordinals} (4 bytes: the
 * event's rank in arrival order, which breaks ties in time and joins the event back to its row in
 * the database) and activities (2 bytes while there are at most 65,536 distinct activities, 4
 * beyond): 14 bytes per event and 8 per customer. Strings (ids, activity names) are kept once in
 * {@link StringDictionary dictionaries}, shared with the index's later versions.
 *
 * <p>Customers are numbered in the order of their first event's arrival. An index is immutable and
 * thread-safe; {@link #extend} makes the next one from it, the events that arrived since and the
 * identity links as they stand now, in time linear in the events (journeys that gained no event
 * and merged with no other are copied, not sorted).
 */
public final class JourneyIndex {
    private static final int NARROW_LIMIT = 1 << 16;

    private final StringDictionary ids;
    private final StringDictionary activityNames;
    private final int activityCount;
    private final int[] offsets;
    private final int[] customerNames;
    private final long[] times;
    private final int[] ordinals;
    private final short[] narrowActivities;
    private final int[] wideActivities;

    private JourneyIndex(StringDictionary ids, StringDictionary activityNames, int[] offsets, int[] customerNames,
            long[] times, int[] ordinals, int[] activities) {
        this.ids = ids;
        this.activityNames = activityNames;
        this.activityCount = activityNames.size();
        this.offsets = offsets;
        this.customerNames = customerNames;
        this.times = times;
        this.ordinals = ordinals;
        if (activityCount <= NARROW_LIMIT) {
            narrowActivities = new short[activities.length];
            for (int i = 0; i < activities.length; i++) {
                narrowActivities[i] = (short) activities[i];
            }
            wideActivities = null;
        } else {
            narrowActivities = null;
            wideActivities = activities;
        }
    }

    /** An index without events over these dictionaries. */
    public static JourneyIndex empty(StringDictionary ids, StringDictionary activityNames) {
        return new JourneyIndex(ids, activityNames, new int[1], new int[0], new long[0], new int[0], new int[0]);
    }

    /** A builder of small indexes from strings, each customer named by one id (for tests and tools). */
    public static Builder builder() {
        return new Builder();
    }

    public int customerCount() {
        return customerNames.length;
    }

    public int eventCount() {
        return times.length;
    }

    /** The id that names customer {@code customer}. */
    public String customer(int customer) {
        return ids.get(customerNames[customer]);
    }

    /** The number of the customer named by {@code id}, or -1: a scan of numbers, a millisecond or so per million customers. */
    public int findCustomer(String id) {
        int number = ids.find(id);
        if (number < 0) {
            return -1;
        }
        for (int c = 0; c < customerCount(); c++) {
            if (customerNames[c] == number) {
                return c;
            }
        }
        return -1;
    }

    /** The dictionary number of the id that names customer {@code customer}. */
    public int customerId(int customer) {
        return customerNames[customer];
    }

    public String activityName(int activity) {
        return activityNames.get(activity);
    }

    /** How many distinct activities the index knows; activities are numbered below this. */
    public int activityCount() {
        return activityCount;
    }

    /** The index of customer {@code c}'s first event; their events run to {@code end(c)}, exclusive. */
    public int start(int customer) {
        return offsets[customer];
    }

    public int end(int customer) {
        return offsets[customer + 1];
    }

    public long time(int event) {
        return times[event];
    }

    public int activity(int event) {
        return narrowActivities != null ? narrowActivities[event] & 0xFFFF : wideActivities[event];
    }

    /** The event's rank in arrival order within its workspace (0 for the first event ever stored). */
    public int ordinal(int event) {
        return ordinals[event];
    }

    /** Bytes held by the per-event and per-customer arrays, per event (the shared dictionaries aside). */
    public double bytesPerEvent() {
        if (times.length == 0) {
            return 0;
        }
        long activityBytes = narrowActivities != null ? 2L * narrowActivities.length : 4L * wideActivities.length;
        long bytes = 8L * times.length + 4L * ordinals.length + activityBytes + 4L * offsets.length
                + 4L * customerNames.length;
        return (double) bytes / times.length;
    }

    /** The activity names of customer {@code c}'s journey, in order (for tests and small journeys). */
    public List<String> activitiesOf(int customer) {
        String[] names = new String[end(customer) - start(customer)];
        for (int e = start(customer); e < end(customer); e++) {
            names[e - start(customer)] = activityName(activity(e));
        }
        return List.of(names);
    }

    /**
     * The next index: this one's journeys with {@code arrivals} added (ranked after every event
     * here, in their order), and customers regrouped by {@code identities} as it stands now, which
     * must know every id of this index and of the arrivals.
     */
    public JourneyIndex extend(IdentityGraph identities, Arrivals arrivals) {
        return extend(identities.customers(), arrivals);
    }

    /** The same with the customers taken from the identity graph beforehand, which must know every id here and in the arrivals. */
    public JourneyIndex extend(IdentityGraph.Customers identities, Arrivals arrivals) {
        int oldCustomers = customerNames.length;
        int added = arrivals.size();
        int[] roots = identities.roots();
        // Customers are numbered by first arrival: the old ones in their order (merged ones where
        // the first of them was), then those new in the arrivals.
        int[] customerOfRoot = new int[roots.length];
        Arrays.fill(customerOfRoot, -1);
        int[] names = new int[Math.max(16, oldCustomers + Math.min(added, 1 << 20))];
        int customers = 0;
        int[] newCustomerOfOld = new int[oldCustomers];
        for (int c = 0; c < oldCustomers; c++) {
            int root = roots[customerNames[c]];
            if (customerOfRoot[root] < 0) {
                if (customers == names.length) {
                    names = Arrays.copyOf(names, customers * 2);
                }
                customerOfRoot[root] = customers;
                names[customers++] = identities.name(root);
            }
            newCustomerOfOld[c] = customerOfRoot[root];
        }
        // Each arrival's root first (spread over the cores when many), then customers numbered in arrival order.
        int[] customerOfArrival = new int[added];
        java.util.stream.IntStream arrivalRange = java.util.stream.IntStream.range(0, added);
        (added < PARALLEL_EVENTS ? arrivalRange : arrivalRange.parallel())
                .forEach(i -> customerOfArrival[i] = roots[arrivals.actor(i)]);
        for (int i = 0; i < added; i++) {
            int root = customerOfArrival[i];
            int customer = customerOfRoot[root];
            if (customer < 0) {
                if (customers == names.length) {
                    names = Arrays.copyOf(names, customers * 2);
                }
                customer = customers++;
                customerOfRoot[root] = customer;
                names[customer] = identities.name(root);
            }
            customerOfArrival[i] = customer;
        }
        int[] newOffsets = new int[customers + 1];
        for (int c = 0; c < oldCustomers; c++) {
            newOffsets[newCustomerOfOld[c] + 1] += offsets[c + 1] - offsets[c];
        }
        for (int i = 0; i < added; i++) {
            newOffsets[customerOfArrival[i] + 1]++;
        }
        for (int c = 0; c < customers; c++) {
            newOffsets[c + 1] += newOffsets[c];
        }
        int total = newOffsets[customers];
        long[] newTimes = new long[total];
        int[] newOrdinals = new int[total];
        int[] newActivities = new int[total];
        int[] fill = Arrays.copyOf(newOffsets, customers);
        // Whether a journey needs sorting: it merged several old journeys, or gained events.
        boolean[] touched = new boolean[customers];
        for (int c = 0; c < oldCustomers; c++) {
            int to = newCustomerOfOld[c];
            int at = fill[to];
            int length = offsets[c + 1] - offsets[c];
            if (at != newOffsets[to]) {
                touched[to] = true;
            }
            System.arraycopy(times, offsets[c], newTimes, at, length);
            System.arraycopy(ordinals, offsets[c], newOrdinals, at, length);
            for (int e = 0; e < length; e++) {
                newActivities[at + e] = activity(offsets[c] + e);
            }
            fill[to] = at + length;
        }
        placeArrivals(arrivals, times.length, customerOfArrival, customers, newOffsets, fill, touched, newTimes,
                newOrdinals, newActivities);
        sortTouched(customers, newOffsets, touched, newTimes, newOrdinals, newActivities);
        return new JourneyIndex(ids, activityNames, newOffsets, Arrays.copyOf(names, customers), newTimes, newOrdinals,
                newActivities);
    }

    /**
     * Writes each arrival at the next free place of its customer's journey ({@code fill}), marking
     * journeys that already held events as touched. Many arrivals are spread over the cores, each
     * taking a range of them and starting, per customer, after the places the ranges before take:
     * the same places as one pass in arrival order would give.
     */
    private static void placeArrivals(Arrivals arrivals, int firstOrdinal, int[] customerOfArrival, int customers,
            int[] offsets, int[] fill, boolean[] touched, long[] times, int[] ordinals, int[] activities) {
        int added = arrivals.size();
        int parts = added < PARALLEL_EVENTS ? 1 : Math.min(Runtime.getRuntime().availableProcessors(), 8);
        int[][] starts = new int[parts][];
        starts[0] = fill;
        if (parts > 1) {
            int[][] counts = new int[parts - 1][];
            java.util.stream.IntStream.range(0, parts - 1).parallel().forEach(p -> {
                int[] count = new int[customers];
                for (int i = rangeStart(added, p, parts), to = rangeStart(added, p + 1, parts); i < to; i++) {
                    count[customerOfArrival[i]]++;
                }
                counts[p] = count;
            });
            for (int p = 1; p < parts; p++) {
                int[] start = counts[p - 1];
                int[] before = starts[p - 1];
                for (int c = 0; c < customers; c++) {
                    start[c] += before[c];
                }
                starts[p] = start;
            }
        }
        java.util.stream.IntStream range = java.util.stream.IntStream.range(0, parts);
        (parts > 1 ? range.parallel() : range).forEach(p -> {
            int[] next = starts[p];
            for (int i = rangeStart(added, p, parts), to = rangeStart(added, p + 1, parts); i < to; i++) {
                int customer = customerOfArrival[i];
                int at = next[customer]++;
                if (at != offsets[customer]) {
                    touched[customer] = true;
                }
                times[at] = arrivals.time(i);
                ordinals[at] = firstOrdinal + i;
                activities[at] = arrivals.activity(i);
            }
        });
    }

    /** Where range {@code p} of {@code parts} equal ranges of {@code count} items starts. */
    private static int rangeStart(int count, int p, int parts) {
        return (int) ((long) count * p / parts);
    }

    /** Below this many events, journeys are sorted on the calling thread alone. */
    private static final int PARALLEL_EVENTS = 1 << 20;

    /** Sorts the touched journeys, spread over the cores in ranges of customers holding about equal events. */
    private static void sortTouched(int customers, int[] offsets, boolean[] touched, long[] times, int[] ordinals,
            int[] activities) {
        int total = offsets[customers];
        // Spread only when the touched journeys are long: a live refresh touches few, and taking
        // every core for them costs the requests being served meanwhile more than it saves.
        long touchedEvents = 0;
        for (int c = 0; c < customers && touchedEvents < PARALLEL_EVENTS; c++) {
            if (touched[c]) {
                touchedEvents += offsets[c + 1] - offsets[c];
            }
        }
        int parts = touchedEvents < PARALLEL_EVENTS ? 1 : Math.min(Runtime.getRuntime().availableProcessors() * 2, 64);
        int[] bounds = new int[parts + 1];
        int customer = 0;
        for (int p = 1; p < parts; p++) {
            long target = (long) total * p / parts;
            while (customer < customers && offsets[customer] < target) {
                customer++;
            }
            bounds[p] = customer;
        }
        bounds[parts] = customers;
        java.util.stream.IntStream range = java.util.stream.IntStream.range(0, parts);
        (parts > 1 ? range.parallel() : range).forEach(p -> {
            Sorter sorter = new Sorter();
            for (int c = bounds[p]; c < bounds[p + 1]; c++) {
                if (touched[c]) {
                    sorter.sortIfNeeded(times, ordinals, activities, offsets[c], offsets[c + 1]);
                }
            }
        });
    }

    /** Sorts one journey by (time, ordinal), a total order, reusing its buffers across journeys. */
    private static final class Sorter {
        private long[] timeBuffer = new long[0];
        private int[] ordinalBuffer = new int[0];
        private int[] activityBuffer = new int[0];

        void sortIfNeeded(long[] times, int[] ordinals, int[] activities, int from, int to) {
            if (sorted(times, ordinals, from, to)) {
                return;
            }
            if (timeBuffer.length < to - from) {
                timeBuffer = new long[to - from];
                ordinalBuffer = new int[to - from];
                activityBuffer = new int[to - from];
            }
            int length = to - from;
            for (int width = 1; width < length; width *= 2) {
                for (int left = from; left < to - width; left += 2 * width) {
                    int middle = left + width;
                    int right = Math.min(left + 2 * width, to);
                    if (!before(times, ordinals, middle, middle - 1)) {
                        continue;
                    }
                    int i = left;
                    int j = middle;
                    int k = 0;
                    while (i < middle && j < right) {
                        int take = before(times, ordinals, j, i) ? j++ : i++;
                        timeBuffer[k] = times[take];
                        ordinalBuffer[k] = ordinals[take];
                        activityBuffer[k++] = activities[take];
                    }
                    while (i < middle) {
                        timeBuffer[k] = times[i];
                        ordinalBuffer[k] = ordinals[i];
                        activityBuffer[k++] = activities[i++];
                    }
                    while (j < right) {
                        timeBuffer[k] = times[j];
                        ordinalBuffer[k] = ordinals[j];
                        activityBuffer[k++] = activities[j++];
                    }
                    System.arraycopy(timeBuffer, 0, times, left, k);
                    System.arraycopy(ordinalBuffer, 0, ordinals, left, k);
                    System.arraycopy(activityBuffer, 0, activities, left, k);
                }
            }
        }

        private static boolean before(long[] times, int[] ordinals, int a, int b) {
            return times[a] < times[b] || (times[a] == times[b] && ordinals[a] < ordinals[b]);
        }

        private static boolean sorted(long[] times, int[] ordinals, int from, int to) {
            for (int i = from + 1; i < to; i++) {
                if (before(times, ordinals, i, i - 1)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Events that arrived after an index was made, in arrival order, as columns: the number of the
     * id that sent each (its user id, else its anonymous id), its time and its activity's number.
     * Not thread-safe.
     */
    public static final class Arrivals {
        private static final int BLOCK_BITS = 16;
        private static final int BLOCK = 1 << BLOCK_BITS;
        // In blocks, so that growing never copies what is already there.
        private int[][] actors = new int[0][];
        private long[][] times = new long[0][];
        private int[][] activities = new int[0][];
        private int size;

        public void add(int actor, long time, int activity) {
            int block = size >>> BLOCK_BITS;
            if (block == actors.length) {
                actors = Arrays.copyOf(actors, block + 1);
                times = Arrays.copyOf(times, block + 1);
                activities = Arrays.copyOf(activities, block + 1);
                actors[block] = new int[BLOCK];
                times[block] = new long[BLOCK];
                activities[block] = new int[BLOCK];
            }
            int at = size & (BLOCK - 1);
            actors[block][at] = actor;
            times[block][at] = time;
            activities[block][at] = activity;
            size++;
        }

        int actor(int i) {
            return actors[i >>> BLOCK_BITS][i & (BLOCK - 1)];
        }

        long time(int i) {
            return times[i >>> BLOCK_BITS][i & (BLOCK - 1)];
        }

        int activity(int i) {
            return activities[i >>> BLOCK_BITS][i & (BLOCK - 1)];
        }

        public int size() {
            return size;
        }

        /** Adds every event of {@code other} after these, in its order. */
        public void addAll(Arrivals other) {
            for (int i = 0; i < other.size; i++) {
                add(other.actor(i), other.time(i), other.activity(i));
            }
        }

        /** Forgets the events and the room they took. */
        public void clear() {
            actors = new int[0][];
            times = new long[0][];
            activities = new int[0][];
            size = 0;
        }
    }

    /**
     * Collects events by customer name, time and activity, in arrival order, and builds the index:
     * each customer name is one user id. Not thread-safe.
     */
    public static final class Builder {
        private final IdentityGraph identities = new IdentityGraph();
        private final StringDictionary activities = new StringDictionary();
        private final Arrivals arrivals = new Arrivals();

        public Builder add(String customer, long time, String activity) {
            int id = identities.ids().intern(customer);
            identities.add(id, true);
            arrivals.add(id, time, activities.intern(activity));
            return this;
        }

        public JourneyIndex build() {
            return empty(identities.ids(), activities).extend(identities, arrivals);
        }
    }
}
