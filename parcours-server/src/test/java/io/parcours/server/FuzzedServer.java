package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parcours.store.StoredEvent;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A real server for a fuzz test, the raw client that sends it hostile requests from many loopback
 * addresses, and the checks every answer and the server as a whole must pass: no 5xx, an answer
 * within {@link #BOUND}, a refusal that says why (JSON for the API and ingestion, a page for a
 * browser), and afterwards a server that still answers, still stores a valid event, and whose
 * memory has not grown beyond {@link #MAX_HEAP_GROWTH}.
 */
final class FuzzedServer implements AutoCloseable {
    /** The longest any answer may take, even on a loaded 2-core machine. */
    static final Duration BOUND = Duration.ofSeconds(20);
    /** How much the heap (after a full collection) may grow during a fuzz test. */
    static final long MAX_HEAP_GROWTH = 256L * 1024 * 1024;

    /** How a refusal must be written. */
    enum Refusal {
        /** JSON {"error": {"message": ...}}: the API and ingestion. */
        JSON,
        /** An HTML page (a browser asked): the page or Parcours's error page, or JSON when Jetty refused the request itself. */
        PAGE
    }

    private final Path data;
    ServerTestSupport parcours;
    RawHttp http;
    final String writeKey;
    private final RawHttp.Clients clients = new RawHttp.Clients();
    private final java.util.Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    private final long heapAtStart;

    FuzzedServer(Path data, String mapYaml) {
        this.data = data;
        parcours = new ServerTestSupport(data);
        parcours.akwabaWithMap(mapYaml);
        writeKey = parcours.writeKey();
        http = new RawHttp(parcours.server.port());
        heapAtStart = usedHeapAfterGc();
    }

    /** Stops the server and starts it again on the same data folder, as after an upgrade or a crash. */
    void restart() {
        parcours.close();
        parcours = new ServerTestSupport(data);
        http = new RawHttp(parcours.server.port());
    }

    /** The Authorization header of a Segment client with the write key. */
    String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
    }

    /** Sends from the next client address. */
    RawHttp.Response send(byte[] request) {
        RawHttp.Response answer = http.send(clients.next(), request, BOUND);
        synchronized (statuses) {
            statuses.merge(answer.status(), 1, Integer::sum);
        }
        return answer;
    }

    /** How many answers of each status the server gave (-1: none), for the test's summary. */
    String statuses() {
        synchronized (statuses) {
            return "answers by status " + statuses;
        }
    }

    /**
     * Checks one answer: never a 5xx, within the bound, and a refusal that says why. A request with
     * broken framing may instead be dropped ({@code mayDrop}), as Jetty does with what it cannot parse.
     */
    static void assertAnsweredWell(RawHttp.Response answer, Refusal refusal, boolean mayDrop) throws IOException {
        if (answer.status() == -1) {
            assertThat(mayDrop).as("the server closed the connection without answering: %s", answer.text()).isTrue();
            return;
        }
        assertThat(answer.status()).as("status of an answer: %s", answer.text()).isLessThan(500);
        assertThat(answer.millis()).as("time to answer").isLessThan(BOUND.toMillis());
        if (answer.status() < 400) {
            return;
        }
        if (answer.isJson()) {
            JsonNode error = ServerTestSupport.JSON.readTree(answer.body()).path("error");
            assertThat(error.path("message").asText()).as("the message of %s", answer.text()).isNotBlank();
            assertThat(error.path("code").asText()).isNotBlank();
        } else {
            assertThat(refusal).as("a refusal that is not JSON: %s %s", answer.headers(), answer.text())
                    .isEqualTo(Refusal.PAGE);
            assertThat(answer.isHtml()).as("a refusal page is HTML: %s", answer.headers()).isTrue();
            assertThat(answer.text()).contains("</html>");
        }
    }

    /**
     * The server survived: /health answers, a valid event is acknowledged and stored exactly once,
     * and the heap after a full collection has grown by less than {@link #MAX_HEAP_GROWTH}.
     */
    void assertSound() throws IOException {
        ServerTestSupport.Answer health = parcours.getWithoutToken("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("ok");
        String id = "after-fuzz-" + UUID.randomUUID();
        byte[] track = ("{\"userId\":\"after-fuzz\",\"event\":\"Checked\",\"messageId\":\"" + id + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        RawHttp.Response stored = send(RawHttp.request("POST", "/v1/track", RawHttp.headers("Authorization", basic(),
                "Content-Type", "application/json"), track, false));
        assertThat(stored.status()).as(stored.text()).isEqualTo(200);
        parcours.store.events().awaitLoaded(BOUND.toMillis());
        List<StoredEvent> found = parcours.store.searchEvents("akwaba", Optional.of("after-fuzz"), Optional.empty(), 1000);
        assertThat(found).extracting(event -> event.event().messageId()).containsOnlyOnce(id);
        long growth = usedHeapAfterGc() - heapAtStart;
        assertThat(growth).as("heap growth in bytes, after a full collection").isLessThan(MAX_HEAP_GROWTH);
    }

    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Override
    public void close() {
        parcours.close();
    }
}
