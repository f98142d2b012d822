package io.parcours.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} and {@code demo} start a real server that answers, and stop cleanly. */
class ServeTest {
    private static final Pattern URL = Pattern.compile("running at (http://127\\.0\\.0\\.1:\\d+)/");
    private static final Pattern TOKEN = Pattern.compile("API token \\(shown once, keep it\\): (pct_\\S+)");
    private static final Pattern LOGIN = Pattern.compile("Log in at \\S+ as (\\S+) with the password (\\S+) ");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path folder;

    /** Runs a serving command in a thread until its URL is printed; interrupting the thread stops it. */
    private record Running(Thread thread, StringWriter out, String url) {}

    private Running start(String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Thread thread = new Thread(() -> Parcours.run(new PrintWriter(out, true), new PrintWriter(err, true), args));
        thread.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            // The last line printed at start: everything before it (URL, token) is there too.
            Matcher matcher = URL.matcher(out.toString());
            if (out.toString().contains("Press Ctrl-C to stop.") && matcher.find()) {
                return new Running(thread, out, matcher.group(1));
            }
            if (!thread.isAlive()) {
                throw new AssertionError("the command ended: " + out + err);
            }
            Thread.sleep(50);
        }
        thread.interrupt();
        throw new AssertionError("no URL printed within 60 s: " + out + err);
    }

    private void stop(Running running) throws InterruptedException {
        running.thread().interrupt();
        running.thread().join(TimeUnit.SECONDS.toMillis(30));
        assertThat(running.thread().isAlive()).isFalse();
        assertThat(running.out().toString()).contains("Parcours stopped.");
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Logs in through the login form with the printed address and password, and returns the page at {@code path}. */
    private String pageAfterLogin(String url, String email, String password, String path) throws Exception {
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(url + "/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String loginCookie = form.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("parcours_login="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertThat(token.find()).isTrue();
        String body = "_csrf=" + token.group(1) + "&email=" + java.net.URLEncoder.encode(email, StandardCharsets.UTF_8)
                + "&password=" + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8) + "&next=" + path;
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(url + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", loginCookie)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
        String session = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("parcours_session="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).header("Cookie", session).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void servePrintsTheAdminTokenOnceAndItWorks() throws Exception {
        Path data = folder.resolve("data");
        Running first = start("serve", "--data", data.toString(), "--port", "0");
        Matcher token = TOKEN.matcher(first.out().toString());
        assertThat(token.find()).isTrue();
        assertThat(get(first.url() + "/health", null).statusCode()).isEqualTo(200);
        assertThat(get(first.url() + "/api/workspaces", token.group(1)).body()).isEqualTo("[]");
        Matcher login = LOGIN.matcher(first.out().toString());
        assertThat(login.find()).as(first.out().toString()).isTrue();
        assertThat(login.group(1)).isEqualTo("admin@parcours.local");
        assertThat(pageAfterLogin(first.url(), login.group(1), login.group(2), "/admin/users")).contains("admin@parcours.local");
        stop(first);

        Running second = start("serve", "--data", data.toString(), "--port", "0");
        assertThat(second.out().toString()).doesNotContain("API token").doesNotContain("Log in at");
        assertThat(get(second.url() + "/api/workspaces", token.group(1)).statusCode()).isEqualTo(200);
        stop(second);
    }

    @Test
    void demoServesTheDemoWorkspaces() throws Exception {
        Running demo = start("demo", "--data", folder.resolve("data").toString(), "--port", "0");
        Matcher token = TOKEN.matcher(demo.out().toString());
        assertThat(token.find()).isTrue();
        assertThat(get(demo.url() + "/api/workspaces", token.group(1)).body()).contains("akwaba", "foulee", "marche");
        assertThat(get(demo.url() + "/", null).statusCode()).as("the pages need a login").isEqualTo(303);
        Matcher login = LOGIN.matcher(demo.out().toString());
        assertThat(login.find()).as(demo.out().toString()).isTrue();
        assertThat(pageAfterLogin(demo.url(), login.group(1), login.group(2), "/")).contains("Amina buys a dress (today)");
        // Simulated journeys come with it, matched to the demo map: its funnel has customers in every stage.
        assertThat(demo.out().toString()).contains("simulated events of 20,000 customers");
        String funnel = get(demo.url() + "/api/workspaces/akwaba/analytics/funnel?map=amina-current", token.group(1)).body();
        com.fasterxml.jackson.databind.JsonNode stages = new com.fasterxml.jackson.databind.ObjectMapper().readTree(funnel)
                .at("/all/stages");
        assertThat(stages).hasSize(3);
        for (com.fasterxml.jackson.databind.JsonNode stage : stages) {
            assertThat(stage.get("customers").asLong()).as(funnel).isPositive();
        }
        // Eight weeks of answers: the order's NPS misses its target, the seller's CSAT is red, the delivery green.
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode kpis = json.readTree(get(demo.url()
                + "/api/workspaces/akwaba/kpis?map=amina-current", token.group(1)).body());
        java.util.Map<String, String> status = new java.util.HashMap<>();
        for (com.fasterxml.jackson.databind.JsonNode row : kpis.get("rows")) {
            for (com.fasterxml.jackson.databind.JsonNode kpi : row.get("kpis")) {
                if (kpi.has("estimate") && !kpi.get("metric").asText().matches("conversion|drop-off")) {
                    status.put(row.get("key").asText() + "/" + kpi.get("metric").asText(), kpi.get("status").asText());
                }
            }
        }
        assertThat(status).containsEntry("order-placed/nps", "red").containsEntry("shop-seller/csat", "red")
                .containsEntry("delivery/csat", "green").containsKey("checkout/ces");
        com.fasterxml.jackson.databind.JsonNode verdict = json.readTree(get(demo.url()
                + "/api/workspaces/akwaba/hypotheses/one-page-checkout/evaluation", token.group(1)).body());
        assertThat(verdict.get("state").asText()).isEqualTo("ended");
        assertThat(verdict.get("verdict").asText()).as(verdict.toString()).isEqualTo("supported");
        stop(demo);
        // A second start keeps the journeys it has rather than adding more.
        Running again = start("demo", "--data", folder.resolve("data").toString(), "--port", "0");
        assertThat(again.out().toString()).doesNotContain("simulated events").doesNotContain("survey answers");
        stop(again);
    }

    @Test
    void aTakenPortIsOneClearLine() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.of("serve", "--data", folder.resolve("data").toString(), "--port",
                    Integer.toString(taken.getLocalPort()));
            assertThat(run.exitCode()).isEqualTo(3);
            assertThat(run.err().lines()).hasSize(1);
            assertThat(run.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("choose another --port");
        }
    }

    @Test
    void aDataFolderInUseByAnotherProcessIsAClearError() throws Exception {
        Path data = folder.resolve("data");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Parcours.class.getName(),
                "serve", "--data", data.toString(), "--port", "0").redirectErrorStream(true).start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean running = false;
            while ((line = output.readLine()) != null) {
                if (line.contains("running at")) {
                    running = true;
                    break;
                }
            }
            assertThat(running).as("the other process started").isTrue();
            CliRun run = CliRun.of("token", "list", "--data", data.toString());
            assertThat(run.exitCode()).isEqualTo(6);
            assertThat(run.err().strip()).startsWith("parcours: the data folder").contains("in use by another Parcours process");
        } finally {
            other.destroy();
            assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
