package io.parcours.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server run with {@code PARCOURS_LOG_FORMAT=json}: everything on standard error is JSON objects,
 * one a line, with their fields, and no secret of the requests made.
 */
class JsonLogTest {
    private static final Pattern TOKEN = Pattern.compile("API token \\(shown once, keep it\\): (pct_\\S+)");
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path folder;

    /** Every line as a JSON object with the fields every line has. */
    private List<JsonNode> parsed(List<String> lines) throws Exception {
        assertThat(lines).isNotEmpty();
        List<JsonNode> objects = new ArrayList<>();
        for (String line : lines) {
            JsonNode object = json.readTree(line);
            assertThat(object.isObject()).as(line).isTrue();
            assertThat(object.get("time").asText()).as(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(object.get("level").asText()).as(line).isIn("ERROR", "WARN", "INFO", "DEBUG", "TRACE");
            assertThat(object.get("logger").asText()).as(line).isNotEmpty();
            assertThat(object.get("thread").asText()).as(line).isNotEmpty();
            assertThat(object.has("message")).as(line).isTrue();
            objects.add(object);
        }
        return objects;
    }

    @Test
    void everyLineIsAJsonObjectAndNoSecretIsLogged() throws Exception {
        Path data = folder.resolve("data");
        String url;
        String token;
        List<String> stderr;
        try (ParcoursProcess serve = ParcoursProcess.start(Map.of("PARCOURS_LOG_FORMAT", "json", "PARCOURS_LOG_ACCESS",
                "true"), "serve", "--data", data.toString(), "--port", "0")) {
            url = serve.awaitServing();
            token = serve.fromOut(TOKEN);
            String writeKey = "wk_not-a-real-write-key";
            send(HttpRequest.newBuilder(URI.create(url + "/health")).build());
            send(HttpRequest.newBuilder(URI.create(url + "/s/survey-token-kept-secret?email=awa%40example.com")).build());
            send(HttpRequest.newBuilder(URI.create(url + "/api/workspaces")).header("Authorization", "Bearer " + token)
                    .header("Cookie", "parcours_session=session-secret").build());
            send(HttpRequest.newBuilder(URI.create(url + "/v1/track")).header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"event\": \"x\", \"userId\": \"customer-secret\"}")).build());
            serve.stop();
            assertThat(serve.out()).as(String.join("\n", serve.err())).contains("Parcours stopped.");
            stderr = serve.err();
        }
        List<JsonNode> lines = parsed(stderr);
        List<JsonNode> access = lines.stream().filter(line -> line.get("logger").asText().equals("io.parcours.access")).toList();
        assertThat(access).extracting(line -> line.get("route").asText())
                .contains("/health", "/s/{token}", "/api/workspaces", "/v1/track");
        for (JsonNode line : access) {
            assertThat(line.get("message").asText()).isEqualTo("request");
            assertThat(line.get("method").asText()).isIn("GET", "POST");
            assertThat(line.get("status").isInt()).as(line.toString()).isTrue();
            assertThat(line.get("durationMs").isIntegralNumber()).as(line.toString()).isTrue();
        }
        String all = String.join("\n", stderr);
        assertThat(all).doesNotContain(token).doesNotContain("survey-token-kept-secret").doesNotContain("awa@example").doesNotContain("awa%40")
                .doesNotContain("session-secret").doesNotContain("not-a-real-write-key").doesNotContain("customer-secret");
    }

    /** A server that cannot start logs why as a JSON error with its stack trace, not a plain line. */
    @Test
    void aFailedStartIsAJsonErrorWithItsStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ParcoursProcess serve = ParcoursProcess.run(Map.of("PARCOURS_LOG_FORMAT", "json"), "serve", "--data",
                    folder.resolve("data").toString(), "--port", Integer.toString(taken.getLocalPort()));
            assertThat(serve.exitCode()).isEqualTo(3);
            List<JsonNode> lines = parsed(serve.err());
            JsonNode failure = lines.get(lines.size() - 1);
            assertThat(failure.get("level").asText()).isEqualTo("ERROR");
            assertThat(failure.get("logger").asText()).isEqualTo(Parcours.class.getName());
            assertThat(failure.get("message").asText()).startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort());
            assertThat(failure.get("exception").asText()).startsWith("io.parcours.model.ParcoursException: cannot listen")
                    .contains("\tat io.parcours.server.ParcoursServer.start");
        }
    }

    private void send(HttpRequest request) throws Exception {
        http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
