package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parcours.model.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The map editor over HTTP, as a browser's forms use it: every save a new version with the editor's
 * name, problems shown beside their fields with what was typed kept, someone else's change never
 * overwritten unseen, and the workspace's personas, teams, new maps and map files.
 */
class MapEditorPagesTest {
    private static final String EDIT = "/workspaces/akwaba/maps/shop/edit";

    @TempDir
    Path data;
    ServerTestSupport parcours;
    ServerTestSupport.Session editor;

    @BeforeEach
    void start() {
        parcours = new ServerTestSupport(data);
        parcours.akwabaWithMap(KpiApiTest.MAP.replace("persona: amina", "persona: amina\nconversion: order"));
        editor = parcours.login(Role.EDITOR);
    }

    @AfterEach
    void stop() {
        parcours.close();
    }

    private JsonNode api(String path) {
        ServerTestSupport.Answer answer = parcours.get(path);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private int versions() {
        return api("/api/workspaces/akwaba/maps/shop/versions").size();
    }

    private static Map<String, String> fields(String... pairs) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put(pairs[i], pairs[i + 1]);
        }
        return fields;
    }

    private static String baseOf(String page) {
        return ServerTestSupport.between(page, "name=\"base\" value=\"", "\"");
    }

    @Test
    void savingAStageKeepsEveryLaneAndMakesAVersionWithTheEditorsName() {
        ServerTestSupport.Answer form = parcours.page(EDIT + "/stages/buy", editor);
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("value=\"Buy\"", "name=\"customerGoals\"", "name=\"targets.nps\"");

        ServerTestSupport.Answer saved = parcours.submit(EDIT + "/stages/buy", editor, fields(
                "base", baseOf(form.body()), "name", "Buy it", "description", "Where the order is placed",
                "customerGoals", "Find my size\r\nPay safely", "pains", "Delivery fees shown late",
                "emotion.score", "-1", "emotion.word", "anxious", "targets.nps", "20", "targets.drop-off", "35",
                "note", "workshop of 12 March"));
        assertThat(saved.status()).isEqualTo(303);
        assertThat(saved.header("Location")).isEqualTo(EDIT + "?saved=2#stage-buy");

        JsonNode stage = api("/api/workspaces/akwaba/maps/shop/stages/buy");
        assertThat(stage.get("name").asText()).isEqualTo("Buy it");
        assertThat(stage.get("customerGoals").toString()).isEqualTo("[\"Find my size\",\"Pay safely\"]");
        assertThat(stage.get("emotion").get("score").asInt()).isEqualTo(-1);
        assertThat(stage.get("targets").get("drop-off").asDouble()).isEqualTo(35);
        assertThat(api("/api/workspaces/akwaba/maps/shop/touchpoints").size()).as("its touchpoints stay").isEqualTo(3);
        JsonNode version = api("/api/workspaces/akwaba/maps/shop/versions").get(1);
        assertThat(version.get("author").asText()).isEqualTo("Test editor");
        assertThat(version.get("message").asText()).contains("stage 'buy'", "workshop of 12 March");

        String overview = parcours.page(EDIT + "?saved=2", editor).body();
        assertThat(overview).contains("Saved as version 2", "/workspaces/akwaba/maps/shop?version=2&amp;compare=1");
        // Saving the same again changes nothing and makes no version.
        parcours.submit(EDIT + "/stages/buy", editor, fields("base", "2", "name", "Buy it", "description",
                "Where the order is placed", "customerGoals", "Find my size\nPay safely", "pains",
                "Delivery fees shown late", "emotion.score", "-1", "emotion.word", "anxious", "targets.nps", "20",
                "targets.drop-off", "35"));
        assertThat(versions()).isEqualTo(2);
    }

    @Test
    void aRefusedFormComesBackWithEachProblemBesideItsFieldAndWhatWasTyped() {
        ServerTestSupport.Answer refused = parcours.submit(EDIT + "/stages/buy", editor, fields("base", "1",
                "name", "Buy", "customerGoals", "Kept goal <b>bold</b>", "emotion.score", "7", "targets.nps", "500",
                "targets.csat", "lots"));
        assertThat(refused.status()).isEqualTo(400);
        String page = refused.body();
        assertThat(page).contains("Not saved");
        assertThat(page).contains("emotion score 7 is out of range");
        assertThat(ServerTestSupport.between(page, "id=\"e-targets.nps\">", "<")).contains("500", "-100 to 100");
        assertThat(ServerTestSupport.between(page, "id=\"e-targets.csat\">", "<")).isNotEmpty();
        assertThat(page).contains("Kept goal &lt;b&gt;bold&lt;/b&gt;</textarea>", "value=\"500\"", "value=\"lots\"");
        assertThat(page).doesNotContain("<b>bold</b>");
        ServerTestSupport.Answer noName = parcours.submit(EDIT + "/stages/buy", editor, fields("base", "1", "name", " "));
        assertThat(noName.status()).isEqualTo(400);
        assertThat(ServerTestSupport.between(noName.body(), "id=\"e-name\">", "<")).contains("name");
        assertThat(versions()).as("nothing saved").isEqualTo(1);
    }

    @Test
    void touchpointsAreAddedWithRulesMovedAndRemovedAndKeepTheirSurveys() {
        ServerTestSupport.Answer form = parcours.page(EDIT + "/new-touchpoint?stage=buy", editor);
        assertThat(form.body()).contains("<option value=\"buy\" selected>");
        ServerTestSupport.Answer added = parcours.submit(EDIT + "/new-touchpoint", editor, fields("base", "1",
                "rules", "3", "name", "Checkout page", "key", "", "stage", "buy", "channel", "web", "owner", "",
                "match.0.event", "", "match.0.type", "", "match.0.where", "",
                "match.1.event", "Checkout Started\nCheckout Viewed", "match.1.type", "track",
                "match.1.where", "context.page.url = */checkout*?step=1\nproperties.currency = EUR",
                "targets.conversion", "40"));
        assertThat(added.status()).as(added.body()).isEqualTo(303);
        JsonNode checkout = api("/api/workspaces/akwaba/maps/shop/touchpoints/checkout-page");
        assertThat(checkout.get("match").toString()).isEqualTo("[{\"event\":[\"Checkout Started\",\"Checkout Viewed\"],"
                + "\"type\":\"track\",\"where\":{\"context.page.url\":\"*/checkout*?step=1\",\"properties.currency\":\"EUR\"}}]");

        // A rule the model refuses names the form's rule, not the position among the rules written.
        ServerTestSupport.Answer refused = parcours.submit(EDIT + "/touchpoints/checkout-page", editor, fields(
                "base", "2", "rules", "3", "name", "Checkout page", "stage", "buy", "channel", "web",
                "match.0.event", "", "match.2.where", "page.url = x"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(ServerTestSupport.between(refused.body(), "id=\"e-match.2.where\">", "<")).contains("properties.");
        ServerTestSupport.Answer noEquals = parcours.submit(EDIT + "/touchpoints/checkout-page", editor, fields(
                "base", "2", "rules", "2", "name", "Checkout page", "stage", "buy", "channel", "web",
                "match.1.where", "context.page.url is checkout"));
        assertThat(ServerTestSupport.between(noEquals.body(), "id=\"e-match.1.where\">", "<")).contains("field = pattern");

        // Editing the touchpoint that has a survey keeps the survey.
        String orderForm = parcours.page(EDIT + "/touchpoints/order", editor).body();
        assertThat(orderForm).contains("nps-order");
        parcours.submit(EDIT + "/touchpoints/order", editor, fields("base", baseOf(orderForm), "rules", "2",
                "name", "Order placed", "stage", "buy", "channel", "web", "targets.nps", "30",
                "match.0.event", "Order Completed"));
        JsonNode order = api("/api/workspaces/akwaba/maps/shop/touchpoints/order");
        assertThat(order.get("name").asText()).isEqualTo("Order placed");
        assertThat(order.get("surveys").get(0).get("key").asText()).isEqualTo("nps-order");

        assertThat(keys()).containsExactly("order", "shop", "checkout-page", "help");
        assertThat(parcours.submit(EDIT + "/touchpoints/checkout-page/move", editor, fields("direction", "up")).status())
                .isEqualTo(303);
        assertThat(keys()).containsExactly("order", "checkout-page", "shop", "help");
        parcours.submit(EDIT + "/stages/after/move", editor, fields("direction", "up"));
        assertThat(api("/api/workspaces/akwaba/maps/shop/stages").findValuesAsText("key")).containsExactly("after", "buy");

        ServerTestSupport.Answer conversion = parcours.submit(EDIT + "/touchpoints/order/delete", editor, Map.of());
        assertThat(conversion.status()).isEqualTo(409);
        assertThat(conversion.body()).contains("conversion goal");
        assertThat(parcours.submit(EDIT + "/touchpoints/checkout-page/delete", editor, Map.of()).status()).isEqualTo(303);
        assertThat(keys()).containsExactly("help", "order", "shop");
        ServerTestSupport.Answer stageInUse = parcours.submit(EDIT + "/stages/buy/delete", editor, Map.of());
        assertThat(stageInUse.status()).isEqualTo(409);
        assertThat(stageInUse.body()).contains("still has 2 touchpoint(s)");
    }

    private List<String> keys() {
        List<String> keys = new ArrayList<>();
        api("/api/workspaces/akwaba/maps/shop/touchpoints").forEach(touchpoint -> keys.add(touchpoint.get("key").asText()));
        return keys;
    }

    @Test
    void someoneElsesChangeIsNeverOverwrittenUnseen() {
        String form = parcours.page(EDIT + "/touchpoints/help", editor).body();
        assertThat(baseOf(form)).isEqualTo("1");
        // Meanwhile a colleague renames the hotline through the API (version 2) and adds a stage (version 3).
        parcours.put("/api/workspaces/akwaba/maps/shop/touchpoints/help",
                "{\"name\": \"Hotline (new number)\", \"stage\": \"after\", \"channel\": \"phone\"}");
        parcours.put("/api/workspaces/akwaba/maps/shop/stages/loyalty", "{\"name\": \"Loyalty\"}");

        Map<String, String> mine = fields("base", "1", "rules", "2", "name", "Hotline and chat", "stage", "after",
                "channel", "phone", "targets.ces", "5.5");
        ServerTestSupport.Answer stale = parcours.submit(EDIT + "/touchpoints/help", editor, mine);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body()).contains("changed this in version 3", "value=\"Hotline and chat\"");
        assertThat(api("/api/workspaces/akwaba/maps/shop/touchpoints/help").get("name").asText())
                .isEqualTo("Hotline (new number)");

        // Saved again from the page that warned: the editor has seen the change and replaces it.
        mine.put("base", baseOf(stale.body()));
        assertThat(parcours.submit(EDIT + "/touchpoints/help", editor, mine).status()).isEqualTo(303);
        assertThat(api("/api/workspaces/akwaba/maps/shop/touchpoints/help").get("name").asText())
                .isEqualTo("Hotline and chat");
        // A change to another part of the map since the form was opened is no conflict.
        String stageForm = parcours.page(EDIT + "/stages/buy", editor).body();
        parcours.put("/api/workspaces/akwaba/maps/shop/stages/loyalty", "{\"name\": \"Loyalty club\"}");
        assertThat(parcours.submit(EDIT + "/stages/buy", editor, fields("base", baseOf(stageForm), "name", "Buy",
                "pains", "Queues")).status()).isEqualTo(303);
    }

    @Test
    void newMapsComeFromATemplateOrACopyAndTheSettingsSave() {
        ServerTestSupport.Answer fromTemplate = parcours.submit("/workspaces/akwaba/new-map", editor, fields(
                "name", "Amina online", "key", "", "persona", "amina", "state", "current", "start", "template",
                "template", "ecommerce"));
        assertThat(fromTemplate.status()).as(fromTemplate.body()).isEqualTo(303);
        assertThat(fromTemplate.header("Location")).startsWith("/workspaces/akwaba/maps/amina-online/edit?saved=1");
        JsonNode online = api("/api/workspaces/akwaba/maps/amina-online");
        assertThat(online.get("stages").size()).isGreaterThanOrEqualTo(4);
        assertThat(online.get("persona").asText()).isEqualTo("amina");

        ServerTestSupport.Answer copy = parcours.submit("/workspaces/akwaba/new-map", editor, fields(
                "name", "Shop tomorrow", "key", "shop-future", "persona", "amina", "state", "future", "start", "copy",
                "copy", "shop"));
        assertThat(copy.status()).isEqualTo(303);
        assertThat(api("/api/workspaces/akwaba/maps/shop-future").get("redesigns").asText()).isEqualTo("shop");
        assertThat(parcours.page("/workspaces/akwaba/maps/shop-future/side-by-side", editor).status()).isEqualTo(200);

        ServerTestSupport.Answer taken = parcours.submit("/workspaces/akwaba/new-map", editor, fields(
                "name", "Shop again", "key", "shop", "persona", "amina", "state", "current", "start", "blank"));
        assertThat(taken.status()).isEqualTo(400);
        assertThat(ServerTestSupport.between(taken.body(), "id=\"e-key\">", "<")).contains("already has a map 'shop'");

        ServerTestSupport.Answer settings = parcours.submit(EDIT, editor, fields("base", "1", "name", "The shop",
                "description", "Both channels", "persona", "amina", "state", "current", "conversion", "help"));
        assertThat(settings.status()).isEqualTo(303);
        JsonNode shop = api("/api/workspaces/akwaba/maps/shop");
        assertThat(shop.get("name").asText()).isEqualTo("The shop");
        assertThat(shop.get("conversion").asText()).isEqualTo("help");

        ServerTestSupport.Answer wrongConfirm = parcours.submit("/workspaces/akwaba/maps/amina-online/delete", editor,
                fields("confirm", "yes"));
        assertThat(wrongConfirm.status()).isEqualTo(400);
        assertThat(parcours.submit("/workspaces/akwaba/maps/amina-online/delete", editor,
                fields("confirm", "amina-online")).status()).isEqualTo(303);
        assertThat(parcours.get("/api/workspaces/akwaba/maps/amina-online").status()).isEqualTo(404);
    }

    @Test
    void personasTeamsAndMapFilesAreEditedInTheBrowser() {
        ServerTestSupport.Answer persona = parcours.submit("/workspaces/akwaba/new-persona", editor, fields(
                "name", "Marc the collector", "key", "", "goals", "Rare pieces", "match",
                "traits.plan = gold\ntraits.city = Lyon*\n\ntraits.vip = true"));
        assertThat(persona.status()).as(persona.body()).isEqualTo(303);
        JsonNode marc = api("/api/workspaces/akwaba/personas/marc-the-collector");
        assertThat(marc.get("match").toString()).isEqualTo("[{\"traits.plan\":\"gold\",\"traits.city\":\"Lyon*\"},"
                + "{\"traits.vip\":\"true\"}]");
        ServerTestSupport.Answer badRule = parcours.submit("/workspaces/akwaba/personas/marc-the-collector/edit", editor,
                fields("name", "Marc", "match", "plan = gold"));
        assertThat(badRule.status()).isEqualTo(400);
        assertThat(ServerTestSupport.between(badRule.body(), "id=\"e-match\">", "<")).contains("not a trait");

        assertThat(parcours.submit("/workspaces/akwaba/new-team", editor, fields("name", "Shop staff", "key", "shop-staff",
                "email", "not an address")).status()).isEqualTo(400);
        assertThat(parcours.submit("/workspaces/akwaba/new-team", editor, fields("name", "Shop staff", "key", "shop-staff",
                "email", "shop@akwaba.example")).status()).isEqualTo(303);
        String teams = parcours.page("/workspaces/akwaba/teams", editor).body();
        assertThat(teams).contains("Shop staff", "shop@akwaba.example");
        parcours.submit(EDIT + "/touchpoints/shop", editor, fields("base", "1", "rules", "2", "name", "Shop visit",
                "stage", "buy", "channel", "store", "owner", "shop-staff"));
        ServerTestSupport.Answer inUse = parcours.submit("/workspaces/akwaba/teams/shop-staff/delete", editor, Map.of());
        assertThat(inUse.status()).isEqualTo(409);

        String broken = "parcours: 1\nmaps:\n  - key: shop\n    name: Shop\n    persona: nobody\n    stages: []\n";
        ServerTestSupport.Answer refused = parcours.submit("/workspaces/akwaba/import", editor, fields("content", broken));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Nothing was imported", ":5:");
        assertThat(api("/api/workspaces/akwaba/maps/shop").get("stages").size()).as("nothing changed").isEqualTo(2);
        String good = "parcours: 1\nmaps:\n  - key: shop\n    name: Shop\n    persona: marc-the-collector\n    stages: []\n";
        ServerTestSupport.Answer imported = parcours.submit("/workspaces/akwaba/import", editor, fields("content", good));
        assertThat(imported.status()).isEqualTo(200);
        assertThat(imported.body()).contains("Imported.", "new version");
        assertThat(api("/api/workspaces/akwaba/maps/shop").get("persona").asText()).isEqualTo("marc-the-collector");
    }

    @Test
    void viewersReadButDoNotEditAndWhatWasTypedIsEscapedEverywhere() {
        ServerTestSupport.Session viewer = parcours.login(Role.VIEWER);
        assertThat(parcours.page(EDIT, viewer).status()).isEqualTo(403);
        assertThat(parcours.page("/workspaces/akwaba/maps/shop", viewer).body()).doesNotContain(EDIT);
        assertThat(parcours.page("/workspaces/akwaba/maps/shop", editor).body()).contains(EDIT);

        String payload = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
        parcours.submit(EDIT + "/stages/buy", editor, fields("base", "1", "name", "Buy " + payload, "pains", payload));
        parcours.submit("/workspaces/akwaba/new-persona", editor, fields("name", "P " + payload, "key", "p",
                "goals", payload));
        for (String path : List.of(EDIT, EDIT + "/stages/buy", EDIT + "/new-touchpoint", "/workspaces/akwaba/personas",
                "/workspaces/akwaba/personas/p/edit", "/workspaces/akwaba/maps/shop")) {
            String page = parcours.page(path, editor).body();
            assertThat(page).as(path).doesNotContain("<script>alert", "<img src=x");
        }
        assertThat(parcours.page(EDIT, editor).body()).contains("Buy &lt;script&gt;alert(1)&lt;/script&gt;");
    }
}
