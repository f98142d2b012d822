package io.parcours.analytics;

import java.util.ArrayList;
import java.util.List;

/**
 * A summary of durations (the time customers took to convert, for example): how many, the median
 * and 90th percentile, and a histogram over fixed buckets from under a minute to over 30 days.
 * Percentiles are exact, by nearest rank: the q-quantile is the smallest duration with at least a
 * share q of the durations at or below it (position ceil(q n) of the sorted durations, counting from
 * 1), as DuckDB's {@code quantile_disc}.
 *
 * @param count how many durations
 * @param medianMillis the median, 0 when there are none
 * @param p90Millis the 90th percentile, 0 when there are none
 * @param histogram the count in each bucket, in order
 */
public record Durations(long count, long medianMillis, long p90Millis, List<Bucket> histogram) {
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long[] BOUNDS = {0, MINUTE, 10 * MINUTE, HOUR, 6 * HOUR, DAY, 3 * DAY, 7 * DAY, 14 * DAY,
        30 * DAY, Long.MAX_VALUE};
    private static final String[] LABELS = {"under 1 min", "1-10 min", "10-60 min", "1-6 h", "6-24 h", "1-3 days",
        "3-7 days", "7-14 days", "14-30 days", "30 days or more"};

    /** A bucket of the histogram: durations from {@code fromMillis} (inclusive) to {@code toMillis} (exclusive). */
    public record Bucket(String label, long fromMillis, long toMillis, long count) {}

    /** The summary of these durations, sorted in increasing order. */
    static Durations of(long[] sorted) {
        int n = sorted.length;
        List<Bucket> buckets = new ArrayList<>(LABELS.length);
        int at = 0;
        for (int b = 0; b < LABELS.length; b++) {
            int from = at;
            while (at < n && sorted[at] < BOUNDS[b + 1]) {
                at++;
            }
            buckets.add(new Bucket(LABELS[b], BOUNDS[b], BOUNDS[b + 1], at - from));
        }
        return new Durations(n, quantile(sorted, 0.5), quantile(sorted, 0.9), List.copyOf(buckets));
    }

    /** The nearest-rank quantile q of sorted values: the one at position ceil(q n), from 1; 0 for none. */
    static long quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        // The small margin keeps q n from rounding up past a whole number (0.9 * 10 is 9.000000000000002).
        long rank = (long) Math.ceil(q * sorted.length - 1e-9);
        return sorted[(int) Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
