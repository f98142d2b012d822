package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parcours.store.AnswerFilter;
import io.parcours.store.ScoreRow;
import io.parcours.store.SurveyAnswer;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A customer's order triggers a survey that the customer answers over HTTP, once, on a real server. */
class SurveyApiTest {
    static final String MAP = """
            key: shop
            name: Shop
            persona: amina
            stages:
              - key: buy
                name: Buy
                touchpoints:
                  - key: order
                    name: Order
                    channel: web
                    match: [Order Completed]
                    surveys:
                      - key: nps-order
                        type: nps
                      - key: order-feedback
                        type: custom
                        questions:
                          - key: found
                            kind: single
                            text: {en: Did you find your size?, fr: Avez-vous trouvé votre taille ?}
                            choices:
                              - {key: yes, text: {en: "Yes", fr: Oui}}
                              - {key: no, text: {en: "No", fr: Non}}
                          - key: topics
                            kind: multiple
                            text: What mattered?
                            required: false
                            choices:
                              - {key: price, text: Price}
                              - {key: speed, text: Speed}
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
        parcours.store.surveys().setThrottleDays("akwaba", 0);
    }

    @AfterEach
    void stop() {
        parcours.close();
    }

    private ServerTestSupport.Answer withKey(HttpRequest.Builder request) {
        return parcours.send(request.header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8))).build());
    }

    private ServerTestSupport.Answer post(String path, String body) {
        return parcours.send(HttpRequest.newBuilder(parcours.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Waits (at most 20 s) until the triggers have made the customer's invitations. */
    private JsonNode pending(String userId, int expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            ServerTestSupport.Answer answer = withKey(HttpRequest.newBuilder(parcours.uri("/v1/surveys/pending?userId=" + userId)).GET());
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            if (answer.json().size() >= expected || System.currentTimeMillis() > deadline) {
                return answer.json();
            }
            Thread.sleep(200);
        }
    }

    @Test
    void anOrderInvitesTheCustomerWhoAnswersOnceInTheirLanguage() throws Exception {
        // the triggers start after the newest event when they first see the surveys
        Thread.sleep(2_500);
        ServerTestSupport.Answer tracked = withKey(HttpRequest.newBuilder(parcours.uri("/v1/track"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"userId": "ana", "event": "Order Completed", "context": {"locale": "fr-FR"}}""")));
        assertThat(tracked.status()).isEqualTo(200);
        JsonNode invitations = pending("ana", 2);
        assertThat(invitations).hasSize(2);
        JsonNode nps = null;
        JsonNode custom = null;
        for (JsonNode invitation : invitations) {
            if (invitation.get("survey").asText().equals("nps-order")) {
                nps = invitation;
            } else {
                custom = invitation;
            }
        }
        assertThat(nps.get("language").asText()).isEqualTo("fr");
        assertThat(nps.get("questions").get(0).get("text").asText()).startsWith("Quelle est la probabilité");
        assertThat(nps.get("questions").get(0).get("minimum").asInt()).isZero();
        assertThat(nps.get("questions").get(0).get("maximum").asInt()).isEqualTo(10);
        assertThat(nps.get("questions").get(1).get("key").asText()).isEqualTo("why");
        String token = nps.get("token").asText();

        JsonNode english = parcours.getWithoutToken("/v1/surveys/" + token + "?lang=en").json();
        assertThat(english.get("questions").get(0).get("text").asText()).startsWith("How likely");

        ServerTestSupport.Answer outOfScale = post("/v1/surveys/" + token, "{\"answers\": {\"score\": 11}}");
        assertThat(outOfScale.status()).isEqualTo(400);
        assertThat(outOfScale.json().get("error").get("field").asText()).isEqualTo("answers.score");
        assertThat(outOfScale.json().get("error").get("message").asText()).contains("from 0 to 10");
        assertThat(post("/v1/surveys/" + token, "{\"answers\": {\"why\": \"no score\"}}").status()).isEqualTo(400);
        assertThat(post("/v1/surveys/" + token, "{\"answers\": {\"score\": 9, \"colour\": \"red\"}}").json()
                .get("error").get("message").asText()).contains("no question 'colour'");
        assertThat(post("/v1/surveys/" + token, "not json").status()).isEqualTo(400);
        assertThat(post("/v1/surveys/" + token, "{\"answers\": {\"why\": \"" + "x".repeat(20_000) + "\"}}").status())
                .isEqualTo(413);

        ServerTestSupport.Answer answered = post("/v1/surveys/" + token,
                "{\"answers\": {\"score\": 9, \"why\": \"  Livraison rapide  \"}}");
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        ServerTestSupport.Answer again = post("/v1/surveys/" + token, "{\"answers\": {\"score\": 0}}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").get("message").asText()).contains("already been answered");
        assertThat(parcours.getWithoutToken("/v1/surveys/" + token).status()).isEqualTo(409);

        String customToken = custom.get("token").asText();
        assertThat(post("/v1/surveys/" + customToken, "{\"answers\": {\"found\": \"maybe\"}}").status()).isEqualTo(400);
        assertThat(post("/v1/surveys/" + customToken, "{\"answers\": {\"found\": \"yes\", \"topics\": [\"price\", \"price\"]}}")
                .status()).isEqualTo(400);
        assertThat(post("/v1/surveys/" + customToken, "{\"answers\": {\"found\": \"yes\", \"topics\": [\"speed\", \"price\"]}}")
                .status()).isEqualTo(200);

        assertThat(pending("ana", 0)).as("answered invitations are no longer pending").isEmpty();
        List<ScoreRow> scores = parcours.store.surveys().scoreCounts(AnswerFilter.all("akwaba"), Optional.empty());
        assertThat(scores).extracting(ScoreRow::survey, ScoreRow::score, ScoreRow::answers)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("nps-order", 9, 1L));
        List<SurveyAnswer> comments = parcours.store.surveys().comments(AnswerFilter.all("akwaba"), Optional.empty(), 10);
        assertThat(comments).extracting(a -> a.comment().orElseThrow()).containsExactly("Livraison rapide");
        assertThat(comments.get(0).locale()).isEqualTo("fr");
    }

    @Test
    void aFloodFromOneAddressIsSlowedDown() {
        int refused = 0;
        String retryAfter = null;
        for (int i = 0; i < SurveyRoutes.BURST + 5; i++) {
            ServerTestSupport.Answer answer = post("/v1/surveys/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "{\"answers\": {}}");
            if (answer.status() == 429) {
                refused++;
                retryAfter = answer.header("Retry-After");
                assertThat(answer.json().get("error").get("code").asText()).isEqualTo("overloaded");
            } else {
                assertThat(answer.status()).isEqualTo(404);
            }
        }
        assertThat(refused).isBetween(4, 5);
        assertThat(Integer.parseInt(retryAfter)).isBetween(1, 2);
        ServerTestSupport.Answer page = parcours.send(HttpRequest.newBuilder(parcours.uri("/s/AAAA"))
                .header("Accept", "text/html").header("Accept-Language", "fr-FR").GET().build());
        assertThat(page.status()).isEqualTo(429);
        assertThat(page.body()).contains("Trop de réponses");
        assertThat(parcours.get("/api/workspaces").status()).as("the rest of the server is not limited").isEqualTo(200);
    }

    @Test
    void forgedTokensAndMissingKeysAreRefused() {
        ServerTestSupport.Answer forged = parcours.getWithoutToken("/v1/surveys/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        assertThat(forged.status()).isEqualTo(404);
        assertThat(forged.json().get("error").get("message").asText()).contains("not valid");
        assertThat(post("/v1/surveys/short", "{\"answers\": {\"score\": 9}}").status()).isEqualTo(404);
        assertThat(parcours.getWithoutToken("/v1/surveys/pending?userId=ana").status()).isEqualTo(401);
        assertThat(withKey(HttpRequest.newBuilder(parcours.uri("/v1/surveys/pending")).GET()).status()).isEqualTo(400);
    }
}
