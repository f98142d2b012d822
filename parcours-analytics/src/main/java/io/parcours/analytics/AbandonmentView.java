package io.parcours.analytics;

import java.util.List;

/**
 * The answer of the abandonment analysis as the API, the command line and the Spark runner give
 * it: {@link Abandonment.Result} with the abandoned customers named by their id.
 */
public record AbandonmentView(long withIntent, long converted, long open, long abandoned, double abandonmentRate,
        List<Abandonment.LastTouchpoint> lastTouchpoints, List<String> customers) {
    /** The result, each customer number named by {@code nameOf}. */
    public static AbandonmentView of(Abandonment.Result result, java.util.function.IntFunction<String> nameOf) {
        return new AbandonmentView(result.withIntent(), result.converted(), result.open(), result.abandoned(),
                result.abandonmentRate(), result.lastTouchpoints(),
                java.util.Arrays.stream(result.customers()).mapToObj(nameOf).toList());
    }
}
