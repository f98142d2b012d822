package io.parcours.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration as an operator meets it: {@code parcours} run as a process with an environment,
 * a file and flags, and a server that behaves as they say.
 */
class ConfigProcessTest {
    private static final Pattern TOKEN = Pattern.compile("API token \\(shown once, keep it\\): (pct_\\S+)");
    private static final Pattern ADMIN = Pattern.compile("Log in at \\S+ as (\\S+) with the password");

    @TempDir
    Path folder;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Path file(String... lines) throws Exception {
        return Files.writeString(folder.resolve("parcours.properties"), String.join("\n", lines) + "\n");
    }

    @Test
    void configPrintsEachSettingWithItsSourceAndHidesTheSecret() throws Exception {
        Path file = file("server.port = 7001", "server.host = 0.0.0.0", "log.format = json",
                "smtp.password = correct horse battery staple");
        ParcoursProcess config = ParcoursProcess.run(Map.of("PARCOURS_CONFIG", file.toString(),
                "PARCOURS_SERVER_HOST", "127.0.0.2", "PARCOURS_SERVER_PORT", "7002"), "config", "--port", "7003");

        assertThat(config.exitCode()).as(String.join("\n", config.err())).isZero();
        assertThat(config.out()).contains("Configuration file: " + file);
        assertThat(config.out()).anySatisfy(line -> assertThat(line).matches("server\\.port +7003 +--port"));
        assertThat(config.out()).anySatisfy(line -> assertThat(line).matches("server\\.host +127\\.0\\.0\\.2 +PARCOURS_SERVER_HOST"));
        assertThat(config.out()).anySatisfy(line -> assertThat(line).matches("log\\.format +json +" + Pattern.quote(file + ":3")));
        assertThat(config.out()).anySatisfy(line -> assertThat(line).matches("log\\.level +info +default"));
        assertThat(config.out()).anySatisfy(line -> assertThat(line)
                .matches("smtp\\.password +\\(hidden\\) +" + Pattern.quote(file + ":4")));
        assertThat(String.join("\n", config.out())).doesNotContain("horse");
    }

    @Test
    void aWrongValueInTheFileOrTheEnvironmentIsOneLineAndExitCodeTwo() throws Exception {
        Path data = folder.resolve("data");
        Path file = file("# Parcours", "server.port = eighty");
        ParcoursProcess fromFile = ParcoursProcess.run(Map.of(), "serve", "--config", file.toString(), "--data",
                data.toString());
        assertThat(fromFile.exitCode()).isEqualTo(2);
        assertThat(fromFile.err()).containsExactly("parcours: " + file
                + ":2: server.port must be a whole number from 0 to 65,535, not 'eighty'");

        ParcoursProcess fromEnvironment = ParcoursProcess.run(Map.of("PARCOURS_LOG_FORMAT", "xml"), "serve", "--data",
                data.toString());
        assertThat(fromEnvironment.exitCode()).isEqualTo(2);
        assertThat(fromEnvironment.err()).containsExactly(
                "parcours: environment variable PARCOURS_LOG_FORMAT: log.format must be one of text, json, not 'xml'");

        ParcoursProcess secret = ParcoursProcess.run(Map.of("PARCOURS_SMTP_PASSWORD", "two\nlines"), "demo", "--data",
                data.toString());
        assertThat(secret.exitCode()).isEqualTo(2);
        assertThat(secret.err()).containsExactly(
                "parcours: environment variable PARCOURS_SMTP_PASSWORD: smtp.password must be text on one line");
        assertThat(Files.exists(data)).as("nothing was created").isFalse();
    }

    /**
     * Each value comes from the strongest source that gives it: the flag's port wins over a taken
     * port in the environment and the file, the environment's queue limit over the file's, and the
     * file's settings over the defaults. The server shows each one.
     */
    @Test
    void theServerRunsWithTheFlagOverTheEnvironmentOverTheFileOverTheDefault() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path file = file("server.port = " + taken.getLocalPort(), "ingest.max-pending-events = 1000",
                    "server.max-request-size = 64KB", "log.access = true",
                    "server.admin-email = file@example.com");
            Map<String, String> environment = Map.of("PARCOURS_SERVER_PORT", Integer.toString(taken.getLocalPort()),
                    "PARCOURS_INGEST_MAX_PENDING_EVENTS", "2500", "PARCOURS_SERVER_ADMIN_EMAIL", "ops@example.com");
            try (ParcoursProcess serve = ParcoursProcess.start(environment, "serve", "--config", file.toString(),
                    "--data", folder.resolve("data").toString(), "--port", "0")) {
                String url = serve.awaitServing();
                String token = serve.fromOut(TOKEN);
                assertThat(serve.fromOut(ADMIN)).isEqualTo("ops@example.com");

                String metrics = send(HttpRequest.newBuilder(URI.create(url + "/metrics"))
                        .header("Authorization", "Bearer " + token).build()).body();
                assertThat(metrics).contains("\nparcours_events_pending_max 2500\n");
                HttpResponse<String> large = send(HttpRequest.newBuilder(URI.create(url + "/api/workspaces"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"key\": \"big\", \"name\": \""
                                + "x".repeat(70 * 1024) + "\"}")).build());
                assertThat(large.statusCode()).isEqualTo(413);
                assertThat(large.body()).contains("larger than 64 KB");
                serve.stop();

                // The default text format, with the access log the file turned on: one line per request.
                assertThat(serve.err()).anySatisfy(line -> assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}"
                        + "(Z|[+-]\\d\\d:\\d\\d) \\[INFO\\] io\\.parcours\\.access - request method=GET route=/metrics "
                        + "status=200 durationMs=\\d+"));
                assertThat(serve.err()).anySatisfy(line -> assertThat(line)
                        .matches(".* \\[INFO\\] io\\.parcours\\.access - request method=POST route=/api/workspaces "
                                + "status=413 durationMs=\\d+"));
                assertThat(String.join("\n", serve.err())).doesNotContain(token);
            }
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
