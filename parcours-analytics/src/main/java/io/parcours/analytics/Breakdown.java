package io.parcours.analytics;

import java.util.List;

/**
 * How an analysis splits journeys into groups, for a breakdown: by something known of the customer
 * (persona, a trait, a property of their first event, worked out before the analysis) or by the
 * first step of their journey (first touchpoint, or the channel of that touchpoint). Immutable.
 */
public final class Breakdown implements java.io.Serializable {
    private final List<String> names;
    private final int[] groupOfCustomer;
    private final int[] groupOfStep;
    private final boolean byJourney;

    private Breakdown(List<String> names, int[] groupOfCustomer, int[] groupOfStep) {
        this(names, groupOfCustomer, groupOfStep, false);
    }

    private Breakdown(List<String> names, int[] groupOfCustomer, int[] groupOfStep, boolean byJourney) {
        this.names = List.copyOf(names);
        this.groupOfCustomer = groupOfCustomer;
        this.groupOfStep = groupOfStep;
        this.byJourney = byJourney;
        int[] groups = groupOfCustomer != null ? groupOfCustomer : groupOfStep;
        if (groups != null) {
            for (int group : groups) {
                if (group < -1 || group >= names.size()) {
                    throw new IllegalArgumentException("group " + group + " is not among the " + names.size() + " groups");
                }
            }
        }
    }

    /** No breakdown: one group, {@code All}. */
    public static Breakdown none() {
        return new Breakdown(List.of("All"), null, null);
    }

    /**
     * Groups by customer: {@code groupOfCustomer[c]} is the group of customer {@code c} of the
     * index (-1 for none: those customers are left out of the groups, not of the totals).
     */
    public static Breakdown byCustomer(int[] groupOfCustomer, List<String> names) {
        return new Breakdown(names, groupOfCustomer.clone(), null);
    }

    /** Groups by the first step of each journey: {@code groupOfStep[s]} is the group of journeys that start with step s. */
    public static Breakdown byFirstStep(int[] groupOfStep, List<String> names) {
        return new Breakdown(names, null, groupOfStep.clone());
    }

    /**
     * Groups by what each journey says of its customer ({@link Journey#group()}), named
     * {@code names}: for engines that work out the group from the customer's own rows, as Spark does.
     */
    public static Breakdown byJourneyGroup(List<String> names) {
        return new Breakdown(names, null, null, true);
    }

    /** Whether this is the single group of {@link #none()}. */
    public boolean isNone() {
        return groupOfCustomer == null && groupOfStep == null && !byJourney;
    }

    public List<String> names() {
        return names;
    }

    /** The group of a journey, -1 when it belongs to none. */
    public int groupOf(Journey journey) {
        if (byJourney) {
            int group = journey.group();
            return group < names.size() ? group : -1;
        }
        if (groupOfCustomer != null) {
            int customer = journey.customer();
            return customer < groupOfCustomer.length ? groupOfCustomer[customer] : -1;
        }
        if (groupOfStep != null) {
            return groupOfStep[journey.step(0)];
        }
        return 0;
    }
}
