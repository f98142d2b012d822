package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parcours.model.Metric;
import io.parcours.model.Role;
import io.parcours.model.SurveyType;
import io.parcours.store.Alert;
import io.parcours.store.AnswerFilter;
import io.parcours.store.Invitation;
import io.parcours.store.NewInvitation;
import io.parcours.store.SurveyAnswer;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The measurement pages over HTTP, against the API they must agree with: the surveys and their
 * figures, the builder (saving a new map version, refusing bad input with the map file's messages,
 * keeping what was typed), the preview against the customers' page, one survey's results and CSVs,
 * alerts acknowledged, and hypotheses moved across the board by the data.
 */
class MeasurementPagesTest {
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
                    owner: web
                    match: [Order Completed]
                    targets: {nps: 30}
                    surveys: [{key: nps-order, type: nps}]
                  - key: shop
                    name: Shop visit
                    channel: store
                    targets: {csat: 80}
                    surveys: [{key: csat-shop, type: csat, delay: 2h, sampling: 50%}]
            """;
    static final Texts EN = Texts.of("en");

    @TempDir
    Path data;
    ServerTestSupport parcours;
    ServerTestSupport.Session viewer;
    ServerTestSupport.Session editor;

    @BeforeEach
    void start() {
        parcours = new ServerTestSupport(data);
        parcours.post("/api/workspaces", "{\"key\": \"akwaba\", \"name\": \"Maison Akwaba\"}");
        parcours.put("/api/workspaces/akwaba/personas/amina", "{\"name\": \"Amina\"}");
        parcours.put("/api/workspaces/akwaba/teams/web", "{\"name\": \"Web team\"}");
        ServerTestSupport.Answer map = parcours.put("/api/workspaces/akwaba/maps/shop", MAP);
        assertThat(map.status()).as(map.body()).isEqualTo(201);
        viewer = parcours.login(Role.VIEWER);
        editor = parcours.login(Role.EDITOR);
    }

    @AfterEach
    void stop() {
        parcours.close();
    }

    /** {@code count} answers of {@code score}, spread over the last 20 days; the first with {@code comment}. */
    private void answers(String survey, String touchpoint, SurveyType type, int score, int count, String comment) {
        List<SurveyAnswer> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            answers.add(new SurveyAnswer(Optional.empty(), "akwaba", "shop", survey, touchpoint, type, survey + score + "-" + i,
                    "en", Optional.of(score), Optional.ofNullable(i == 0 ? comment : null), "{}",
                    Instant.now().minusSeconds(86_400L * (i % 20) + 60)));
        }
        parcours.store.surveys().appendAnswers("akwaba", answers);
    }

    private List<Invitation> invite(String survey, String touchpoint, int count) {
        Instant now = Instant.now();
        List<NewInvitation> invitations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            invitations.add(new NewInvitation("shop", survey, touchpoint, "invited-" + i, Optional.empty(), "fr-FR",
                    Optional.empty(), now, now, now.plus(Duration.ofDays(7))));
        }
        return parcours.store.surveys().recordTriggered("akwaba", -1, invitations);
    }

    /** The API's KPI of {@code metric} at {@code touchpoint}. */
    private JsonNode kpi(String touchpoint, String metric) {
        for (JsonNode row : parcours.get("/api/workspaces/akwaba/kpis?map=shop").json().get("rows")) {
            if (row.get("key").asText().equals(touchpoint)) {
                for (JsonNode kpi : row.get("kpis")) {
                    if (kpi.get("metric").asText().equals(metric)) {
                        return kpi;
                    }
                }
            }
        }
        throw new AssertionError("no " + metric + " at " + touchpoint);
    }

    /** The HTML of the element with {@code id}, up to its closing tag {@code tag}. */
    private static String element(String page, String id, String tag) {
        int start = page.indexOf("id=\"" + id + "\"");
        assertThat(start).as("element %s in the page", id).isPositive();
        return page.substring(start, page.indexOf("</" + tag + ">", start));
    }

    private static String value(Metric metric, JsonNode number) {
        return MapFigures.value(metric, number.asDouble(), EN);
    }

    private int versions() {
        return parcours.get("/api/workspaces/akwaba/maps/shop/versions").json().size();
    }

    @Test
    void theSurveyListShowsEachSurveyWithTheFiguresOfTheKpiApi() throws Exception {
        answers("nps-order", "order", SurveyType.NPS, 10, 40, "Fast and easy");
        answers("nps-order", "order", SurveyType.NPS, 3, 20, null);
        List<Invitation> invited = invite("nps-order", "order", 4);
        ServerTestSupport.Answer answered = parcours.send(HttpRequest.newBuilder(parcours.uri("/v1/surveys/"
                        + invited.get(0).token())).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"answers\": {\"score\": 9}}")).build());
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);

        ServerTestSupport.Answer page = parcours.page("/workspaces/akwaba/surveys", viewer);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("aria-current=\"page\">Measurement</a>");
        JsonNode nps = kpi("order", "nps");
        String row = element(page.body(), "survey-shop-nps-order", "tr");
        assertThat(row).contains(">61<").as("60 imported answers and one to an invitation")
                .contains(EN.percent(nps.get("responseRate").asDouble() / 100))
                .contains(value(Metric.NPS, nps.at("/estimate/value")))
                .contains(value(Metric.NPS, nps.at("/estimate/low")) + " – " + value(Metric.NPS, nps.at("/estimate/high")))
                .contains("≥ +30").contains("Order").contains("NPS (0 to 10)").contains("Order Completed")
                .contains(EN.t("status." + nps.get("status").asText()))
                .contains("href=\"/workspaces/akwaba/maps/shop/surveys/nps-order\"");
        assertThat(nps.get("responseRate").asDouble()).isEqualTo(25.0);
        String shop = element(page.body(), "survey-shop-csat-shop", "tr");
        assertThat(shop).contains("not enough data").contains("2h later").contains("50% of them");

        ServerTestSupport.Answer french = parcours.send(HttpRequest.newBuilder(parcours.uri("/workspaces/akwaba/surveys"))
                .header("Cookie", Authentication.SESSION_COOKIE + "=" + viewer.cookie() + "; " + Texts.COOKIE + "=fr").GET()
                .build());
        assertThat(french.body()).contains("Questionnaires").contains("Taux de réponse").contains(">Mesure</a>")
                .contains("NPS (0 à 10)");
    }

    @Test
    void theBuilderSavesANewMapVersionInTheEditorsName() {
        assertThat(parcours.page("/workspaces/akwaba/maps/shop/new-survey", viewer).status()).isEqualTo(403);
        ServerTestSupport.Answer form = parcours.page("/workspaces/akwaba/maps/shop/new-survey?touchpoint=shop", editor);
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("<iframe").contains("srcdoc=").contains("<option value=\"shop\" selected>");
        int before = versions();

        ServerTestSupport.Answer saved = parcours.submit("/workspaces/akwaba/maps/shop/new-survey", editor, fields(
                "key", "csat-order", "touchpoint", "order", "type", "csat", "question.en", "How was your order?",
                "question.fr", "Comment s'est passée votre commande ?", "why", "true", "delay", "2h", "sampling", "50%",
                "expiry", "7d", "target", "75", "intent", "save"));
        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        assertThat(saved.header("Location")).isEqualTo("/workspaces/akwaba/maps/shop/surveys/csat-order/edit?saved="
                + (before + 1));
        ServerTestSupport.Answer after = parcours.page(saved.header("Location"), editor);
        assertThat(after.body()).contains("Saved as version " + (before + 1) + " of Shop, by Test editor");

        JsonNode versions = parcours.get("/api/workspaces/akwaba/maps/shop/versions").json();
        assertThat(versions).hasSize(before + 1);
        assertThat(versions.get(before).get("author").asText()).isEqualTo("Test editor");
        JsonNode order = parcours.get("/api/workspaces/akwaba/maps/shop/touchpoints/order").json();
        JsonNode survey = order.get("surveys").get(1);
        assertThat(survey.get("key").asText()).isEqualTo("csat-order");
        assertThat(survey.get("type").asText()).isEqualTo("csat");
        assertThat(survey.at("/question/fr").asText()).isEqualTo("Comment s'est passée votre commande ?");
        assertThat(survey.get("delay").asText()).isEqualTo("2h");
        assertThat(survey.get("sampling").asDouble()).isEqualTo(0.5);
        assertThat(survey.get("expiry").asText()).as("7d, as the map file writes it").isEqualTo("1w");
        assertThat(order.at("/targets/csat").asDouble()).isEqualTo(75);
        assertThat(order.at("/targets/nps").asDouble()).as("the other target stays").isEqualTo(30);

        // edited: moved to the shop visit with the standard wording; the key stays
        ServerTestSupport.Answer moved = parcours.submit("/workspaces/akwaba/maps/shop/surveys/csat-order/edit", editor, fields(
                "touchpoint", "shop", "type", "csat", "question.en", "How satisfied were you with this experience?",
                "question.fr", "Dans quelle mesure êtes-vous satisfait de cette expérience ?", "delay", "0",
                "sampling", "100%", "expiry", "14d", "target", "80"));
        assertThat(moved.status()).as(moved.body()).isEqualTo(303);
        JsonNode shop = parcours.get("/api/workspaces/akwaba/maps/shop/touchpoints/shop").json();
        assertThat(shop.get("surveys")).extracting(s -> s.get("key").asText()).containsExactly("csat-shop", "csat-order");
        assertThat(shop.get("surveys").get(1).has("question")).as("the standard wording is not written out").isFalse();
        assertThat(shop.get("surveys").get(1).has("why")).as("why unchecked").isTrue();
        assertThat(parcours.get("/api/workspaces/akwaba/maps/shop/touchpoints/order").json().get("surveys")).hasSize(1);

        // deleted, after a confirmation
        int beforeDelete = versions();
        ServerTestSupport.Answer asked = parcours.submit("/workspaces/akwaba/maps/shop/surveys/csat-order/delete", editor,
                Map.of());
        assertThat(asked.status()).isEqualTo(200);
        assertThat(asked.body()).contains("Yes, delete").contains("name=\"confirm\" value=\"yes\"");
        assertThat(versions()).isEqualTo(beforeDelete);
        ServerTestSupport.Answer deleted = parcours.submit("/workspaces/akwaba/maps/shop/surveys/csat-order/delete", editor,
                Map.of("confirm", "yes"));
        assertThat(deleted.status()).isEqualTo(303);
        assertThat(parcours.page(deleted.header("Location"), viewer).body())
                .contains("Survey csat-order is deleted: the map is now at version " + (beforeDelete + 1));
        assertThat(parcours.get("/api/workspaces/akwaba/maps/shop/touchpoints/shop").json().get("surveys")).hasSize(1);
        assertThat(parcours.submit("/workspaces/akwaba/maps/shop/surveys/csat-order/delete", viewer, Map.of()).status())
                .isEqualTo(403);
    }

    private static Map<String, String> fields(String... pairs) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put(pairs[i], pairs[i + 1]);
        }
        return fields;
    }

    @Test
    void badInputComesBackWithTheMapFilesMessagesAndWhatWasTyped() {
        int before = versions();
        ServerTestSupport.Answer empty = parcours.submit("/workspaces/akwaba/maps/shop/new-survey", editor, fields(
                "key", "csat-typed", "touchpoint", "order", "type", "csat", "question.en", "  ", "question.fr", "",
                "delay", "3h", "sampling", "20%", "expiry", "5d", "target", "70"));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(element(empty.body(), "error-question-en", "p"))
                .contains("the text is empty: write it in English (en) or French (fr)");
        assertThat(empty.body()).contains("value=\"csat-typed\"").contains("value=\"3h\"").contains("value=\"20%\"")
                .contains("value=\"5d\"").contains("value=\"70\"").contains("<option value=\"csat\" selected")
                .contains("role=\"alert\"");

        ServerTestSupport.Answer unknown = parcours.submit("/workspaces/akwaba/maps/shop/new-survey", editor, fields(
                "key", "nps-typed", "touchpoint", "ordr", "type", "nps", "question.en", "Would you recommend us?",
                "delay", "0", "sampling", "100%", "expiry", "14d"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(element(unknown.body(), "error-touchpoint", "p")).contains("map 'shop' has no touchpoint 'ordr'")
                .contains("did you mean 'order'?");
        assertThat(unknown.body()).contains("Would you recommend us?").contains("value=\"nps-typed\"");

        ServerTestSupport.Answer outOfRange = parcours.submit("/workspaces/akwaba/maps/shop/new-survey", editor, fields(
                "key", "nps-typed", "touchpoint", "shop", "type", "nps", "question.en", "Would you recommend us?",
                "delay", "soon", "sampling", "100%", "expiry", "14d", "target", "150"));
        assertThat(outOfRange.status()).isEqualTo(400);
        String targetError = element(outOfRange.body(), "error-target", "p");
        assertThat(targetError).contains("target 150 for nps is out of range: it must be from -100 to 100");
        assertThat(element(outOfRange.body(), "error-delay", "p")).contains("cannot read the delay 'soon'");
        assertThat(outOfRange.body()).contains("value=\"150\"").contains("value=\"soon\"");

        // the same target in a map file (through the API) gets the same message
        ServerTestSupport.Answer file = parcours.put("/api/workspaces/akwaba/maps/shop/touchpoints/shop",
                "{\"name\": \"Shop visit\", \"stage\": \"buy\", \"channel\": \"store\", \"targets\": {\"nps\": 150}}");
        assertThat(file.status()).isEqualTo(400);
        assertThat(file.json().at("/error/message").asText()).contains(
                "target 150 for nps is out of range: it must be from -100 to 100");

        ServerTestSupport.Answer taken = parcours.submit("/workspaces/akwaba/maps/shop/new-survey", editor, fields(
                "key", "nps-order", "touchpoint", "shop", "type", "nps", "question.en", "Again?", "delay", "0",
                "sampling", "1", "expiry", "14d"));
        assertThat(taken.status()).isEqualTo(400);
        assertThat(element(taken.body(), "error-key", "p")).contains("survey key 'nps-order' is already used");

        assertThat(versions()).as("nothing was saved").isEqualTo(before);
    }

    @Test
    void thePreviewIsThePageCustomersGetAndRecordsNothing() {
        String token = invite("nps-order", "order", 1).get(0).token();
        AnswerFilter all = AnswerFilter.all("akwaba");
        int invitations = parcours.store.surveys().invitations("akwaba", Optional.empty(), Optional.empty(), 100).size();

        String customers = parcours.getWithoutToken("/s/" + token + "?lang=fr").body();
        ServerTestSupport.Answer preview = parcours.page("/workspaces/akwaba/maps/shop/surveys/nps-order/preview?language=fr",
                viewer);
        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.header("Content-Security-Policy")).contains("sandbox").contains("form-action 'none'");
        assertThat(withoutAction(preview.body())).isEqualTo(withoutAction(customers));
        assertThat(preview.body()).contains("Quelle est la probabilité que vous nous recommandiez");

        // the builder frames the same page, drawn from what the form holds
        ServerTestSupport.Answer builder = parcours.page("/workspaces/akwaba/maps/shop/surveys/nps-order/edit", editor);
        String framed = unescape(between(builder.body(), "srcdoc=\"", "\""));
        String english = parcours.page("/workspaces/akwaba/maps/shop/surveys/nps-order/preview", viewer).body();
        assertThat(framed).isEqualTo(english);

        // the preview of a form being typed, as htmx asks for it, and as the "Preview" button does
        ServerTestSupport.Answer typed = parcours.send(HttpRequest.newBuilder(parcours.uri(
                        "/workspaces/akwaba/maps/shop/survey-preview"))
                .header("Cookie", Authentication.SESSION_COOKIE + "=" + editor.cookie()).header("HX-Request", "true")
                .header(Authentication.CSRF_HEADER, editor.csrf()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(ServerTestSupport.form(fields("touchpoint", "order", "type", "ces",
                        "question.en", "Was it easy to order?", "delay", "0", "sampling", "1", "expiry", "14d",
                        "language", "en"))))
                .build());
        assertThat(typed.status()).isEqualTo(200);
        assertThat(typed.body()).doesNotContain("<html").contains("<iframe");
        String typedPage = unescape(between(typed.body(), "srcdoc=\"", "\""));
        assertThat(typedPage).contains("Was it easy to order?").contains("value=\"7\"").doesNotContain("value=\"8\"")
                .contains("Strongly agree");
        ServerTestSupport.Answer button = parcours.submit("/workspaces/akwaba/maps/shop/new-survey", editor, fields(
                "key", "ces-order", "touchpoint", "order", "type", "ces", "question.en", "Was it easy to order?",
                "delay", "0", "sampling", "1", "expiry", "14d", "intent", "preview"));
        assertThat(button.status()).isEqualTo(200);
        assertThat(unescape(between(button.body(), "srcdoc=\"", "\""))).isEqualTo(typedPage);

        assertThat(parcours.store.surveys().invitations("akwaba", Optional.empty(), Optional.empty(), 100)).hasSize(invitations);
        assertThat(parcours.store.surveys().comments(all, Optional.empty(), 100)).isEmpty();
        assertThat(parcours.store.surveys().scoreCounts(all, Optional.empty())).isEmpty();
        assertThat(versions()).as("a preview saves nothing").isEqualTo(1);
    }

    private static String withoutAction(String page) {
        return page.replaceAll("action=\"[^\"]*\"", "action=\"\"");
    }

    private static String between(String text, String before, String after) {
        return ServerTestSupport.between(text, before, after);
    }

    private static String unescape(String attribute) {
        return attribute.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#34;", "\"")
                .replace("&#39;", "'").replace("&#x27;", "'").replace("&amp;", "&");
    }

    @Test
    void aSurveysResultsAgreeWithTheKpiApiAndDownloadAsCsv() {
        answers("nps-order", "order", SurveyType.NPS, 10, 45, "Delivery was quick");
        answers("nps-order", "order", SurveyType.NPS, 8, 10, "Fine");
        answers("nps-order", "order", SurveyType.NPS, 2, 25, "The size guide was slow to load");
        ServerTestSupport.Answer page = parcours.page("/workspaces/akwaba/maps/shop/surveys/nps-order", viewer);
        assertThat(page.status()).isEqualTo(200);
        JsonNode nps = kpi("order", "nps");
        assertThat(page.body()).contains("<dd class=\"score\">" + value(Metric.NPS, nps.at("/estimate/value")) + "</dd>")
                .contains("<dd class=\"interval\">" + value(Metric.NPS, nps.at("/estimate/low")) + " – "
                        + value(Metric.NPS, nps.at("/estimate/high")) + "</dd>")
                .contains("<dd class=\"answers\">" + nps.get("answers").asText() + "</dd>")
                .contains(EN.t("status." + nps.get("status").asText()));
        assertThat(nps.get("answers").asLong()).isEqualTo(80);
        assertThat(page.body()).contains("data-chart=").contains("role=\"img\"").contains("<summary>The chart's data as a table")
                .contains("Delivery was quick").contains("The size guide was slow to load").contains("size guide");

        ServerTestSupport.Answer searched = parcours.page("/workspaces/akwaba/maps/shop/surveys/nps-order?search=SLOW", viewer);
        assertThat(searched.body()).contains("The size guide was slow to load").doesNotContain("<q>Delivery was quick</q>");

        ServerTestSupport.Answer distribution = parcours.page(
                "/workspaces/akwaba/maps/shop/surveys/nps-order/distribution.csv", viewer);
        assertThat(distribution.header("Content-Type")).startsWith("text/csv");
        assertThat(distribution.body()).startsWith("\uFEFFscore,answers\r\n0,0\r\n").contains("\r\n2,25\r\n")
                .contains("\r\n8,10\r\n").contains("\r\n10,45\r\n");
        ServerTestSupport.Answer scores = parcours.page("/workspaces/akwaba/maps/shop/surveys/nps-order/scores.csv", viewer);
        assertThat(scores.body()).startsWith("\uFEFFweek,metric,value,low,high,target").contains(",NPS,").contains(",30.0")
                .doesNotContain(",CSAT,");
        assertThat(parcours.page("/workspaces/akwaba/maps/shop/surveys/nope", viewer).status()).isEqualTo(404);
    }

    @Test
    void anEditorAcknowledgesAnAlertAndAViewerMayNot() throws Exception {
        List<SurveyAnswer> answers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            answers.add(new SurveyAnswer(Optional.empty(), "akwaba", "shop", "nps-order", "order", SurveyType.NPS, "a" + i,
                    "en", Optional.of(i < 30 ? 10 : 2), Optional.empty(), "{}", Instant.now().minus(5, ChronoUnit.DAYS)));
        }
        parcours.store.surveys().appendAnswers("akwaba", answers);
        List<Alert> opened;
        try (Journeys journeys = Journeys.follow(parcours.store);
                AlertMonitor monitor = new AlertMonitor(parcours.store, new KpiTables(parcours.store,
                        new JourneyAnalyses(parcours.store, journeys)), Clock.systemUTC(), () -> "http://localhost",
                        Optional.empty())) {
            opened = monitor.runOnce();
        }
        assertThat(opened).extracting(Alert::kind).containsExactly("red");
        long id = opened.get(0).id();

        ServerTestSupport.Answer list = parcours.page("/workspaces/akwaba/alerts", viewer);
        String row = element(list.body(), "alert-" + id, "tr");
        assertThat(row).contains("Order").contains("Web team").contains("NPS is -40 (95% interval")
                .contains("against a target of +30").contains(opened.get(0).message()).doesNotContain("Acknowledge");
        assertThat(parcours.submit("/workspaces/akwaba/alerts/" + id + "/acknowledge", viewer, Map.of()).status())
                .isEqualTo(403);
        assertThat(parcours.get("/api/workspaces/akwaba/alerts").json().get(0).has("acknowledgedBy")).isFalse();

        assertThat(element(parcours.page("/workspaces/akwaba/alerts", editor).body(), "alert-" + id, "tr"))
                .contains("Acknowledge");
        ServerTestSupport.Answer done = parcours.submit("/workspaces/akwaba/alerts/" + id + "/acknowledge", editor, Map.of());
        assertThat(done.status()).isEqualTo(303);
        assertThat(parcours.page(done.header("Location"), editor).body())
                .contains("Alert " + id + " is acknowledged, by Test editor.");
        assertThat(parcours.get("/api/workspaces/akwaba/alerts").json().get(0).get("acknowledgedBy").asText())
                .isEqualTo("Test editor");

        ServerTestSupport.Answer inPlace = parcours.send(HttpRequest.newBuilder(parcours.uri(
                        "/workspaces/akwaba/alerts/" + id + "/acknowledge"))
                .header("Cookie", Authentication.SESSION_COOKIE + "=" + editor.cookie()).header("HX-Request", "true")
                .header(Authentication.CSRF_HEADER, editor.csrf()).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(inPlace.status()).isEqualTo(200);
        assertThat(inPlace.body().strip()).startsWith("<tr id=\"alert-" + id + "\"").contains("acknowledged by Test editor")
                .contains("role=\"status\"").doesNotContain("<html");
        assertThat(parcours.page("/workspaces/akwaba/alerts?status=all", viewer).body()).contains("alert-" + id);
    }

    @Test
    void hypothesesMoveAcrossTheBoardAsTheyStartEndAndAreJudgedByTheData() {
        Instant change = Instant.parse("2026-10-01T00:00:00Z");
        List<SurveyAnswer> answers = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            boolean after = i >= 200;
            int score = after ? (i % 2 == 0 ? 10 : 8) : (i % 2 == 0 ? 10 : 3);
            answers.add(new SurveyAnswer(Optional.empty(), "akwaba", "shop", "nps-order", "order", SurveyType.NPS, "c" + i,
                    "en", Optional.of(score), Optional.empty(), "{}", change.plus(after ? 3 : -3, ChronoUnit.DAYS)));
        }
        parcours.store.surveys().appendAnswers("akwaba", answers);

        ServerTestSupport.Answer refused = parcours.submit("/workspaces/akwaba/hypotheses", editor, fields(
                "change", "Delivery in 24 hours", "target", "shop/ordr", "metric", "nps", "expectedEffect", "10",
                "test", "before-after", "changedAt", "2026-10-01", "windowDays", "14"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("did you mean 'order'?").contains("Delivery in 24 hours").contains("<details")
                .contains("value=\"2026-10-01\"");
        ServerTestSupport.Answer noChange = parcours.submit("/workspaces/akwaba/hypotheses", editor, fields(
                "key", "empty", "target", "shop/order", "metric", "nps", "expectedEffect", "ten", "test", "ab",
                "variants", "a, b"));
        assertThat(noChange.status()).isEqualTo(400);
        assertThat(element(noChange.body(), "error-expectedEffect", "p")).contains("expectedEffect must be a number");
        assertThat(parcours.get("/api/workspaces/akwaba/hypotheses").json()).isEmpty();

        assertThat(parcours.submit("/workspaces/akwaba/hypotheses", viewer, fields("change", "x")).status()).isEqualTo(403);
        ServerTestSupport.Answer created = parcours.submit("/workspaces/akwaba/hypotheses", editor, fields(
                "change", "Delivery in 24 hours", "target", "shop/order", "metric", "nps", "expectedEffect", "10",
                "test", "before-after", "changedAt", "2026-10-01", "windowDays", "14"));
        assertThat(created.status()).as(created.body()).isEqualTo(303);
        String key = "delivery-in-24-hours";
        assertThat(parcours.get("/api/workspaces/akwaba/hypotheses/" + key).json().get("state").asText()).isEqualTo("to-test");
        assertThat(column(parcours.page("/workspaces/akwaba/hypotheses", viewer).body(), "to-test"))
                .contains("Delivery in 24 hours");
        assertThat(parcours.page(created.header("Location").replace("#card-" + key, ""), viewer).body())
                .contains("Hypothesis delivery-in-24-hours is created");

        parcours.submit("/workspaces/akwaba/hypotheses", editor, fields("key", "slower", "change", "Delivery in a week",
                "target", "shop/order", "metric", "nps", "expectedEffect", "-10", "test", "before-after",
                "changedAt", "2026-10-01T00:00", "windowDays", "14"));
        parcours.submit("/workspaces/akwaba/hypotheses", editor, fields("key", "greeting", "change", "Greet every visitor",
                "target", "shop/shop", "metric", "csat", "expectedEffect", "5", "test", "ab", "variants", "control, greeting"));

        assertThat(parcours.submit("/workspaces/akwaba/hypotheses/" + key + "/start", editor, Map.of()).status()).isEqualTo(303);
        assertThat(parcours.get("/api/workspaces/akwaba/hypotheses/" + key).json().get("state").asText()).isEqualTo("running");
        String running = column(parcours.page("/workspaces/akwaba/hypotheses", viewer).body(), "running");
        assertThat(running).contains("Delivery in 24 hours").contains("z-test on the difference of NPS").contains("before");

        for (String hypothesis : List.of(key, "slower", "greeting")) {
            if (!hypothesis.equals(key)) {
                parcours.submit("/workspaces/akwaba/hypotheses/" + hypothesis + "/start", editor, Map.of());
            }
            assertThat(parcours.submit("/workspaces/akwaba/hypotheses/" + hypothesis + "/end", editor, Map.of()).status())
                    .isEqualTo(303);
        }
        JsonNode evaluation = parcours.get("/api/workspaces/akwaba/hypotheses/" + key + "/evaluation").json();
        assertThat(evaluation.get("verdict").asText()).isEqualTo("supported");
        String board = parcours.page("/workspaces/akwaba/hypotheses", viewer).body();
        assertThat(column(board, "supported")).contains("Delivery in 24 hours").doesNotContain("Delivery in a week");
        assertThat(column(board, "refuted")).contains("Delivery in a week");
        assertThat(column(board, "inconclusive")).contains("Greet every visitor").contains("Ended without a verdict");
        assertThat(column(board, "to-test")).contains("None.");

        ServerTestSupport.Answer card = parcours.page("/workspaces/akwaba/hypotheses/" + key, viewer);
        assertThat(card.body()).contains("Delivery in 24 hours").contains("+10.0 points")
                .contains(MeasurementPages.pValue(evaluation.at("/comparisons/0/difference/pValue").asDouble(), EN)
                        .replace("<", "&lt;"))
                .contains("Cases needed per group to see the expected effect: "
                        + EN.number(evaluation.get("neededPerGroup").asLong()))
                .contains("cases seen: 200 / 200").contains("weaker evidence").doesNotContain("/hypotheses/" + key + "/delete");

        ServerTestSupport.Answer confirm = parcours.submit("/workspaces/akwaba/hypotheses/slower/delete", editor, Map.of());
        assertThat(confirm.body()).contains("Yes, delete");
        assertThat(parcours.get("/api/workspaces/akwaba/hypotheses/slower").status()).isEqualTo(200);
        assertThat(parcours.submit("/workspaces/akwaba/hypotheses/slower/delete", editor, Map.of("confirm", "yes")).status())
                .isEqualTo(303);
        assertThat(parcours.get("/api/workspaces/akwaba/hypotheses/slower").status()).isEqualTo(404);
    }

    /** The cards of one column of the board. */
    private static String column(String board, String id) {
        Matcher matcher = Pattern.compile("<section class=\"board-column column-" + id + "\".*?</section>", Pattern.DOTALL)
                .matcher(board);
        assertThat(matcher.find()).as("column %s", id).isTrue();
        return matcher.group();
    }

    @Test
    void whatPeopleTypedIsEscapedOnEveryMeasurementPage() {
        String script = "<script>alert(1)</script>";
        String image = "\"><img src=x onerror=alert(1)>";
        ServerTestSupport.Answer saved = parcours.submit("/workspaces/akwaba/maps/shop/new-survey", editor, fields(
                "key", "hostile", "touchpoint", "order", "type", "nps", "question.en", script + image, "question.fr", image,
                "delay", "0", "sampling", "1", "expiry", "14d", "intent", "save"));
        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        for (String page : List.of(parcours.page(saved.header("Location"), editor).body(),
                parcours.page("/workspaces/akwaba/maps/shop/surveys/hostile/preview", viewer).body())) {
            assertThat(page).doesNotContain(script).doesNotContain("<img src=x").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        }
        String framed = unescape(between(parcours.page(saved.header("Location"), editor).body(), "srcdoc=\"", "\""));
        assertThat(framed).as("escaped inside the framed page too").doesNotContain(script)
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;");

        answers("hostile", "order", SurveyType.NPS, 9, 1, image + script);
        String results = parcours.page("/workspaces/akwaba/maps/shop/surveys/hostile", viewer).body();
        assertThat(results).doesNotContain("<img src=x").doesNotContain(script).contains("&lt;img src=x onerror=alert(1)&gt;");

        parcours.put("/api/workspaces/akwaba/maps/shop/touchpoints/order", "{\"name\": \"" + script.replace("/", "\\/")
                + "\", \"stage\": \"buy\", \"channel\": \"web\", \"surveys\": [{\"key\": \"nps-order\", \"type\": \"nps\"}]}");
        String list = parcours.page("/workspaces/akwaba/surveys", viewer).body();
        assertThat(list).doesNotContain(script).contains("&lt;script&gt;alert(1)&lt;/script&gt;");

        parcours.submit("/workspaces/akwaba/hypotheses", editor, fields("key", "hostile", "change", script + image,
                "target", "shop/order", "metric", "nps", "expectedEffect", "5", "test", "ab", "variants", "a, b"));
        String board = parcours.page("/workspaces/akwaba/hypotheses", viewer).body();
        assertThat(board).doesNotContain(script).doesNotContain("<img src=x").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(parcours.page("/workspaces/akwaba/hypotheses/hostile", viewer).body()).doesNotContain(script);
    }
}
