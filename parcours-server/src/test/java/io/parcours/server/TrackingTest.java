package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parcours.store.StoredEvent;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Segment-compatible tracking API over HTTP, against a real server and database. */
class TrackingTest {
    @TempDir
    Path data;
    ServerTestSupport parcours;
    String writeKey;
    String keyId;

    @BeforeEach
    void start() {
        parcours = new ServerTestSupport(data);
        assertThat(parcours.post("/api/workspaces", "{\"key\": \"akwaba\", \"name\": \"Maison Akwaba\"}").status()).isEqualTo(201);
        assertThat(parcours.post("/api/workspaces/akwaba/sources", "{\"key\": \"web-shop\", \"name\": \"Web shop\"}").status())
                .isEqualTo(201);
        JsonNode key = parcours.post("/api/workspaces/akwaba/sources/web-shop/keys", "").json();
        writeKey = key.get("secret").asText();
        keyId = key.get("id").asText();
    }

    @AfterEach
    void stop() {
        parcours.close();
    }

    private ServerTestSupport.Answer send(String path, String body) {
        return send(path, body, writeKey);
    }

    private ServerTestSupport.Answer send(String path, String body, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(parcours.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8)));
        }
        return parcours.send(request.build());
    }

    private List<StoredEvent> stored() {
        return parcours.store.searchEvents("akwaba", Optional.empty(), Optional.empty(), 1000);
    }

    @Test
    void aTrackIsStoredBeforeTheAnswer() throws Exception {
        ServerTestSupport.Answer answer = send("/v1/track", """
                {"userId": "amina-29", "event": "Product Viewed", "messageId": "m-1",
                 "properties": {"sku": "wax-dress-1", "price": 89.5}, "context": {"page": {"url": "https://akwaba.example/robe"}}}""");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("success").asBoolean()).isTrue();
        List<StoredEvent> events = stored();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).source()).isEqualTo("web-shop");
        assertThat(events.get(0).event().name()).isEqualTo("Product Viewed");
        assertThat(ServerTestSupport.JSON.readTree(events.get(0).event().properties()).get("sku").asText())
                .isEqualTo("wax-dress-1");
        assertThat(events.get(0).event().context()).contains("akwaba.example/robe");
    }

    @Test
    void everyMessageTypeIsAccepted() {
        assertThat(send("/v1/identify", "{\"userId\": \"u1\", \"traits\": {\"email\": \"a@b.example\"}}").status()).isEqualTo(200);
        assertThat(send("/v1/page", "{\"anonymousId\": \"anon-1\", \"name\": \"Home\"}").status()).isEqualTo(200);
        assertThat(send("/v1/screen", "{\"userId\": \"u1\", \"name\": \"Cart\"}").status()).isEqualTo(200);
        assertThat(send("/v1/group", "{\"userId\": \"u1\", \"groupId\": \"family-7\"}").status()).isEqualTo(200);
        assertThat(send("/v1/alias", "{\"userId\": \"u1\", \"previousId\": \"anon-1\"}").status()).isEqualTo(200);
        assertThat(stored()).extracting(e -> e.event().type().id())
                .containsExactlyInAnyOrder("identify", "page", "screen", "group", "alias");
    }

    @Test
    void aRepeatedMessageIdIsStoredOnce() {
        String body = "{\"userId\": \"u1\", \"event\": \"Order Completed\", \"messageId\": \"order-42\"}";
        assertThat(send("/v1/track", body).status()).isEqualTo(200);
        assertThat(send("/v1/track", body).status()).isEqualTo(200);
        assertThat(send("/v1/batch", "{\"batch\": [{\"type\": \"track\", \"userId\": \"u1\", \"event\": \"Order Completed\", "
                + "\"messageId\": \"order-42\"}]}").status()).isEqualTo(200);
        assertThat(stored()).hasSize(1);
    }

    @Test
    void batchesMergeTheirContextAndCorrectTheClientClock() {
        Instant clientNow = Instant.now().plusSeconds(3600);
        String body = """
                {"batch": [
                   {"type": "track", "userId": "u1", "event": "Cart Viewed", "timestamp": "%s", "context": {"ip": "0.0.0.0"}},
                   {"type": "page", "anonymousId": "a1", "name": "Checkout", "timestamp": "%s"}],
                 "context": {"library": {"name": "analytics-node", "version": "2.1"}, "ip": "shared"},
                 "sentAt": "%s"}""".formatted(clientNow.minusSeconds(60), clientNow.minusSeconds(10), clientNow);
        long before = System.currentTimeMillis();
        ServerTestSupport.Answer answer = send("/v1/batch", body);
        long after = System.currentTimeMillis();
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<StoredEvent> events = stored();
        StoredEvent cart = events.stream().filter(e -> e.event().name().equals("Cart Viewed")).findFirst().orElseThrow();
        assertThat(cart.event().context()).contains("analytics-node").contains("\"ip\":\"0.0.0.0\"");
        // the client's clock is an hour ahead: the event happened 60 s before the request was sent
        assertThat(cart.event().timestamp()).isBetween(before - 60_000 - 1000, after - 60_000 + 1000);
        assertThat(cart.event().receivedAt()).isBetween(before - 1000, after + 1000);
    }

    @Test
    void theJourneyIndexFollowsEachEventAndIsRebuiltTheSameAtStart() {
        JsonNode empty = parcours.get("/api/workspaces/akwaba/journeys").json();
        assertThat(empty.get("events").asInt()).isZero();
        assertThat(send("/v1/batch", """
                {"batch": [
                  {"type": "page", "anonymousId": "phone-1", "name": "Home", "timestamp": "2026-11-20T10:00:00Z"},
                  {"type": "track", "anonymousId": "laptop-1", "event": "Product Viewed", "timestamp": "2026-11-20T10:10:00Z"},
                  {"type": "track", "anonymousId": "someone-else", "event": "Product Viewed", "timestamp": "2026-11-20T10:05:00Z"},
                  {"type": "identify", "anonymousId": "phone-1", "userId": "amina", "timestamp": "2026-11-20T10:12:00Z"}
                ]}""").status()).isEqualTo(200);
        JsonNode first = parcours.get("/api/workspaces/akwaba/journeys").json();
        assertThat(first.get("events").asInt()).isEqualTo(4);
        assertThat(first.get("customers").asInt()).isEqualTo(3);
        assertThat(first.at("/top/0/activity").asText()).isEqualTo("Product Viewed");
        assertThat(first.at("/top/0/events").asInt()).isEqualTo(2);
        // An alias merges the laptop's journey into amina's; a new page arrives for her.
        assertThat(send("/v1/batch", """
                {"batch": [
                  {"type": "alias", "previousId": "laptop-1", "userId": "amina", "timestamp": "2026-11-20T10:13:00Z"},
                  {"type": "page", "userId": "amina", "timestamp": "2026-11-20T10:14:00Z"}
                ]}""").status()).isEqualTo(200);
        JsonNode live = parcours.get("/api/workspaces/akwaba/journeys").json();
        assertThat(live.get("events").asInt()).isEqualTo(6);
        assertThat(live.get("customers").asInt()).isEqualTo(2);
        assertThat(live.get("activities").asInt()).isEqualTo(5);
        assertThat(live.get("top")).extracting(a -> a.get("activity").asText() + " " + a.get("events").asInt() + "/"
                + a.get("customers").asInt())
                .containsExactly("Product Viewed 2/2", "Home 1/1", "alias 1/1", "identify 1/1", "page 1/1");
        // 14 bytes per event and 16 per customer (2 customers, 6 events).
        assertThat(live.get("bytesPerEvent").asDouble()).isEqualTo(Math.round((14.0 + 16.0 * 2 / 6) * 100) / 100.0);
        assertThat(parcours.get("/api/workspaces/akwaba/customers/laptop-1/journey").json().get("events").asInt()).isEqualTo(5);

        parcours.close();
        parcours = new ServerTestSupport(data);
        assertThat(parcours.get("/api/workspaces/akwaba/journeys").json()).isEqualTo(live);
        assertThat(parcours.get("/api/workspaces/akwaba/journeys?limit=0").status()).isEqualTo(400);
        assertThat(parcours.get("/api/workspaces/nowhere/journeys").status()).isEqualTo(404);
    }

    @Test
    void aCustomerOnTwoDevicesHasOneJourneySplitIntoSessions() {
        ServerTestSupport.Answer sent = send("/v1/batch", """
                {"batch": [
                  {"type": "page", "anonymousId": "phone-1", "name": "Home", "timestamp": "2026-11-20T10:00:00Z"},
                  {"type": "track", "anonymousId": "laptop-1", "event": "Product Viewed", "timestamp": "2026-11-20T10:10:00Z"},
                  {"type": "identify", "anonymousId": "phone-1", "userId": "amina", "timestamp": "2026-11-20T10:12:00Z"},
                  {"type": "alias", "previousId": "laptop-1", "userId": "amina", "timestamp": "2026-11-20T10:13:00Z"},
                  {"type": "track", "userId": "amina", "event": "Order Completed", "timestamp": "2026-11-20T12:30:00Z"},
                  {"type": "track", "anonymousId": "someone-else", "event": "Product Viewed", "timestamp": "2026-11-20T10:05:00Z"}
                ]}""");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        JsonNode journey = parcours.get("/api/workspaces/akwaba/customers/laptop-1/journey").json();
        assertThat(journey.get("customer").asText()).isEqualTo("amina");
        assertThat(journey.get("ids")).extracting(JsonNode::asText).containsExactlyInAnyOrder("phone-1", "laptop-1", "amina");
        assertThat(journey.get("events").asInt()).isEqualTo(5);
        assertThat(journey.get("sessions")).hasSize(2);
        assertThat(journey.at("/sessions/0/events")).hasSize(4);
        assertThat(journey.at("/sessions/0/events/0/name").asText()).isEqualTo("Home");
        assertThat(journey.at("/sessions/1/events/0/name").asText()).isEqualTo("Order Completed");
        assertThat(journey.at("/sessions/1/start").asText()).isEqualTo("2026-11-20T12:30:00Z");
        JsonNode oneSession = parcours.get("/api/workspaces/akwaba/customers/amina/journey?sessionMinutes=180").json();
        assertThat(oneSession.get("sessions")).hasSize(1);
        assertThat(parcours.get("/api/workspaces/akwaba/customers/nobody/journey").status()).isEqualTo(404);
        JsonNode search = parcours.get("/api/workspaces/akwaba/events?customer=laptop-1").json();
        assertThat(search).hasSize(2);
        assertThat(search.get(0).get("type").asText()).isEqualTo("alias");
        assertThat(parcours.get("/api/workspaces/akwaba/events?limit=0").status()).isEqualTo(400);
    }

    @Test
    void eventsAreMatchedToTheMapsTouchpointsAndTheRestIsReported() {
        String demo = io.parcours.io.mapfile.MapFiles.write(io.parcours.io.mapfile.MapDocument.of(
                io.parcours.io.builtin.DemoWorkspaces.load().get(0)));
        assertThat(parcours.post("/api/workspaces/akwaba/import", demo).status()).isEqualTo(200);
        ServerTestSupport.Answer sent = send("/v1/batch", """
                {"batch": [
                  {"type": "page", "anonymousId": "a1", "name": "Home", "context": {"campaign": {"source": "instagram"}},
                   "timestamp": "2026-11-20T10:00:00Z"},
                  {"type": "track", "anonymousId": "a1", "event": "Product Viewed", "timestamp": "2026-11-20T10:01:00Z"},
                  {"type": "track", "anonymousId": "a1", "event": "Wishlist Added", "timestamp": "2026-11-20T10:02:00Z"},
                  {"type": "track", "anonymousId": "a1", "event": "Email Opened", "properties": {"campaign": "forgotten-cart"},
                   "timestamp": "2026-11-21T09:00:00Z"},
                  {"type": "track", "anonymousId": "a2", "event": "Wishlist Added", "timestamp": "2026-11-20T11:00:00Z"},
                  {"type": "track", "anonymousId": "a2", "event": "Email Opened", "properties": {"campaign": "winter-sale"},
                   "timestamp": "2026-11-20T11:05:00Z"}
                ]}""");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        assertThat(parcours.put("/api/workspaces/akwaba/personas/marc", "{\"name\": \"Marc\", \"match\": "
                + "[{\"traits.buys_gifts\": \"true\"}]}").status()).isEqualTo(200);
        assertThat(send("/v1/identify", "{\"anonymousId\": \"a1\", \"traits\": {\"buys_gifts\": true, \"address\": "
                + "{\"city\": \"Lyon\"}}, \"timestamp\": \"2026-11-19T10:00:00Z\"}").status()).isEqualTo(200);
        JsonNode journey = parcours.get("/api/workspaces/akwaba/customers/a1/journey?map=amina-current").json();
        assertThat(journey.get("persona").asText()).isEqualTo("marc");
        assertThat(journey.at("/traits/traits.address.city").asText()).isEqualTo("Lyon");
        journey = parcours.get("/api/workspaces/akwaba/customers/a1/journey?map=amina-current&sessionMinutes=30").json();
        assertThat(journey.at("/sessions/0/events/0/type").asText()).isEqualTo("identify");
        journey = withoutFirstSession(journey);
        assertThat(journey.at("/sessions/0/events/0/touchpoints/0/key").asText()).isEqualTo("instagram-story");
        assertThat(journey.at("/sessions/0/events/0/touchpoints/0/stage").asText()).isEqualTo("pre-purchase");
        assertThat(journey.at("/sessions/0/events/1/touchpoints/0/key").asText()).isEqualTo("product-page");
        assertThat(journey.at("/sessions/0/events/2/touchpoints")).isEmpty();
        assertThat(journey.at("/sessions/1/events/0/touchpoints/0/key").asText()).isEqualTo("forgotten-cart-email");
        JsonNode unmatched = parcours.get("/api/workspaces/akwaba/maps/amina-current/unmatched").json();
        assertThat(unmatched).hasSize(2);
        assertThat(unmatched.get(0).get("name").asText()).isEqualTo("Wishlist Added");
        assertThat(unmatched.get(0).get("events").asLong()).isEqualTo(2);
        assertThat(unmatched.get(0).get("customers").asLong()).isEqualTo(2);
        assertThat(unmatched.get(1).get("name").asText()).isEqualTo("Email Opened");
        // Changing the rules re-matches what was already collected.
        ServerTestSupport.Answer widened = parcours.put("/api/workspaces/akwaba/maps/amina-current/touchpoints/cart",
                "{\"name\": \"Shopping cart\", \"stage\": \"purchase\", \"channel\": \"web\", \"owner\": \"ecommerce\","
                        + " \"parent\": \"website\", \"targets\": {\"drop-off\": 70},"
                        + " \"match\": [{\"event\": [\"Product Added\", \"Cart Viewed\", \"Wishlist Added\"]}]}");
        assertThat(widened.status()).as(widened.body()).isEqualTo(200);
        assertThat(parcours.get("/api/workspaces/akwaba/maps/amina-current/unmatched").json()).hasSize(1);
        assertThat(parcours.get("/api/workspaces/akwaba/maps/amina-current/diff?from=1&format=text").body())
                .contains("match: + 'event Product Added or Cart Viewed or Wishlist Added'");
    }

    @Test
    void theWriteKeyMayComeInTheBody() {
        ServerTestSupport.Answer answer = send("/v1/track",
                "{\"writeKey\": \"" + writeKey + "\", \"userId\": \"u1\", \"event\": \"Signed Up\"}", null);
        assertThat(answer.status()).isEqualTo(200);
    }

    @Test
    void missingUnknownAndRevokedKeysAre401() {
        String body = "{\"userId\": \"u1\", \"event\": \"x\"}";
        assertThat(send("/v1/track", body, null).status()).isEqualTo(401);
        ServerTestSupport.Answer unknown = send("/v1/track", body, "pwk_unknown");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.json().at("/error/message").asText()).contains("not valid or was revoked");
        assertThat(parcours.delete("/api/workspaces/akwaba/keys/" + keyId).status()).isEqualTo(204);
        assertThat(send("/v1/track", body).status()).isEqualTo(401);
        assertThat(stored()).isEmpty();
    }

    @Test
    void badMessagesAre400WithTheField() {
        assertThat(field(send("/v1/track", "{\"userId\": \"u1\"}"))).isEqualTo("event");
        assertThat(field(send("/v1/track", "{\"event\": \"x\"}"))).isEqualTo("userId");
        assertThat(field(send("/v1/track", "{\"userId\": {\"a\": 1}, \"event\": \"x\"}"))).isEqualTo("userId");
        assertThat(field(send("/v1/track", "{\"userId\": \"u\", \"event\": \"x\", \"properties\": [1]}"))).isEqualTo("properties");
        assertThat(field(send("/v1/track", "{\"userId\": \"u\", \"event\": \"x\", \"timestamp\": \"yesterday\"}")))
                .isEqualTo("timestamp");
        assertThat(field(send("/v1/track", "{\"userId\": \"u\", \"event\": \"x\", \"type\": \"page\"}"))).isEqualTo("type");
        assertThat(field(send("/v1/alias", "{\"userId\": \"u\"}"))).isEqualTo("previousId");
        assertThat(field(send("/v1/batch", "{\"batch\": [{\"type\": \"track\", \"userId\": \"u\", \"event\": \"ok\"}, "
                + "{\"type\": \"track\", \"userId\": \"u\"}]}"))).isEqualTo("batch[1].event");
        assertThat(field(send("/v1/batch", "{\"batch\": [{\"type\": \"tarck\", \"userId\": \"u\"}]}"))).isEqualTo("batch[0].type");
        assertThat(field(send("/v1/batch", "{\"messages\": []}"))).isEqualTo("batch");
        ServerTestSupport.Answer malformed = send("/v1/track", "{\"userId\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().at("/error/message").asText()).contains("not valid JSON");
        assertThat(stored()).as("a batch with one bad message stores nothing").isEmpty();
    }

    @Test
    void sizeLimitsAreAnsweredWith400AndAReason() {
        String big = "x".repeat(33 * 1024);
        ServerTestSupport.Answer message = send("/v1/track",
                "{\"userId\": \"u\", \"event\": \"x\", \"properties\": {\"blob\": \"" + big + "\"}}");
        assertThat(message.status()).isEqualTo(400);
        assertThat(message.json().at("/error/message").asText()).contains("32 KB");
        StringBuilder batch = new StringBuilder("{\"batch\": [");
        for (int i = 0; i < 40; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"type\": \"track\", \"userId\": \"u\", \"event\": \"x\", \"properties\": {\"p\": \"")
                    .append("y".repeat(15 * 1024)).append("\"}}");
        }
        ServerTestSupport.Answer tooBig = send("/v1/batch", batch.append("]}").toString());
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.json().at("/error/message").asText()).contains("500 KB");
        assertThat(stored()).isEmpty();
    }

    @Test
    void moreThanTheLogCanHoldIsRefusedWith429AndRetryAfter(@TempDir Path other) {
        try (ServerTestSupport small = new ServerTestSupport(other, 5)) {
            small.store.createWorkspace("w", "W", "");
            small.store.createSource("w", "s", "S");
            String key = small.store.createWriteKey("w", "s").secret();
            StringBuilder batch = new StringBuilder("{\"batch\": [");
            for (int i = 0; i < 6; i++) {
                batch.append(i == 0 ? "" : ",").append("{\"type\": \"track\", \"userId\": \"u\", \"event\": \"e\"}");
            }
            ServerTestSupport.Answer answer = small.send(HttpRequest.newBuilder(small.uri("/v1/batch"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString(batch.append("]}").toString())).build());
            assertThat(answer.status()).isEqualTo(429);
            assertThat(answer.header("Retry-After")).isEqualTo("1");
            assertThat(answer.json().at("/error/code").asText()).isEqualTo("overloaded");
            assertThat(small.store.events().size()).isZero();
        }
    }

    /** The journey as if the identify (a session of its own, the day before) were not there. */
    private static JsonNode withoutFirstSession(JsonNode journey) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = journey.deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) copy.get("sessions")).remove(0);
        return copy;
    }

    private static String field(ServerTestSupport.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        return answer.json().at("/error/field").asText();
    }
}
