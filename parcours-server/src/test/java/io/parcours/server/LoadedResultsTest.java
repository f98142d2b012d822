package io.parcours.server;

import static io.parcours.server.AnalyticsPagesTest.SCRIPT;
import static io.parcours.server.AnalyticsPagesTest.TAG;
import static io.parcours.server.AnalyticsPagesTest.section;
import static io.parcours.server.AnalyticsPagesTest.table;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parcours.model.Role;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results loaded into a workspace, over HTTP on a real server and database: each analysis's answer
 * posted back comes out equal, its page shows the live page's figures, tables and CSV, a bad body is
 * refused with the path of what is wrong and nothing is stored, viewers cannot load or delete, and
 * what people typed comes out escaped.
 */
class LoadedResultsTest {
    private static final String API = "/api/workspaces/akwaba/";
    private static final String PAGES = "/workspaces/akwaba/analytics/";
    private static final String MAP = "map=amina-current";

    @TempDir
    Path data;
    ServerTestSupport parcours;
    ServerTestSupport.Session viewer;
    String editorToken;
    String viewerToken;

    @BeforeEach
    void start() {
        parcours = new ServerTestSupport(data);
        AnalyticsPagesTest.loadJourneys(parcours);
        viewer = parcours.login(Role.VIEWER);
        parcours.login(Role.EDITOR);
        editorToken = token(Role.EDITOR);
        viewerToken = token(Role.VIEWER);
    }

    private String token(Role role) {
        String userId = parcours.store.users().byEmail(role.id() + "@example.com").orElseThrow().id();
        return parcours.store.createToken("results", role, Optional.of(userId)).secret();
    }

    @AfterEach
    void stop() {
        parcours.close();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** The analysis's answer, as text exactly as the API wrote it. */
    private String analysis(String kindAndQuery) {
        ServerTestSupport.Answer answer = parcours.get(API + "analytics/" + kindAndQuery);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    private ServerTestSupport.Answer load(String query, String body, String token) {
        return parcours.send(HttpRequest.newBuilder(parcours.uri(API + "results?" + query))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Loads {@code body} as an editor and returns its id. */
    private long loaded(String query, String body) {
        ServerTestSupport.Answer answer = load(query, body, editorToken);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("id").asLong();
    }

    private JsonNode list() {
        ServerTestSupport.Answer answer = parcours.get(API + "results");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private String page(String path) {
        ServerTestSupport.Answer answer = parcours.page(path, viewer);
        assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(200);
        return answer.body();
    }

    /** The CSV behind the download link of chart {@code name} on {@code page}. */
    private String csv(String page, String name) {
        String link = ServerTestSupport.between(section(page, name), "<p class=\"csv\"><a href=\"", "\"")
                .replace("&amp;", "&");
        ServerTestSupport.Answer answer = parcours.page(link, viewer);
        assertThat(answer.status()).as(link + ": " + answer.body()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("text/csv");
        assertThat(answer.body()).startsWith("\uFEFF");
        return answer.body();
    }

    private static List<String> figures(String page) {
        List<String> figures = new ArrayList<>();
        java.util.regex.Matcher figure = java.util.regex.Pattern.compile("<dt>(.*?)</dt><dd>(.*?)</dd>").matcher(page);
        while (figure.find()) {
            figures.add(figure.group(1) + " = " + figure.group(2));
        }
        return figures;
    }

    // ---- the API -------------------------------------------------------------------------------

    @Test
    void everyKindOfResultComesBackAsItWasSent() throws Exception {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("funnel", MAP + "&windowDays=10");
        queries.put("paths", MAP + "&steps=4");
        queries.put("process", MAP);
        queries.put("attribution", MAP + "&model=markov");
        queries.put("conformance", MAP);
        queries.put("touchpoints", MAP + "&model=linear");
        queries.put("abandonment", MAP + "&intent=cart");
        assertThat(LoadedResults.TYPES.keySet()).containsExactlyElementsOf(JourneyAnalyses.KINDS)
                .containsExactlyElementsOf(queries.keySet());
        Map<String, Long> ids = new LinkedHashMap<>();
        for (Map.Entry<String, String> kind : queries.entrySet()) {
            String original = analysis(kind.getKey() + "?" + kind.getValue());
            ServerTestSupport.Answer answer = load("kind=" + kind.getKey() + "&" + kind.getValue(), original, editorToken);
            assertThat(answer.status()).as(kind.getKey() + ": " + answer.body()).isEqualTo(201);
            JsonNode summary = answer.json();
            assertThat(summary.get("kind").asText()).isEqualTo(kind.getKey());
            assertThat(summary.get("engine").asText()).isEqualTo("spark");
            assertThat(summary.get("label").asText()).matches(kind.getKey() + ", loaded \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC");
            assertThat(summary.get("loadedBy").asText()).isEqualTo("Test editor");
            assertThat(summary.get("workspace").asText()).isEqualTo("akwaba");
            assertThat(summary.has("result")).isFalse();
            // Every query parameter but kind, label and engine is kept as the analysis's parameters.
            Map<String, String> expected = new LinkedHashMap<>();
            for (String pair : kind.getValue().split("&")) {
                expected.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
            assertThat(ServerTestSupport.JSON.convertValue(summary.get("parameters"), Map.class)).isEqualTo(expected);
            ids.put(kind.getKey(), summary.get("id").asLong());

            JsonNode back = parcours.get(API + "results/" + summary.get("id").asLong()).json();
            assertThat(back.get("result")).as(kind.getKey() + " round trip").isEqualTo(ServerTestSupport.JSON.readTree(original));
            assertThat(back.get("label").asText()).isEqualTo(summary.get("label").asText());
            assertThat(back.get("bytes").asLong()).isEqualTo(summary.get("bytes").asLong()).isPositive();
        }
        // The list: newest first, without the results themselves.
        JsonNode all = list();
        List<Long> listed = new ArrayList<>();
        all.forEach(entry -> listed.add(entry.get("id").asLong()));
        List<Long> newestFirst = new ArrayList<>(ids.values());
        java.util.Collections.reverse(newestFirst);
        assertThat(listed).isEqualTo(newestFirst);
        all.forEach(entry -> assertThat(entry.has("result")).isFalse());
        // A label and an engine named in the query, the body sent as curl --data-binary sends it; the deletion.
        ServerTestSupport.Answer asCurlSends = parcours.send(HttpRequest.newBuilder(parcours.uri(API
                        + "results?kind=process&label=November+on+the+cluster&engine=spark-4.1&" + MAP))
                .header("Authorization", "Bearer " + editorToken)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(analysis("process?" + MAP))).build());
        assertThat(asCurlSends.status()).as(asCurlSends.body()).isEqualTo(201);
        long named = asCurlSends.json().get("id").asLong();
        JsonNode one = parcours.get(API + "results/" + named).json();
        assertThat(one.get("result")).isEqualTo(ServerTestSupport.JSON.readTree(analysis("process?" + MAP)));
        assertThat(one.get("label").asText()).isEqualTo("November on the cluster");
        assertThat(one.get("engine").asText()).isEqualTo("spark-4.1");
        assertThat(parcours.send(parcours.request(API + "results/" + named).DELETE()
                .header("Authorization", "Bearer " + editorToken).build()).status()).isEqualTo(204);
        assertThat(parcours.get(API + "results/" + named).status()).isEqualTo(404);
        assertThat(parcours.get(API + "results/not-a-number").status()).isEqualTo(404);
        assertThat(list()).hasSize(LoadedResults.TYPES.size());
    }

    @Test
    void aBadBodyIsRefusedWithThePathOfWhatIsWrongAndNothingIsStored() throws Exception {
        String funnel = analysis("funnel?" + MAP);
        ObjectNode tree = (ObjectNode) ServerTestSupport.JSON.readTree(funnel);

        assertRefused(load("kind=funnel&" + MAP, "{\"windowMillis\": 1,", editorToken), "", "not valid JSON");
        assertRefused(load("kind=funnel", "", editorToken), "", "the result is empty");
        assertRefused(load("kind=funnel", funnel + " {}", editorToken), "", "not valid JSON");
        assertRefused(load("kind=funnel", funnel.replaceFirst("\\{", "{\"strict\": true, "), editorToken), "",
                "Duplicate field 'strict'");
        assertRefused(load("kind=funnels", funnel, editorToken), "kind",
                "kind must be one of funnel, paths, process, attribution, conformance, touchpoints, abandonment, not 'funnels'");
        assertRefused(load(MAP, funnel, editorToken), "kind", "one of funnel, paths, process");
        assertRefused(load("kind=funnel", "[1, 2]", editorToken), "", "not a list");
        // A funnel sent as a process: its first field is not one of a process's.
        assertRefused(load("kind=process", funnel, editorToken), "windowMillis",
                "windowMillis is not a field of this result, which has cases, events, variantCount");

        ObjectNode wrongType = tree.deepCopy();
        ((ObjectNode) wrongType.at("/all/stages/1")).put("customers", "12");
        assertRefused(load("kind=funnel", wrongType.toString(), editorToken), "all.stages[1].customers",
                "all.stages[1].customers must be a whole number, not the string \"12\"");
        ObjectNode fraction = tree.deepCopy();
        ((ObjectNode) fraction.at("/all/stages/0")).put("customers", 1.5);
        assertRefused(load("kind=funnel", fraction.toString(), editorToken), "all.stages[0].customers",
                "must be a whole number, not the number 1.5");
        ObjectNode unknown = tree.deepCopy();
        ((ObjectNode) unknown.at("/all/stages/0")).put("colour", "red");
        assertRefused(load("kind=funnel", unknown.toString(), editorToken), "all.stages[0].colour",
                "all.stages[0].colour is not a field of all.stages[0], which has name, customers, fromStart, fromPrevious "
                        + "and dropOff");
        ObjectNode missing = tree.deepCopy();
        ((ObjectNode) missing.get("all")).remove("entered");
        assertRefused(load("kind=funnel", missing.toString(), editorToken), "all.entered",
                "all.entered is missing: it must be a whole number");
        ObjectNode nullList = tree.deepCopy();
        ((ObjectNode) nullList.get("all")).putNull("stages");
        assertRefused(load("kind=funnel", nullList.toString(), editorToken), "all.stages", "all.stages is null: it must be a list");
        ObjectNode notABoolean = tree.deepCopy();
        notABoolean.put("strict", "false");
        assertRefused(load("kind=funnel", notABoolean.toString(), editorToken), "strict", "strict must be true or false");

        ObjectNode process = (ObjectNode) ServerTestSupport.JSON.readTree(analysis("process?" + MAP));
        ((ObjectNode) process.get("start")).put("product-page", "many");
        assertRefused(load("kind=process", process.toString(), editorToken), "start[\"product-page\"]",
                "must be a whole number, not the string \"many\"");
        ObjectNode attribution = (ObjectNode) ServerTestSupport.JSON.readTree(analysis("attribution?" + MAP));
        attribution.put("model", "magic");
        assertRefused(load("kind=attribution", attribution.toString(), editorToken), "model", "'magic' is not an attribution model");
        ObjectNode abandonment = (ObjectNode) ServerTestSupport.JSON.readTree(analysis("abandonment?" + MAP + "&intent=cart"));
        abandonment.putArray("customers").add(7);
        assertRefused(load("kind=abandonment", abandonment.toString(), editorToken), "customers[0]",
                "customers[0] must be a string, not the whole number 7");
        assertRefused(load("kind=funnel&label=first%0Aline", funnel, editorToken), "label", "one line");
        assertRefused(load("kind=funnel&engine=spark%20cluster", funnel, editorToken), "engine", "not 'spark cluster'");

        // Larger than 32 MB: refused while reading, as too large.
        byte[] huge = new byte[(int) LoadedResults.MAX_BYTES + 1000];
        java.util.Arrays.fill(huge, (byte) ' ');
        ServerTestSupport.Answer tooLarge = parcours.send(HttpRequest.newBuilder(parcours.uri(API + "results?kind=funnel"))
                .header("Authorization", "Bearer " + editorToken)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))).build());
        assertThat(tooLarge.status()).as(tooLarge.body()).isEqualTo(413);
        assertThat(tooLarge.json().at("/error/message").asText()).contains("larger than 32 MB");

        assertThat(list()).as("nothing stored").isEmpty();
        assertThat(parcours.store.loadedResults().all("akwaba")).isEmpty();
    }

    private static void assertRefused(ServerTestSupport.Answer answer, String field, String message) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("invalid-input");
        assertThat(answer.json().at("/error/message").asText()).contains(message);
        assertThat(answer.json().at("/error/field").asText()).isEqualTo(field);
    }

    @Test
    void viewersReadLoadedResultsButCannotLoadOrDeleteThem() {
        String funnel = analysis("funnel?" + MAP);
        ServerTestSupport.Answer refused = load("kind=funnel", funnel, viewerToken);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().at("/error/message").asText()).contains("needs the editor role");
        long id = loaded("kind=funnel&" + MAP, funnel);
        ServerTestSupport.Answer read = parcours.send(HttpRequest.newBuilder(parcours.uri(API + "results/" + id))
                .header("Authorization", "Bearer " + viewerToken).GET().build());
        assertThat(read.status()).isEqualTo(200);
        ServerTestSupport.Answer deleted = parcours.send(HttpRequest.newBuilder(parcours.uri(API + "results/" + id))
                .header("Authorization", "Bearer " + viewerToken).DELETE().build());
        assertThat(deleted.status()).isEqualTo(403);
        // Nor from the page: the form is not shown to them, and its action refuses them.
        String listPage = page(PAGES + "results");
        assertThat(listPage).doesNotContain("/results/" + id + "/delete");
        assertThat(parcours.submit(PAGES + "results/" + id + "/delete", viewer, Map.of()).status()).isEqualTo(403);
        assertThat(list()).hasSize(1);

        // An editor deletes it from the list page, after confirming.
        ServerTestSupport.Session editor = parcours.login(Role.EDITOR);
        String editorList = parcours.page(PAGES + "results", editor).body();
        assertThat(editorList).contains("action=\"/workspaces/akwaba/analytics/results/" + id + "/delete\"",
                "<details class=\"confirm\">");
        ServerTestSupport.Answer done = parcours.submit(PAGES + "results/" + id + "/delete", editor, Map.of());
        assertThat(done.status()).isEqualTo(303);
        assertThat(done.header("Location")).isEqualTo("/workspaces/akwaba/analytics/results?deleted=1");
        assertThat(page(PAGES + "results?deleted=1")).contains("The loaded result was deleted.", "No result has been loaded");
        assertThat(list()).isEmpty();
        assertThat(parcours.page(PAGES + "results/" + id, viewer).status()).isEqualTo(404);
    }

    @Test
    void theOpenApiDescriptionDocumentsTheRoutes() {
        JsonNode openApi = parcours.get("/api/openapi.json").json();
        JsonNode post = openApi.at("/paths/~1api~1workspaces~1{ws}~1results/post");
        assertThat(post.at("/x-required-role").asText()).isEqualTo("editor");
        assertThat(post.at("/requestBody/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/AnalysisResult");
        assertThat(post.at("/responses/201/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/LoadedResultSummary");
        assertThat(openApi.at("/components/schemas/AnalysisResult/oneOf").findValuesAsText("$ref")).containsExactly(
                "#/components/schemas/FunnelResult", "#/components/schemas/PathsResult",
                "#/components/schemas/ProcessViewResult", "#/components/schemas/AttributionResult",
                "#/components/schemas/ConformanceResult", "#/components/schemas/KeyTouchpointsResult",
                "#/components/schemas/AbandonmentView");
        assertThat(openApi.at("/paths/~1api~1workspaces~1{ws}~1results~1{id}/delete/x-required-role").asText())
                .isEqualTo("editor");
        assertThat(openApi.at("/components/schemas/LoadedResult/properties/result/type").asText()).isEqualTo("object");
    }

    // ---- the pages -----------------------------------------------------------------------------

    @Test
    void aLoadedResultsPageShowsTheLivePagesFiguresTablesAndCsv() {
        Map<String, String> live = new LinkedHashMap<>();
        live.put("funnel", MAP);
        live.put("process", MAP);
        live.put("abandonment", MAP + "&intent=cart");
        for (Map.Entry<String, String> kind : live.entrySet()) {
            String query = kind.getKey() + "?" + kind.getValue();
            long id = loaded("kind=" + kind.getKey() + "&" + kind.getValue(), analysis(query));
            String livePage = page(PAGES + query);
            String loadedPage = page(PAGES + "results/" + id);
            assertThat(figures(loadedPage)).as(kind.getKey()).isEqualTo(figures(livePage)).isNotEmpty();
            for (String chart : AnalyticsPages.CSVS.get(kind.getKey())) {
                assertThat(table(loadedPage, chart)).as(chart).isEqualTo(table(livePage, chart));
                assertThat(csv(loadedPage, chart)).as(chart + " CSV").isEqualTo(csv(livePage, chart));
                assertThat(section(loadedPage, chart)).contains("href=\"/workspaces/akwaba/analytics/results/" + id + "/"
                        + chart + ".csv\"");
            }
            // The banner says what computed it, when and by whom it was loaded, and with which parameters;
            // there is no filter form, since the filters do not apply to it.
            assertThat(loadedPage).contains("Computed by spark; loaded ", " by Test editor.", "<code>map=amina-current</code>",
                    "See the live ");
            assertThat(loadedPage).doesNotContain("class=\"analytics-filters\"", "name=\"from\"");
        }
        String abandonment = page(PAGES + "results/" + list().get(0).get("id").asLong());
        assertThat(abandonment).contains("<a href=\"/workspaces/akwaba/analytics/customers/c2?map=amina-current\">c2</a>");

        // An attribution holds one model: its table has that model's column, with the live page's credits.
        long attribution = loaded("kind=attribution&model=linear&" + MAP, analysis("attribution?" + MAP + "&model=linear"));
        List<List<String>> liveRows = table(page(PAGES + "attribution?" + MAP), "attribution");
        String loadedPage = page(PAGES + "results/" + attribution);
        List<List<String>> loadedRows = table(loadedPage, "attribution");
        assertThat(section(loadedPage, "attribution")).contains("<th scope=\"col\">Linear</th>")
                .doesNotContain("Markov chain");
        assertThat(loadedRows).isNotEmpty();
        for (List<String> row : loadedRows) {
            List<String> same = liveRows.stream().filter(r -> r.get(0).equals(row.get(0))).findFirst().orElseThrow();
            assertThat(row).isEqualTo(List.of(same.get(0), same.get(3)));
        }
        assertThat(csv(loadedPage, "attribution")).startsWith("\uFEFFchannel,linear\r\n");
        // A chart the kind does not have, and a result that is not there.
        assertThat(parcours.page(PAGES + "results/" + attribution + "/funnel.csv", viewer).status()).isEqualTo(404);
        assertThat(parcours.page(PAGES + "results/99999", viewer).status()).isEqualTo(404);

        // The list: each result with its kind, engine, parameters and who loaded it; linked from the overview.
        String listPage = page(PAGES + "results");
        assertThat(listPage).contains("href=\"/workspaces/akwaba/analytics/results/" + attribution + "\"", "Attribution",
                "Stage funnel", "Process map", "<code>model=linear</code>", "Test editor", "parcours results load");
        assertThat(page(PAGES + "?" + MAP)).contains("href=\"/workspaces/akwaba/analytics/results\"");
    }

    @Test
    void aResultWhoseMapIsGoneShowsKeysAndSaysWhy() {
        long id = loaded("kind=funnel&map=last-year", analysis("funnel?" + MAP));
        String loadedPage = page(PAGES + "results/" + id);
        assertThat(loadedPage).contains("The map \"last-year\" it ran on is not in this workspace");
        assertThat(table(loadedPage, "funnel")).extracting(row -> row.get(0)).contains("pre-purchase", "purchase");
    }

    @Test
    void whatPeopleTypedComesOutEscaped() {
        String label = SCRIPT;
        long id = loaded("kind=funnel&" + MAP + "&label=" + URLEncoder.encode(label, StandardCharsets.UTF_8) + "&persona="
                + URLEncoder.encode(TAG, StandardCharsets.UTF_8) + "&note=" + URLEncoder.encode(SCRIPT, StandardCharsets.UTF_8),
                analysis("funnel?" + MAP));
        JsonNode stored = parcours.get(API + "results/" + id).json();
        assertThat(stored.get("label").asText()).isEqualTo(SCRIPT);
        assertThat(stored.at("/parameters/persona").asText()).isEqualTo(TAG);
        ServerTestSupport.Session editor = parcours.login(Role.EDITOR);
        for (String path : List.of(PAGES + "results", PAGES + "results/" + id)) {
            String shown = parcours.page(path, editor).body();
            assertThat(shown).as(path).doesNotContain(SCRIPT, "<img src=x")
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "persona=\"&gt;&lt;img src=x onerror=alert(1)&gt;");
        }
    }
}
