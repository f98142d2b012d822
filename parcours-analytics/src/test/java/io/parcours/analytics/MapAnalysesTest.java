package io.parcours.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Conformance, key touchpoints and abandonment: by hand, and against slow twins on random journeys. */
class MapAnalysesTest {
    private static final long HOUR = 3_600_000L;

    @Test
    void conformanceCountsJourneysInTheDesignedOrderAndWhatIsOffTheMap() {
        // Steps: a (stage 0), b (stage 1), c (stage 2), then off-map activity x.
        JourneyIndex index = JourneyIndex.builder()
                .add("ann", 1, "a").add("ann", 2, "b").add("ann", 3, "c")
                .add("bob", 1, "a").add("bob", 2, "c")
                .add("cat", 1, "b").add("cat", 2, "a")
                .add("dan", 1, "x")
                .add("eve", 1, "b").add("eve", 2, "x").add("eve", 3, "b")
                .build();
        List<String> names = List.of("a", "b", "c", "d", "x");
        int[] stepOf = new int[index.activityCount()];
        for (int a = 0; a < stepOf.length; a++) {
            stepOf[a] = names.indexOf(index.activityName(a));
        }
        JourneySteps steps = JourneySteps.mapped(index, stepOf, names);
        Conformance.Result result = JourneyRunner.withWorkers(1).run(steps,
                Conformance.of(steps, 4, new int[] {0, 1, 2, 2}, List.of("A", "B", "C")));
        assertThat(result.journeys()).isEqualTo(5);
        assertThat(result.onMap()).isEqualTo(4);
        assertThat(result.followOrder()).isEqualTo(2); // ann, eve
        assertThat(result.wentBack()).isEqualTo(1); // cat
        assertThat(result.skipped()).extracting(Conformance.Skipped::journeys).containsExactly(0L, 1L, 0L); // bob
        assertThat(result.offMap()).containsExactly(new Conformance.Usage("x", 2, 2));
        assertThat(result.neverSeen()).containsExactly("d");
    }

    @Test
    void abandonmentFollowsTheLatestIntent() {
        JourneyIndex index = JourneyIndex.builder()
                .add("ann", 0, "cart").add("ann", HOUR, "buy")
                .add("bob", 0, "cart").add("bob", HOUR, "email")
                .add("cat", 0, "cart").add("cat", 3 * HOUR, "buy")
                .add("dan", 100 * HOUR, "cart")
                .add("eve", 0, "home")
                .build();
        List<String> names = List.of("cart", "buy", "email", "home");
        int[] stepOf = new int[index.activityCount()];
        for (int a = 0; a < stepOf.length; a++) {
            stepOf[a] = names.indexOf(index.activityName(a));
        }
        JourneySteps steps = JourneySteps.mapped(index, stepOf, names);
        BitSet cart = new BitSet();
        cart.set(0);
        BitSet buy = new BitSet();
        buy.set(1);
        Abandonment.Result result = JourneyRunner.withWorkers(1).run(steps,
                Abandonment.of(steps, cart, buy, 2 * HOUR, 101 * HOUR, 10));
        assertThat(result.withIntent()).isEqualTo(4);
        assertThat(result.converted()).isEqualTo(1);
        assertThat(result.open()).isEqualTo(1); // dan, whose window is not over
        assertThat(result.abandoned()).isEqualTo(2); // bob, and cat who bought too late
        assertThat(result.lastTouchpoints()).containsExactly(new Abandonment.LastTouchpoint("cart", 1),
                new Abandonment.LastTouchpoint("email", 1));
        assertThat(java.util.Arrays.stream(result.customers()).mapToObj(index::customer)).containsExactly("bob", "cat");
    }

    @Test
    void randomJourneysGiveWhatSlowTwinsCount() {
        Random random = new Random(5);
        for (int round = 0; round < 50; round++) {
            RandomJourneys data = new RandomJourneys(random, random.nextInt(1_500), 2 + random.nextInt(10));
            JourneyRunner runner = RandomJourneys.runner(random);
            int touchpoints = 1 + random.nextInt(data.stepCount);
            int stages = 1 + random.nextInt(4);
            int[] stageOf = new int[touchpoints];
            for (int s = 0; s < touchpoints; s++) {
                stageOf[s] = random.nextInt(stages);
            }
            List<String> stageNames = new ArrayList<>();
            for (int s = 0; s < stages; s++) {
                stageNames.add("stage " + s);
            }
            assertThat(runner.run(data.steps, Conformance.of(data.steps, touchpoints, stageOf, stageNames)))
                    .as("conformance, round %d", round)
                    .isEqualTo(slowConformance(data, touchpoints, stageOf, stageNames));

            BitSet conversion = new BitSet();
            conversion.set(random.nextInt(data.stepCount));
            assertThat(runner.run(data.steps, KeyTouchpoints.of(data.steps, conversion)))
                    .as("key touchpoints, round %d", round).isEqualTo(slowKeyTouchpoints(data, conversion));

            BitSet intent = new BitSet();
            intent.set(random.nextInt(data.stepCount));
            long window = (1 + random.nextInt(72)) * HOUR;
            long asOf = random.nextInt(1200) * HOUR;
            int limit = random.nextInt(30);
            Abandonment.Result fast = runner.run(data.steps, Abandonment.of(data.steps, intent, conversion, window, asOf,
                    limit));
            assertThat(fast).as("abandonment, round %d", round).usingRecursiveComparison()
                    .isEqualTo(slowAbandonment(data, intent, conversion, window, asOf, limit));
        }
    }

    /** Journeys left with events: the analyses are handed only those. */
    private static long nonEmpty(RandomJourneys data) {
        return data.journeys.stream().filter(journey -> !journey.events().isEmpty()).count();
    }

    private static Conformance.Result slowConformance(RandomJourneys data, int touchpoints, int[] stageOf,
            List<String> stageNames) {
        List<String> names = data.stepNames();
        long onMap = 0;
        long follow = 0;
        long back = 0;
        long[] skipped = new long[stageNames.size()];
        long[] events = new long[names.size()];
        long[] journeys = new long[names.size()];
        for (RandomJourneys.Plain journey : data.journeys) {
            Set<Integer> seen = new HashSet<>();
            List<Integer> stages = new ArrayList<>();
            for (RandomJourneys.Event event : journey.events()) {
                events[event.step()]++;
                if (seen.add(event.step())) {
                    journeys[event.step()]++;
                }
                if (event.step() < touchpoints) {
                    stages.add(stageOf[event.step()]);
                }
            }
            if (stages.isEmpty()) {
                continue;
            }
            onMap++;
            boolean wentBack = false;
            for (int i = 1; i < stages.size(); i++) {
                wentBack |= stages.get(i) < stages.get(i - 1);
            }
            int low = stages.stream().mapToInt(Integer::intValue).min().orElseThrow();
            int high = stages.stream().mapToInt(Integer::intValue).max().orElseThrow();
            boolean skippedAny = false;
            for (int s = low + 1; s < high; s++) {
                if (!stages.contains(s)) {
                    skipped[s]++;
                    skippedAny = true;
                }
            }
            back += wentBack ? 1 : 0;
            follow += !wentBack && !skippedAny ? 1 : 0;
        }
        List<Conformance.Skipped> skippedList = new ArrayList<>();
        for (int s = 0; s < stageNames.size(); s++) {
            skippedList.add(new Conformance.Skipped(stageNames.get(s), skipped[s]));
        }
        List<Conformance.Usage> used = new ArrayList<>();
        List<Conformance.Usage> off = new ArrayList<>();
        List<String> never = new ArrayList<>();
        for (int s = 0; s < names.size(); s++) {
            Conformance.Usage usage = new Conformance.Usage(names.get(s), events[s], journeys[s]);
            if (s < touchpoints && events[s] == 0) {
                never.add(names.get(s));
            } else if (s < touchpoints) {
                used.add(usage);
            } else if (events[s] > 0) {
                off.add(usage);
            }
        }
        Comparator<Conformance.Usage> order = Comparator.comparingLong(Conformance.Usage::journeys).reversed()
                .thenComparing(Comparator.comparingLong(Conformance.Usage::events).reversed())
                .thenComparing(Conformance.Usage::name);
        used.sort(order);
        off.sort(order);
        return new Conformance.Result(nonEmpty(data), onMap, follow, onMap == 0 ? 0 : (double) follow / onMap, back,
                skippedList, used, off, never);
    }

    private static KeyTouchpoints.Result slowKeyTouchpoints(RandomJourneys data, BitSet conversion) {
        List<String> names = data.stepNames();
        long converted = 0;
        long[] reach = new long[names.size()];
        long[] with = new long[names.size()];
        long[] dropped = new long[names.size()];
        for (RandomJourneys.Plain journey : data.journeys) {
            List<RandomJourneys.Event> events = journey.events();
            int first = -1;
            for (int i = 0; i < events.size() && first < 0; i++) {
                first = conversion.get(events.get(i).step()) ? i : -1;
            }
            boolean didConvert = first >= 0;
            converted += didConvert ? 1 : 0;
            Set<Integer> included = new HashSet<>();
            for (RandomJourneys.Event event : didConvert ? events.subList(0, first) : events) {
                included.add(event.step());
            }
            for (int step : included) {
                reach[step]++;
                with[step] += didConvert ? 1 : 0;
            }
            if (!didConvert && !events.isEmpty()) {
                dropped[events.get(events.size() - 1).step()]++;
            }
        }
        List<KeyTouchpoints.Touchpoint> list = new ArrayList<>();
        for (int s = 0; s < names.size(); s++) {
            if (conversion.get(s) || reach[s] == 0) {
                continue;
            }
            double rateWith = (double) with[s] / reach[s];
            long others = nonEmpty(data) - reach[s];
            double rateWithout = others == 0 ? 0 : (double) (converted - with[s]) / others;
            list.add(new KeyTouchpoints.Touchpoint(names.get(s), reach[s], rateWith, rateWithout, dropped[s],
                    (double) dropped[s] / reach[s], null, reach[s] * (rateWith - rateWithout)));
        }
        list.sort(Comparator.comparingDouble(KeyTouchpoints.Touchpoint::impact).reversed()
                .thenComparing(KeyTouchpoints.Touchpoint::name));
        return new KeyTouchpoints.Result(nonEmpty(data), converted, list);
    }

    private static Abandonment.Result slowAbandonment(RandomJourneys data, BitSet intent, BitSet conversion, long window,
            long asOf, int limit) {
        List<String> names = data.stepNames();
        long withIntent = 0;
        long converted = 0;
        long open = 0;
        List<Integer> abandoned = new ArrayList<>();
        long[] last = new long[names.size()];
        for (RandomJourneys.Plain journey : data.journeys) {
            List<RandomJourneys.Event> events = journey.events();
            int latest = -1;
            for (int i = 0; i < events.size(); i++) {
                latest = intent.get(events.get(i).step()) ? i : latest;
            }
            if (latest < 0) {
                continue;
            }
            withIntent++;
            long deadline = events.get(latest).time() + window;
            boolean didConvert = false;
            int lastWithin = latest;
            for (int i = latest + 1; i < events.size() && events.get(i).time() <= deadline && !didConvert; i++) {
                if (conversion.get(events.get(i).step())) {
                    didConvert = true;
                } else {
                    lastWithin = i;
                }
            }
            if (didConvert) {
                converted++;
            } else if (deadline > asOf) {
                open++;
            } else {
                abandoned.add(journey.number());
                last[events.get(lastWithin).step()]++;
            }
        }
        List<Abandonment.LastTouchpoint> lastList = new ArrayList<>();
        for (int s = 0; s < names.size(); s++) {
            if (last[s] > 0) {
                lastList.add(new Abandonment.LastTouchpoint(names.get(s), last[s]));
            }
        }
        lastList.sort(Comparator.comparingLong(Abandonment.LastTouchpoint::journeys).reversed()
                .thenComparing(Abandonment.LastTouchpoint::name));
        long decided = converted + abandoned.size();
        return new Abandonment.Result(withIntent, converted, open, abandoned.size(),
                decided == 0 ? 0 : (double) abandoned.size() / decided, lastList,
                abandoned.stream().sorted().limit(limit).mapToInt(Integer::intValue).toArray());
    }
}
