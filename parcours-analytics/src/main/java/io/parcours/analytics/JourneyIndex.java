package io.parcours.analytics;

import io.parcours.model.StringDictionary;
import java.util.Arrays;
import java.util.List;

/**
 * Every customer's journey in memory, columnar: for each customer (stitched across ids), their
 * events' times and activities, sorted by time with ties in arrival order (the convention of
 * process-mining tools). The analyses of Parcours run over it.
 *
 * <p>Layout: {@code start(c)..end(c)} are customer {@code c}'s events in parallel columns of times
 * (8 bytes), ordinals (4 bytes: the event's rank in arrival order, which breaks ties in time and
 * joins the event back to its row in the database) and activities (2 bytes while there are at most
 * 65,536 distinct activities, 4 beyond): 14 bytes per event, and 16 per customer (start, end, the
 * end of the room kept after the journey, name). Strings (ids, activity names) are kept once in
 * {@link StringDictionary dictionaries}, shared with the index's later versions.
 *
 * <p>Customers are numbered in the order of their first event's arrival. An index is immutable and
 * thread-safe; {@link #extend} makes the next one from it, the events that arrived since and the
 * identity links as they stand now. The next index shares the columns, so extending costs what
 * arrived plus a few bytes per customer, not the events held:
 * <ul>
 *   <li>events that come after the last of their journey are written in the room after it, which
 *       this index does not read;
 *   <li>a journey that merged with another, gained an earlier event or has no room left is written
 *       again, sorted, after every position used so far, with room for half as many events again;
 *   <li>journeys that gained nothing stay where they are.
 * </ul>
 * When the columns are full, every journey is copied into new ones, each with an eighth more room
 * (none under eight events), and an eighth of the events is left free for journeys written again:
 * the columns hold at most a quarter more than the events. An index made in one go
 * (from no events) has no room. Only the latest index of some columns may extend into them; an
 * earlier one makes new columns.
 */
public final class JourneyIndex {
    private static final int NARROW_LIMIT = 1 << 16;

    private final StringDictionary ids;
    private final StringDictionary activityNames;
    private final int activityCount;
    private final Columns columns;
    /** This index's place among those made on its columns: only the latest extends into them. */
    private final int version;
    /** The positions of the columns used by this index's journeys and their room lie below this. */
    private final int written;
    private final int eventCount;
    private final int[] starts;
    private final int[] ends;
    /** Where the room after each journey ends: later events of the journey may be written up to it. */
    private final int[] limits;
    private final int[] customerNames;
    // The columns' arrays, held here too so that reading an event is one array access.
    private final long[] times;
    private final int[] ordinals;
    private final short[] narrowActivities;
    private final int[] wideActivities;

    private JourneyIndex(StringDictionary ids, StringDictionary activityNames, Columns columns, int version,
            int written, int eventCount, int[] starts, int[] ends, int[] limits, int[] customerNames) {
        this.ids = ids;
        this.activityNames = activityNames;
        this.activityCount = activityNames.size();
        this.columns = columns;
        this.version = version;
        this.written = written;
        this.eventCount = eventCount;
        this.starts = starts;
        this.ends = ends;
        this.limits = limits;
        this.customerNames = customerNames;
        this.times = columns.times;
        this.ordinals = columns.ordinals;
        this.narrowActivities = columns.narrow;
        this.wideActivities = columns.wide;
    }

    /** An index without events over these dictionaries. */
    public static JourneyIndex empty(StringDictionary ids, StringDictionary activityNames) {
        return new JourneyIndex(ids, activityNames, new Columns(0, true), 0, 0, 0, new int[0], new int[0], new int[0],
                new int[0]);
    }

    /** A builder of small indexes from strings, each customer named by one id (for tests and tools). */
    public static Builder builder() {
        return new Builder();
    }

    public int customerCount() {
        return customerNames.length;
    }

    public int eventCount() {
        return eventCount;
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

    /**
     * Where customer {@code customer}'s first event is; their events run to {@code end(c)},
     * exclusive. Journeys do not follow one another: use both ends of each.
     */
    public int start(int customer) {
        return starts[customer];
    }

    public int end(int customer) {
        return ends[customer];
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

    /**
     * Bytes of the columns and per-customer arrays that the journeys use, per event: 14 (16 with
     * more than 65,536 activities) plus 16 per customer. {@link #heldBytes} also counts the room.
     */
    public double bytesPerEvent() {
        if (eventCount == 0) {
            return 0;
        }
        return (columns.bytesPerEvent() * (double) eventCount + 16.0 * customerNames.length) / eventCount;
    }

    /**
     * Bytes this index holds in memory, the dictionaries aside: its per-customer arrays and the
     * whole columns, with the room kept for arriving events and the places of journeys written again since.
     */
    public long heldBytes() {
        return (long) columns.bytesPerEvent() * columns.capacity() + 16L * customerNames.length;
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
        // the first of them was), then those new in the arrivals. Per new customer: its events,
        // the old journey it continues (-1 if none, or if it merged several), and whether it is
        // written again (merged, new, or gained an event earlier than its last).
        int[] customerOfRoot = new int[roots.length];
        Arrays.fill(customerOfRoot, -1);
        int room = Math.max(16, oldCustomers + Math.min(added, 1 << 20));
        int[] names = new int[room];
        int[] lengths = new int[room];
        int[] oldOf = new int[room];
        boolean[] moved = new boolean[room];
        int customers = 0;
        int[] newCustomerOfOld = new int[oldCustomers];
        for (int c = 0; c < oldCustomers; c++) {
            int root = roots[customerNames[c]];
            int customer = customerOfRoot[root];
            if (customer < 0) {
                customer = customers++;
                customerOfRoot[root] = customer;
                names[customer] = identities.name(root);
                oldOf[customer] = c;
            } else {
                moved[customer] = true;
                oldOf[customer] = -1;
            }
            newCustomerOfOld[c] = customer;
            lengths[customer] += ends[c] - starts[c];
        }
        // Each arrival's root first (spread over the cores when many), then customers numbered in arrival order.
        int[] customerOfArrival = new int[added];
        java.util.stream.IntStream arrivalRange = java.util.stream.IntStream.range(0, added);
        (added < PARALLEL_EVENTS ? arrivalRange : arrivalRange.parallel())
                .forEach(i -> customerOfArrival[i] = roots[arrivals.actor(i)]);
        long[] last = new long[customers];
        for (int i = 0; i < added; i++) {
            int root = customerOfArrival[i];
            int customer = customerOfRoot[root];
            if (customer < 0) {
                if (customers == names.length) {
                    names = Arrays.copyOf(names, customers * 2);
                    lengths = Arrays.copyOf(lengths, customers * 2);
                    oldOf = Arrays.copyOf(oldOf, customers * 2);
                    moved = Arrays.copyOf(moved, customers * 2);
                }
                customer = customers++;
                customerOfRoot[root] = customer;
                names[customer] = identities.name(root);
                oldOf[customer] = -1;
                moved[customer] = true;
            } else if (!moved[customer]) {
                // An old journey, continued in place only if its events keep coming in time order.
                long time = arrivals.time(i);
                int old = oldOf[customer];
                if (lengths[customer] == ends[old] - starts[old]) {
                    last[customer] = ends[old] > starts[old] ? times[ends[old] - 1] : Long.MIN_VALUE;
                }
                if (time < last[customer]) {
                    moved[customer] = true;
                } else {
                    last[customer] = time;
                }
            }
            customerOfArrival[i] = customer;
            lengths[customer]++;
        }
        boolean live = eventCount > 0;
        long movedEvents = 0;
        long movedRoom = 0;
        for (int c = 0; c < customers; c++) {
            int old = oldOf[c];
            if (!moved[c] && old >= 0 && starts[old] + lengths[c] > limits[old]) {
                moved[c] = true;
            }
            if (moved[c]) {
                movedEvents += lengths[c];
                movedRoom += lengths[c] + (live ? lengths[c] / 2 + 2 : 0);
            }
        }
        int total = eventCount + added;
        boolean narrow = activityNames.size() <= NARROW_LIMIT;
        // Into these columns after the positions used when there is room, else every journey into new ones.
        boolean compact = narrow != (columns.narrow != null) || !columns.claim(version, written + movedRoom);
        Columns target = columns;
        int next = written;
        if (compact) {
            long capacity = live ? total / 8 : 0;
            for (int c = 0; c < customers; c++) {
                capacity += lengths[c] + (live ? lengths[c] / 8 : 0);
            }
            if (capacity > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("a journey index holds at most about two billion events; " + total
                        + " were given: run the analyses on Spark (docs/spark.md)");
            }
            target = new Columns((int) capacity, narrow);
            next = 0;
        }
        try {
            int[] newStarts = new int[customers];
            int[] newEnds = new int[customers];
            int[] newLimits = new int[customers];
            for (int c = 0; c < customers; c++) {
                if (compact || moved[c]) {
                    newStarts[c] = next;
                    newEnds[c] = next;
                    next += lengths[c] + (!live ? 0 : compact ? lengths[c] / 8 : lengths[c] / 2 + 2);
                    newLimits[c] = next;
                }
            }
            for (int c = 0; c < oldCustomers; c++) {
                int to = newCustomerOfOld[c];
                int length = ends[c] - starts[c];
                if (compact || moved[to]) {
                    target.copy(columns, starts[c], newEnds[to], length);
                    newEnds[to] += length;
                } else {
                    newStarts[to] = starts[c];
                    newEnds[to] = ends[c];
                    newLimits[to] = limits[c];
                }
            }
            placeArrivals(arrivals, eventCount, customerOfArrival, customers, newEnds, target);
            sortMoved(customers, newStarts, newEnds, moved, target, movedEvents);
            return new JourneyIndex(ids, activityNames, target, compact ? 0 : version + 1, next, total, newStarts,
                    newEnds, newLimits, Arrays.copyOf(names, customers));
        } catch (RuntimeException | Error failed) {
            if (!compact) {
                columns.release(version);
            }
            throw failed;
        }
    }

    /**
     * Writes each arrival at the next free place of its customer's journey ({@code fill}, moved on
     * past it). Many arrivals are spread over the cores, each taking a range of them and starting,
     * per customer, after the places the ranges before take: the same places as one pass in
     * arrival order would give.
     */
    private static void placeArrivals(Arrivals arrivals, int firstOrdinal, int[] customerOfArrival, int customers,
            int[] fill, Columns target) {
        int added = arrivals.size();
        int parts = added < PARALLEL_EVENTS ? 1 : Math.min(Runtime.getRuntime().availableProcessors(), 8);
        int[][] starts = new int[parts][];
        starts[0] = parts == 1 ? fill : fill.clone();
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
                target.set(next[customerOfArrival[i]]++, arrivals.time(i), firstOrdinal + i, arrivals.activity(i));
            }
        });
        if (parts > 1) {
            // The last range ends where every journey ends.
            System.arraycopy(starts[parts - 1], 0, fill, 0, customers);
        }
    }

    /** Where range {@code p} of {@code parts} equal ranges of {@code count} items starts. */
    private static int rangeStart(int count, int p, int parts) {
        return (int) ((long) count * p / parts);
    }

    /** Below this many events, journeys are sorted on the calling thread alone. */
    private static final int PARALLEL_EVENTS = 1 << 20;

    /**
     * Sorts the journeys written again, spread over the cores in ranges of customers holding about
     * equal events when they hold {@code movedEvents} of a million or more. A live refresh touches
     * few: taking every core for them costs the requests being served meanwhile more than it saves.
     */
    private static void sortMoved(int customers, int[] starts, int[] ends, boolean[] moved, Columns columns,
            long movedEvents) {
        int parts = movedEvents < PARALLEL_EVENTS ? 1 : Math.min(Runtime.getRuntime().availableProcessors() * 2, 64);
        int[] bounds = new int[parts + 1];
        int customer = 0;
        long seen = 0;
        for (int p = 1; p < parts; p++) {
            long target = movedEvents * p / parts;
            while (customer < customers && seen < target) {
                if (moved[customer]) {
                    seen += ends[customer] - starts[customer];
                }
                customer++;
            }
            bounds[p] = customer;
        }
        bounds[parts] = customers;
        java.util.stream.IntStream range = java.util.stream.IntStream.range(0, parts);
        (parts > 1 ? range.parallel() : range).forEach(p -> {
            Sorter sorter = new Sorter(columns);
            for (int c = bounds[p]; c < bounds[p + 1]; c++) {
                if (moved[c] && ends[c] - starts[c] > 1) {
                    sorter.sortIfNeeded(starts[c], ends[c]);
                }
            }
        });
    }

    /**
     * The event columns that an index and its later versions share. Each index reads only its
     * journeys' ranges; the latest one's successor writes in the room after them and after every
     * position used, which no index made before reads.
     */
    private static final class Columns {
        final long[] times;
        final int[] ordinals;
        final short[] narrow;
        final int[] wide;
        /** The version of the latest index made on these columns. Guarded by this. */
        private int latest;

        Columns(int capacity, boolean narrowActivities) {
            times = new long[capacity];
            ordinals = new int[capacity];
            narrow = narrowActivities ? new short[capacity] : null;
            wide = narrowActivities ? null : new int[capacity];
        }

        int capacity() {
            return times.length;
        }

        int bytesPerEvent() {
            return narrow != null ? 14 : 16;
        }

        int activity(int at) {
            return narrow != null ? narrow[at] & 0xFFFF : wide[at];
        }

        void set(int at, long time, int ordinal, int activity) {
            times[at] = time;
            ordinals[at] = ordinal;
            if (narrow != null) {
                narrow[at] = (short) activity;
            } else {
                wide[at] = activity;
            }
        }

        /** Writes the first {@code count} activities of {@code activities} from {@code at} on. */
        void setActivities(int at, int[] activities, int count) {
            if (narrow != null) {
                for (int i = 0; i < count; i++) {
                    narrow[at + i] = (short) activities[i];
                }
            } else {
                System.arraycopy(activities, 0, wide, at, count);
            }
        }

        /** Copies {@code length} events from {@code source} at {@code from} to here at {@code to}. */
        void copy(Columns source, int from, int to, int length) {
            System.arraycopy(source.times, from, times, to, length);
            System.arraycopy(source.ordinals, from, ordinals, to, length);
            if (narrow != null && source.narrow != null) {
                System.arraycopy(source.narrow, from, narrow, to, length);
            } else if (wide != null && source.wide != null) {
                System.arraycopy(source.wide, from, wide, to, length);
            } else {
                for (int e = 0; e < length; e++) {
                    int activity = source.activity(from + e);
                    if (narrow != null) {
                        narrow[to + e] = (short) activity;
                    } else {
                        wide[to + e] = activity;
                    }
                }
            }
        }

        /**
         * Lets the index made {@code version}-th on these columns extend into them, up to
         * {@code end}: only if it is the latest made (so that no later index reads what it writes)
         * and {@code end} fits.
         */
        synchronized boolean claim(int version, long end) {
            if (latest != version || end > capacity()) {
                return false;
            }
            latest = version + 1;
            return true;
        }

        /** Lets the index made {@code version}-th extend again: its next one was not made. */
        synchronized void release(int version) {
            if (latest == version + 1) {
                latest = version;
            }
        }
    }

    /** Sorts one journey by (time, ordinal), a total order, reusing its buffers across journeys. */
    private static final class Sorter {
        private final Columns columns;
        private final long[] times;
        private final int[] ordinals;
        private long[] timeBuffer = new long[0];
        private int[] ordinalBuffer = new int[0];
        private int[] activityBuffer = new int[0];

        Sorter(Columns columns) {
            this.columns = columns;
            this.times = columns.times;
            this.ordinals = columns.ordinals;
        }

        void sortIfNeeded(int from, int to) {
            if (sorted(from, to)) {
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
                    if (!before(middle, middle - 1)) {
                        continue;
                    }
                    int i = left;
                    int j = middle;
                    int k = 0;
                    while (i < middle && j < right) {
                        int take = before(j, i) ? j++ : i++;
                        timeBuffer[k] = times[take];
                        ordinalBuffer[k] = ordinals[take];
                        activityBuffer[k++] = columns.activity(take);
                    }
                    while (i < middle) {
                        timeBuffer[k] = times[i];
                        ordinalBuffer[k] = ordinals[i];
                        activityBuffer[k++] = columns.activity(i++);
                    }
                    while (j < right) {
                        timeBuffer[k] = times[j];
                        ordinalBuffer[k] = ordinals[j];
                        activityBuffer[k++] = columns.activity(j++);
                    }
                    System.arraycopy(timeBuffer, 0, times, left, k);
                    System.arraycopy(ordinalBuffer, 0, ordinals, left, k);
                    columns.setActivities(left, activityBuffer, k);
                }
            }
        }

        private boolean before(int a, int b) {
            return times[a] < times[b] || (times[a] == times[b] && ordinals[a] < ordinals[b]);
        }

        private boolean sorted(int from, int to) {
            for (int i = from + 1; i < to; i++) {
                if (before(i, i - 1)) {
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
