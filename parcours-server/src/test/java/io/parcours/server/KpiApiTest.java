package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.parcours.model.SurveyType;
import io.parcours.store.SurveyAnswer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KPI tables over the API, from answers whose KPIs are worked out by hand. */
class KpiApiTest {
    static final String MAP = """
            key: shop
            name: Shop
            persona: amina
            stages:
              - key: buy
                name: Buy
                targets: {nps: 10}
                touchpoints:
                  - key: order
                    name: Order
                    channel: web
                    targets: {nps: 30}
                    surveys: [{key: nps-order, type: nps}]
                  - key: shop
                    name: Shop visit
                    channel: store
                    targets: {csat: 80}
                    surveys: [{key: csat-shop, type: csat}]
              - key: after
                name: After
                touchpoints:
                  - key: help
                    name: Hotline
                    channel: phone
                    targets: {ces: 5.5}
                    surveys: [{key: ces-help, type: ces}]
            """;

    @TempDir
    Path data;
    ServerTestSupport parcours;

    @BeforeEach
    void start() {
        parcours = new ServerTestSupport(data);
        parcours.akwabaWithMap(MAP);
        List<SurveyAnswer> answers = new ArrayList<>();
        // order: 40 promoters, 20 passives, 40 detractors (NPS 0), in the week of 5 October and of 12 October
        for (int i = 0; i < 100; i++) {
            int score = i < 40 ? 10 : i < 60 ? 8 : 3;
            Instant at = Instant.parse(i % 2 == 0 ? "2026-10-06T10:00:00Z" : "2026-10-13T10:00:00Z");
            answers.add(answer("nps-order", "order", SurveyType.NPS, score, i < 3 ? "Livraison lente, vraiment lente" : null, at));
        }
        // hotline: 50 answers of 6 and 50 of 5, mean 5.5
        for (int i = 0; i < 100; i++) {
            answers.add(answer("ces-help", "help", SurveyType.CES, i < 50 ? 6 : 5, null, Instant.parse("2026-10-07T10:00:00Z")));
        }
        // shop: 10 answers, too few
        for (int i = 0; i < 10; i++) {
            answers.add(answer("csat-shop", "shop", SurveyType.CSAT, 5, i == 0 ? "Vendeuse adorable" : null,
                    Instant.parse("2026-10-08T10:00:00Z")));
        }
        parcours.store.surveys().appendAnswers("akwaba", answers);
    }

    private static SurveyAnswer answer(String survey, String touchpoint, SurveyType type, int score, String comment,
            Instant at) {
        return new SurveyAnswer(Optional.empty(), "akwaba", "shop", survey, touchpoint, type, "c-" + score, "fr",
                Optional.of(score), Optional.ofNullable(comment), "{}", at);
    }

    @AfterEach
    void stop() {
        parcours.close();
    }

    private static JsonNode row(JsonNode table, String key) {
        for (JsonNode row : table.get("rows")) {
            if (row.get("key").asText().equals(key)) {
                return row;
            }
        }
        throw new AssertionError("no row " + key + " in " + table);
    }

    @Test
    void touchpointsAreColouredAgainstTheirTargets() {
        ServerTestSupport.Answer answer = parcours.get("/api/workspaces/akwaba/kpis?map=shop");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode table = answer.json();
        assertThat(table.get("by").asText()).isEqualTo("touchpoint");
        assertThat(table.get("rows")).extracting(row -> row.get("key").asText()).containsExactly("order", "shop", "help");

        JsonNode nps = row(table, "order").get("kpis").get(0);
        assertThat(nps.get("metric").asText()).isEqualTo("nps");
        assertThat(nps.get("answers").asLong()).isEqualTo(100);
        assertThat(nps.get("estimate").get("value").asDouble()).isCloseTo(0, within(1e-9));
        // variance 0.4 + 0.4 - 0 = 0.8 per answer: standard error 100 * sqrt(0.8 / 100) = 8.944
        assertThat(nps.get("estimate").get("standardError").asDouble()).isCloseTo(8.944, within(0.001));
        assertThat(nps.get("estimate").get("high").asDouble()).isCloseTo(17.53, within(0.01));
        assertThat(nps.get("target").asDouble()).isEqualTo(30);
        assertThat(nps.get("status").asText()).isEqualTo("red");
        assertThat(nps.has("responseRate")).as("imported answers have no invitations").isFalse();

        JsonNode ces = row(table, "help").get("kpis").get(0);
        assertThat(ces.get("estimate").get("value").asDouble()).isCloseTo(5.5, within(1e-9));
        assertThat(ces.get("status").asText()).isEqualTo("amber");

        JsonNode csat = row(table, "shop").get("kpis").get(0);
        assertThat(csat.get("answers").asLong()).isEqualTo(10);
        assertThat(csat.has("estimate")).isFalse();
        assertThat(csat.get("status").asText()).isEqualTo("grey");

        JsonNode fewer = parcours.get("/api/workspaces/akwaba/kpis?map=shop&minAnswers=10").json();
        assertThat(row(fewer, "shop").get("kpis").get(0).get("status").asText()).as("10 of 10 satisfied; Wilson low 72.2%")
                .isEqualTo("amber");
    }

    @Test
    void stagesChannelsPeriodsAndDates() {
        JsonNode stages = parcours.get("/api/workspaces/akwaba/kpis?map=shop&by=stage").json();
        assertThat(stages.get("rows")).extracting(row -> row.get("key").asText()).containsExactly("buy", "after");
        JsonNode buyNps = row(stages, "buy").get("kpis").get(0);
        assertThat(buyNps.get("answers").asLong()).isEqualTo(100);
        assertThat(buyNps.get("status").asText()).as("NPS 0, interval to 17.5, target 10: amber").isEqualTo("amber");

        JsonNode channels = parcours.get("/api/workspaces/akwaba/kpis?by=channel").json();
        assertThat(channels.get("rows")).extracting(row -> row.get("key").asText()).containsExactly("web", "phone", "store");

        JsonNode weekly = parcours.get("/api/workspaces/akwaba/kpis?map=shop&period=week&minAnswers=2").json();
        List<String> orderWeeks = new ArrayList<>();
        for (JsonNode row : weekly.get("rows")) {
            if (row.get("key").asText().equals("order")) {
                orderWeeks.add(row.get("period").asText() + "=" + row.get("kpis").get(0).get("answers").asLong());
            }
        }
        assertThat(orderWeeks).containsExactly("2026-10-05T00:00:00Z=50", "2026-10-12T00:00:00Z=50");

        JsonNode secondWeek = parcours.get("/api/workspaces/akwaba/kpis?map=shop&from=2026-10-12&to=2026-10-18").json();
        assertThat(row(secondWeek, "order").get("kpis").get(0).get("answers").asLong()).isEqualTo(50);
        assertThat(row(secondWeek, "help").get("kpis").get(0).get("answers").asLong()).isZero();

        JsonNode maps = parcours.get("/api/workspaces/akwaba/kpis").json();
        assertThat(maps.get("by").asText()).isEqualTo("map");
        assertThat(row(maps, "shop").get("kpis")).hasSize(3);
    }

    @Test
    void commentsAreSearchableAndTheirTermsCounted() {
        JsonNode found = parcours.get("/api/workspaces/akwaba/answers?search=LENTE").json();
        assertThat(found).hasSize(3);
        assertThat(found.get(0).get("touchpoint").asText()).isEqualTo("order");
        JsonNode terms = parcours.get("/api/workspaces/akwaba/answers/terms?map=shop").json();
        assertThat(terms).extracting(t -> t.get("touchpoint").asText()).containsExactly("order", "shop");
        assertThat(terms.get(0).get("words").get(0).get("text").asText()).isEqualTo("lente");
        assertThat(terms.get(0).get("words").get(0).get("answers").asLong()).isEqualTo(3);
        assertThat(terms.get(0).get("phrases").get(0).get("text").asText()).isEqualTo("livraison lente");
    }

    @Test
    void badQueriesAreExplained() {
        ServerTestSupport.Answer noMap = parcours.get("/api/workspaces/akwaba/kpis?by=stage");
        assertThat(noMap.status()).isEqualTo(400);
        assertThat(noMap.json().get("error").get("field").asText()).isEqualTo("map");
        assertThat(parcours.get("/api/workspaces/akwaba/kpis?map=shop&period=year").json().get("error").get("message")
                .asText()).contains("day, week or month");
        assertThat(parcours.get("/api/workspaces/akwaba/kpis?map=shop&by=colour").status()).isEqualTo(400);
        assertThat(parcours.get("/api/workspaces/akwaba/kpis?map=nope").status()).isEqualTo(404);
        assertThat(parcours.get("/api/workspaces/akwaba/kpis?minAnswers=1").status()).isEqualTo(400);

        assertThat(parcours.get("/api/workspaces/akwaba/survey-settings").json().get("throttleDays").asInt()).isEqualTo(30);
        assertThat(parcours.put("/api/workspaces/akwaba/survey-settings", "{\"throttleDays\": 7}").json()
                .get("throttleDays").asInt()).isEqualTo(7);
        assertThat(parcours.put("/api/workspaces/akwaba/survey-settings", "{\"throttleDays\": -1}").status()).isEqualTo(400);
        assertThat(parcours.put("/api/workspaces/akwaba/survey-settings", "{\"throttleDays\": \"x\"}").status()).isEqualTo(400);
        assertThat(parcours.put("/api/workspaces/akwaba/survey-settings", "{").status()).isEqualTo(400);
        assertThat(parcours.get("/api/workspaces/akwaba/survey-settings").json().get("throttleDays").asInt()).isEqualTo(7);
    }
}
