package io.parcours.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Paths for a Sankey: by hand, and against a slow twin on random journeys. */
class PathsTest {
    private static Paths.Result paths(JourneyIndex index, Paths.Options options) {
        JourneySteps steps = JourneySteps.activities(index);
        return JourneyRunner.withWorkers(1).run(steps, Paths.of(steps, options));
    }

    private static int step(JourneyIndex index, String name) {
        for (int a = 0; a < index.activityCount(); a++) {
            if (index.activityName(a).equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException(name);
    }

    @Test
    void countsAtEveryPositionAddUpToThePathsThatEntered() {
        JourneyIndex index = JourneyIndex.builder()
                .add("ann", 1, "home").add("ann", 2, "product").add("ann", 3, "cart")
                .add("bob", 1, "home").add("bob", 2, "product")
                .add("cat", 1, "search").add("cat", 2, "home").add("cat", 3, "product").add("cat", 4, "cart")
                .build();
        Paths.Result result = paths(index, Paths.Options.defaults().from(step(index, "home")).limits(3, 10));
        assertThat(result.paths()).isEqualTo(3);
        for (int position = 1; position <= 3; position++) {
            int p = position;
            assertThat(result.nodes().stream().filter(n -> n.position() == p).mapToLong(Paths.Node::count).sum())
                    .isEqualTo(3);
        }
        assertThat(result.nodes()).contains(new Paths.Node(1, "home", 3), new Paths.Node(2, "product", 3),
                new Paths.Node(3, "cart", 2), new Paths.Node(3, Paths.DROP_OFF, 1));
        assertThat(result.links()).contains(new Paths.Link(2, "product", Paths.DROP_OFF, 1),
                new Paths.Link(2, "product", "cart", 2));
    }

    @Test
    void towardsAnEndStepPathsAreReadBackwards() {
        JourneyIndex index = JourneyIndex.builder()
                .add("ann", 1, "ad").add("ann", 2, "product").add("ann", 3, "buy")
                .add("bob", 1, "product").add("bob", 2, "product").add("bob", 3, "buy").add("bob", 4, "home")
                .add("cat", 1, "home")
                .build();
        Paths.Result result = paths(index, Paths.Options.defaults().towards(step(index, "buy")).collapsingRepeats(true)
                .limits(3, 10));
        assertThat(result.backwards()).isTrue();
        assertThat(result.paths()).isEqualTo(2);
        assertThat(result.nodes()).containsExactlyInAnyOrder(new Paths.Node(1, "buy", 2), new Paths.Node(2, "product", 2),
                new Paths.Node(3, "ad", 1), new Paths.Node(3, Paths.JOURNEY_START, 1));
    }

    @Test
    void theLeastFrequentStepsAreGroupedAsOther() {
        JourneyIndex.Builder builder = JourneyIndex.builder();
        String[] seconds = {"a", "a", "a", "b", "b", "c", "d"};
        for (int c = 0; c < seconds.length; c++) {
            builder.add("c" + c, 1, "start").add("c" + c, 2, seconds[c]);
        }
        Paths.Result result = paths(builder.build(), Paths.Options.defaults().limits(2, 2));
        assertThat(result.nodes()).containsExactlyInAnyOrder(new Paths.Node(1, "start", 7), new Paths.Node(2, "a", 3),
                new Paths.Node(2, "b", 2), new Paths.Node(2, Paths.OTHER, 2));
    }

    @Test
    void randomJourneysGiveWhatASlowTwinCounts() {
        Random random = new Random(7);
        for (int round = 0; round < 60; round++) {
            RandomJourneys data = new RandomJourneys(random, random.nextInt(1_500), 1 + random.nextInt(15));
            int start = random.nextInt(3) == 0 ? random.nextInt(data.stepCount) : -1;
            int end = random.nextInt(3) == 0 ? random.nextInt(data.stepCount) : -1;
            long gap = random.nextBoolean() ? 0 : (1 + random.nextInt(48)) * 3_600_000L;
            Paths.Options options = new Paths.Options(start, end, gap, random.nextBoolean(), 1 + random.nextInt(8),
                    1 + random.nextInt(6));
            Paths.Result fast = RandomJourneys.runner(random).run(data.steps, Paths.of(data.steps, options));
            assertThat(fast).as("round %d", round).isEqualTo(slowTwin(data, options));
        }
    }

    private static Paths.Result slowTwin(RandomJourneys data, Paths.Options options) {
        List<String> names = data.stepNames();
        boolean backwards = options.endStep() >= 0 && options.startStep() < 0;
        String filler = backwards ? Paths.JOURNEY_START : Paths.DROP_OFF;
        List<List<String>> paths = new ArrayList<>();
        for (RandomJourneys.Plain journey : data.journeys) {
            List<RandomJourneys.Event> events = journey.events();
            List<List<RandomJourneys.Event>> sessions = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                if (i == 0 || (options.sessionGapMillis() > 0
                        && events.get(i).time() - events.get(i - 1).time() > options.sessionGapMillis())) {
                    sessions.add(new ArrayList<>());
                }
                sessions.get(sessions.size() - 1).add(events.get(i));
            }
            for (List<RandomJourneys.Event> session : sessions) {
                List<Integer> steps = session.stream().map(RandomJourneys.Event::step).toList();
                int from = options.startStep() < 0 ? 0 : steps.indexOf(options.startStep());
                if (from < 0) {
                    continue;
                }
                List<Integer> rest = new ArrayList<>(steps.subList(from, steps.size()));
                if (options.endStep() >= 0) {
                    int at = rest.indexOf(options.endStep());
                    if (at >= 0) {
                        rest = new ArrayList<>(rest.subList(0, at + 1));
                    } else if (backwards) {
                        continue;
                    }
                }
                List<String> path = new ArrayList<>();
                for (int step : rest) {
                    if (!options.collapseRepeats() || path.isEmpty() || !path.get(path.size() - 1).equals(names.get(step))) {
                        path.add(names.get(step));
                    }
                }
                if (backwards) {
                    java.util.Collections.reverse(path);
                }
                while (path.size() < options.maxSteps()) {
                    path.add(filler);
                }
                paths.add(path.subList(0, options.maxSteps()));
            }
        }
        List<Map<String, String>> shownAs = new ArrayList<>();
        List<Paths.Node> nodes = new ArrayList<>();
        for (int p = 0; p < options.maxSteps(); p++) {
            Map<String, Long> counts = new HashMap<>();
            for (List<String> path : paths) {
                counts.merge(path.get(p), 1L, Long::sum);
            }
            List<String> ranked = counts.keySet().stream().filter(name -> !name.equals(filler))
                    .sorted(Comparator.<String>comparingLong(counts::get).reversed().thenComparing(name -> name)).toList();
            Map<String, String> as = new HashMap<>();
            as.put(filler, filler);
            for (int i = 0; i < ranked.size(); i++) {
                as.put(ranked.get(i), i < options.maxNodes() ? ranked.get(i) : Paths.OTHER);
            }
            shownAs.add(as);
            Map<String, Long> shown = new HashMap<>();
            counts.forEach((name, count) -> shown.merge(as.get(name), count, Long::sum));
            int position = p + 1;
            shown.forEach((name, count) -> nodes.add(new Paths.Node(position, name, count)));
        }
        Map<List<Object>, Long> links = new HashMap<>();
        for (List<String> path : paths) {
            for (int p = 0; p + 1 < options.maxSteps(); p++) {
                links.merge(List.of(p + 1, shownAs.get(p).get(path.get(p)), shownAs.get(p + 1).get(path.get(p + 1))), 1L,
                        Long::sum);
            }
        }
        List<Paths.Link> linkList = new ArrayList<>();
        links.forEach((key, count) -> linkList.add(new Paths.Link((Integer) key.get(0), (String) key.get(1),
                (String) key.get(2), count)));
        nodes.sort(Comparator.comparingInt(Paths.Node::position).thenComparing(Comparator.comparingLong(Paths.Node::count)
                .reversed()).thenComparing(Paths.Node::name));
        linkList.sort(Comparator.comparingInt(Paths.Link::position).thenComparing(Comparator.comparingLong(Paths.Link::count)
                .reversed()).thenComparing(Paths.Link::from).thenComparing(Paths.Link::to));
        return new Paths.Result(paths.size(), backwards, nodes, linkList);
    }
}
