package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.parcours.model.SurveyType;
import io.parcours.store.StoredEvent;
import io.parcours.store.SurveyAnswer;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hypotheses tested by an A/B experiment and by before/after answers, over a real server. */
class HypothesisApiTest {
    static final String MAP = """
            key: shop
            name: Shop
            persona: amina
            conversion: order
            stages:
              - key: browse
                name: Browse
                touchpoints:
                  - {key: product-page, name: Product page, channel: web, match: [Product Viewed]}
              - key: buy
                name: Buy
                touchpoints:
                  - {key: order, name: Order, channel: web, match: [Order Completed], surveys: [{key: nps, type: nps}]}
            """;

    @TempDir
    Path data;
    ServerTestSupport parcours;
    String writeKey;

    @BeforeEach
    void start() {
        parcours = new ServerTestSupport(data);
        parcours.akwabaWithMap(MAP);
        writeKey = parcours.writeKey();
    }

    @AfterEach
    void stop() {
        parcours.close();
    }

    private HttpRequest.Builder withKey(String path) {
        return HttpRequest.newBuilder(parcours.uri(path)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8)));
    }

    private String variant(String user) {
        ServerTestSupport.Answer answer = parcours.send(withKey("/v1/experiments/size-guide/variant?userId=" + user).GET().build());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("variant").asText();
    }

    @Test
    void anExperimentSplitsVisitorsStablyAndItsVerdictFollowsTheConversions() throws Exception {
        ServerTestSupport.Answer created = parcours.put("/api/workspaces/akwaba/hypotheses/size-guide", """
                {"map": "shop", "touchpoint": "product-page", "change": "A size guide on the product page",
                 "metric": "conversion", "expectedEffect": 5, "test": "ab", "mapVersion": 1,
                 "variants": [{"key": "control"}, {"key": "size-guide"}]}""");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.json().get("state").asText()).isEqualTo("to-test");
        JsonNode before = parcours.send(withKey("/v1/experiments/size-guide/variant?userId=u1").GET().build()).json();
        assertThat(before.get("variant").asText()).isEqualTo("control");
        assertThat(before.get("running").asBoolean()).isFalse();

        assertThat(parcours.post("/api/workspaces/akwaba/hypotheses/size-guide/start", "").json().get("state").asText())
                .isEqualTo("running");
        assertThat(parcours.post("/api/workspaces/akwaba/hypotheses/size-guide/start", "").status()).isEqualTo(409);

        int users = 600;
        Map<String, String> variants = new HashMap<>();
        for (int i = 0; i < users; i++) {
            variants.put("u" + i, variant("u" + i));
        }
        for (int i = 0; i < 50; i++) {
            assertThat(variant("u" + i)).as("the same visitor sees the same variant").isEqualTo(variants.get("u" + i));
        }
        long guided = variants.values().stream().filter("size-guide"::equals).count();
        assertThat(guided).isBetween(240L, 360L);
        List<StoredEvent> exposures = parcours.store.searchEvents("akwaba", Optional.empty(), Optional.of("Experiment Viewed"),
                10_000);
        assertThat(exposures).as("one exposure per visitor, however often asked").hasSize(users);

        // every visitor views the product page a minute later; 30 % of the guided ones buy, 12 % of the others
        Instant later = Instant.now().plus(1, ChronoUnit.MINUTES);
        StringBuilder batch = new StringBuilder("{\"batch\": [");
        int guidedSeen = 0;
        int controlSeen = 0;
        int guidedBought = 0;
        int controlBought = 0;
        for (int i = 0; i < users; i++) {
            String user = "u" + i;
            batch.append(i == 0 ? "" : ",").append("{\"type\": \"track\", \"userId\": \"").append(user)
                    .append("\", \"event\": \"Product Viewed\", \"timestamp\": \"").append(later).append("\"}");
            boolean isGuided = variants.get(user).equals("size-guide");
            int rank = isGuided ? guidedSeen++ : controlSeen++;
            if (rank % 100 < (isGuided ? 30 : 12)) {
                if (isGuided) {
                    guidedBought++;
                } else {
                    controlBought++;
                }
                batch.append(",{\"type\": \"track\", \"userId\": \"").append(user)
                        .append("\", \"event\": \"Order Completed\", \"timestamp\": \"").append(later.plusSeconds(60))
                        .append("\"}");
            }
        }
        batch.append("]}");
        ServerTestSupport.Answer sent = parcours.send(withKey("/v1/batch").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch.toString())).build());
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);

        JsonNode evaluation = parcours.get("/api/workspaces/akwaba/hypotheses/size-guide/evaluation").json();
        assertThat(evaluation.get("evidence").asText()).isEqualTo("experiment");
        JsonNode control = evaluation.get("groups").get(0);
        JsonNode sizeGuide = evaluation.get("groups").get(1);
        assertThat(control.get("cases").asLong() + sizeGuide.get("cases").asLong()).isEqualTo(users);
        assertThat(sizeGuide.get("cases").asLong()).isEqualTo(guidedSeen);
        assertThat(sizeGuide.get("value").asDouble()).isCloseTo(100.0 * guidedBought / guidedSeen, within(1e-9));
        assertThat(control.get("value").asDouble()).isCloseTo(100.0 * controlBought / controlSeen, within(1e-9));
        JsonNode comparison = evaluation.get("comparisons").get(0);
        assertThat(comparison.get("difference").get("test").asText()).isEqualTo("two-proportion z-test");
        assertThat(comparison.get("difference").get("pValue").asDouble()).isLessThan(0.001);
        assertThat(evaluation.get("verdict").asText()).isEqualTo("supported");
        assertThat(evaluation.get("neededPerGroup").asLong()).isPositive();
        assertThat(evaluation.get("mapVersionSavedAt").asText()).isNotBlank();

        assertThat(parcours.post("/api/workspaces/akwaba/hypotheses/size-guide/end", "").json().get("state").asText())
                .isEqualTo("ended");
        JsonNode after = parcours.send(withKey("/v1/experiments/size-guide/variant?userId=u999").GET().build()).json();
        assertThat(after.get("running").asBoolean()).isFalse();
        assertThat(parcours.get("/api/workspaces/akwaba/hypotheses").json().get(0).get("state").asText()).isEqualTo("ended");
    }

    @Test
    void beforeAfterAnswersGiveAVerdictLabelledWeaker() {
        Instant change = Instant.parse("2026-10-01T00:00:00Z");
        List<SurveyAnswer> answers = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            boolean after = i >= 200;
            int score = after ? (i % 2 == 0 ? 10 : 8) : (i % 2 == 0 ? 10 : 3);
            answers.add(new SurveyAnswer(Optional.empty(), "akwaba", "shop", "nps", "order", SurveyType.NPS, "c" + i, "en",
                    Optional.of(score), Optional.empty(), "{}", change.plus(after ? 3 : -3, ChronoUnit.DAYS)));
        }
        parcours.store.surveys().appendAnswers("akwaba", answers);
        assertThat(parcours.put("/api/workspaces/akwaba/hypotheses/faster-delivery", """
                {"map": "shop", "touchpoint": "order", "change": "Delivery in 24 hours", "metric": "nps",
                 "expectedEffect": 10, "test": "before-after", "changedAt": "2026-10-01T00:00:00Z", "windowDays": 14}""")
                .status()).isEqualTo(200);
        JsonNode evaluation = parcours.get("/api/workspaces/akwaba/hypotheses/faster-delivery/evaluation").json();
        assertThat(evaluation.get("evidence").asText()).contains("weaker evidence");
        assertThat(evaluation.get("groups")).extracting(g -> g.get("name").asText()).containsExactly("before", "after");
        assertThat(evaluation.get("groups").get(0).get("value").asDouble()).isCloseTo(0, within(1e-9));
        assertThat(evaluation.get("groups").get(1).get("value").asDouble()).isCloseTo(50, within(1e-9));
        assertThat(evaluation.get("verdict").asText()).isEqualTo("supported");

        parcours.put("/api/workspaces/akwaba/hypotheses/faster-delivery", """
                {"map": "shop", "touchpoint": "order", "change": "Delivery in 24 hours", "metric": "nps",
                 "expectedEffect": -10, "test": "before-after", "changedAt": "2026-10-01T00:00:00Z", "windowDays": 14}""");
        assertThat(parcours.get("/api/workspaces/akwaba/hypotheses/faster-delivery/evaluation").json().get("verdict").asText())
                .as("it moved, but the other way").isEqualTo("refuted");
    }

    @Test
    void badHypothesesAndExperimentCallsAreExplained() {
        ServerTestSupport.Answer unknownTouchpoint = parcours.put("/api/workspaces/akwaba/hypotheses/h", """
                {"map": "shop", "touchpoint": "product-pag", "change": "x", "metric": "conversion", "expectedEffect": 5,
                 "test": "ab", "variants": [{"key": "a"}, {"key": "b"}]}""");
        assertThat(unknownTouchpoint.status()).isEqualTo(400);
        assertThat(unknownTouchpoint.json().get("error").get("message").asText()).contains("did you mean 'product-page'");
        assertThat(parcours.put("/api/workspaces/akwaba/hypotheses/h", """
                {"map": "shop", "touchpoint": "order", "change": "x", "metric": "nps", "expectedEffect": 5,
                 "test": "ab", "variants": [{"key": "only"}]}""").json().get("error").get("field").asText())
                .isEqualTo("variants");
        assertThat(parcours.put("/api/workspaces/akwaba/hypotheses/h", """
                {"map": "shop", "touchpoint": "order", "change": "x", "metric": "volume", "expectedEffect": 5,
                 "test": "ab", "variants": [{"key": "a"}, {"key": "b"}]}""").status()).isEqualTo(400);
        assertThat(parcours.put("/api/workspaces/akwaba/hypotheses/h", """
                {"map": "shop", "touchpoint": "order", "change": "x", "metric": "nps", "expectedEffect": 5,
                 "test": "before-after"}""").json().get("error").get("field").asText()).isEqualTo("changedAt");
        assertThat(parcours.put("/api/workspaces/akwaba/hypotheses/h", """
                {"map": "shop", "touchpoint": "order", "change": "x", "metric": "nps", "expectedEffect": 5,
                 "test": "ab", "variants": [{"key": "a"}, {"key": "b"}], "mapVersion": 7}""").status()).isEqualTo(404);
        assertThat(parcours.get("/api/workspaces/akwaba/hypotheses/nope/evaluation").status()).isEqualTo(404);
        assertThat(parcours.send(withKey("/v1/experiments/nope/variant?userId=u1").GET().build()).status()).isEqualTo(404);
        assertThat(parcours.getWithoutToken("/v1/experiments/nope/variant?userId=u1").status()).isEqualTo(401);
        assertThat(parcours.get("/api/workspaces/akwaba/hypotheses").json()).isEmpty();
    }
}
