package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.io.Fuzz;
import io.parcours.io.segment.SegmentBodies;
import io.parcours.store.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracking API ({@code /v1/track}, identify, page, screen, group, alias, batch, import) under
 * fire: thousands of hostile requests (malformed and mutated JSON, wrong types in every field,
 * huge strings, nesting 100,000 deep, impossible times, batches of 100,000 tiny items, bodies
 * beyond the limits, chunked and broken framing, wrong content types, missing, garbled and
 * oversized credentials) with valid events interleaved. Every answer is a 2xx or a 4xx that says
 * why, within the bound; every valid event acknowledged is stored exactly once; afterwards the
 * server still works and its memory is bounded. See docs/fuzzing.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestionFuzzTest {
    private static final List<String> SINGLE = List.of("track", "identify", "page", "screen", "group", "alias");

    FuzzedServer server;

    @BeforeAll
    void start(@TempDir Path data) {
        server = new FuzzedServer(data, SurveyFuzzTest.MAP);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** A request and what its answer must be. */
    private record Hostile(String what, byte[] bytes, FuzzedServer.Refusal refusal, boolean mayDrop) {}

    @Test
    void everyHostileRequestIsRefusedClearlyAndEveryValidEventIsKeptOnce() throws Exception {
        Fuzz fuzz = Fuzz.of("http-ingestion");
        SegmentBodies bodies = new SegmentBodies(fuzz);
        String customer = "fuzz-valid";
        Map<String, Integer> acknowledged = new LinkedHashMap<>();
        List<String> notYetStored = new ArrayList<>();
        int valid = 0;
        for (int i = Fuzz.cases(700); i > 0; i--) {
            if (fuzz.chance(0.1)) {
                String id = fuzz.chance(0.2) && !acknowledged.isEmpty() ? fuzz.pick(new ArrayList<>(acknowledged.keySet()))
                        : "valid-" + valid++;
                sendValid(fuzz, customer, id, acknowledged, notYetStored);
                continue;
            }
            Hostile request = hostile(fuzz, bodies);
            fuzz.check(request.what(), request.bytes(), () -> {
                RawHttp.Response answer = server.send(request.bytes());
                if (answer.status() == 505 && request.what().contains("version")) {
                    // HTTP Version Not Supported: the answer RFC 9110 gives to HTTP/9.9, not a failure of the server
                    assertThat(answer.text()).contains("invalid-input");
                    return;
                }
                FuzzedServer.assertAnsweredWell(answer, request.refusal(), request.mayDrop());
            });
        }
        for (String id : new ArrayList<>(notYetStored)) {
            notYetStored.remove(id);
            sendValid(fuzz, customer, id, acknowledged, notYetStored);
        }
        assertThat(notYetStored).as("valid events refused even when retried").isEmpty();
        assertStoredOnce(customer, acknowledged.keySet());
        System.out.printf("%s; %d valid events (%d sent again); %s%n", fuzz.summary(), acknowledged.size(),
                acknowledged.values().stream().mapToInt(n -> n - 1).sum(), server.statuses());
        everyReadWorksOnWhatWasAccepted();
        long everything = server.parcours.store.events().size();
        server.restart();
        assertThat(server.parcours.store.events().size()).as("events after a restart").isEqualTo(everything);
        for (String id : acknowledged.keySet().stream().limit(5).toList()) {
            sendValid(fuzz, customer, id, acknowledged, notYetStored);
        }
        assertStoredOnce(customer, acknowledged.keySet());
        everyReadWorksOnWhatWasAccepted();
        server.assertSound();
    }

    /** Every acknowledged valid event is stored, exactly once, and no other event of that customer. */
    private void assertStoredOnce(String customer, java.util.Set<String> acknowledged) {
        server.parcours.store.events().awaitLoaded(FuzzedServer.BOUND.toMillis());
        List<StoredEvent> stored = server.parcours.store.searchEvents("akwaba", Optional.of(customer), Optional.empty(), 10_000);
        Map<String, Long> copies = stored.stream().collect(Collectors.groupingBy(event -> event.event().messageId(),
                Collectors.counting()));
        assertThat(copies.keySet()).as("the valid events stored").containsExactlyInAnyOrderElementsOf(acknowledged);
        assertThat(copies.values()).as("copies of each valid event").containsOnly(1L);
    }

    /**
     * Whatever odd events the fuzz got accepted (names, ids and payloads of every kind, times at the
     * edges of the calendar), the reads over them work: the event search, the journey index, each
     * customer's journey and every analysis.
     */
    private void everyReadWorksOnWhatWasAccepted() throws Exception {
        List<String> reads = new ArrayList<>(List.of("/api/workspaces/akwaba/events?limit=10000",
                "/api/workspaces/akwaba/journeys?limit=10000", "/api/workspaces/akwaba/maps/shop/unmatched?limit=10000"));
        server.parcours.get("/api/openapi.json").json().path("paths").fieldNames().forEachRemaining(path -> {
            if (path.startsWith("/api/workspaces/{ws}/analytics/")) {
                reads.add(path.replace("{ws}", "akwaba") + "?map=shop" + (path.endsWith("/abandonment") ? "&intent=home" : ""));
            }
        });
        server.parcours.store.searchEvents("akwaba", Optional.empty(), Optional.empty(), 10_000).stream()
                .map(stored -> stored.event().customerId()).distinct().limit(30)
                .forEach(customer -> reads.add("/api/workspaces/akwaba/customers/"
                        + java.net.URLEncoder.encode(customer, StandardCharsets.UTF_8).replace("+", "%20") + "/journey?map=shop"));
        for (String read : reads) {
            ServerTestSupport.Answer answer = server.parcours.send(server.parcours.request(read).GET().build());
            if (read.contains("/customers/")) {
                // an id with a slash or a stray percent cannot be a path segment: refused, but not a failure
                assertThat(answer.status()).as("%s after the fuzz: %s", read, answer.body()).isLessThan(500);
            } else {
                assertThat(answer.status()).as("%s after the fuzz: %s", read, answer.body()).isEqualTo(200);
            }
        }
    }

    /** Forty batches of the largest size at once, most of 160,000 empty items: answered, memory bounded. */
    @Test
    void aFloodOfBatchesAtOnceIsAnsweredWithoutExhaustingMemory() throws Exception {
        int clients = 40;
        String tiny = "{\"batch\":[" + "{},".repeat(160_000) + "{}]}";
        String valid = "{\"batch\":[" + "{\"type\":\"track\",\"event\":\"e\",\"anonymousId\":\"flood\"},".repeat(2_000)
                + "{\"type\":\"track\",\"event\":\"e\",\"anonymousId\":\"flood\"}]}";
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<RawHttp.Response>> answers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            byte[] request = RawHttp.request("POST", "/v1/batch", RawHttp.headers("Authorization", server.basic(),
                    "Content-Type", "application/json"), (i % 4 == 0 ? valid : tiny).getBytes(StandardCharsets.UTF_8), false);
            answers.add(pool.submit(() -> {
                start.await();
                return server.send(request);
            }));
        }
        start.countDown();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (java.util.concurrent.Future<RawHttp.Response> answer : answers) {
            statuses.merge(answer.get().status(), 1, Integer::sum);
        }
        pool.shutdown();
        System.out.println(clients + " batches at once: " + statuses);
        assertThat(statuses.keySet()).as("stored, refused, or come back later").isSubsetOf(200, 400, 429);
        server.assertSound();
    }

    @Test
    void aBodyCutShortIsRefusedAsTheClientsFault() throws Exception {
        byte[] body = "{\"batch\":[{\"type\":\"track\",\"event\":\"e\",\"userId\":\"u\"}]}".getBytes(StandardCharsets.UTF_8);
        String head = "POST /v1/batch HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: " + server.basic()
                + "\r\nContent-Type: application/json\r\n";
        for (String framing : List.of("Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length + 50) + "\r\n",
                "Content-Length: " + (body.length + 50) + "\r\n\r\n")) {
            byte[] request = (head + framing + new String(body, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
            RawHttp.Response answer = server.send(request);
            assertThat(answer.status()).as(answer.text()).isEqualTo(400);
            assertThat(answer.text()).contains("ended before its body was complete");
        }
    }

    /** Sends a valid event (alone or in a small batch); a 429 or 503 leaves it for a retry, anything else but 200 fails. */
    private void sendValid(Fuzz fuzz, String customer, String id, Map<String, Integer> acknowledged, List<String> retry) {
        String message = "{\"userId\":\"" + customer + "\",\"event\":\"Fuzz Valid\",\"messageId\":\"" + id
                + "\",\"properties\":{\"n\":" + fuzz.between(0, 1000) + ",\"é\":\"😀\"}}";
        boolean batch = fuzz.chance(0.3);
        byte[] body = (batch ? "{\"batch\":[" + message.replaceFirst("\\{", "{\"type\":\"track\",") + "]}" : message)
                .getBytes(StandardCharsets.UTF_8);
        RawHttp.Response answer = server.send(RawHttp.request("POST", batch ? "/v1/batch" : "/v1/track",
                RawHttp.headers("Authorization", server.basic(), "Content-Type", "application/json"),
                body, fuzz.chance(0.2)));
        if (answer.status() == 429 || answer.status() == 503) {
            retry.add(id);
            return;
        }
        assertThat(answer.status()).as("a valid event: %s", answer.text()).isEqualTo(200);
        acknowledged.merge(id, 1, Integer::sum);
    }

    private Hostile hostile(Fuzz fuzz, SegmentBodies bodies) {
        String endpoint = fuzz.chance(0.97) ? fuzz.pick("track", "identify", "page", "screen", "group", "alias", "batch", "import")
                : fuzz.pick("trak", "batch/", "track/extra", "..%2Ftrack", "%00", "track%20", "TRACK");
        boolean single = SINGLE.contains(endpoint);
        byte[] body = switch (fuzz.between(0, 80)) {
            case 0 -> new byte[fuzz.pick(40_000, 600_000)];
            case 1 -> fuzz.longText(9_000_000).getBytes(StandardCharsets.UTF_8);
            case 2 -> fuzz.nested(100_000).getBytes(StandardCharsets.UTF_8);
            default -> single ? bodies.messageBytes() : bodies.batchBytes();
        };
        List<String[]> headers = new ArrayList<>();
        String target = "/v1/" + endpoint;
        switch (fuzz.between(0, 12)) {
            case 0 -> { }
            case 1 -> headers.add(new String[] {"Authorization", "Basic " + fuzz.pick("!!!", "", "=", "a", "YQ", "====",
                    fuzz.text().replace("\r", "").replace("\n", ""))});
            case 2 -> headers.add(new String[] {"Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    fuzz.mutate(server.writeKey.getBytes(StandardCharsets.UTF_8)))});
            case 3 -> headers.add(new String[] {"Authorization", fuzz.pick("Bearer " + server.writeKey, "Digest x", "basic",
                    "Basic " + "QUFB".repeat(fuzz.pick(100, 3_000)), "Basic \u00ff\u00fe\u0080")});
            case 4 -> target += "?writeKey=" + fuzz.pick(server.writeKey, "%zz", "%", "%00", "", "x&writeKey=y",
                    java.net.URLEncoder.encode(fuzz.text(), StandardCharsets.UTF_8));
            default -> headers.add(new String[] {"Authorization", server.basic()});
        }
        String contentType = fuzz.pick("application/json", "application/json", "text/plain", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json; charset=utf-16", "", "\u00e9/\u00e9", null);
        if (contentType != null) {
            headers.add(new String[] {"Content-Type", contentType});
        }
        boolean html = fuzz.chance(0.1);
        if (html) {
            headers.add(new String[] {"Accept", "text/html"});
        }
        String method = fuzz.chance(0.97) ? "POST" : fuzz.pick("GET", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE");
        byte[] request = RawHttp.request(method, target, headers, body, fuzz.chance(0.12));
        boolean broken = fuzz.chance(0.04);
        if (broken) {
            request = brokenFraming(fuzz, request, body);
        }
        String version = new String(request, 0, Math.min(request.length, 200), StandardCharsets.ISO_8859_1).split("\r\n")[0];
        String what = method + " " + target + (broken ? " (broken framing" + (version.endsWith("HTTP/1.1") ? ")"
                : ", version " + version + ")") : "");
        return new Hostile(what, request, html ? FuzzedServer.Refusal.PAGE : FuzzedServer.Refusal.JSON, broken);
    }

    /** A request whose framing lies: a length longer or shorter than the body, bad chunk sizes, both framings, junk headers. */
    private static byte[] brokenFraming(Fuzz fuzz, byte[] request, byte[] body) {
        String text = new String(request, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        String head = text.substring(0, headEnd).replaceAll("\r\n(Content-Length|Transfer-Encoding): [^\r]*", "");
        String rest = new String(body, StandardCharsets.ISO_8859_1);
        String broken = switch (fuzz.between(0, 6)) {
            case 0 -> head + "\r\nContent-Length: " + (body.length + fuzz.between(1, 1000)) + "\r\n\r\n" + rest;
            case 1 -> head + "\r\nContent-Length: " + fuzz.pick("-1", "abc", "99999999999999999999", "1 2", "") + "\r\n\r\n" + rest;
            case 2 -> head + "\r\nTransfer-Encoding: chunked\r\n\r\n" + fuzz.pick("zz", "-1", "fffffffffffffff", "")
                    + "\r\n" + rest + "\r\n0\r\n\r\n";
            case 3 -> head + "\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length + 50) + "\r\n" + rest;
            case 4 -> head + "\r\nContent-Length: " + body.length + "\r\nTransfer-Encoding: chunked\r\n\r\n" + rest;
            case 5 -> head + "\r\nX-Junk: \u0000\u0001\u00ff\r\n" + "X-Many: 1\r\n".repeat(fuzz.pick(10, 5_000))
                    + "Content-Length: " + body.length + "\r\n\r\n" + rest;
            default -> head.replace("HTTP/1.1", fuzz.pick("HTTP/1.0", "HTTP/9.9", "HTTP/1.1 junk", "")) + "\r\nContent-Length: "
                    + body.length + "\r\n\r\n" + rest;
        };
        return broken.getBytes(StandardCharsets.ISO_8859_1);
    }
}
