package io.parcours.analytics;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one customer's events, in time order, into sessions: a new session starts when more than
 * the inactivity gap (30 minutes by default, as web analytics tools do) passed since the previous event.
 */
public final class Sessions {
    /** The default inactivity that ends a session. */
    public static final long DEFAULT_GAP_MILLIS = 30L * 60 * 1000;

    private Sessions() {}

    /**
     * The index of the first event of each session, for event times in non-decreasing order.
     *
     * @throws IllegalArgumentException if the times are not in order or the gap is not positive
     */
    public static int[] starts(long[] times, long gapMillis) {
        if (gapMillis <= 0) {
            throw new IllegalArgumentException("the session gap must be positive");
        }
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < times.length; i++) {
            if (i > 0 && times[i] < times[i - 1]) {
                throw new IllegalArgumentException("event times must be in order");
            }
            if (i == 0 || times[i] - times[i - 1] > gapMillis) {
                starts.add(i);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }
}
