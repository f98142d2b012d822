package io.parcours.bench;

import io.parcours.analytics.Attribution;
import io.parcours.analytics.Funnel;
import io.parcours.analytics.JourneyAttribution;
import io.parcours.analytics.JourneyIndex;
import io.parcours.analytics.JourneyRunner;
import io.parcours.analytics.JourneySteps;
import io.parcours.analytics.MarkovChain;
import io.parcours.analytics.Paths;
import io.parcours.analytics.ProcessView;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The analyses side by side with DuckDB SQL on the same data, in the same run: the journeys of a
 * map (each event's customer, time, arrival rank and touchpoint) are written to a plain DuckDB table,
 * then each analysis runs with Parcours (on one core and on all) and as the best SQL we could write
 * for DuckDB (window functions, list aggregates), the answers are compared, and the median times
 * reported.
 *
 * <p>For Markov attribution, SQL builds the transition counts of the chain (the part that grows
 * with the data); the small matrix solve that follows is the same Java code for both, timed in
 * both.
 */
public final class AnalyticsBenchmark {
    private AnalyticsBenchmark() {}

    /**
     * What the map says: the stage of each touchpoint (step), the channel of each, the conversion
     * touchpoint, and the names of steps, stages and channels.
     */
    public record MapShape(List<String> stepNames, int[] stageOfStep, List<String> stageNames, int[] channelOfStep,
            List<String> channelNames, int conversionStep) {}

    /** One line of the table: an analysis, its times in milliseconds, and whether both gave the same answer. */
    public record Row(String analysis, double parcoursOneCoreMillis, double parcoursMillis, double duckdbMillis,
            boolean sameAnswer, String note) {
        public double ratio() {
            return duckdbMillis / parcoursMillis;
        }
    }

    private static final long WINDOW = Funnel.DEFAULT_WINDOW_MILLIS;
    private static final long LOOKBACK = JourneyAttribution.DEFAULT_LOOKBACK_MILLIS;
    private static final int PATH_STEPS = 5;
    private static final int PATH_NODES = 10;

    /** The workspace the benchmark simulates: one persona, one map ({@code shop}) whose every touchpoint has rules. */
    public static io.parcours.model.Workspace workspace() {
        try (var in = AnalyticsBenchmark.class.getResourceAsStream("bench-shop.yaml")) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return io.parcours.io.mapfile.MapFiles.read("bench-shop.yaml", text).toWorkspace();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Loads the journeys of {@code steps} into a DuckDB table in {@code database}; returns the rows written. */
    public static long load(JourneySteps steps, Path database) throws SQLException {
        JourneyIndex index = steps.index();
        long rows = 0;
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database);
                Statement sql = connection.createStatement()) {
            sql.execute("DROP TABLE IF EXISTS ev");
            sql.execute("CREATE TABLE ev (customer INTEGER, ts BIGINT, seq INTEGER, step INTEGER, value DOUBLE)");
            try (var appender = ((org.duckdb.DuckDBConnection) connection).createAppender(
                    org.duckdb.DuckDBConnection.DEFAULT_SCHEMA, "ev")) {
                JourneyRunner.withWorkers(1).run(steps, new io.parcours.analytics.JourneyAnalysis<long[], Long>() {
                    @Override
                    public long[] start() {
                        return new long[1];
                    }

                    @Override
                    public void add(long[] count, io.parcours.analytics.Journey journey) {
                        try {
                            for (int i = 0; i < journey.size(); i++) {
                                appender.beginRow();
                                appender.append(journey.customer());
                                appender.append(journey.time(i));
                                appender.append(journey.ordinal(i));
                                appender.append(journey.step(i));
                                appender.append(journey.value(i));
                                appender.endRow();
                                count[0]++;
                            }
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }

                    @Override
                    public long[] merge(long[] left, long[] right) {
                        left[0] += right[0];
                        return left;
                    }

                    @Override
                    public Long finish(long[] count) {
                        return count[0];
                    }
                });
            }
            try (ResultSet result = sql.executeQuery("SELECT count(*) FROM ev")) {
                result.next();
                rows = result.getLong(1);
            }
        }
        return rows;
    }

    /** Runs every analysis both ways, {@code repeats} times each after a warm-up, and returns the table. */
    public static List<Row> run(JourneySteps steps, MapShape shape, Path database, int repeats) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database);
                Statement sql = connection.createStatement()) {
            sql.execute("DROP TABLE IF EXISTS steps");
            sql.execute("CREATE TABLE steps (step INTEGER, name VARCHAR, stage INTEGER, channel INTEGER, conversion BOOLEAN)");
            try (var insert = connection.prepareStatement("INSERT INTO steps VALUES (?, ?, ?, ?, ?)")) {
                for (int s = 0; s < shape.stepNames().size(); s++) {
                    insert.setInt(1, s);
                    insert.setString(2, shape.stepNames().get(s));
                    insert.setInt(3, shape.stageOfStep()[s]);
                    insert.setInt(4, shape.channelOfStep()[s]);
                    insert.setBoolean(5, s == shape.conversionStep());
                    insert.executeUpdate();
                }
            }
            rows.add(process(steps, sql, repeats));
            rows.add(funnel(steps, shape, sql, repeats));
            rows.add(paths(steps, shape, sql, repeats));
            rows.add(markov(steps, shape, sql, repeats));
        }
        return rows;
    }

    // ---- the analyses -------------------------------------------------------------------------------

    private static Row process(JourneySteps steps, Statement sql, int repeats) throws SQLException {
        ProcessView view = ProcessView.of(steps, 1).topVariants(100);
        Timed<ProcessView.Result> one = time(() -> JourneyRunner.withWorkers(1).run(steps, view), repeats);
        Timed<ProcessView.Result> all = time(() -> JourneyRunner.allCores().run(steps, view), repeats);
        String query = """
                WITH o AS (
                  SELECT customer, step, lead(step) OVER w AS next, row_number() OVER w AS rn,
                         count(*) OVER (PARTITION BY customer) AS n
                  FROM ev WINDOW w AS (PARTITION BY customer ORDER BY ts, seq))
                SELECT 'edge', step, next, count(*) FROM o WHERE next IS NOT NULL GROUP BY ALL
                UNION ALL SELECT 'events', step, NULL, count(*) FROM o GROUP BY ALL
                UNION ALL SELECT 'cases', step, NULL, count(DISTINCT customer) FROM o GROUP BY ALL
                UNION ALL SELECT 'start', step, NULL, count(*) FROM o WHERE rn = 1 GROUP BY ALL
                UNION ALL SELECT 'end', step, NULL, count(*) FROM o WHERE rn = n GROUP BY ALL
                UNION ALL SELECT 'variants', NULL, NULL, count(DISTINCT path)
                  FROM (SELECT list(step ORDER BY ts, seq) AS path FROM ev GROUP BY customer)""";
        Timed<Map<String, Long>> duck = time(() -> rows(sql, query), repeats);
        Map<String, Long> expected = new TreeMap<>();
        ProcessView.Result result = all.result();
        List<String> names = steps.stepNames();
        result.edges().forEach(e -> expected.put("edge " + names.indexOf(e.from()) + " " + names.indexOf(e.to()), e.count()));
        result.activities().forEach(a -> {
            expected.put("events " + names.indexOf(a.name()) + " null", a.events());
            expected.put("cases " + names.indexOf(a.name()) + " null", a.cases());
        });
        result.start().forEach((name, count) -> expected.put("start " + names.indexOf(name) + " null", count));
        result.end().forEach((name, count) -> expected.put("end " + names.indexOf(name) + " null", count));
        expected.put("variants null null", result.variantCount());
        boolean same = expected.equals(duck.result()) && one.result().equals(result);
        return new Row("process view", one.millis(), all.millis(), duck.millis(), same,
                result.edges().size() + " edges, " + result.variantCount() + " variants");
    }

    private static Row funnel(JourneySteps steps, MapShape shape, Statement sql, int repeats) throws SQLException {
        int stages = shape.stageNames().size();
        Funnel funnel = Funnel.of(steps, shape.stageOfStep(), shape.stageNames(), WINDOW, false);
        Timed<Funnel.Result> one = time(() -> JourneyRunner.withWorkers(1).run(steps, funnel), repeats);
        Timed<Funnel.Result> all = time(() -> JourneyRunner.allCores().run(steps, funnel), repeats);
        // Every start at stage 0, then greedily the earliest next stage in the window: the deepest run
        // per customer, and for the first completion, the latest start leading to it.
        StringBuilder query = new StringBuilder("WITH e AS (SELECT customer, ts, row_number() OVER "
                + "(PARTITION BY customer ORDER BY ts, seq) AS pos, s.stage FROM ev JOIN steps s USING (step) WHERE s.stage >= 0),\n"
                + "r0 AS (SELECT customer, ts AS t0, pos AS p, ts AS t FROM e WHERE stage = 0)");
        for (int k = 1; k < stages; k++) {
            query.append(",\nr").append(k).append(" AS (SELECT r.customer, r.t0, min(e.pos) AS p, arg_min(e.ts, e.pos) AS t "
                    + "FROM r").append(k - 1).append(" r JOIN e ON e.customer = r.customer AND e.stage = ").append(k)
                    .append(" AND e.pos > r.p AND e.ts - r.t0 <= ").append(WINDOW).append(" GROUP BY ALL)");
        }
        query.append(",\ndepth AS (SELECT customer, max(level) AS level FROM (");
        for (int k = 0; k < stages; k++) {
            query.append(k == 0 ? "" : " UNION ALL ").append("SELECT customer, ").append(k).append(" AS level FROM r").append(k);
        }
        query.append(") GROUP BY customer),\n");
        query.append("done AS (SELECT customer, arg_max(t - t0, struct_pack(p := -p, t0 := t0)) AS took FROM r")
                .append(stages - 1).append(" GROUP BY customer)\n");
        query.append("SELECT 'reached', level, NULL, count(*) FROM depth GROUP BY level\n"
                + "UNION ALL SELECT 'median', NULL, NULL, quantile_disc(took, 0.5) FROM done\n"
                + "UNION ALL SELECT 'p90', NULL, NULL, quantile_disc(took, 0.9) FROM done\n"
                + "UNION ALL SELECT 'converted', NULL, NULL, count(*) FROM done");
        Timed<Map<String, Long>> duck = time(() -> rows(sql, query.toString()), repeats);
        Funnel.Group group = all.result().all();
        Map<String, Long> expected = new TreeMap<>();
        for (int s = 0; s < stages; s++) {
            long deepest = group.stages().get(s).customers() - (s + 1 < stages ? group.stages().get(s + 1).customers() : 0);
            if (deepest > 0) {
                expected.put("reached " + s + " null", deepest);
            }
        }
        expected.put("median null null", group.timeToConvert().medianMillis());
        expected.put("p90 null null", group.timeToConvert().p90Millis());
        expected.put("converted null null", group.timeToConvert().count());
        Map<String, Long> got = new TreeMap<>(duck.result());
        got.replaceAll((key, value) -> value == null ? 0 : value);
        boolean same = expected.equals(got) && one.result().equals(all.result());
        return new Row("funnel (" + stages + " stages, 30 days)", one.millis(), all.millis(), duck.millis(), same,
                group.entered() + " entered, " + group.timeToConvert().count() + " converted"
                        + (same ? "" : "; Parcours " + expected + ", SQL " + got));
    }

    private static Row paths(JourneySteps steps, MapShape shape, Statement sql, int repeats) throws SQLException {
        Paths paths = Paths.of(steps, Paths.Options.defaults().limits(PATH_STEPS, PATH_NODES));
        Timed<Paths.Result> one = time(() -> JourneyRunner.withWorkers(1).run(steps, paths), repeats);
        Timed<Paths.Result> all = time(() -> JourneyRunner.allCores().run(steps, paths), repeats);
        String query = """
                WITH p AS (SELECT list(step ORDER BY ts, seq)[1:%1$d] AS path FROM ev GROUP BY customer),
                cells AS (SELECT position, coalesce(path[position], -1) AS step FROM p, range(1, %1$d + 1) t(position)),
                counts AS (SELECT position, step, count(*) AS c FROM cells GROUP BY ALL),
                named AS (SELECT c.*, coalesce(s.name, 'Drop-off') AS name,
                          row_number() OVER (PARTITION BY position, c.step = -1 ORDER BY c DESC, s.name) AS rank
                          FROM counts c LEFT JOIN steps s USING (step))
                SELECT 'node', position, CASE WHEN step = -1 THEN name WHEN rank <= %2$d THEN name ELSE 'Other' END, sum(c)
                FROM named GROUP BY ALL""".formatted(PATH_STEPS, PATH_NODES);
        Timed<Map<String, Long>> duck = time(() -> rows(sql, query), repeats);
        Map<String, Long> expected = new TreeMap<>();
        all.result().nodes().forEach(node -> expected.put("node " + node.position() + " " + node.name(), node.count()));
        boolean same = expected.equals(duck.result()) && one.result().equals(all.result());
        return new Row("paths (" + PATH_STEPS + " steps, " + PATH_NODES + " nodes)", one.millis(), all.millis(),
                duck.millis(), same, all.result().paths() + " paths");
    }

    private static Row markov(JourneySteps steps, MapShape shape, Statement sql, int repeats) throws SQLException {
        BitSet conversion = new BitSet();
        conversion.set(shape.conversionStep());
        JourneyAttribution attribution = JourneyAttribution.of(steps, shape.channelOfStep(), shape.channelNames(),
                conversion, LOOKBACK, JourneyAttribution.DEFAULT_HALF_LIFE_MILLIS).markovOnly();
        Timed<Attribution.Result> one = time(() -> JourneyRunner.withWorkers(1).run(steps, attribution)
                .attribute(Attribution.Model.MARKOV), repeats);
        Timed<Attribution.Result> all = time(() -> JourneyRunner.allCores().run(steps, attribution)
                .attribute(Attribution.Model.MARKOV), repeats);
        // Paths cut at each conversion (touches within the lookback), the rest of a journey a path to
        // null; consecutive repeats collapsed; the chain's transitions counted.
        String query = """
                WITH e AS (
                  SELECT customer, ts, seq, s.channel, s.conversion, value,
                         coalesce(sum(s.conversion::INTEGER) OVER (PARTITION BY customer ORDER BY ts, seq
                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS segment
                  FROM ev JOIN steps s USING (step)),
                ends AS (SELECT customer, segment, max(ts) FILTER (WHERE conversion) AS converted_at,
                         sum(value) FILTER (WHERE conversion) AS value
                         FROM e GROUP BY ALL),
                touches AS (
                  SELECT e.customer, e.segment, e.ts, e.seq, e.channel, n.converted_at IS NOT NULL AS converts, n.value
                  FROM e JOIN ends n USING (customer, segment)
                  WHERE NOT e.conversion AND e.channel >= 0
                    AND (n.converted_at IS NULL OR n.converted_at - e.ts <= %d)),
                collapsed AS (
                  SELECT *, lag(channel) OVER w AS previous FROM touches
                  WINDOW w AS (PARTITION BY customer, segment ORDER BY ts, seq)),
                kept AS (
                  SELECT *, lead(channel) OVER w AS next, row_number() OVER w = 1 AS first
                  FROM collapsed WHERE previous IS NULL OR previous <> channel
                  WINDOW w AS (PARTITION BY customer, segment ORDER BY ts, seq))
                SELECT 'start', channel, count(*), 0 FROM kept WHERE first GROUP BY ALL
                UNION ALL SELECT 'move', channel * 100000 + next, count(*), 0 FROM kept WHERE next IS NOT NULL GROUP BY ALL
                UNION ALL SELECT 'conv', channel, count(*), sum(value) FROM kept WHERE next IS NULL AND converts GROUP BY ALL
                UNION ALL SELECT 'null', channel, count(*), 0 FROM kept WHERE next IS NULL AND NOT converts GROUP BY ALL
                """.formatted(LOOKBACK);
        Timed<Attribution.Result> duck = time(() -> {
            MarkovChain chain = MarkovChain.empty(shape.channelNames().size());
            for (Object[] row : table(sql, query)) {
                long key = ((Number) row[1]).longValue();
                double count = ((Number) row[2]).doubleValue();
                switch ((String) row[0]) {
                    case "start" -> chain.addMove(-1, (int) key, count);
                    case "move" -> chain.addMove((int) (key / 100_000), (int) (key % 100_000), count);
                    case "conv" -> chain.addConversion((int) key, count, ((Number) row[3]).doubleValue());
                    default -> chain.addNull((int) key, count);
                }
            }
            return Attribution.markov(chain, shape.channelNames());
        }, repeats);
        boolean same = close(all.result(), duck.result()) && close(one.result(), all.result());
        return new Row("Markov attribution (" + shape.channelNames().size() + " channels)", one.millis(), all.millis(),
                duck.millis(), same, String.format(java.util.Locale.ROOT, "%.0f conversions", all.result().conversions()));
    }

    private static boolean close(Attribution.Result a, Attribution.Result b) {
        if (Math.abs(a.conversions() - b.conversions()) > 1e-6 || a.channels().size() != b.channels().size()) {
            return false;
        }
        Map<String, Attribution.Credit> byName = new HashMap<>();
        b.channels().forEach(credit -> byName.put(credit.channel(), credit));
        for (Attribution.Credit credit : a.channels()) {
            Attribution.Credit other = byName.get(credit.channel());
            if (other == null || Math.abs(credit.conversions() - other.conversions()) > 1e-6 * Math.max(1, credit.conversions())
                    || Math.abs(credit.value() - other.value()) > 1e-6 * Math.max(1, Math.abs(credit.value()))) {
                return false;
            }
        }
        return true;
    }

    // ---- timing and SQL helpers ---------------------------------------------------------------------

    private record Timed<T>(T result, double millis) {}

    private interface SqlSupplier<T> {
        T get() throws SQLException;
    }

    /** The median time of {@code repeats} runs after one warm-up, and the last answer. */
    private static <T> Timed<T> time(SqlSupplier<T> work, int repeats) throws SQLException {
        T result = work.get();
        double[] millis = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            result = work.get();
            millis[r] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return new Timed<>(result, millis[repeats / 2]);
    }

    /** Rows of (kind, a, b, count) as "kind a b" to count. */
    private static Map<String, Long> rows(Statement sql, String query) throws SQLException {
        Map<String, Long> rows = new TreeMap<>();
        try (ResultSet result = sql.executeQuery(query)) {
            while (result.next()) {
                Object count = result.getObject(4);
                rows.put(result.getString(1) + " " + result.getString(2) + " " + result.getString(3),
                        count == null ? null : ((Number) count).longValue());
            }
        }
        return rows;
    }

    private static List<Object[]> table(Statement sql, String query) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (ResultSet result = sql.executeQuery(query)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                Object[] row = new Object[columns];
                for (int c = 0; c < columns; c++) {
                    row[c] = result.getObject(c + 1);
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
