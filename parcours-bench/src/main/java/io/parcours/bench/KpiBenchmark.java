package io.parcours.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parcours.model.Channel;
import io.parcours.model.JourneyMap;
import io.parcours.model.KpiTarget;
import io.parcours.model.MapState;
import io.parcours.model.Metric;
import io.parcours.model.Persona;
import io.parcours.model.Stage;
import io.parcours.model.Survey;
import io.parcours.model.SurveyType;
import io.parcours.model.Touchpoint;
import io.parcours.server.ParcoursServer;
import io.parcours.store.ParcoursStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * KPI tables over many answers: a map of 40 touchpoints in 5 stages, each with an NPS, CSAT or
 * CES survey and a target, and {@code answers} answers (plus twice as many invitations) written
 * straight into the tables with SQL over 90 days. Then the KPI table of every touchpoint, asked
 * over HTTP on loopback from a running server, is timed, whole and by week, side by side with
 * DuckDB SQL computing the same scores per touchpoint in the same run; the scores must agree.
 */
public final class KpiBenchmark {
    static final String WORKSPACE = "bench";
    static final String MAP = "bench-map";
    static final int TOUCHPOINTS = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    private KpiBenchmark() {}

    /** Timings of one query, in milliseconds. */
    public record Timing(String what, double medianMillis, double p95Millis) {}

    /** What a run measured: the timings, and whether Parcours and SQL gave the same scores. */
    public record Result(List<Timing> timings, boolean sameAnswers, String difference) {}

    static JourneyMap map() {
        List<Stage> stages = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            stages.add(Stage.of("stage-" + s, "Stage " + s));
        }
        List<Touchpoint> touchpoints = new ArrayList<>();
        for (int t = 0; t < TOUCHPOINTS; t++) {
            SurveyType type = SurveyType.values()[t % 3];
            Metric metric = type.metric().orElseThrow();
            double target = switch (type) {
                case NPS -> 30;
                case CSAT -> 80;
                default -> 5.5;
            };
            touchpoints.add(new Touchpoint("tp-" + t, "Touchpoint " + t, "stage-" + t % 5, Channel.values()[t % 10],
                    Optional.empty(), Optional.empty(), "", List.of(new KpiTarget(metric, target)), List.of(),
                    List.of(Survey.of("survey-" + t, type))));
        }
        return new JourneyMap(MAP, "Benchmark map", "persona", MapState.CURRENT, "", Optional.empty(), Optional.empty(),
                stages, touchpoints);
    }

    /** Fills a new data folder with the map, {@code answers} answers and twice as many invitations. */
    public static void fill(Path folder, int answers) throws SQLException {
        try (ParcoursStore store = ParcoursStore.open(folder)) {
            store.createWorkspace(WORKSPACE, "Benchmark", "synthetic answers for the KPI benchmark");
            store.savePersona(WORKSPACE, new Persona("persona", "Persona", "", List.of(), List.of(), List.of()));
            store.saveMap(WORKSPACE, map(), "bench", "");
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + folder.resolve(ParcoursStore.DATABASE_FILE));
                Statement sql = connection.createStatement()) {
            // the touchpoint of answer i is i % 40; its survey type is (i % 40) % 3; scores skew by touchpoint
            sql.execute("""
                    INSERT INTO survey_invitations
                    SELECT i, 'bench', 'bench-map', 'survey-' || (i %% 40), 'tp-' || (i %% 40), 'c-' || (i %% 500000),
                           NULL, 'fr', NULL, TIMESTAMPTZ '2026-08-01 00:00:00+00' + to_seconds(i %% 7776000),
                           TIMESTAMPTZ '2026-08-01 00:00:00+00' + to_seconds(i %% 7776000),
                           TIMESTAMPTZ '2026-08-15 00:00:00+00' + to_seconds(i %% 7776000), NULL, NULL
                    FROM range(%d) t(i)""".formatted(2L * answers));
            sql.execute("""
                    INSERT INTO survey_answers
                    SELECT CASE WHEN i %% 4 = 0 THEN NULL ELSE 2 * i END, 'bench', 'bench-map', 'survey-' || t, 'tp-' || t,
                           ['nps', 'csat', 'ces'][t %% 3 + 1], 'c-' || (i %% 500000), 'fr',
                           CASE t %% 3 WHEN 0 THEN least(10, (hash(i) %% 11 + t %% 4) %% 11)
                                       WHEN 1 THEN 1 + (hash(i) %% 5 + t %% 2) %% 5
                                       ELSE 1 + (hash(i) %% 7 + t %% 3) %% 7 END,
                           CASE WHEN i %% 10 = 0 THEN 'livraison lente et emballage abîmé' END, '{}',
                           TIMESTAMPTZ '2026-08-01 00:00:00+00' + to_seconds(i %% 7776000)
                    FROM (SELECT i, (i %% 40)::INTEGER AS t FROM range(%d) s(i))""".formatted(answers));
        }
    }

    /** Times the KPI table {@code repeats} times after a warm-up, on a server over the folder, and checks it against SQL. */
    public static Result run(Path folder, int repeats) throws Exception {
        List<Timing> timings = new ArrayList<>();
        Map<String, Double> parcours;
        try (ParcoursStore store = ParcoursStore.open(folder)) {
            String token = store.createToken("bench", io.parcours.model.Role.ADMIN).secret();
            try (ParcoursServer server = ParcoursServer.start(store, "127.0.0.1", 0)) {
                HttpClient client = HttpClient.newHttpClient();
                String base = server.url() + "/api/workspaces/" + WORKSPACE + "/kpis?map=" + MAP;
                timings.add(time("KPI table, every touchpoint", () -> get(client, base, token), repeats));
                timings.add(time("KPI table, every touchpoint by week", () -> get(client, base + "&period=week", token),
                        repeats));
                timings.add(time("KPI table, by stage", () -> get(client, base + "&by=stage", token), repeats));
                parcours = scores(JSON.readTree(get(client, base, token)));
            }
        }
        Map<String, Double> sql = new HashMap<>();
        String query = """
                SELECT touchpoint_key, survey_type,
                       CASE survey_type
                         WHEN 'nps' THEN 100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(*)
                         WHEN 'csat' THEN 100.0 * count(*) FILTER (WHERE score >= 4) / count(*)
                         ELSE avg(score) END AS kpi
                FROM survey_answers WHERE workspace_key = 'bench' AND map_key = 'bench-map' AND score IS NOT NULL
                GROUP BY touchpoint_key, survey_type""";
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + folder.resolve(ParcoursStore.DATABASE_FILE));
                Statement statement = connection.createStatement()) {
            timings.add(time("DuckDB SQL: the same scores per touchpoint", () -> {
                try (ResultSet rows = statement.executeQuery(query)) {
                    sql.clear();
                    while (rows.next()) {
                        sql.put(rows.getString(1), rows.getDouble(3));
                    }
                }
                return "";
            }, repeats));
        }
        String difference = "";
        for (Map.Entry<String, Double> entry : sql.entrySet()) {
            Double ours = parcours.get(entry.getKey());
            if (ours == null || Math.abs(ours - entry.getValue()) > 1e-9) {
                difference = entry.getKey() + ": Parcours " + ours + ", SQL " + entry.getValue();
                break;
            }
        }
        if (difference.isEmpty() && sql.size() != parcours.size()) {
            difference = "Parcours has " + parcours.size() + " scores, SQL " + sql.size();
        }
        return new Result(timings, difference.isEmpty(), difference);
    }

    private static Map<String, Double> scores(JsonNode table) {
        Map<String, Double> scores = new HashMap<>();
        for (JsonNode row : table.get("rows")) {
            for (JsonNode kpi : row.get("kpis")) {
                if (kpi.has("estimate")) {
                    scores.put(row.get("key").asText(), kpi.get("estimate").get("value").asDouble());
                }
            }
        }
        return scores;
    }

    private interface Call {
        String call() throws Exception;
    }

    private static Timing time(String what, Call call, int repeats) throws Exception {
        for (int i = 0; i < 3; i++) {
            call.call();
        }
        double[] millis = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long started = System.nanoTime();
            call.call();
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        return new Timing(what, millis[(repeats - 1) / 2], millis[(int) Math.ceil(0.95 * repeats) - 1]);
    }

    private static String get(HttpClient client, String url, String token) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
