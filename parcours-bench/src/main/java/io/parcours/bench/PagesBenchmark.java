package io.parcours.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parcours.model.JourneyMap;
import io.parcours.model.KpiTarget;
import io.parcours.model.Survey;
import io.parcours.model.SurveyType;
import io.parcours.model.Touchpoint;
import io.parcours.server.ParcoursServer;
import io.parcours.store.ParcoursStore;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboard's pages under load: a data folder with millions of events (filled by
 * {@code parcours bench analytics}) gets surveys on every touchpoint of its map and a million
 * answers, then a server over it is asked for every page a logged-in person can open, by several
 * clients at once over loopback with keep-alive, for a number of rounds. Each page's first load
 * (figures not yet computed) is timed on its own, then the latencies under load, per page. DuckDB
 * SQL computing the map's scores per touchpoint over the same answers is timed in the same run,
 * as the least a page that asked the database each time would cost.
 */
public final class PagesBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PARAMETER = Pattern.compile("\\{([a-zA-Z]+)}");

    private PagesBenchmark() {}

    /** One page's timings: its first load, then under load. */
    public record PageTiming(String page, int requests, double firstMillis, double medianMillis, double p95Millis,
            double maxMillis) {}

    /** A run: every page's timings, the 95th percentile of all requests, the SQL twin, and pages left out (with why). */
    public record Result(List<PageTiming> pages, int requests, double p95Millis, double sqlMillis, List<String> leftOut) {}

    /**
     * Gives every touchpoint of {@code mapKey} a survey (NPS, CSAT and CES in turn) and a target,
     * as a new version of the map, and writes {@code answers} answers over 90 days (one in ten with a
     * comment) straight into the table with SQL.
     */
    public static void addAnswers(Path folder, String workspace, String mapKey, int answers) throws SQLException {
        List<String> keys;
        try (ParcoursStore store = ParcoursStore.open(folder)) {
            JourneyMap map = store.requireLatestMap(workspace, mapKey).map();
            List<Touchpoint> touchpoints = new ArrayList<>();
            for (int t = 0; t < map.touchpoints().size(); t++) {
                Touchpoint touchpoint = map.touchpoints().get(t);
                SurveyType type = SurveyType.values()[t % 3];
                double target = switch (type) {
                    case NPS -> 30;
                    case CSAT -> 80;
                    default -> 5.5;
                };
                touchpoints.add(new Touchpoint(touchpoint.key(), touchpoint.name(), touchpoint.stage(), touchpoint.channel(),
                        touchpoint.owner(), touchpoint.parent(), touchpoint.description(),
                        List.of(new KpiTarget(type.metric().orElseThrow(), target)), touchpoint.match(),
                        List.of(Survey.of("survey-" + touchpoint.key(), type))));
            }
            store.saveMap(workspace, map.withStages(map.stages(), touchpoints), "bench", "surveys for the pages benchmark");
            keys = touchpoints.stream().map(Touchpoint::key).toList();
        }
        String touchpointList = "['" + String.join("', '", keys) + "']";
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + folder.resolve(ParcoursStore.DATABASE_FILE));
                Statement sql = connection.createStatement()) {
            sql.execute("""
                    INSERT INTO survey_answers
                    SELECT NULL, '%1$s', '%2$s', 'survey-' || %3$s[t + 1], %3$s[t + 1], ['nps', 'csat', 'ces'][t %% 3 + 1],
                           'c-' || (i %% 500000), 'fr',
                           CASE t %% 3 WHEN 0 THEN least(10, (hash(i) %% 11 + t %% 4) %% 11)
                                       WHEN 1 THEN 1 + (hash(i) %% 5 + t %% 2) %% 5
                                       ELSE 1 + (hash(i) %% 7 + t %% 3) %% 7 END,
                           CASE WHEN i %% 10 = 0 THEN ['livraison lente et emballage abîmé', 'vendeuse très aimable',
                                'site lent sur mobile', 'taille parfaite, tissu magnifique'][i %% 4 + 1] END, '{}',
                           now() - to_seconds(i %% 7776000)
                    FROM (SELECT i, (i %% %4$d)::INTEGER AS t FROM range(%5$d) s(i))"""
                    .formatted(workspace, mapKey, touchpointList, keys.size(), answers));
        }
    }

    /**
     * Runs the pages of {@code workspace} with {@code clients} clients for {@code rounds} rounds
     * each (every page once per round, in a shuffled order) and times the SQL twin.
     */
    public static Result run(Path folder, String workspace, String mapKey, int clients, int rounds) throws Exception {
        List<String> leftOut = new ArrayList<>();
        Map<String, List<String>> pages;
        Map<String, Double> first = new LinkedHashMap<>();
        Map<String, List<Double>> timings = new ConcurrentHashMap<>();
        try (ParcoursStore store = ParcoursStore.open(folder)) {
            ParcoursServer.FirstAdmin admin = ParcoursServer.demoAdmin(store, "bench@parcours.local");
            String token = store.createToken("pages benchmark", io.parcours.model.Role.ADMIN).secret();
            try (ParcoursServer server = ParcoursServer.start(store, "127.0.0.1", 0)) {
                HttpClient login = client();
                String cookie = logIn(login, server.url(), admin);
                String hypothesis = runningHypothesis(login, server.url(), token, workspace, mapKey);
                pages = pages(server, login, cookie, workspace, mapKey, hypothesis, leftOut);
                for (Map.Entry<String, List<String>> page : new ArrayList<>(pages.entrySet())) {
                    long start = System.nanoTime();
                    HttpResponse<String> answer = login.send(HttpRequest.newBuilder(URI.create(server.url()
                            + page.getValue().get(0)))
                            .header("Cookie", cookie).header("Accept", "text/html").GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 404) {
                        // A page for something this data does not have (the side-by-side view of a map without twin).
                        leftOut.add(page.getKey() + " (404 on this data)");
                        pages.remove(page.getKey());
                        continue;
                    }
                    if (answer.statusCode() / 100 == 3) {
                        // A form's target that sends on elsewhere (the search for a customer without a query).
                        leftOut.add(page.getKey() + " (redirects: a form's target, not a page)");
                        pages.remove(page.getKey());
                        continue;
                    }
                    if (answer.statusCode() != 200) {
                        throw new IllegalStateException("GET " + page.getValue().get(0) + " answered " + answer.statusCode());
                    }
                    first.put(page.getKey(), (System.nanoTime() - start) / 1e6);
                }
                ExecutorService threads = Executors.newFixedThreadPool(clients);
                try {
                    List<Future<?>> running = new ArrayList<>();
                    for (int c = 0; c < clients; c++) {
                        int seed = c;
                        running.add(threads.submit(() -> {
                            HttpClient http = client();
                            List<Map.Entry<String, List<String>>> order = new ArrayList<>(pages.entrySet());
                            Random random = new Random(seed);
                            for (int round = 0; round < rounds; round++) {
                                Collections.shuffle(order, random);
                                for (Map.Entry<String, List<String>> page : order) {
                                    // A page about one of many (a customer's timeline) asks for another each time.
                                    List<String> paths = page.getValue();
                                    String path = paths.get(random.nextInt(paths.size()));
                                    long start = System.nanoTime();
                                    get(http, server.url() + path, cookie);
                                    timings.computeIfAbsent(page.getKey(),
                                            k -> Collections.synchronizedList(new ArrayList<>()))
                                            .add((System.nanoTime() - start) / 1e6);
                                }
                            }
                            return null;
                        }));
                    }
                    for (Future<?> done : running) {
                        done.get();
                    }
                } finally {
                    threads.shutdownNow();
                }
            }
        }
        List<PageTiming> rows = new ArrayList<>();
        List<Double> all = new ArrayList<>();
        for (String page : pages.keySet()) {
            double[] millis = timings.get(page).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            Arrays.stream(millis).forEach(all::add);
            rows.add(new PageTiming(page, millis.length, first.get(page), percentile(millis, 0.5), percentile(millis, 0.95),
                    millis[millis.length - 1]));
        }
        double[] everything = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Result(rows, everything.length, percentile(everything, 0.95), sqlTwin(folder, workspace, mapKey),
                leftOut);
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Logs in through the login form, as a browser does, and returns the session cookie. */
    private static String logIn(HttpClient http, String base, ParcoursServer.FirstAdmin admin) throws Exception {
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String loginCookie = cookie(form, "parcours_login");
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        if (!token.find()) {
            throw new IllegalStateException("no CSRF token on the login form");
        }
        String body = "_csrf=" + token.group(1) + "&email=" + URLEncoder.encode(admin.email(), StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(admin.password(), StandardCharsets.UTF_8) + "&next=%2F";
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", "parcours_login=" + loginCookie)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 303) {
            throw new IllegalStateException("login refused: " + answer.statusCode());
        }
        return "parcours_session=" + cookie(answer, "parcours_session");
    }

    private static String cookie(HttpResponse<?> answer, String name) {
        return answer.headers().allValues("Set-Cookie").stream().filter(value -> value.startsWith(name + "="))
                .map(value -> value.substring(name.length() + 1, value.indexOf(';'))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no cookie " + name));
    }

    /**
     * Every page path with its parameters filled from the workspace's data: its map, the first three
     * touchpoints, a stage, a persona, a team, a customer with events. A page whose parameter names
     * nothing the data has is left out, and said so.
     */
    private static Map<String, List<String>> pages(ParcoursServer server, HttpClient http, String cookie, String workspace,
            String mapKey, String hypothesis, List<String> leftOut) throws Exception {
        JsonNode map = JSON.readTree(get(http, server.url() + "/api/workspaces/" + workspace + "/maps/" + mapKey, cookie));
        JsonNode ws = JSON.readTree(get(http, server.url() + "/api/workspaces/" + workspace, cookie));
        JsonNode events = JSON.readTree(get(http, server.url() + "/api/workspaces/" + workspace + "/events?limit=2000",
                cookie));
        Map<String, List<String>> values = new LinkedHashMap<>();
        values.put("ws", List.of(workspace));
        values.put("map", List.of(mapKey));
        List<String> touchpoints = new ArrayList<>();
        for (JsonNode stage : map.get("stages")) {
            for (JsonNode touchpoint : stage.path("touchpoints")) {
                touchpoints.add(touchpoint.get("key").asText());
            }
        }
        values.put("touchpoint", touchpoints.subList(0, Math.min(3, touchpoints.size())));
        values.put("survey", List.of("survey-" + touchpoints.get(0)));
        values.put("hypothesis", List.of(hypothesis));
        values.put("stage", List.of(map.get("stages").get(0).get("key").asText()));
        first(ws.path("personas")).ifPresent(key -> values.put("persona", List.of(key)));
        first(ws.path("teams")).ifPresent(key -> values.put("team", List.of(key)));
        java.util.Set<String> customers = new java.util.LinkedHashSet<>();
        for (JsonNode event : events) {
            customers.add(event.hasNonNull("userId") ? event.get("userId").asText() : event.path("anonymousId").asText());
        }
        if (!customers.isEmpty()) {
            values.put("customer", new ArrayList<>(customers).subList(0, Math.min(200, customers.size())));
        }
        Map<String, List<String>> pages = new LinkedHashMap<>();
        for (String template : server.pagePaths()) {
            Matcher parameter = PARAMETER.matcher(template);
            List<String> names = new ArrayList<>();
            while (parameter.find()) {
                names.add(parameter.group(1));
            }
            Optional<String> missing = names.stream().filter(name -> !values.containsKey(name)).findFirst();
            if (missing.isPresent()) {
                leftOut.add(template + " (no " + missing.get() + " to fill in)");
                continue;
            }
            if (template.contains("/export/")) {
                leftOut.add(template + " (a download drawn as PNG or PDF, not a page)");
                continue;
            }
            int variants = names.contains("touchpoint") ? values.get("touchpoint").size() : 1;
            for (int v = 0; v < variants; v++) {
                List<String> paths = new ArrayList<>();
                int many = names.contains("customer") ? values.get("customer").size() : 1;
                for (int c = 0; c < many; c++) {
                    String path = template;
                    for (String name : names) {
                        List<String> choices = values.get(name);
                        int choice = name.equals("customer") ? c : Math.min(v, choices.size() - 1);
                        path = path.replace("{" + name + "}", URLEncoder.encode(choices.get(choice), StandardCharsets.UTF_8));
                    }
                    paths.add(path);
                }
                String label = variants > 1 ? template + " #" + (v + 1) : template;
                pages.put(many > 1 ? label + " (" + many + " customers)" : label, paths);
            }
        }
        return pages;
    }

    /**
     * A hypothesis on the map's first touchpoint, tested before and after a change 30 days ago and
     * running, so that the board and the hypothesis page evaluate it over every event.
     */
    private static String runningHypothesis(HttpClient http, String base, String token, String workspace, String mapKey)
            throws Exception {
        JsonNode map = JSON.readTree(api(http, "GET", base + "/api/workspaces/" + workspace + "/maps/" + mapKey, token, ""));
        String touchpoint = map.get("stages").get(0).get("touchpoints").get(0).get("key").asText();
        String path = base + "/api/workspaces/" + workspace + "/hypotheses/bench-hypothesis";
        api(http, "PUT", path, token, "{\"map\": \"" + mapKey + "\", \"touchpoint\": \"" + touchpoint
                + "\", \"change\": \"A clearer first page\", \"metric\": \"conversion\", \"expectedEffect\": 2, "
                + "\"test\": \"before-after\", \"changedAt\": \"" + java.time.Instant.now().minus(Duration.ofDays(30))
                + "\"}");
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(path + "/start"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 200 && started.statusCode() != 409) {
            throw new IllegalStateException("starting the hypothesis answered " + started.statusCode() + ": " + started.body());
        }
        return "bench-hypothesis";
    }

    private static String api(HttpClient http, String method, String url, String token, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static Optional<String> first(JsonNode list) {
        return list.isArray() && list.size() > 0 ? Optional.of(list.get(0).get("key").asText()) : Optional.empty();
    }

    private static String get(HttpClient http, String url, String cookie) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie)
                .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        }
        return response.body();
    }

    /** DuckDB computing the map's score per touchpoint over the answers: median of 5 after a warm-up. */
    private static double sqlTwin(Path folder, String workspace, String mapKey) throws SQLException {
        String query = """
                SELECT touchpoint_key, survey_type,
                       CASE survey_type
                         WHEN 'nps' THEN 100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(*)
                         WHEN 'csat' THEN 100.0 * count(*) FILTER (WHERE score >= 4) / count(*)
                         ELSE avg(score) END AS kpi
                FROM survey_answers WHERE workspace_key = '%s' AND map_key = '%s' AND score IS NOT NULL
                GROUP BY touchpoint_key, survey_type""".formatted(workspace, mapKey);
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + folder.resolve(ParcoursStore.DATABASE_FILE));
                Statement statement = connection.createStatement()) {
            double[] millis = new double[6];
            for (int i = 0; i < millis.length; i++) {
                long start = System.nanoTime();
                try (ResultSet rows = statement.executeQuery(query)) {
                    while (rows.next()) {
                        rows.getDouble(3);
                    }
                }
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            double[] timed = Arrays.copyOfRange(millis, 1, millis.length);
            Arrays.sort(timed);
            return timed[timed.length / 2];
        }
    }

    private static double percentile(double[] sorted, double share) {
        return sorted[Math.max(0, (int) Math.ceil(share * sorted.length) - 1)];
    }
}
