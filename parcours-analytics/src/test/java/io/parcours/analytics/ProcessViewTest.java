package io.parcours.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The process view against pm4py's figures on a real log, and against a slow twin on random journeys. */
class ProcessViewTest {
    static final Path DATASETS = Path.of("..", "..", "shared", "datasets");

    @Test
    void theRunningExampleHasTheDirectlyFollowsGraphOfPm4py() throws IOException {
        Path folder = DATASETS.resolve("pm4py-running-example");
        JourneyIndex.Builder builder = JourneyIndex.builder();
        List<String> lines = Files.readAllLines(folder.resolve("running-example.csv"));
        List<String> header = List.of(lines.get(0).split(",", -1));
        int caseColumn = header.indexOf("case:concept:name");
        int activityColumn = header.indexOf("concept:name");
        int timeColumn = header.indexOf("time:timestamp");
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",", -1);
            long time = OffsetDateTime.parse(fields[timeColumn].replace(' ', 'T')).toInstant().toEpochMilli();
            builder.add(fields[caseColumn], time, fields[activityColumn]);
        }
        JourneyIndex index = builder.build();
        ProcessView.Result view = JourneyRunner.allCores().run(JourneySteps.activities(index),
                ProcessView.of(JourneySteps.activities(index), 1));

        Dfg expected = Dfg.read(folder.resolve("running-example.dfg"));
        assertThat(view.cases()).isEqualTo(6);
        assertThat(view.events()).isEqualTo(42);
        assertThat(view.start()).isEqualTo(expected.start);
        assertThat(view.end()).isEqualTo(expected.end);
        Map<String, Long> edges = new HashMap<>();
        view.edges().forEach(edge -> edges.put(edge.from() + " > " + edge.to(), edge.count()));
        assertThat(edges).isEqualTo(expected.edges);
        assertThat(view.activities()).extracting(ProcessView.Activity::name).containsExactlyInAnyOrderElementsOf(expected.names);
        assertThat(view.activities().stream().filter(a -> a.name().equals("register request")).findFirst().orElseThrow())
                .isEqualTo(new ProcessView.Activity("register request", 6, 6));
        assertThat(view.variants().stream().mapToLong(ProcessView.Variant::cases).sum()).isEqualTo(6);
    }

    /** pm4py's .dfg export: names, start and end activities, and edges, by index. */
    private record Dfg(List<String> names, Map<String, Long> start, Map<String, Long> end, Map<String, Long> edges) {
        static Dfg read(Path file) throws IOException {
            List<String> lines = Files.readAllLines(file);
            int at = 0;
            int count = Integer.parseInt(lines.get(at++).trim());
            List<String> names = new ArrayList<>(lines.subList(at, at + count));
            at += count;
            Map<String, Long> start = new HashMap<>();
            int starts = Integer.parseInt(lines.get(at++).trim());
            for (int i = 0; i < starts; i++) {
                String[] parts = lines.get(at++).split("x");
                start.put(names.get(Integer.parseInt(parts[0])), Long.parseLong(parts[1]));
            }
            Map<String, Long> end = new HashMap<>();
            int ends = Integer.parseInt(lines.get(at++).trim());
            for (int i = 0; i < ends; i++) {
                String[] parts = lines.get(at++).split("x");
                end.put(names.get(Integer.parseInt(parts[0])), Long.parseLong(parts[1]));
            }
            Map<String, Long> edges = new HashMap<>();
            for (; at < lines.size(); at++) {
                if (lines.get(at).isBlank()) {
                    continue;
                }
                String[] parts = lines.get(at).split("[>x]");
                edges.put(names.get(Integer.parseInt(parts[0])) + " > " + names.get(Integer.parseInt(parts[1])),
                        Long.parseLong(parts[2]));
            }
            return new Dfg(names, start, end, edges);
        }
    }

    @Test
    void randomJourneysGiveWhatASlowTwinCounts() {
        Random random = new Random(2026);
        for (int round = 0; round < 30; round++) {
            int activities = 1 + random.nextInt(round % 3 == 0 ? 700 : 12);
            List<String[]> events = new ArrayList<>();
            int customers = random.nextInt(3_000);
            for (int c = 0; c < customers; c++) {
                int size = random.nextInt(10) == 0 ? 0 : random.nextInt(random.nextInt(50) == 0 ? 2_000 : 8);
                for (int e = 0; e < size; e++) {
                    // Few distinct times: many ties, which arrival order breaks.
                    events.add(new String[] {"c" + c, String.valueOf(random.nextInt(20)),
                            "a" + (int) Math.floor(Math.pow(random.nextDouble(), 3) * activities)});
                }
            }
            java.util.Collections.shuffle(events, random);
            JourneyIndex.Builder builder = JourneyIndex.builder();
            events.forEach(event -> builder.add(event[0], Long.parseLong(event[1]), event[2]));
            JourneyIndex index = builder.build();
            JourneySteps steps = JourneySteps.activities(index);
            long minFrequency = 1 + random.nextInt(3);
            // Slices of a few customers: many partial results, merged in parallel.
            ProcessView.Result fast = JourneyRunner.withWorkers(2).slicedBy(1 + random.nextInt(300)).partialPerSlice()
                    .run(steps, ProcessView.of(steps, minFrequency));
            ProcessView.Result twoWorkers = JourneyRunner.withWorkers(2).slicedBy(1 + random.nextInt(300))
                    .run(steps, ProcessView.of(steps, minFrequency));
            assertThat(twoWorkers).as("round %d, a partial per worker", round).isEqualTo(fast);
            ProcessView.Result single = JourneyRunner.withWorkers(1).run(steps, ProcessView.of(steps, minFrequency));
            ProcessView.Result slow = slowTwin(events, minFrequency);
            assertThat(fast).as("round %d", round).isEqualTo(slow);
            assertThat(single).as("round %d, one worker", round).isEqualTo(slow);
        }
    }

    /** The process view the obvious way: journeys as lists, sorted by time and then arrival. */
    private static ProcessView.Result slowTwin(List<String[]> events, long minFrequency) {
        Map<String, List<String[]>> journeys = new LinkedHashMap<>();
        events.forEach(event -> journeys.computeIfAbsent(event[0], c -> new ArrayList<>()).add(event));
        Map<String, long[]> activities = new HashMap<>();
        Map<String, Long> start = new HashMap<>();
        Map<String, Long> end = new HashMap<>();
        Map<List<String>, Long> edges = new HashMap<>();
        Map<List<String>, Long> variants = new HashMap<>();
        for (List<String[]> journey : journeys.values()) {
            journey.sort(Comparator.comparingLong(event -> Long.parseLong(event[1]))); // stable: arrival order kept
            List<String> names = journey.stream().map(event -> event[2]).toList();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < names.size(); i++) {
                long[] counts = activities.computeIfAbsent(names.get(i), a -> new long[2]);
                counts[0]++;
                if (seen.add(names.get(i))) {
                    counts[1]++;
                }
                if (i > 0) {
                    edges.merge(List.of(names.get(i - 1), names.get(i)), 1L, Long::sum);
                }
            }
            start.merge(names.get(0), 1L, Long::sum);
            end.merge(names.get(names.size() - 1), 1L, Long::sum);
            variants.merge(names, 1L, Long::sum);
        }
        List<ProcessView.Activity> activityList = new ArrayList<>();
        activities.forEach((name, counts) -> {
            if (counts[0] >= minFrequency) {
                activityList.add(new ProcessView.Activity(name, counts[0], counts[1]));
            }
        });
        activityList.sort(Comparator.comparingLong(ProcessView.Activity::events).reversed()
                .thenComparing(ProcessView.Activity::name));
        List<ProcessView.Edge> edgeList = new ArrayList<>();
        edges.forEach((pair, count) -> {
            if (count >= minFrequency) {
                edgeList.add(new ProcessView.Edge(pair.get(0), pair.get(1), count));
            }
        });
        edgeList.sort(Comparator.comparingLong(ProcessView.Edge::count).reversed().thenComparing(ProcessView.Edge::from)
                .thenComparing(ProcessView.Edge::to));
        List<ProcessView.Variant> variantList = new ArrayList<>();
        variants.forEach((names, count) -> {
            if (count >= minFrequency) {
                variantList.add(new ProcessView.Variant(names, count));
            }
        });
        variantList.sort(Comparator.comparingLong(ProcessView.Variant::cases).reversed()
                .thenComparing(variant -> String.join("\u0000", variant.steps())));
        return new ProcessView.Result(journeys.size(), events.size(), variants.size(), activityList,
                sorted(start, minFrequency), sorted(end, minFrequency), edgeList, variantList);
    }

    private static Map<String, Long> sorted(Map<String, Long> counts, long minFrequency) {
        Map<String, Long> result = new LinkedHashMap<>();
        counts.entrySet().stream().filter(entry -> entry.getValue() >= minFrequency)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(entry -> result.put(entry.getKey(), entry.getValue()));
        return result;
    }
}
