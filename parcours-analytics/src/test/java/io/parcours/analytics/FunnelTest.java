package io.parcours.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stage funnel: by hand on small journeys, and against a slow twin on random ones. */
class FunnelTest {
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    /** A funnel over activities a, b, c as stages 0, 1, 2 (x in no stage). */
    private static Funnel.Result funnel(JourneyIndex index, long window, boolean strict) {
        List<String> stages = List.of("A", "B", "C");
        int[] stepOf = new int[index.activityCount()];
        List<String> names = new ArrayList<>();
        int[] stageOf = new int[index.activityCount()];
        for (int a = 0; a < index.activityCount(); a++) {
            stepOf[a] = a;
            names.add(index.activityName(a));
            stageOf[a] = "abc".indexOf(index.activityName(a));
        }
        JourneySteps steps = JourneySteps.mapped(index, stepOf, names);
        return JourneyRunner.withWorkers(1).run(steps, Funnel.of(steps, stageOf, stages, window, strict));
    }

    @Test
    void countsCustomersReachingEachStageInOrderWithinTheWindow() {
        JourneyIndex index = JourneyIndex.builder()
                .add("ann", 0, "a").add("ann", HOUR, "x").add("ann", 2 * HOUR, "b").add("ann", 3 * HOUR, "c")
                .add("bob", 0, "b").add("bob", HOUR, "a").add("bob", 2 * HOUR, "c")
                .add("cat", 0, "a").add("cat", 31 * DAY, "b")
                .add("dan", 0, "a").add("dan", 10 * DAY, "a").add("dan", 31 * DAY, "b").add("dan", 32 * DAY, "c")
                .add("eve", 0, "c")
                .build();
        Funnel.Result result = funnel(index, Funnel.DEFAULT_WINDOW_MILLIS, false);
        // eve never enters; bob reaches only A (his B came first); cat's B is out of the window; dan
        // converts from his second A, in 22 days.
        assertThat(result.all().entered()).isEqualTo(4);
        assertThat(result.all().stages()).extracting(Funnel.Stage::customers).containsExactly(4L, 2L, 2L);
        assertThat(result.all().stages()).extracting(Funnel.Stage::dropOff).containsExactly(2L, 0L, 0L);
        assertThat(result.all().stages().get(1).fromPrevious()).isEqualTo(0.5);
        assertThat(result.all().timeToConvert().count()).isEqualTo(2);
        assertThat(result.all().timeToConvert().medianMillis()).isEqualTo(3 * HOUR);
        assertThat(result.all().timeToConvert().p90Millis()).isEqualTo(22 * DAY);
        assertThat(result.all().timeToConvert().histogram().stream().mapToLong(Durations.Bucket::count).sum()).isEqualTo(2);
    }

    @Test
    void percentilesAreByNearestRankAsDuckDbComputesThem() {
        // DuckDB's quantile_disc over 0..n-1 gives these (measured with DuckDB 2.0).
        long[] ten = java.util.stream.LongStream.range(0, 10).toArray();
        long[] seven = java.util.stream.LongStream.range(0, 7).toArray();
        long[] many = java.util.stream.LongStream.range(0, 12_345).toArray();
        assertThat(Durations.of(ten).p90Millis()).isEqualTo(8);
        assertThat(Durations.of(ten).medianMillis()).isEqualTo(4);
        assertThat(Durations.of(seven).p90Millis()).isEqualTo(6);
        assertThat(Durations.of(seven).medianMillis()).isEqualTo(3);
        assertThat(Durations.of(many).p90Millis()).isEqualTo(11_110);
        assertThat(Durations.of(new long[0]).medianMillis()).isZero();
    }

    @Test
    void histogramBucketsIncludeTheirLowerBoundOnly() {
        long minute = 60_000L;
        long[] sorted = {0, minute - 1, minute, 10 * minute - 1, 10 * minute, HOUR, 6 * HOUR, DAY, 3 * DAY, 7 * DAY,
            14 * DAY, 30 * DAY - 1, 30 * DAY, 400 * DAY};
        List<Long> counts = Durations.of(sorted).histogram().stream().map(Durations.Bucket::count).toList();
        assertThat(counts).containsExactly(2L, 2L, 1L, 1L, 1L, 1L, 1L, 1L, 2L, 2L);
        assertThat(Durations.of(sorted).histogram().get(0).label()).isEqualTo("under 1 min");
    }

    @Test
    void strictOrderBreaksOnAnEventOfAnotherStage() {
        JourneyIndex index = JourneyIndex.builder()
                .add("ann", 0, "a").add("ann", 1, "b").add("ann", 2, "a").add("ann", 3, "c")
                .add("bob", 0, "a").add("bob", 1, "a").add("bob", 2, "b").add("bob", 3, "b").add("bob", 4, "c")
                .add("cat", 0, "a").add("cat", 1, "x").add("cat", 2, "b")
                .build();
        Funnel.Result relaxed = funnel(index, DAY, false);
        Funnel.Result strict = funnel(index, DAY, true);
        assertThat(relaxed.all().stages()).extracting(Funnel.Stage::customers).containsExactly(3L, 3L, 2L);
        // ann's run a, b is broken by the a; x is in no stage, so it does not break cat's run.
        assertThat(strict.all().stages()).extracting(Funnel.Stage::customers).containsExactly(3L, 3L, 1L);
        assertThat(strict.all().timeToConvert().medianMillis()).isEqualTo(3);
    }

    @Test
    void eventsAtTheSameInstantCountInArrivalOrder() {
        JourneyIndex index = JourneyIndex.builder()
                .add("ann", 5, "b").add("ann", 5, "a")
                .add("bob", 5, "a").add("bob", 5, "b")
                .build();
        assertThat(funnel(index, DAY, false).all().stages()).extracting(Funnel.Stage::customers).containsExactly(2L, 1L, 0L);
    }

    @Test
    void breakdownKeepsTheLargestGroupsAndPutsTheRestInOther() {
        JourneyIndex.Builder builder = JourneyIndex.builder();
        for (int c = 0; c < 10; c++) {
            builder.add("c" + c, 0, "a");
            if (c % 2 == 0) {
                builder.add("c" + c, 1, "b");
            }
        }
        JourneyIndex index = builder.build();
        int[] groupOf = new int[index.customerCount()];
        for (int c = 0; c < groupOf.length; c++) {
            int n = Integer.parseInt(index.customer(c).substring(1));
            groupOf[c] = n < 5 ? 0 : n < 8 ? 1 : n < 9 ? 2 : 3;
        }
        List<String> stages = List.of("A", "B");
        int[] stageOf = {0, 1};
        JourneySteps steps = JourneySteps.activities(index);
        Funnel.Result result = JourneyRunner.withWorkers(1).run(steps, Funnel.of(steps, stageOf, stages, DAY, false)
                .breakdown(Breakdown.byCustomer(groupOf, List.of("web", "store", "app", "phone")), 2));
        assertThat(result.groups()).extracting(Funnel.Group::name).containsExactly("web", "store", "Other");
        assertThat(result.groups()).extracting(Funnel.Group::entered).containsExactly(5L, 3L, 2L);
        assertThat(result.groups().get(0).stages().get(1).customers()).isEqualTo(3);
    }

    @Test
    void randomJourneysGiveWhatASlowTwinCounts() {
        Random random = new Random(4);
        for (int round = 0; round < 60; round++) {
            RandomJourneys data = new RandomJourneys(random, random.nextInt(1_500), 1 + random.nextInt(10));
            int stageCount = 1 + random.nextInt(5);
            int[] stageOf = new int[data.stepCount];
            for (int s = 0; s < stageOf.length; s++) {
                stageOf[s] = random.nextInt(stageCount + 1) - 1;
            }
            List<String> stages = new ArrayList<>();
            for (int s = 0; s < stageCount; s++) {
                stages.add("stage " + s);
            }
            long window = (1 + random.nextInt(20 * 24)) * HOUR;
            boolean strict = random.nextBoolean();
            int groups = 1 + random.nextInt(5);
            int[] groupOf = new int[data.index.customerCount()];
            for (int c = 0; c < groupOf.length; c++) {
                groupOf[c] = random.nextInt(groups + 1) - 1;
            }
            List<String> groupNames = new ArrayList<>();
            for (int g = 0; g < groups; g++) {
                groupNames.add("g" + g);
            }
            int top = 1 + random.nextInt(groups);
            Funnel analysis = Funnel.of(data.steps, stageOf, stages, window, strict)
                    .breakdown(Breakdown.byCustomer(groupOf, groupNames), top);
            Funnel.Result fast = RandomJourneys.runner(random).run(data.steps, analysis);
            Funnel.Result slow = slowTwin(data, stageOf, stages, window, strict, groupOf, groupNames, top);
            assertThat(fast).as("round %d", round).usingRecursiveComparison().isEqualTo(slow);
        }
    }

    /** For each start at stage 0, walks forward taking the next stage when it comes: the deepest wins. */
    private static Funnel.Result slowTwin(RandomJourneys data, int[] stageOf, List<String> stages, long window,
            boolean strict, int[] groupOf, List<String> groupNames, int top) {
        int n = stages.size();
        long[][] deepest = new long[groupNames.size() + 1][n];
        List<List<Long>> durations = new ArrayList<>();
        for (int g = 0; g <= groupNames.size(); g++) {
            durations.add(new ArrayList<>());
        }
        for (RandomJourneys.Plain journey : data.journeys) {
            List<RandomJourneys.Event> events = journey.events().stream().filter(e -> stageOf[e.step()] >= 0).toList();
            int best = -1;
            int firstCompletion = Integer.MAX_VALUE;
            long latestStartForIt = 0;
            for (int start = 0; start < events.size(); start++) {
                if (stageOf[events.get(start).step()] != 0) {
                    continue;
                }
                long t0 = events.get(start).time();
                int level = 0;
                int completion = n == 1 ? start : -1;
                for (int j = start + 1; j < events.size() && level < n - 1; j++) {
                    int stage = stageOf[events.get(j).step()];
                    boolean inWindow = events.get(j).time() - t0 <= window;
                    if (stage == level + 1 && inWindow) {
                        level++;
                        if (level == n - 1) {
                            completion = j;
                        }
                    } else if (strict && stage != level) {
                        break;
                    }
                }
                best = Math.max(best, level);
                if (completion >= 0 && (completion < firstCompletion
                        || (completion == firstCompletion && t0 > latestStartForIt))) {
                    firstCompletion = completion;
                    latestStartForIt = t0;
                }
            }
            if (best < 0) {
                continue;
            }
            int group = journey.number() < groupOf.length ? groupOf[journey.number()] : -1;
            for (int g : group >= 0 ? new int[] {0, group + 1} : new int[] {0}) {
                deepest[g][best]++;
                if (firstCompletion != Integer.MAX_VALUE) {
                    durations.get(g).add(events.get(firstCompletion).time() - latestStartForIt);
                }
            }
        }
        Funnel.Group all = group("All", deepest[0], durations.get(0), stages);
        List<Integer> order = new ArrayList<>();
        for (int g = 0; g < groupNames.size(); g++) {
            if (Arrays.stream(deepest[g + 1]).sum() > 0) {
                order.add(g);
            }
        }
        order.sort((a, b) -> {
            int bySize = Long.compare(Arrays.stream(deepest[b + 1]).sum(), Arrays.stream(deepest[a + 1]).sum());
            return bySize != 0 ? bySize : groupNames.get(a).compareTo(groupNames.get(b));
        });
        List<Funnel.Group> groups = new ArrayList<>();
        long[] other = new long[n];
        List<Long> otherDurations = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            int g = order.get(i);
            if (i < top) {
                groups.add(group(groupNames.get(g), deepest[g + 1], durations.get(g + 1), stages));
            } else {
                for (int s = 0; s < n; s++) {
                    other[s] += deepest[g + 1][s];
                }
                otherDurations.addAll(durations.get(g + 1));
            }
        }
        if (order.size() > top) {
            groups.add(group("Other", other, otherDurations, stages));
        }
        return new Funnel.Result(window, strict, all, groups);
    }

    private static Funnel.Group group(String name, long[] deepest, List<Long> durations, List<String> stages) {
        int n = stages.size();
        List<Funnel.Stage> list = new ArrayList<>();
        long entered = Arrays.stream(deepest).sum();
        for (int s = 0; s < n; s++) {
            long reached = 0;
            for (int d = s; d < n; d++) {
                reached += deepest[d];
            }
            long previous = s == 0 ? entered : list.get(s - 1).customers();
            long next = 0;
            for (int d = s + 1; d < n; d++) {
                next += deepest[d];
            }
            list.add(new Funnel.Stage(stages.get(s), reached, entered == 0 ? 0 : (double) reached / entered,
                    previous == 0 ? 0 : (double) reached / previous, s == n - 1 ? 0 : reached - next));
        }
        long[] sorted = durations.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Funnel.Group(name, entered, list, Durations.of(sorted));
    }
}
