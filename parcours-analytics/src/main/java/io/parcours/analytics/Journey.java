package io.parcours.analytics;

/**
 * One customer's journey as the analyses see it: events in order (by time, ties in arrival
 * order), each with a time in epoch milliseconds and a step, the number of what happened (an
 * activity, or a touchpoint of a map), from 0. Implemented over the journey index here, and over
 * grouped rows on Spark, so that an analysis runs unchanged on both.
 */
public interface Journey {
    /** The customer's number in the index (on Spark, the number of their group of rows). */
    int customer();

    /** How many events the journey has. */
    int size();

    /** The time of event {@code i}, epoch milliseconds. */
    long time(int i);

    /** The step of event {@code i}: a number from 0, below the analysis's step count. */
    int step(int i);

    /** The rank of event {@code i} in arrival order, which breaks ties in time (on Spark, its row's sequence number). */
    int ordinal(int i);

    /** The value event {@code i} carries (a conversion's revenue, for example), 0 when none. */
    double value(int i);

    /**
     * The customer's group in a breakdown that the engine works out beside the journey (on Spark,
     * from the customer's own rows; see {@link Breakdown#byJourneyGroup}), -1 for none.
     */
    default int group() {
        return -1;
    }
}
