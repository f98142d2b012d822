package io.parcours.analytics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The stage funnel of a map: how many customers reach each stage in order, within a conversion
 * window counted from the event where they entered the first stage; conversion and drop-off per
 * stage, the time to convert (to the last stage), and the same per group of a {@link Breakdown}.
 *
 * <p>Each step (touchpoint) belongs to a stage, or to none. <b>Relaxed</b> order: a customer
 * reaches stage k when their journey has events of stages 0, 1, ..., k in that order (other events
 * in between allowed), the last no later than the window after the first. <b>Strict</b> order:
 * the same, but between two of those events only events of the stage just reached may come (an
 * event of any other stage breaks the run). Of all the runs in a journey the deepest counts. The
 * time to convert is measured on the first run to reach the last stage, from the latest start that
 * still leads to it. Events are in time order, ties in arrival order, so two events at the same
 * instant count in the order they arrived.
 */
public final class Funnel implements JourneyAnalysis<Funnel.Partial, Funnel.Result> {
    /** The default conversion window: 30 days. */
    public static final long DEFAULT_WINDOW_MILLIS = 30L * 24 * 60 * 60 * 1000;

    private final int[] stageOfStep;
    private final List<String> stageNames;
    private final long window;
    private final boolean strict;
    private final Breakdown breakdown;
    private final int topGroups;

    private Funnel(int[] stageOfStep, List<String> stageNames, long window, boolean strict, Breakdown breakdown,
            int topGroups) {
        this.stageOfStep = stageOfStep;
        this.stageNames = stageNames;
        this.window = window;
        this.strict = strict;
        this.breakdown = breakdown;
        this.topGroups = topGroups;
    }

    /**
     * The funnel over the stages {@code stageNames}, {@code stageOfStep[s]} being the stage of each
     * step named in {@code stepNames} (-1 for a step in no stage, whose events are passed over).
     */
    public static Funnel of(List<String> stepNames, int[] stageOfStep, List<String> stageNames, long windowMillis,
            boolean strict) {
        if (stageOfStep.length != stepNames.size()) {
            throw new IllegalArgumentException("a stage is needed for each of the " + stepNames.size()
                    + " steps, not " + stageOfStep.length);
        }
        if (stageNames.isEmpty()) {
            throw new IllegalArgumentException("a funnel needs at least one stage");
        }
        for (int stage : stageOfStep) {
            if (stage < -1 || stage >= stageNames.size()) {
                throw new IllegalArgumentException("stage " + stage + " is not among the " + stageNames.size() + " stages");
            }
        }
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("the conversion window must be positive, not " + windowMillis + " ms");
        }
        return new Funnel(stageOfStep.clone(), List.copyOf(stageNames), windowMillis, strict, Breakdown.none(), 0);
    }

    /** The same over the steps of {@code steps}. */
    public static Funnel of(JourneySteps steps, int[] stageOfStep, List<String> stageNames, long windowMillis,
            boolean strict) {
        return of(steps.stepNames(), stageOfStep, stageNames, windowMillis, strict);
    }

    /** The same funnel, broken down into the {@code top} largest groups of {@code by} (by customers entered) and "Other". */
    public Funnel breakdown(Breakdown by, int top) {
        if (top < 1) {
            throw new IllegalArgumentException("a breakdown shows at least 1 group, not " + top);
        }
        return new Funnel(stageOfStep, stageNames, window, strict, by, top);
    }

    /** One stage: customers who reached it, as a share of those who entered and of those who reached the previous stage. */
    public record Stage(String name, long customers, double fromStart, double fromPrevious, long dropOff) {}

    /** The funnel of one group of customers (or of all). */
    public record Group(String name, long entered, List<Stage> stages, Durations timeToConvert) {}

    /**
     * The funnel: all customers, then the groups of the breakdown (none without one), largest first,
     * with the groups beyond the top ones together as {@code Other}.
     */
    public record Result(long windowMillis, boolean strict, Group all, List<Group> groups) {}

    /** What a share of the journeys added up to: per group, how many reached each depth, and times to convert. */
    public static final class Partial implements java.io.Serializable {
        // reachedDepth[group][d]: customers whose deepest stage is d - 1 (d = 0: never entered is not counted).
        private final long[][] deepest;
        private final LongList[] durations;

        Partial(int groups, int stages) {
            deepest = new long[groups][stages];
            durations = new LongList[groups];
            for (int g = 0; g < groups; g++) {
                durations[g] = new LongList();
            }
        }
    }

    @Override
    public Partial start() {
        // Group 0 is everyone; groups of the breakdown follow from 1.
        return new Partial(breakdown.isNone() ? 1 : 1 + breakdown.names().size(), stageNames.size());
    }

    @Override
    public void add(Partial partial, Journey journey) {
        int stages = stageNames.size();
        int deepest = -1;
        long duration = -1;
        if (strict) {
            int level = -1;
            long start = 0;
            for (int i = 0; i < journey.size(); i++) {
                int stage = stageOfStep[journey.step(i)];
                if (stage < 0) {
                    continue;
                }
                long time = journey.time(i);
                if (stage == 0 && level <= 0) {
                    level = 0;
                    start = time;
                } else if (level >= 0 && stage == level) {
                    continue;
                } else if (level >= 0 && stage == level + 1 && time - start <= window) {
                    level = stage;
                } else {
                    level = stage == 0 ? 0 : -1;
                    start = time;
                }
                if (level > deepest) {
                    deepest = level;
                    if (level == stages - 1) {
                        duration = time - start;
                        break;
                    }
                }
            }
        } else {
            // latestStart[k]: the latest start of a run that reached stage k so far (MIN_VALUE: none).
            long[] latestStart = new long[stages];
            Arrays.fill(latestStart, Long.MIN_VALUE);
            for (int i = 0; i < journey.size(); i++) {
                int stage = stageOfStep[journey.step(i)];
                if (stage < 0) {
                    continue;
                }
                long time = journey.time(i);
                if (stage == 0) {
                    latestStart[0] = time;
                } else if (latestStart[stage - 1] != Long.MIN_VALUE && time - latestStart[stage - 1] <= window) {
                    latestStart[stage] = Math.max(latestStart[stage], latestStart[stage - 1]);
                } else {
                    continue;
                }
                if (stage > deepest) {
                    deepest = stage;
                    if (stage == stages - 1) {
                        duration = time - latestStart[stage];
                        break;
                    }
                }
            }
        }
        if (deepest < 0) {
            return;
        }
        partial.deepest[0][deepest]++;
        if (duration >= 0) {
            partial.durations[0].add(duration);
        }
        if (!breakdown.isNone()) {
            int group = breakdown.groupOf(journey);
            if (group >= 0) {
                partial.deepest[1 + group][deepest]++;
                if (duration >= 0) {
                    partial.durations[1 + group].add(duration);
                }
            }
        }
    }

    @Override
    public Partial merge(Partial left, Partial right) {
        for (int g = 0; g < left.deepest.length; g++) {
            for (int d = 0; d < left.deepest[g].length; d++) {
                left.deepest[g][d] += right.deepest[g][d];
            }
            left.durations[g].addAll(right.durations[g]);
        }
        return left;
    }

    @Override
    public Result finish(Partial partial) {
        Group all = group("All", partial.deepest[0], partial.durations[0]);
        List<Group> groups = new ArrayList<>();
        if (!breakdown.isNone()) {
            List<Integer> order = new ArrayList<>();
            for (int g = 0; g < breakdown.names().size(); g++) {
                if (Arrays.stream(partial.deepest[1 + g]).sum() > 0) {
                    order.add(g);
                }
            }
            order.sort(Comparator.<Integer>comparingLong(g -> -Arrays.stream(partial.deepest[1 + g]).sum())
                    .thenComparing(g -> breakdown.names().get(g)));
            long[] otherDeepest = new long[stageNames.size()];
            LongList otherDurations = new LongList();
            for (int i = 0; i < order.size(); i++) {
                int g = order.get(i);
                if (i < topGroups) {
                    groups.add(group(breakdown.names().get(g), partial.deepest[1 + g], partial.durations[1 + g]));
                } else {
                    for (int d = 0; d < otherDeepest.length; d++) {
                        otherDeepest[d] += partial.deepest[1 + g][d];
                    }
                    otherDurations.addAll(partial.durations[1 + g]);
                }
            }
            if (order.size() > topGroups) {
                groups.add(group("Other", otherDeepest, otherDurations));
            }
        }
        return new Result(window, strict, all, List.copyOf(groups));
    }

    private Group group(String name, long[] deepest, LongList durations) {
        int stages = stageNames.size();
        long[] reached = new long[stages];
        long running = 0;
        for (int s = stages - 1; s >= 0; s--) {
            running += deepest[s];
            reached[s] = running;
        }
        List<Stage> list = new ArrayList<>(stages);
        for (int s = 0; s < stages; s++) {
            long previous = s == 0 ? reached[0] : reached[s - 1];
            long next = s + 1 < stages ? reached[s + 1] : reached[s];
            list.add(new Stage(stageNames.get(s), reached[s], share(reached[s], reached[0]), share(reached[s], previous),
                    s + 1 < stages ? reached[s] - next : 0));
        }
        return new Group(name, reached[0], List.copyOf(list), Durations.of(durations.sorted()));
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }
}
