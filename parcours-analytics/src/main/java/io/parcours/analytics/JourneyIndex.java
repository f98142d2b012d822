package io.parcours.analytics;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every customer's journey in memory, columnar: for each customer (stitched across ids), their
 * events' times and activities, sorted by time with ties in arrival order (the convention of
 * process-mining tools). The analyses of Parcours run over it.
 *
 * <p>Layout, as in a compressed sparse row matrix: {@code offsets[c]..offsets[c+1]} are customer
 * {@code c}'s events in the parallel arrays {@code times} (8 bytes) and {@code activities} (4
 * bytes, an index into the activity dictionary): 12 bytes per event plus 4 per customer, with
 * strings kept once in the dictionaries. Built in two passes: a stable counting sort by customer,
 * then a stable sort by time within each customer (skipped for the usual case of events that
 * arrived in time order). Immutable and thread-safe once built.
 */
public final class JourneyIndex {
    private final String[] customers;
    private final String[] activityNames;
    private final int[] offsets;
    private final long[] times;
    private final int[] activities;

    private JourneyIndex(String[] customers, String[] activityNames, int[] offsets, long[] times, int[] activities) {
        this.customers = customers;
        this.activityNames = activityNames;
        this.offsets = offsets;
        this.times = times;
        this.activities = activities;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int customerCount() {
        return customers.length;
    }

    public int eventCount() {
        return times.length;
    }

    public String customer(int customer) {
        return customers[customer];
    }

    public String activityName(int activity) {
        return activityNames[activity];
    }

    public int activityCount() {
        return activityNames.length;
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
        return activities[event];
    }

    /** Bytes held per event by the per-event and per-customer arrays (the dictionaries aside). */
    public double bytesPerEvent() {
        if (times.length == 0) {
            return 0;
        }
        return (times.length * 8.0 + activities.length * 4.0 + offsets.length * 4.0) / times.length;
    }

    /**
     * Collects events in arrival order; {@link #build} sorts them into journeys. Interns customers
     * and activities as they come. Not thread-safe.
     */
    public static final class Builder {
        private final Map<String, Integer> customerIds = new HashMap<>();
        private final Map<String, Integer> activityIds = new HashMap<>();
        private String[] customerNames = new String[1024];
        private String[] activityNames = new String[64];
        private int[] customerOf = new int[1024];
        private long[] times = new long[1024];
        private int[] activities = new int[1024];
        private int size;

        public Builder add(String customer, long time, String activity) {
            if (size == times.length) {
                int grown = Math.max(16, size + (size >> 1));
                customerOf = Arrays.copyOf(customerOf, grown);
                times = Arrays.copyOf(times, grown);
                activities = Arrays.copyOf(activities, grown);
            }
            customerOf[size] = intern(customerIds, customer, true);
            times[size] = time;
            activities[size] = intern(activityIds, activity, false);
            size++;
            return this;
        }

        private int intern(Map<String, Integer> ids, String value, boolean customer) {
            Integer id = ids.get(value);
            if (id != null) {
                return id;
            }
            int next = ids.size();
            ids.put(value, next);
            if (customer) {
                if (next == customerNames.length) {
                    customerNames = Arrays.copyOf(customerNames, next * 2);
                }
                customerNames[next] = value;
            } else {
                if (next == activityNames.length) {
                    activityNames = Arrays.copyOf(activityNames, next * 2);
                }
                activityNames[next] = value;
            }
            return next;
        }

        public JourneyIndex build() {
            int customers = customerIds.size();
            int[] offsets = new int[customers + 1];
            for (int i = 0; i < size; i++) {
                offsets[customerOf[i] + 1]++;
            }
            for (int c = 0; c < customers; c++) {
                offsets[c + 1] += offsets[c];
            }
            int[] fill = Arrays.copyOf(offsets, customers);
            long[] sortedTimes = new long[size];
            int[] sortedActivities = new int[size];
            for (int i = 0; i < size; i++) {
                int at = fill[customerOf[i]]++;
                sortedTimes[at] = times[i];
                sortedActivities[at] = activities[i];
            }
            long[] timeBuffer = new long[0];
            int[] activityBuffer = new int[0];
            for (int c = 0; c < customers; c++) {
                int from = offsets[c];
                int to = offsets[c + 1];
                if (!sorted(sortedTimes, from, to)) {
                    if (timeBuffer.length < to - from) {
                        timeBuffer = new long[to - from];
                        activityBuffer = new int[to - from];
                    }
                    mergeSort(sortedTimes, sortedActivities, from, to, timeBuffer, activityBuffer);
                }
            }
            return new JourneyIndex(Arrays.copyOf(customerNames, customers), Arrays.copyOf(activityNames, activityIds.size()),
                    offsets, sortedTimes, sortedActivities);
        }

        private static boolean sorted(long[] times, int from, int to) {
            for (int i = from + 1; i < to; i++) {
                if (times[i] < times[i - 1]) {
                    return false;
                }
            }
            return true;
        }

        /** A stable merge sort of one customer's events by time, so equal times keep their arrival order. */
        private static void mergeSort(long[] times, int[] activities, int from, int to, long[] timeBuffer,
                int[] activityBuffer) {
            int length = to - from;
            for (int width = 1; width < length; width *= 2) {
                for (int left = from; left < to - width; left += 2 * width) {
                    int middle = left + width;
                    int right = Math.min(left + 2 * width, to);
                    if (times[middle - 1] <= times[middle]) {
                        continue;
                    }
                    int i = left;
                    int j = middle;
                    int k = 0;
                    while (i < middle && j < right) {
                        if (times[j] < times[i]) {
                            timeBuffer[k] = times[j];
                            activityBuffer[k++] = activities[j++];
                        } else {
                            timeBuffer[k] = times[i];
                            activityBuffer[k++] = activities[i++];
                        }
                    }
                    while (i < middle) {
                        timeBuffer[k] = times[i];
                        activityBuffer[k++] = activities[i++];
                    }
                    while (j < right) {
                        timeBuffer[k] = times[j];
                        activityBuffer[k++] = activities[j++];
                    }
                    System.arraycopy(timeBuffer, 0, times, left, k);
                    System.arraycopy(activityBuffer, 0, activities, left, k);
                }
            }
        }
    }

    /** The activity names of customer {@code c}'s journey, in order (for tests and small journeys). */
    public List<String> activitiesOf(int customer) {
        return Arrays.stream(activities, offsets[customer], offsets[customer + 1]).mapToObj(a -> activityNames[a]).toList();
    }
}
