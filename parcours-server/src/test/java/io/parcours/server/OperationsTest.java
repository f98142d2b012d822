package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator's monitoring sees: {@code /ready} for a load balancer, and {@code /metrics} in
 * the Prometheus text format for a scraper with an admin token, counting what really happened.
 */
class OperationsTest {
    @TempDir
    Path data;
    ServerTestSupport parcours;

    @BeforeEach
    void start() {
        parcours = new ServerTestSupport(data);
    }

    @AfterEach
    void stop() {
        parcours.close();
    }

    @Test
    void readyAnswersALoadBalancerWithoutAToken() {
        ServerTestSupport.Answer ready = parcours.getWithoutToken("/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("status").asText()).isEqualTo("ready");
        assertThat(ready.json().get("eventsPending").asLong()).isZero();
        assertThat(ready.json().has("reason")).isFalse();
    }

    @Test
    void metricsCountRequestsEventsAndTheJourneyIndex() throws Exception {
        assertThat(parcours.post("/api/workspaces", "{\"key\": \"akwaba\", \"name\": \"Maison Akwaba\"}").status()).isEqualTo(201);
        String key = parcours.writeKey();
        StringBuilder batch = new StringBuilder("{\"batch\": [");
        for (int i = 0; i < 25; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"type\": \"track\", \"userId\": \"u").append(i % 5)
                    .append("\", \"event\": \"Product Viewed\", \"messageId\": \"m").append(i).append("\"}");
        }
        batch.append("]}");
        for (int round = 0; round < 3; round++) {
            // The same 25 messages three times: stored once.
            assertThat(parcours.send(HttpRequest.newBuilder(parcours.uri("/v1/batch"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((key + ":")
                            .getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString(batch.toString())).build()).status()).isEqualTo(200);
        }
        assertThat(parcours.get("/api/workspaces/akwaba/journeys").status()).isEqualTo(200);
        assertThat(parcours.get("/api/workspaces/nowhere/journeys").status()).isEqualTo(404);
        assertThat(parcours.getWithoutToken("/no/such/page/42").status()).isEqualTo(404);

        ServerTestSupport.Answer metrics = parcours.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("Content-Type")).startsWith("text/plain; version=0.0.4");
        String text = metrics.body();
        assertThat(value(text, "parcours_events_stored_total")).isEqualTo(25);
        assertThat(value(text, "parcours_events_pending")).isZero();
        assertThat(value(text, "parcours_journey_index_events{workspace=\"akwaba\"}")).isEqualTo(25);
        assertThat(value(text, "parcours_journey_index_customers{workspace=\"akwaba\"}")).isEqualTo(5);
        // Its arrays: 14 bytes per event and 16 per customer at least, with the room kept for arrivals at most
        // as much again.
        assertThat(value(text, "parcours_journey_index_bytes{workspace=\"akwaba\"}")).isBetween(14L * 25 + 16 * 5,
                2 * (14L * 25 + 16 * 5) + 14 * 5 * 2);
        assertThat(value(text, "parcours_http_requests_total{method=\"POST\",route=\"/v1/batch\",status=\"2xx\"}")).isEqualTo(3);
        assertThat(value(text, "parcours_http_requests_total{method=\"GET\",route=\"/api/workspaces/{ws}/journeys\","
                + "status=\"4xx\"}")).isEqualTo(1);
        assertThat(value(text, "parcours_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"4xx\"}"))
                .as("a path no route serves counts under one label").isEqualTo(1);
        assertThat(text).doesNotContain("/no/such/page");
        assertThat(value(text, "parcours_disk_free_bytes")).as("the data folder's disk")
                .isCloseTo(java.nio.file.Files.getFileStore(data).getUsableSpace(), org.assertj.core.data.Offset.offset(1L << 30));
        assertThat(value(text, "parcours_disk_reserve_bytes")).isPositive().isLessThanOrEqualTo(256L << 20);
        // The histogram is cumulative and ends with every request.
        List<Long> buckets = new ArrayList<>();
        Matcher bucket = Pattern.compile("parcours_http_request_duration_seconds_bucket\\{method=\"POST\",route=\"/v1/batch\","
                + "le=\"[^\"]+\"} (\\d+)").matcher(text);
        while (bucket.find()) {
            buckets.add(Long.parseLong(bucket.group(1)));
        }
        assertThat(buckets).hasSize(13).isSorted().endsWith(3L);
        assertThat(value(text, "parcours_http_request_duration_seconds_count{method=\"POST\",route=\"/v1/batch\"}"))
                .isEqualTo(3);
        assertThat(value(text, "parcours_journal_sync_seconds_count"))
                .as("one commit to the journal wrote the 25 events; the repeats wrote nothing").isEqualTo(1);
        assertThat(value(text, "parcours_journal_sync_seconds_bucket{le=\"+Inf\"}")).isEqualTo(1);
        assertThat(text).containsPattern("\nparcours_journal_sync_seconds_sum [0-9.E-]+\n");
        assertThat(text).contains("# TYPE parcours_http_request_duration_seconds histogram", "# TYPE parcours_journal_sync_seconds histogram",
                "# TYPE parcours_events_stored_total counter", "jvm_memory_used_bytes{area=\"heap\"} ");
        for (String line : text.split("\n")) {
            assertThat(line).as("every line is a comment or a sample").matches("# (HELP|TYPE) .+|[a-z_]+(\\{.*})? [0-9.E+-]+");
        }
    }

    @Test
    void metricsNeedAnAdminToken() {
        ServerTestSupport.Answer anonymous = parcours.getWithoutToken("/metrics");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("Content-Type")).startsWith("application/json");
        assertThat(anonymous.body()).as("a JSON error that says how to authenticate").contains("Authorization: Bearer");
        String viewer = parcours.store.createToken("grafana", io.parcours.model.Role.VIEWER).secret();
        ServerTestSupport.Answer refused = parcours.send(HttpRequest.newBuilder(parcours.uri("/metrics"))
                .header("Authorization", "Bearer " + viewer).GET().build());
        assertThat(refused.status()).isEqualTo(403);
    }

    private static long value(String text, String sample) {
        for (String line : text.split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Long.parseLong(line.substring(sample.length() + 1));
            }
        }
        throw new AssertionError("no sample " + sample + " in\n" + text);
    }
}
