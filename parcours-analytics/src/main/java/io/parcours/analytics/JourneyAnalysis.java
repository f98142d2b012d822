package io.parcours.analytics;

/**
 * An analysis written as an accumulation over journeys: each worker starts an empty partial
 * result, adds journeys to it one by one, partial results are merged (in any grouping, so the
 * analysis runs in parallel over customers, and on Spark as an aggregation), and the merged one is
 * finished into the answer. Implementations hold only their parameters and are thread-safe; the
 * partial results are used by one thread at a time. Analyses and their partial results are
 * serializable (with JDK types only), so that Spark ships them to executors and back.
 *
 * @param <P> the partial result
 * @param <R> the answer
 */
public interface JourneyAnalysis<P, R> extends java.io.Serializable {
    /** An empty partial result. */
    P start();

    /** Adds one journey to a partial result. The journey is only valid during the call. */
    void add(P partial, Journey journey);

    /** Two partial results as one; may reuse either argument, which are not used afterwards. */
    P merge(P left, P right);

    /** The answer from the partial result of every journey. */
    R finish(P partial);
}
