package io.parcours.analytics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How real journeys conform to the designed map. Steps are the map's touchpoints (each in a stage)
 * and, after them, the activities that match no touchpoint. A journey with at least one touchpoint
 * event <b>follows the designed order</b> when the stages of its touchpoint events never go back to
 * an earlier stage and skip none between the first and the last stage it reaches. A stage is
 * <b>skipped</b> by a journey that reaches a stage before it and one after it, and none of its
 * touchpoints. Off-map activities are counted with their events and customers; touchpoints of the
 * map that no journey used are listed.
 */
public final class Conformance implements JourneyAnalysis<Conformance.Partial, Conformance.Result> {
    private final List<String> stepNames;
    private final int[] stageOfStep;
    private final List<String> stageNames;
    private final int touchpoints;

    private Conformance(List<String> stepNames, int[] stageOfStep, List<String> stageNames, int touchpoints) {
        this.stepNames = stepNames;
        this.stageOfStep = stageOfStep;
        this.stageNames = stageNames;
        this.touchpoints = touchpoints;
    }

    /**
     * Conformance over the steps named {@code stepNames}, whose first {@code touchpoints} steps are the map's touchpoints,
     * {@code stageOfStep[s]} being the stage of touchpoint s; the steps after them are off the map.
     */
    public static Conformance of(List<String> stepNames, int touchpoints, int[] stageOfStep, List<String> stageNames) {
        if (touchpoints > stepNames.size() || stageOfStep.length < touchpoints) {
            throw new IllegalArgumentException("a stage is needed for each of the " + touchpoints + " touchpoints");
        }
        for (int s = 0; s < touchpoints; s++) {
            if (stageOfStep[s] < 0 || stageOfStep[s] >= stageNames.size()) {
                throw new IllegalArgumentException("touchpoint " + s + " has no stage among the " + stageNames.size());
            }
        }
        return new Conformance(List.copyOf(stepNames), java.util.Arrays.copyOf(stageOfStep, touchpoints),
                List.copyOf(stageNames), touchpoints);
    }

    /** The same over the steps of {@code steps}. */
    public static Conformance of(JourneySteps steps, int touchpoints, int[] stageOfStep, List<String> stageNames) {
        return of(steps.stepNames(), touchpoints, stageOfStep, stageNames);
    }

    /** A stage and the journeys that skipped it. */
    public record Skipped(String stage, long journeys) {}

    /** A step (touchpoint or off-map activity) with its events and the journeys that have it. */
    public record Usage(String name, long events, long journeys) {}

    /**
     * Conformance: journeys seen, those with a touchpoint event, those that follow the designed
     * order and those that went back to an earlier stage; stages skipped; the touchpoints used;
     * the activities off the map, most used first; the touchpoints never seen.
     */
    public record Result(long journeys, long onMap, long followOrder, double followShare, long wentBack,
            List<Skipped> skipped, List<Usage> touchpoints, List<Usage> offMap, List<String> neverSeen) {}

    /** Counts of a share of the journeys. */
    public static final class Partial implements java.io.Serializable {
        private long journeys;
        private long onMap;
        private long follow;
        private long wentBack;
        private final long[] skipped;
        private final long[] events;
        private final long[] journeysWith;
        private final long[] seenIn;
        private final boolean[] stageSeen;

        Partial(int steps, int stages) {
            skipped = new long[stages];
            events = new long[steps];
            journeysWith = new long[steps];
            seenIn = new long[steps];
            java.util.Arrays.fill(seenIn, -1);
            stageSeen = new boolean[stages];
        }
    }

    @Override
    public Partial start() {
        return new Partial(stepNames.size(), stageNames.size());
    }

    @Override
    public void add(Partial partial, Journey journey) {
        long number = partial.journeys++;
        int lowest = Integer.MAX_VALUE;
        int highest = -1;
        int previous = -1;
        boolean back = false;
        java.util.Arrays.fill(partial.stageSeen, false);
        for (int i = 0; i < journey.size(); i++) {
            int step = journey.step(i);
            partial.events[step]++;
            if (partial.seenIn[step] != number) {
                partial.seenIn[step] = number;
                partial.journeysWith[step]++;
            }
            if (step >= touchpoints) {
                continue;
            }
            int stage = stageOfStep[step];
            partial.stageSeen[stage] = true;
            if (stage < previous) {
                back = true;
            }
            previous = stage;
            lowest = Math.min(lowest, stage);
            highest = Math.max(highest, stage);
        }
        if (highest < 0) {
            return;
        }
        partial.onMap++;
        boolean skippedAny = false;
        for (int stage = lowest + 1; stage < highest; stage++) {
            if (!partial.stageSeen[stage]) {
                partial.skipped[stage]++;
                skippedAny = true;
            }
        }
        if (back) {
            partial.wentBack++;
        } else if (!skippedAny) {
            partial.follow++;
        }
    }

    @Override
    public Partial merge(Partial left, Partial right) {
        left.journeys += right.journeys;
        left.onMap += right.onMap;
        left.follow += right.follow;
        left.wentBack += right.wentBack;
        for (int s = 0; s < left.skipped.length; s++) {
            left.skipped[s] += right.skipped[s];
        }
        for (int s = 0; s < left.events.length; s++) {
            left.events[s] += right.events[s];
            left.journeysWith[s] += right.journeysWith[s];
        }
        return left;
    }

    @Override
    public Result finish(Partial partial) {
        List<Skipped> skipped = new ArrayList<>();
        for (int s = 0; s < stageNames.size(); s++) {
            skipped.add(new Skipped(stageNames.get(s), partial.skipped[s]));
        }
        List<Usage> used = new ArrayList<>();
        List<Usage> offMap = new ArrayList<>();
        List<String> neverSeen = new ArrayList<>();
        for (int s = 0; s < stepNames.size(); s++) {
            Usage usage = new Usage(stepNames.get(s), partial.events[s], partial.journeysWith[s]);
            if (s < touchpoints) {
                if (partial.events[s] == 0) {
                    neverSeen.add(stepNames.get(s));
                } else {
                    used.add(usage);
                }
            } else if (partial.events[s] > 0) {
                offMap.add(usage);
            }
        }
        Comparator<Usage> mostUsed = Comparator.comparingLong(Usage::journeys).reversed()
                .thenComparing(Comparator.comparingLong(Usage::events).reversed()).thenComparing(Usage::name);
        used.sort(mostUsed);
        offMap.sort(mostUsed);
        return new Result(partial.journeys, partial.onMap, partial.follow,
                partial.onMap == 0 ? 0 : (double) partial.follow / partial.onMap, partial.wentBack, List.copyOf(skipped),
                List.copyOf(used), List.copyOf(offMap), List.copyOf(neverSeen));
    }
}
