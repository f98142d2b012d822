package io.parcours.analytics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The paths customers take, for a Sankey diagram: position by position, which steps they are at and
 * how many go from each to each at the next position.
 *
 * <p>A path is a whole journey, or each session of it (a gap of inactivity cuts sessions). Forward
 * (the default), it starts at the first event, or at the first event of the start step when one is
 * given (paths without it are left out), and stops after the first event of the end step when one
 * is given. Towards an end step without a start step, it is read backwards from the first event of
 * the end step: position 1 is the end step, position 2 the step before it, and so on. Consecutive
 * repeats of a step can be collapsed into one.
 *
 * <p>At most {@code maxSteps} positions are shown. At each position the {@code maxNodes} most
 * frequent steps are shown and the rest grouped as {@code Other}; a path that is over is counted
 * as {@code Drop-off} (forward) or {@code Journey start} (backwards) at every later position, so
 * that at every position the counts add up to the paths that entered.
 */
public final class Paths implements JourneyAnalysis<Paths.Partial, Paths.Result> {
    /** The node of paths that ended, forward. */
    public static final String DROP_OFF = "Drop-off";
    /** The node of paths that began, backwards. */
    public static final String JOURNEY_START = "Journey start";
    /** The node of the steps beyond the most frequent ones at a position. */
    public static final String OTHER = "Other";

    private final List<String> stepNames;
    private final Options options;

    /**
     * What paths to draw.
     *
     * @param startStep the step paths start from, -1 for the first event
     * @param endStep the step paths go towards, -1 for none
     * @param sessionGapMillis the inactivity that cuts a journey into sessions, each its own path; 0 for whole journeys
     * @param collapseRepeats whether consecutive events of the same step count once
     * @param maxSteps how many positions to show
     * @param maxNodes how many steps to show at each position, the others grouped as Other
     */
    public record Options(int startStep, int endStep, long sessionGapMillis, boolean collapseRepeats, int maxSteps,
            int maxNodes) implements java.io.Serializable {
        public Options {
            if (maxSteps < 1 || maxSteps > 100) {
                throw new IllegalArgumentException("paths show 1 to 100 steps, not " + maxSteps);
            }
            if (maxNodes < 1 || maxNodes > 1000) {
                throw new IllegalArgumentException("paths show 1 to 1000 nodes per step, not " + maxNodes);
            }
            if (sessionGapMillis < 0) {
                throw new IllegalArgumentException("the session gap cannot be negative");
            }
        }

        /** Whole journeys, forward from their first event, repeats kept, 5 steps of at most 10 nodes. */
        public static Options defaults() {
            return new Options(-1, -1, 0, false, 5, 10);
        }

        public Options from(int step) {
            return new Options(step, endStep, sessionGapMillis, collapseRepeats, maxSteps, maxNodes);
        }

        public Options towards(int step) {
            return new Options(startStep, step, sessionGapMillis, collapseRepeats, maxSteps, maxNodes);
        }

        public Options perSession(long gapMillis) {
            return new Options(startStep, endStep, gapMillis, collapseRepeats, maxSteps, maxNodes);
        }

        public Options collapsingRepeats(boolean collapse) {
            return new Options(startStep, endStep, sessionGapMillis, collapse, maxSteps, maxNodes);
        }

        public Options limits(int steps, int nodes) {
            return new Options(startStep, endStep, sessionGapMillis, collapseRepeats, steps, nodes);
        }

        boolean backwards() {
            return endStep >= 0 && startStep < 0;
        }
    }

    private Paths(List<String> stepNames, Options options) {
        this.stepNames = stepNames;
        this.options = options;
    }

    /** The paths over the steps named {@code stepNames}. */
    public static Paths of(List<String> stepNames, Options options) {
        int count = stepNames.size();
        if (options.startStep() >= count || options.endStep() >= count) {
            throw new IllegalArgumentException("the start or end step is not among the " + count + " steps");
        }
        return new Paths(List.copyOf(stepNames), options);
    }

    /** The same over the steps of {@code steps}. */
    public static Paths of(JourneySteps steps, Options options) {
        return of(steps.stepNames(), options);
    }

    /** A node: a step (or Other, Drop-off, Journey start) at a position, from 1, and the paths there. */
    public record Node(int position, String name, long count) {}

    /** A link: paths going from a node at {@code position} to a node at the next position. */
    public record Link(int position, String from, String to, long count) {}

    /** The paths: how many entered, and nodes and links by position, most frequent first. */
    public record Result(long paths, boolean backwards, List<Node> nodes, List<Link> links) {}

    /** Counts by position and raw step (the end of a path being the step number {@code stepCount}). */
    public static final class Partial implements java.io.Serializable {
        private long paths;
        private final LongCounts nodes = new LongCounts();
        private final LongCounts links = new LongCounts();
        private int[] buffer = new int[64];
    }

    @Override
    public Partial start() {
        return new Partial();
    }

    @Override
    public void add(Partial partial, Journey journey) {
        int size = journey.size();
        int begin = 0;
        for (int i = 1; i <= size; i++) {
            boolean cut = i == size
                    || (options.sessionGapMillis() > 0 && journey.time(i) - journey.time(i - 1) > options.sessionGapMillis());
            if (cut) {
                addPath(partial, journey, begin, i);
                begin = i;
            }
        }
    }

    /** Adds the path of events {@code from} to {@code to} (exclusive) of the journey. */
    private void addPath(Partial partial, Journey journey, int from, int to) {
        int first = from;
        if (options.startStep() >= 0) {
            while (first < to && journey.step(first) != options.startStep()) {
                first++;
            }
            if (first == to) {
                return;
            }
        }
        int last = to;
        if (options.endStep() >= 0) {
            int end = first;
            while (end < to && journey.step(end) != options.endStep()) {
                end++;
            }
            if (end < to) {
                last = end + 1;
            } else if (options.backwards()) {
                return;
            }
        }
        int[] path = partial.buffer;
        if (path.length < last - first) {
            path = partial.buffer = new int[Math.max(last - first, path.length * 2)];
        }
        int length = 0;
        for (int i = first; i < last; i++) {
            int step = journey.step(i);
            if (!options.collapseRepeats() || length == 0 || path[length - 1] != step) {
                path[length++] = step;
            }
        }
        if (options.backwards()) {
            for (int i = 0, j = length - 1; i < j; i++, j--) {
                int swap = path[i];
                path[i] = path[j];
                path[j] = swap;
            }
        }
        partial.paths++;
        long codes = stepNames.size() + 1L;
        long end = stepNames.size();
        int shown = options.maxSteps();
        for (int position = 0; position < shown; position++) {
            long code = position < length ? path[position] : end;
            partial.nodes.add(position * codes + code, 1);
            if (position + 1 < shown) {
                long next = position + 1 < length ? path[position + 1] : end;
                partial.links.add((position * codes + code) * codes + next, 1);
            }
        }
    }

    @Override
    public Partial merge(Partial left, Partial right) {
        left.paths += right.paths;
        left.nodes.addAll(right.nodes);
        left.links.addAll(right.links);
        return left;
    }

    @Override
    public Result finish(Partial partial) {
        long codes = stepNames.size() + 1L;
        int end = stepNames.size();
        String endName = options.backwards() ? JOURNEY_START : DROP_OFF;
        int shown = options.maxSteps();
        List<List<long[]>> byPosition = new ArrayList<>();
        for (int p = 0; p < shown; p++) {
            byPosition.add(new ArrayList<>());
        }
        partial.nodes.forEach((key, count) -> {
            byPosition.get((int) (key / codes)).add(new long[] {key % codes, count});
            return 0;
        });
        // The name each raw step takes at each position: itself among the top ones, else Other.
        List<Map<Long, String>> names = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        for (int p = 0; p < shown; p++) {
            List<long[]> counts = byPosition.get(p);
            counts.sort(Comparator.<long[]>comparingLong(c -> -c[1]).thenComparing(c -> name((int) c[0], endName)));
            Map<Long, String> named = new HashMap<>();
            Map<String, Long> totals = new HashMap<>();
            int kept = 0;
            for (long[] count : counts) {
                String name;
                if (count[0] == end) {
                    name = endName;
                } else if (kept < options.maxNodes()) {
                    name = stepNames.get((int) count[0]);
                    kept++;
                } else {
                    name = OTHER;
                }
                named.put(count[0], name);
                totals.merge(name, count[1], Long::sum);
            }
            names.add(named);
            int position = p + 1;
            totals.forEach((name, count) -> nodes.add(new Node(position, name, count)));
        }
        Map<String, Long> linkTotals = new HashMap<>();
        Map<String, Link> linkKeys = new HashMap<>();
        partial.links.forEach((key, count) -> {
            long next = key % codes;
            long node = key / codes;
            int p = (int) (node / codes);
            long code = node % codes;
            Link link = new Link(p + 1, names.get(p).get(code), names.get(p + 1).get(next), 0);
            String id = link.position() + "\u0000" + link.from() + "\u0000" + link.to();
            linkKeys.putIfAbsent(id, link);
            linkTotals.merge(id, count, Long::sum);
            return 0;
        });
        List<Link> links = new ArrayList<>();
        linkKeys.forEach((id, link) -> links.add(new Link(link.position(), link.from(), link.to(), linkTotals.get(id))));
        nodes.sort(Comparator.comparingInt(Node::position).thenComparing(Comparator.comparingLong(Node::count).reversed())
                .thenComparing(Node::name));
        links.sort(Comparator.comparingInt(Link::position).thenComparing(Comparator.comparingLong(Link::count).reversed())
                .thenComparing(Link::from).thenComparing(Link::to));
        return new Result(partial.paths, options.backwards(), List.copyOf(nodes), List.copyOf(links));
    }

    private String name(int code, String endName) {
        return code == stepNames.size() ? endName : stepNames.get(code);
    }
}
