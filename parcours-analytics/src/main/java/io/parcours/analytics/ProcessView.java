package io.parcours.analytics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process view of journeys, as process-mining tools draw it: how often each step happens (in
 * events and in distinct journeys), which steps start and end journeys, the directly-follows graph
 * (how often step b comes right after step a in a journey) and the variants (distinct sequences of
 * steps) with how many journeys follow each. Journeys are cases; their order is by time, ties in
 * arrival order, so the figures can be checked against pm4py or ProM on the same log.
 *
 * <p>A minimum frequency leaves out the activities, edges and variants seen fewer times (the
 * totals of cases and events always count everything).
 */
public final class ProcessView implements JourneyAnalysis<ProcessView.Partial, ProcessView.Result> {
    /** Steps up to this count use a dense matrix of edges; beyond, a hash table. */
    private static final int DENSE_LIMIT = 512;

    private final List<String> stepNames;
    private final long minFrequency;
    private final int maxVariants;

    private ProcessView(List<String> stepNames, long minFrequency, int maxVariants) {
        this.stepNames = List.copyOf(stepNames);
        this.minFrequency = minFrequency;
        this.maxVariants = maxVariants;
    }

    /** The process view of the steps named {@code stepNames}, keeping what is seen at least {@code minFrequency} times. */
    public static ProcessView of(List<String> stepNames, long minFrequency) {
        if (minFrequency < 1) {
            throw new IllegalArgumentException("the minimum frequency must be at least 1, not " + minFrequency);
        }
        return new ProcessView(List.copyOf(stepNames), minFrequency, Integer.MAX_VALUE);
    }

    /** The same over the steps of {@code steps}. */
    public static ProcessView of(JourneySteps steps, long minFrequency) {
        return of(steps.stepNames(), minFrequency);
    }

    /** The same view listing only the {@code count} most frequent variants ({@code variantCount} still counts all). */
    public ProcessView topVariants(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("the number of variants listed cannot be negative");
        }
        return new ProcessView(stepNames, minFrequency, count);
    }

    /** An activity: its events and the journeys (cases) that have it. */
    public record Activity(String name, long events, long cases) {}

    /** A directly-follows edge: how often {@code to} comes right after {@code from}. */
    public record Edge(String from, String to, long count) {}

    /** A variant: one sequence of steps, and how many journeys follow it exactly. */
    public record Variant(List<String> steps, long cases) {}

    /**
     * The process view. Activities, edges and variants are sorted by count, most frequent first,
     * then by name; start and end map step names to counts in the same order.
     */
    public record Result(long cases, long events, long variantCount, List<Activity> activities, Map<String, Long> start,
            Map<String, Long> end, List<Edge> edges, List<Variant> variants) {}

    /** What a share of the journeys added up to. */
    public static final class Partial implements java.io.Serializable {
        private long cases;
        private long events;
        private final long[] activityEvents;
        private final long[] activityCases;
        private final long[] starts;
        private final long[] ends;
        private final long[] denseEdges;
        private final LongCounts sparseEdges;
        private final SequenceTable variants = new SequenceTable();
        private long[] variantCounts = new long[256];
        private int[] sequence = new int[64];
        private final long[] seenIn;

        void countVariant(int variant, long count) {
            if (variant == variantCounts.length) {
                variantCounts = Arrays.copyOf(variantCounts, variant * 2);
            }
            variantCounts[variant] += count;
        }

        Partial(int steps) {
            activityEvents = new long[steps];
            activityCases = new long[steps];
            starts = new long[steps];
            ends = new long[steps];
            seenIn = new long[steps];
            Arrays.fill(seenIn, -1);
            if (steps <= DENSE_LIMIT) {
                denseEdges = new long[steps * steps];
                sparseEdges = null;
            } else {
                denseEdges = null;
                sparseEdges = new LongCounts();
            }
        }
    }

    @Override
    public Partial start() {
        return new Partial(stepNames.size());
    }

    @Override
    public void add(Partial partial, Journey journey) {
        int size = journey.size();
        if (size == 0) {
            return;
        }
        long caseNumber = partial.cases++;
        partial.events += size;
        int n = stepNames.size();
        if (partial.sequence.length < size) {
            partial.sequence = new int[Math.max(size, partial.sequence.length * 2)];
        }
        int[] sequence = partial.sequence;
        int previous = -1;
        for (int i = 0; i < size; i++) {
            int step = journey.step(i);
            sequence[i] = step;
            partial.activityEvents[step]++;
            if (partial.seenIn[step] != caseNumber) {
                partial.seenIn[step] = caseNumber;
                partial.activityCases[step]++;
            }
            if (previous >= 0) {
                if (partial.denseEdges != null) {
                    partial.denseEdges[previous * n + step]++;
                } else {
                    partial.sparseEdges.add((long) previous * n + step, 1);
                }
            }
            previous = step;
        }
        partial.starts[journey.step(0)]++;
        partial.ends[previous]++;
        partial.countVariant(partial.variants.entry(sequence, 0, size), 1);
    }

    @Override
    public Partial merge(Partial left, Partial right) {
        left.cases += right.cases;
        left.events += right.events;
        for (int s = 0; s < left.activityEvents.length; s++) {
            left.activityEvents[s] += right.activityEvents[s];
            left.activityCases[s] += right.activityCases[s];
            left.starts[s] += right.starts[s];
            left.ends[s] += right.ends[s];
        }
        if (left.denseEdges != null) {
            for (int i = 0; i < left.denseEdges.length; i++) {
                left.denseEdges[i] += right.denseEdges[i];
            }
        } else {
            left.sparseEdges.addAll(right.sparseEdges);
        }
        for (int v = 0; v < right.variants.size(); v++) {
            left.countVariant(left.variants.entryOf(right.variants, v), right.variantCounts[v]);
        }
        // Cases are numbered per partial: the marks of the left one stay valid, since its count only grows.
        return left;
    }

    @Override
    public Result finish(Partial partial) {
        int n = stepNames.size();
        List<Activity> activities = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            if (partial.activityEvents[s] >= minFrequency) {
                activities.add(new Activity(stepNames.get(s), partial.activityEvents[s], partial.activityCases[s]));
            }
        }
        activities.sort(Comparator.comparingLong(Activity::events).reversed().thenComparing(Activity::name));
        List<Edge> edges = new ArrayList<>();
        if (partial.denseEdges != null) {
            for (int i = 0; i < partial.denseEdges.length; i++) {
                if (partial.denseEdges[i] > 0 && partial.denseEdges[i] >= minFrequency) {
                    edges.add(new Edge(stepNames.get(i / n), stepNames.get(i % n), partial.denseEdges[i]));
                }
            }
        } else {
            partial.sparseEdges.forEach((key, count) -> {
                if (count >= minFrequency) {
                    edges.add(new Edge(stepNames.get((int) (key / n)), stepNames.get((int) (key % n)), count));
                }
                return 0;
            });
        }
        edges.sort(Comparator.comparingLong(Edge::count).reversed().thenComparing(Edge::from).thenComparing(Edge::to));
        // Most frequent first, then by the step names in order (a shorter sequence before its
        // extensions); only the listed ones are fully ordered, kept in a bounded heap.
        int[] rank = nameRanks();
        Comparator<VariantCount> order = (a, b) -> {
            int byCount = Long.compare(b.count(), a.count());
            return byCount != 0 ? byCount : compareRanks(rank, a.steps(), b.steps());
        };
        java.util.PriorityQueue<VariantCount> top = new java.util.PriorityQueue<>(order.reversed());
        for (int v = 0; v < partial.variants.size(); v++) {
            long count = partial.variantCounts[v];
            if (count >= minFrequency && maxVariants > 0) {
                VariantCount candidate = new VariantCount(partial.variants.sequence(v), count);
                if (top.size() < maxVariants) {
                    top.add(candidate);
                } else if (order.compare(candidate, top.peek()) < 0) {
                    top.poll();
                    top.add(candidate);
                }
            }
        }
        List<VariantCount> listed = new ArrayList<>(top);
        listed.sort(order);
        List<Variant> variants = new ArrayList<>();
        for (VariantCount variant : listed) {
            List<String> names = new ArrayList<>(variant.steps().length);
            for (int step : variant.steps()) {
                names.add(stepNames.get(step));
            }
            variants.add(new Variant(List.copyOf(names), variant.count()));
        }
        return new Result(partial.cases, partial.events, partial.variants.size(), List.copyOf(activities),
                counts(partial.starts), counts(partial.ends), List.copyOf(edges), List.copyOf(variants));
    }

    private record VariantCount(int[] steps, long count) {}

    /** Each step's rank in the order of the step names. */
    private int[] nameRanks() {
        Integer[] byName = new Integer[stepNames.size()];
        for (int s = 0; s < byName.length; s++) {
            byName[s] = s;
        }
        Arrays.sort(byName, Comparator.comparing(stepNames::get));
        int[] rank = new int[byName.length];
        for (int r = 0; r < byName.length; r++) {
            rank[byName[r]] = r;
        }
        return rank;
    }

    private static int compareRanks(int[] rank, int[] a, int[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int byName = Integer.compare(rank[a[i]], rank[b[i]]);
            if (byName != 0) {
                return byName;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    private Map<String, Long> counts(long[] perStep) {
        List<Integer> steps = new ArrayList<>();
        for (int s = 0; s < perStep.length; s++) {
            if (perStep[s] > 0 && perStep[s] >= minFrequency) {
                steps.add(s);
            }
        }
        steps.sort(Comparator.<Integer>comparingLong(s -> perStep[s]).reversed().thenComparing(stepNames::get));
        Map<String, Long> counts = new LinkedHashMap<>();
        steps.forEach(s -> counts.put(stepNames.get(s), perStep[s]));
        return counts;
    }
}
