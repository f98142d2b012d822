package io.parcours.spark;

import io.parcours.analytics.AnalysisRequest;
import io.parcours.analytics.JourneyRunner;
import io.parcours.server.JourneyAnalyses;
import io.parcours.server.Journeys;
import io.parcours.store.ParcoursStore;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The side-by-side benchmark of issue 7: every analysis on the same events, by the embedded engine
 * (on its journey index, 1 and 2 workers), by Spark in local[1] and local[2], and, for the process
 * view's directly-follows counts, by DuckDB SQL over the same Parquet file, in one run. Prints a
 * Markdown table; with a bot size, also the process view with one giant journey added, left out
 * or kept. Run with {@code scripts/bench-spark DATA_DIR EVENTS.parquet MAP [WORKSPACE [BOT_EVENTS]]}.
 */
public final class SparkBenchmark {
    private SparkBenchmark() {}

    /** One request of the benchmark: its label, kind and parameters. */
    record Case(String label, String kind, Map<String, String> parameters) {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        String events = args[1];
        String map = args[2];
        String workspace = args.length > 3 ? args[3] : "akwaba";
        long botEvents = args.length > 4 ? Long.parseLong(args[4]) : 0;
        // "giant-only" as a sixth argument runs only the giant journey's part.
        boolean all = args.length < 6 || !args[5].equals("giant-only");
        List<Case> cases = List.of(
                new Case("process (activities)", "process", Map.of()),
                new Case("funnel", "funnel", Map.of("map", map)),
                new Case("paths", "paths", Map.of("map", map)),
                new Case("process (touchpoints)", "process", Map.of("map", map)),
                new Case("attribution (Markov)", "attribution", Map.of("map", map)),
                new Case("conformance", "conformance", Map.of("map", map)),
                new Case("touchpoints", "touchpoints", Map.of("map", map)),
                new Case("abandonment", "abandonment", Map.of("map", map, "intent", "cart")));
        Map<String, List<String>> rows = new LinkedHashMap<>();
        cases.forEach(c -> rows.put(c.label(), new ArrayList<>()));

        // Embedded: the index is built once at start; the first analysis of a map matches every event.
        if (all) {
            try (ParcoursStore store = ParcoursStore.open(data); Journeys journeys = Journeys.follow(store)) {
                long started = System.nanoTime();
                journeys.index(workspace);
                System.err.printf(Locale.ROOT, "embedded: index of %s built in %.1f s%n", workspace, seconds(started));
                for (int workers : new int[] {1, 2}) {
                    JourneyAnalyses analyses = new JourneyAnalyses(store, journeys, JourneyRunner.withWorkers(workers));
                    started = System.nanoTime();
                    analyses.runUncached("funnel", workspace, Map.of("map", map));
                    System.err.printf(Locale.ROOT, "embedded, %d worker(s): first analysis of the map (matching every event) %.1f s%n",
                            workers, seconds(started));
                    for (Case c : cases) {
                        started = System.nanoTime();
                        analyses.runUncached(c.kind(), workspace, c.parameters());
                        rows.get(c.label()).add(String.format(Locale.ROOT, "%.2f", seconds(started)));
                        System.err.printf(Locale.ROOT, "embedded, %d worker(s): %s %.2f s%n", workers, c.label(), seconds(started));
                    }
                }
            }
        }

        // Spark, local mode: each analysis reads the Parquet files, matches, shuffles and sorts.
        for (int cores : all ? new int[] {1, 2} : new int[0]) {
            SparkSession spark = SparkSessions.local("local[" + cores + "]", 8);
            SparkAnalyses analyses = new SparkAnalyses(spark, 8);
            Dataset<Row> input = analyses.events(events);
            long started = System.nanoTime();
            analyses.run(input, AnalysisRequest.of("process", Map.of()), MapSource.fromDataFolder(data, Optional.empty(),
                    Optional.of(workspace)));
            System.err.printf(Locale.ROOT, "spark local[%d]: warm-up %.1f s%n", cores, seconds(started));
            for (Case c : cases) {
                AnalysisRequest request = AnalysisRequest.of(c.kind(), c.parameters());
                MapSource source = MapSource.fromDataFolder(data, request.mapKey(), Optional.of(workspace));
                started = System.nanoTime();
                SparkAnalyses.Outcome outcome = analyses.run(input, request, source);
                rows.get(c.label()).add(String.format(Locale.ROOT, "%.1f", seconds(started)));
                System.err.printf(Locale.ROOT, "spark local[%d]: %s %.1f s (%,d events, %,d journeys)%n", cores, c.label(),
                        seconds(started), outcome.events(), outcome.journeys());
            }
            spark.stop();
        }

        // One giant journey (a bot) added to the events: left out by default, or kept with a cap above it.
        String giant = "";
        if (botEvents > 0) {
            Path bot = Path.of(System.getProperty("java.io.tmpdir"), "parcours-bench-bot-" + botEvents + ".parquet");
            try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                    Statement statement = connection.createStatement()) {
                statement.execute(("COPY (SELECT 1000000000000 + i AS seq, 'bot-1' AS customer_id, '%s' AS workspace, "
                        + "'page' AS type, 'Web site' AS name, 1760000000000 + i * 1000 AS event_time, '{}' AS properties, "
                        + "'{\"page\":{\"path\":\"/crawl\"}}' AS context, '{}' AS traits, 'bot' AS source_key "
                        + "FROM range(%d) t(i)) TO '%s' (FORMAT parquet)").formatted(workspace, botEvents, bot));
            }
            SparkSession spark = SparkSessions.local("local[2]", 8);
            SparkAnalyses analyses = new SparkAnalyses(spark, 8);
            Dataset<Row> input = analyses.events(events, bot.toString());
            MapSource source = MapSource.fromDataFolder(data, Optional.of(map), Optional.of(workspace));
            analyses.run(analyses.events(events), AnalysisRequest.of("process", Map.of("map", map)), source); // warm-up
            StringBuilder lines = new StringBuilder();
            TaskTimes tasks = new TaskTimes();
            spark.sparkContext().addSparkListener(tasks);
            for (String cap : new String[] {"1000000", Long.toString(botEvents + 1)}) {
                tasks.clear();
                long started = System.nanoTime();
                SparkAnalyses.Outcome outcome = analyses.run(input, AnalysisRequest.of("process",
                        Map.of("map", map, "maxJourneyEvents", cap)), source);
                double elapsed = seconds(started);
                Thread.sleep(1_000); // the listener bus delivers task ends shortly after
                lines.append(String.format(Locale.ROOT, "- maxJourneyEvents=%s: %.1f s, %,d events in journeys, %d left out; "
                        + "journey tasks: longest %.1f s, median %.1f s%n", cap, elapsed, outcome.events(),
                        outcome.leftOut().size(), tasks.lastStageLongest(), tasks.lastStageMedian()));
            }
            spark.stop();
            giant = "Spark local[2], process view with a bot of " + String.format(Locale.ROOT, "%,d", botEvents)
                    + " events added:\n" + lines;
        }

        // DuckDB SQL over the same Parquet file: the directly-follows counts of the process view.
        String duckdb;
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            long started = System.nanoTime();
            try (ResultSet result = statement.executeQuery("""
                    WITH steps AS (
                      SELECT customer_id, CASE WHEN name IS NULL OR name = '' THEN type ELSE name END AS activity,
                             lag(CASE WHEN name IS NULL OR name = '' THEN type ELSE name END)
                               OVER (PARTITION BY customer_id ORDER BY event_time, seq) AS previous
                      FROM read_parquet('%s'))
                    SELECT count(*) FROM (SELECT previous, activity, count(*) FROM steps
                      WHERE previous IS NOT NULL GROUP BY ALL)""".formatted(events.replace("'", "''")))) {
                result.next();
                duckdb = String.format(Locale.ROOT, "%.1f s (%d edges)", seconds(started), result.getLong(1));
            }
        }
        if (!all) {
            System.out.print(giant);
            return;
        }
        System.out.println("| analysis | embedded, 1 worker (s) | embedded, 2 workers (s) | Spark local[1] (s) | Spark local[2] (s) |");
        System.out.println("|---|---:|---:|---:|---:|");
        rows.forEach((label, times) -> System.out.println("| " + label + " | " + String.join(" | ", times) + " |"));
        System.out.println();
        System.out.println("DuckDB SQL, directly-follows counts over the same Parquet file: " + duckdb);
        System.out.println();
        System.out.print(giant);
    }

    /** The durations of the tasks of each stage, as Spark reports them. */
    static final class TaskTimes extends org.apache.spark.scheduler.SparkListener {
        private final Map<Integer, List<Long>> byStage = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
            byStage.computeIfAbsent(end.stageId(), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(end.taskInfo().duration());
        }

        void clear() {
            byStage.clear();
        }

        /** The tasks of the last stage: the one that builds journeys and adds them up. */
        private List<Long> last() {
            List<Long> times = new ArrayList<>(byStage.get(byStage.keySet().stream().max(Integer::compare).orElseThrow()));
            times.sort(null);
            return times;
        }

        double lastStageLongest() {
            List<Long> times = last();
            return times.get(times.size() - 1) / 1e3;
        }

        double lastStageMedian() {
            List<Long> times = last();
            return times.get(times.size() / 2) / 1e3;
        }
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }
}
