package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analyses over HTTP, on the demo map and a handful of journeys whose answers are known by hand. */
class AnalyticsApiTest {
    private static final String BASE = "/api/workspaces/akwaba/analytics/";

    @TempDir
    Path data;
    ServerTestSupport parcours;

    @BeforeEach
    void start() {
        parcours = new ServerTestSupport(data);
        loadJourneys(parcours);
    }

    /**
     * The demo workspace "akwaba" with its source "web-shop", and five journeys: c1 comes from
     * Instagram, buys online and gets the dress; c2 leaves her cart; c3 only looks at a product; c4
     * visits the shop and buys there; c5 only does things that are not on the map. Returns the
     * source's write key.
     */
    static String loadJourneys(ServerTestSupport parcours) {
        String demo = io.parcours.io.mapfile.MapFiles.write(io.parcours.io.mapfile.MapDocument.of(
                io.parcours.io.builtin.DemoWorkspaces.load().get(0)));
        assertThat(parcours.post("/api/workspaces", "{\"key\": \"akwaba\", \"name\": \"Maison Akwaba\"}").status()).isEqualTo(201);
        assertThat(parcours.post("/api/workspaces/akwaba/import", demo).status()).isEqualTo(200);
        assertThat(parcours.post("/api/workspaces/akwaba/sources", "{\"key\": \"web-shop\", \"name\": \"Web shop\"}").status())
                .isEqualTo(201);
        String key = parcours.post("/api/workspaces/akwaba/sources/web-shop/keys", "").json().get("secret").asText();
        String batch = """
                {"batch": [
                  {"type": "page", "anonymousId": "c1", "name": "Home", "context": {"campaign": {"source": "instagram"}},
                   "timestamp": "2026-01-10T10:00:00Z"},
                  {"type": "track", "anonymousId": "c1", "event": "Product Viewed", "timestamp": "2026-01-10T10:01:00Z"},
                  {"type": "track", "anonymousId": "c1", "event": "Product Added", "timestamp": "2026-01-10T10:02:00Z"},
                  {"type": "track", "anonymousId": "c1", "event": "Checkout Started", "timestamp": "2026-01-10T10:03:00Z"},
                  {"type": "track", "anonymousId": "c1", "event": "Order Completed", "properties": {"revenue": 120},
                   "timestamp": "2026-01-10T10:04:00Z"},
                  {"type": "track", "anonymousId": "c1", "event": "Order Delivered", "timestamp": "2026-01-12T09:00:00Z"},
                  {"type": "page", "anonymousId": "c2", "name": "Home", "context": {"campaign": {"source": "instagram"}},
                   "timestamp": "2026-01-10T11:00:00Z"},
                  {"type": "track", "anonymousId": "c2", "event": "Product Viewed", "timestamp": "2026-01-10T11:01:00Z"},
                  {"type": "track", "anonymousId": "c2", "event": "Product Added", "timestamp": "2026-01-10T11:02:00Z"},
                  {"type": "track", "anonymousId": "c3", "event": "Product Viewed", "timestamp": "2026-01-10T12:00:00Z"},
                  {"type": "track", "userId": "c4", "event": "Store Visited", "timestamp": "2026-01-11T15:00:00Z"},
                  {"type": "track", "userId": "c4", "event": "Order Completed", "properties": {"revenue": 80},
                   "timestamp": "2026-01-12T15:00:00Z"},
                  {"type": "track", "anonymousId": "c5", "event": "Wishlist Added", "timestamp": "2026-01-10T13:00:00Z"}
                ]}""";
        send(parcours, key, batch);
        return key;
    }

    /** Sends a batch of Segment messages (JSON) to the tracking API with write key {@code key}. */
    static void send(ServerTestSupport parcours, String key, String batch) {
        post(parcours, key, batch);
        // Figures count the events written to the database (the pages' and the API's by default).
        parcours.store.events().awaitLoaded(30_000);
    }

    /** Sends a batch, acknowledged once journaled, without waiting for it to be written to the database. */
    static void post(ServerTestSupport parcours, String key, String batch) {
        HttpRequest request = HttpRequest.newBuilder(parcours.uri("/v1/batch")).header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(batch)).build();
        ServerTestSupport.Answer sent = parcours.send(request);
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        parcours.close();
    }

    private JsonNode get(String path) {
        ServerTestSupport.Answer answer = parcours.get(BASE + path);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void theStageFunnelCountsCustomersThroughTheMapsStages() {
        JsonNode funnel = get("funnel?map=amina-current");
        assertThat(funnel.at("/all/entered").asLong()).isEqualTo(2);
        assertThat(funnel.at("/all/stages/0/name").asText()).isEqualTo("pre-purchase");
        assertThat(funnel.at("/all/stages/1/customers").asLong()).isEqualTo(2);
        assertThat(funnel.at("/all/stages/2/customers").asLong()).isEqualTo(1);
        assertThat(funnel.at("/all/stages/1/dropOff").asLong()).isEqualTo(1);
        // c1: from 10:00 on the 10th to the delivery at 09:00 on the 12th.
        assertThat(funnel.at("/all/timeToConvert/medianMillis").asLong()).isEqualTo(47 * 3_600_000L);
        assertThat(get("funnel?map=amina-current&windowDays=1").at("/all/stages/2/customers").asLong()).isZero();
        assertThat(get("funnel?map=amina-current&breakdown=channel").at("/groups/0/name").asText()).isEqualTo("social");
        // Only c1, of the two who entered, has a revenue property: c2 is in no group.
        JsonNode byRevenue = get("funnel?map=amina-current&breakdown=property.revenue");
        assertThat(byRevenue.get("groups")).hasSize(1);
        assertThat(byRevenue.at("/groups/0/name").asText()).isEqualTo("120");
        assertThat(byRevenue.at("/groups/0/entered").asLong()).isEqualTo(1);
        assertThat(parcours.get(BASE + "funnel?map=amina-current&breakdown=weather").json().at("/error/message").asText())
                .contains("property.KEY");
    }

    @Test
    void attributionCreditsTheChannelsBeforeEachOrder() {
        JsonNode last = get("attribution?map=amina-current&model=last");
        assertThat(last.get("model").asText()).isEqualTo("last");
        assertThat(last.get("conversions").asDouble()).isEqualTo(2);
        assertThat(last.get("value").asDouble()).isEqualTo(200);
        assertThat(credit(last, "web").get("conversions").asDouble()).isEqualTo(1);
        assertThat(credit(last, "web").get("value").asDouble()).isEqualTo(120);
        assertThat(credit(last, "store").get("value").asDouble()).isEqualTo(80);
        JsonNode first = get("attribution?map=amina-current&model=first");
        assertThat(credit(first, "social").get("conversions").asDouble()).isEqualTo(1);
        JsonNode markov = get("attribution?map=amina-current");
        assertThat(markov.get("model").asText()).isEqualTo("markov");
        assertThat(credit(markov, "store").has("removalEffect")).isTrue();
        JsonNode byTouchpoint = get("attribution?map=amina-current&model=linear&by=touchpoint");
        assertThat(credit(byTouchpoint, "shop-visit").get("conversions").asDouble()).isEqualTo(1);
    }

    private static JsonNode credit(JsonNode attribution, String channel) {
        for (JsonNode credit : attribution.get("channels")) {
            if (credit.get("channel").asText().equals(channel)) {
                return credit;
            }
        }
        throw new AssertionError("no credit for " + channel + " in " + attribution);
    }

    @Test
    void pathsProcessConformanceKeyTouchpointsAndAbandonment() {
        JsonNode paths = get("paths?map=amina-current&start=product-page&steps=3");
        assertThat(paths.get("paths").asLong()).isEqualTo(3);
        assertThat(paths.at("/nodes/0/name").asText()).isEqualTo("product-page");
        assertThat(paths.at("/nodes/0/count").asLong()).isEqualTo(3);

        JsonNode process = get("process");
        assertThat(process.get("cases").asLong()).isEqualTo(5);
        assertThat(process.get("events").asLong()).isEqualTo(13);
        JsonNode onMap = get("process?map=amina-current");
        assertThat(onMap.get("cases").asLong()).isEqualTo(4);
        assertThat(onMap.at("/start/instagram-story").asLong()).isEqualTo(2);

        JsonNode conformance = get("conformance?map=amina-current");
        assertThat(conformance.get("onMap").asLong()).isEqualTo(4);
        assertThat(conformance.get("offMap").get(0).get("name").asText()).isEqualTo("Wishlist Added");
        assertThat(conformance.get("neverSeen").toString()).contains("newsletter").doesNotContain("product-page");

        JsonNode touchpoints = get("touchpoints?map=amina-current&model=linear");
        assertThat(touchpoints.get("converted").asLong()).isEqualTo(2);
        JsonNode cart = null;
        for (JsonNode touchpoint : touchpoints.get("touchpoints")) {
            cart = touchpoint.get("name").asText().equals("cart") ? touchpoint : cart;
        }
        assertThat(cart.get("reach").asLong()).isEqualTo(2);
        assertThat(cart.get("conversionWith").asDouble()).isEqualTo(0.5);
        assertThat(cart.get("dropOffAfter").asLong()).isEqualTo(1);

        JsonNode abandonment = get("abandonment?map=amina-current&intent=cart");
        assertThat(abandonment.get("withIntent").asLong()).isEqualTo(2);
        assertThat(abandonment.get("abandoned").asLong()).isEqualTo(1);
        assertThat(abandonment.get("customers").toString()).isEqualTo("[\"c2\"]");
        // As of the end of the 10th, c2's cart of that day is still open: the week after it is not over then.
        JsonNode early = get("abandonment?map=amina-current&intent=cart&to=2026-01-10");
        assertThat(early.get("converted").asLong()).isEqualTo(1);
        assertThat(early.get("open").asLong()).isEqualTo(1);
        assertThat(early.get("abandoned").asLong()).isZero();
    }

    @Test
    void filtersKeepTheCustomersAsked() {
        assertThat(get("attribution?map=amina-current&model=last&channel=store").get("conversions").asDouble()).isEqualTo(1);
        assertThat(get("attribution?map=amina-current&model=last&property=revenue=120").get("value").asDouble())
                .isEqualTo(120);
        assertThat(get("process?from=2026-01-11").get("events").asLong()).isEqualTo(3);
        assertThat(get("process?to=2026-01-10").get("events").asLong()).isEqualTo(10);
        assertThat(get("process?source=web-shop").get("cases").asLong()).isEqualTo(5);
    }

    @Test
    void figuresSayHowOldTheyAreAndFreshTrueCountsEveryEventStored() {
        ServerTestSupport.Answer recent = parcours.get(BASE + "funnel?map=amina-current");
        java.time.Instant at = java.time.Instant.parse(recent.raw().headers().firstValue("Parcours-Figures-At").orElseThrow());
        assertThat(at).isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now());
        assertThat(recent.raw().headers().firstValue("Age")).hasValueSatisfying(age -> assertThat(Long.parseLong(age))
                .isBetween(0L, 60L));
        // A sixth journey: cheap figures are computed again whether fresh is asked or not.
        send(parcours, parcours.post("/api/workspaces/akwaba/sources/web-shop/keys", "").json().get("secret").asText(), """
                {"batch": [{"type": "page", "anonymousId": "c6", "name": "Home", "context": {"campaign": {"source": "instagram"}},
                 "timestamp": "2026-01-10T14:00:00Z"}]}""");
        assertThat(get("funnel?map=amina-current&fresh=true").at("/all/entered").asLong()).isEqualTo(3);
        assertThat(get("funnel?map=amina-current").at("/all/entered").asLong()).isEqualTo(3);
        assertThat(parcours.get("/api/workspaces/akwaba/kpis?map=amina-current&fresh=true").status()).isEqualTo(200);
        ServerTestSupport.Answer wrong = parcours.get(BASE + "funnel?map=amina-current&fresh=yes");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().at("/error/field").asText()).isEqualTo("fresh");
        assertThat(wrong.json().at("/error/message").asText()).contains("true or false");
    }

    @Test
    void badParametersAreAnsweredWithWhatToFix() {
        ServerTestSupport.Answer unknown = parcours.get(BASE + "funnel?map=amina-current&window=3");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().at("/error/field").asText()).isEqualTo("window");
        assertThat(unknown.json().at("/error/message").asText()).contains("windowDays");
        ServerTestSupport.Answer noMap = parcours.get(BASE + "funnel");
        assertThat(noMap.status()).isEqualTo(400);
        assertThat(noMap.json().at("/error/message").asText()).contains("needs a map");
        assertThat(parcours.get(BASE + "attribution?map=amina-current&model=u-shaped").json().at("/error/message").asText())
                .contains("markov");
        assertThat(parcours.get(BASE + "funnel?map=amina-current&windowDays=0").status()).isEqualTo(400);
        assertThat(parcours.get(BASE + "paths?start=nowhere").json().at("/error/field").asText()).isEqualTo("start");
        assertThat(parcours.get(BASE + "process?from=yesterday").json().at("/error/field").asText()).isEqualTo("from");
        assertThat(parcours.get(BASE + "funnel?map=nope").status()).isEqualTo(404);
        assertThat(parcours.get(BASE + "abandonment?map=amina-current").json().at("/error/field").asText())
                .isEqualTo("intent");
        assertThat(parcours.get(BASE + "attribution?map=amina-current&valueProperty=.").json().at("/error/field").asText())
                .isEqualTo("valueProperty");
        assertThat(parcours.get(BASE + "process?from=%2B500000000-01-01T00:00:00Z").status()).isEqualTo(400);
        // Time decay with a lookback of many half-lives: shares, not 0 / 0.
        JsonNode decay = get("attribution?map=amina-current&model=time-decay&lookbackDays=3650&halfLifeDays=1");
        assertThat(decay.toString()).doesNotContain("NaN");
        assertThat(credit(decay, "store").get("conversions").asDouble()).isEqualTo(1);
    }
}
