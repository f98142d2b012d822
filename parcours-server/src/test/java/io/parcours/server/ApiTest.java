package io.parcours.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.parcours.io.Json;
import io.parcours.io.builtin.DemoWorkspaces;
import io.parcours.io.mapfile.MapDocument;
import io.parcours.io.mapfile.MapFiles;
import io.parcours.model.Workspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The REST API over HTTP, as a client sees it. */
class ApiTest {
    @TempDir
    Path data;
    ServerTestSupport parcours;

    static final String AKWABA = MapFiles.write(MapDocument.of(DemoWorkspaces.load().get(0)));
    static final String MAP = "/api/workspaces/akwaba/maps/amina-current";

    @BeforeEach
    void start() {
        parcours = new ServerTestSupport(data);
    }

    @AfterEach
    void stop() {
        parcours.close();
    }

    private void importDemo() {
        ServerTestSupport.Answer imported = parcours.post("/api/workspaces/akwaba/import", AKWABA);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
    }

    @Test
    void healthIsOpenAndTheApiNeedsAToken() {
        assertThat(parcours.getWithoutToken("/health").json().get("status").asText()).isEqualTo("ok");
        ServerTestSupport.Answer anonymous = parcours.getWithoutToken("/api/workspaces");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().at("/error/code").asText()).isEqualTo("unauthenticated");
        assertThat(anonymous.json().at("/error/message").asText()).contains("Authorization: Bearer");
        ServerTestSupport.Answer wrong = parcours.send(HttpRequest.newBuilder(parcours.uri("/api/workspaces"))
                .header("Authorization", "Bearer pct_not-a-token").GET().build());
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(parcours.getWithoutToken("/api/openapi.json").status()).isEqualTo(401);
        assertThat(parcours.get("/api/workspaces").status()).isEqualTo(200);
    }

    @Test
    void aRevokedTokenIsRefused() {
        // Used first, so that the server remembers it: the revocation must reach that memory too.
        assertThat(parcours.get("/api/workspaces").status()).isEqualTo(200);
        String id = parcours.store.tokens().get(0).id();
        parcours.store.revokeToken(id);
        assertThat(parcours.get("/api/workspaces").status()).isEqualTo(401);
    }

    @Test
    void importingAWorkspaceFileShowsItsMaps() {
        importDemo();
        JsonNode workspace = parcours.get("/api/workspaces/akwaba").json();
        assertThat(workspace.get("name").asText()).isEqualTo("Maison Akwaba");
        List<String> maps = new ArrayList<>();
        workspace.get("maps").forEach(map -> maps.add(map.get("key").asText() + "@" + map.get("latestVersion").asInt()));
        assertThat(maps).containsExactly("amina-current@1", "amina-future@1", "marc-gift@1");
        ServerTestSupport.Answer map = parcours.get(MAP);
        assertThat(map.header("Parcours-Map-Version")).isEqualTo("1");
        assertThat(map.json().at("/stages/1/touchpoints/4/key").asText()).isEqualTo("shop-seller");
        // the same import again changes nothing
        JsonNode again = parcours.post("/api/workspaces/akwaba/import", AKWABA).json();
        assertThat(again.at("/maps/0/changed").asBoolean()).isFalse();
        assertThat(parcours.get(MAP + "/versions").json()).hasSize(1);
    }

    @Test
    void exportGivesBackTheImportedFile() {
        importDemo();
        ServerTestSupport.Answer exported = parcours.get("/api/workspaces/akwaba/export");
        assertThat(exported.header("Content-Type")).startsWith("application/yaml");
        Workspace workspace = MapFiles.read("export.yaml", exported.body()).toWorkspace();
        assertThat(workspace).isEqualTo(DemoWorkspaces.load().get(0));
    }

    @Test
    void editingATouchpointMakesAVersionThatTheDiffExplains() {
        importDemo();
        ServerTestSupport.Answer saved = parcours.put(MAP + "/touchpoints/shop-seller?message=retrained",
                "{\"name\": \"Advice from a trained seller\", \"stage\": \"purchase\", \"channel\": \"store\", "
                        + "\"owner\": \"shop\", \"parent\": \"shop-visit\", \"targets\": {\"csat\": 90}, "
                        + "\"match\": [\"Seller Advice Given\"], \"surveys\": [{\"key\": \"csat-seller\", \"type\": \"csat\", "
                        + "\"question\": {\"en\": \"How satisfied are you with the advice you were given in the shop?\", "
                        + "\"fr\": \"Êtes-vous satisfaite des conseils reçus en boutique ?\"}}]}");
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.json().get("version").asInt()).isEqualTo(2);
        assertThat(saved.json().get("author").asText()).isEqualTo("admin");
        JsonNode diff = parcours.get(MAP + "/diff?from=1&to=2").json();
        assertThat(diff.at("/touchpoints/0/key").asText()).isEqualTo("shop-seller");
        assertThat(diff.at("/touchpoints/0/kind").asText()).isEqualTo("changed");
        List<String> fields = new ArrayList<>();
        diff.at("/touchpoints/0/fields").forEach(field -> fields.add(field.get("field").asText()));
        assertThat(fields).containsExactly("name", "description", "targets.csat");
        String text = parcours.get(MAP + "/diff?from=1&format=text").body();
        assertThat(text).contains("~ shop-seller 'Advice from a trained seller' changed")
                .contains("targets.csat: 'at least 80' -> 'at least 90'");
        JsonNode versions = parcours.get(MAP + "/versions").json();
        assertThat(versions.get(1).get("message").asText()).isEqualTo("retrained");
        // restore version 1 as version 3
        ServerTestSupport.Answer restored = parcours.post(MAP + "/versions/1/restore", "");
        assertThat(restored.json().get("version").asInt()).isEqualTo(3);
        assertThat(parcours.get(MAP + "/touchpoints/shop-seller").json().get("name").asText())
                .isEqualTo("Advice from a seller");
    }

    @Test
    void stagesCanBeAddedMovedAndRemoved() {
        importDemo();
        ServerTestSupport.Answer added = parcours.put(MAP + "/stages/loyalty?position=1",
                "name: Loyalty\nemotion: {score: 2, word: attached}\n");
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        List<String> stages = new ArrayList<>();
        parcours.get(MAP + "/stages").json().forEach(stage -> stages.add(stage.get("key").asText()));
        assertThat(stages).containsExactly("loyalty", "pre-purchase", "purchase", "post-purchase");
        ServerTestSupport.Answer moved = parcours.put(MAP + "/stages/loyalty?position=9", "{\"name\": \"Loyalty\"}");
        assertThat(moved.status()).isEqualTo(200);
        assertThat(parcours.get(MAP + "/stages").json().get(3).get("key").asText()).isEqualTo("loyalty");
        assertThat(parcours.delete(MAP + "/stages/loyalty").status()).isEqualTo(200);
        ServerTestSupport.Answer busy = parcours.delete(MAP + "/stages/purchase");
        assertThat(busy.status()).isEqualTo(409);
        assertThat(busy.json().at("/error/message").asText()).contains("still has").contains("touchpoint");
    }

    @Test
    void badInputIsAnsweredWithAClearErrorAndNothingIsSaved() {
        importDemo();
        ServerTestSupport.Answer malformed = parcours.put(MAP, "{\"name\": \"x\", ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().at("/error/code").asText()).isEqualTo("invalid-input");
        assertThat(malformed.json().at("/error/problems/0/line").asInt()).isEqualTo(1);

        ServerTestSupport.Answer unknownOwner = parcours.put(MAP + "/touchpoints/shop-seller",
                "{\"name\": \"Seller\", \"stage\": \"purchase\", \"channel\": \"store\", \"owner\": \"shopp\"}");
        assertThat(unknownOwner.status()).isEqualTo(400);
        assertThat(unknownOwner.json().at("/error/message").asText()).contains("team 'shopp'")
                .contains("did you mean 'shop'?");

        ServerTestSupport.Answer otherKey = parcours.put(MAP + "/touchpoints/shop-seller",
                "{\"key\": \"other\", \"name\": \"Seller\", \"stage\": \"purchase\", \"channel\": \"store\"}");
        assertThat(otherKey.status()).isEqualTo(400);
        assertThat(otherKey.json().at("/error/field").asText()).isEqualTo("key");

        ServerTestSupport.Answer badChannel = parcours.put(MAP + "/touchpoints/new-one",
                "{\"name\": \"New\", \"stage\": \"purchase\", \"channel\": \"fax\"}");
        assertThat(badChannel.status()).isEqualTo(400);
        assertThat(badChannel.json().at("/error/field").asText()).isEqualTo("channel");

        ServerTestSupport.Answer emotion = parcours.put(MAP + "/stages/purchase", "{\"name\": \"P\", \"emotion\": {\"score\": 3}}");
        assertThat(emotion.status()).isEqualTo(400);
        assertThat(emotion.json().at("/error/message").asText()).contains("from -2");

        ServerTestSupport.Answer badImport = parcours.post("/api/workspaces/akwaba/import",
                AKWABA.replace("owner: crm", "owner: nobody"));
        assertThat(badImport.status()).isEqualTo(400);
        assertThat(badImport.json().at("/error/problems").size()).isGreaterThan(1);

        assertThat(parcours.get(MAP + "/versions").json()).hasSize(1);
        assertThat(parcours.get("/api/workspaces/akwaba/export").body()).isEqualTo(
                parcours.get("/api/workspaces/akwaba/export").body());
        assertThat(MapFiles.read("x", parcours.get("/api/workspaces/akwaba/export").body()).toWorkspace())
                .isEqualTo(DemoWorkspaces.load().get(0));
    }

    @Test
    void unknownThingsAreNotFoundWithHints() {
        importDemo();
        ServerTestSupport.Answer map = parcours.get("/api/workspaces/akwaba/maps/amina-curent");
        assertThat(map.status()).isEqualTo(404);
        assertThat(map.json().at("/error/message").asText()).contains("did you mean 'amina-current'?");
        assertThat(parcours.get(MAP + "/versions/9").json().at("/error/message").asText()).contains("1 to 1");
        ServerTestSupport.Answer route = parcours.get("/api/nothing-here");
        assertThat(route.status()).isEqualTo(404);
        assertThat(route.json().at("/error/message").asText()).contains("openapi.json");
        assertThat(parcours.get(MAP + "/diff").status()).isEqualTo(400);
        assertThat(parcours.get(MAP + "/diff?from=abc").json().at("/error/message").asText())
                .contains("whole number");
    }

    @Test
    void workspacesCanBeCreatedRenamedAndDeleted() {
        ServerTestSupport.Answer created = parcours.post("/api/workspaces",
                "{\"key\": \"bistro\", \"name\": \"Le Bistro\", \"description\": \"A restaurant\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(parcours.post("/api/workspaces", "{\"key\": \"bistro\", \"name\": \"Again\"}").status()).isEqualTo(409);
        assertThat(parcours.post("/api/workspaces", "{\"key\": \"Bad Key\", \"name\": \"x\"}").status()).isEqualTo(400);
        assertThat(parcours.put("/api/workspaces/bistro", "{\"name\": \"Le Petit Bistro\"}").json().get("name").asText())
                .isEqualTo("Le Petit Bistro");
        assertThat(parcours.put("/api/workspaces/bistro/teams/kitchen", "name: Kitchen\nemail: chef@bistro.example\n")
                .status()).isEqualTo(200);
        assertThat(parcours.put("/api/workspaces/bistro/personas/regular", "{\"name\": \"The regular\"}").status())
                .isEqualTo(200);
        assertThat(parcours.get("/api/workspaces/bistro/teams").json().get(0).get("email").asText())
                .isEqualTo("chef@bistro.example");
        ServerTestSupport.Answer map = parcours.put("/api/workspaces/bistro/maps/dinner",
                "{\"name\": \"Dinner\", \"persona\": \"regular\", \"stages\": [{\"key\": \"booking\", \"name\": \"Booking\","
                        + " \"touchpoints\": [{\"key\": \"phone-booking\", \"name\": \"Phone booking\", \"channel\": \"phone\","
                        + " \"owner\": \"kitchen\"}]}]}");
        assertThat(map.status()).as(map.body()).isEqualTo(201);
        assertThat(parcours.delete("/api/workspaces/bistro/personas/regular").status()).isEqualTo(409);
        assertThat(parcours.delete("/api/workspaces/bistro").status()).isEqualTo(204);
        assertThat(parcours.get("/api/workspaces/bistro").status()).isEqualTo(404);
    }

    @Test
    void concurrentTouchpointEditsAllSurvive() throws Exception {
        importDemo();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<ServerTestSupport.Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String key = "concurrent-" + i;
            answers.add(pool.submit(() -> parcours.put(MAP + "/touchpoints/" + key,
                    "{\"name\": \"Concurrent\", \"stage\": \"purchase\", \"channel\": \"web\"}")));
        }
        for (java.util.concurrent.Future<ServerTestSupport.Answer> answer : answers) {
            assertThat(answer.get(60, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(200);
        }
        pool.shutdown();
        List<String> keys = new ArrayList<>();
        parcours.get(MAP + "/touchpoints").json().forEach(t -> keys.add(t.get("key").asText()));
        assertThat(keys.stream().filter(k -> k.startsWith("concurrent-"))).hasSize(20);
        assertThat(parcours.get(MAP + "/versions").json()).hasSize(21);
    }

    @Test
    void readsDuringWritesAndDeletesNeverFail() throws Exception {
        importDemo();
        String map = "{\"name\": \"Temp\", \"persona\": \"amina\", \"stages\": [{\"key\": \"s\", \"name\": \"S\"}]}";
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 25; i++) {
                parcours.put("/api/workspaces/akwaba/maps/temp", map.replace("Temp", "Temp " + i));
                parcours.delete("/api/workspaces/akwaba/maps/temp");
            }
            writing.set(false);
        });
        writer.start();
        List<Integer> statuses = new ArrayList<>();
        while (writing.get()) {
            for (String path : List.of("/api/workspaces/akwaba", "/api/workspaces/akwaba/maps",
                    "/api/workspaces/akwaba/maps/temp", "/api/workspaces/akwaba/maps/temp/versions/1")) {
                statuses.add(parcours.get(path).status());
            }
        }
        writer.join(60_000);
        assertThat(statuses).isNotEmpty().allMatch(status -> status == 200 || status == 404);
    }

    @Test
    void renamingAWorkspaceKeepsItsDescription() {
        importDemo();
        String description = parcours.get("/api/workspaces/akwaba").json().get("description").asText();
        assertThat(parcours.put("/api/workspaces/akwaba", "{\"name\": \"Akwaba\"}").status()).isEqualTo(200);
        JsonNode workspace = parcours.get("/api/workspaces/akwaba").json();
        assertThat(workspace.get("name").asText()).isEqualTo("Akwaba");
        assertThat(workspace.get("description").asText()).isEqualTo(description);
        assertThat(parcours.put("/api/workspaces/akwaba", "{\"description\": \"New\"}").json().get("name").asText())
                .isEqualTo("Akwaba");
    }

    @Test
    void bodiesMustBeUtf8() {
        importDemo();
        byte[] latin1 = "name: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        ServerTestSupport.Answer answer = parcours.send(parcours.request("/api/workspaces/akwaba/teams/cafe")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(latin1)).build());
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/message").asText()).contains("not valid UTF-8");
        assertThat(parcours.get("/api/workspaces/akwaba/teams/cafe").status()).isEqualTo(404);
    }

    @Test
    void oddKeysAndNumbersInTheUrlAreClearErrors() {
        importDemo();
        ServerTestSupport.Answer badKey = parcours.put("/api/workspaces/akwaba/teams/My%20Team", "{\"name\": \"Mine\"}");
        assertThat(badKey.status()).isEqualTo(400);
        assertThat(badKey.json().at("/error/message").asText()).contains("for example 'my-team'");
        ServerTestSupport.Answer huge = parcours.get(MAP + "/versions/99999999999");
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.json().at("/error/message").asText()).contains("far too large");
        ServerTestSupport.Answer nul = parcours.get(MAP + "/touchpoints/a%00b");
        assertThat(nul.status()).isBetween(400, 499);
        assertThat(nul.json().at("/error/code").asText()).isNotEmpty();
        ServerTestSupport.Answer noStage = parcours.put(MAP + "/touchpoints/lonely", "{\"name\": \"L\", \"channel\": \"web\"}");
        assertThat(noStage.json().at("/error/message").asText()).contains("touchpoint 'lonely' has no stage");
    }

    @Test
    void tooLargeBodiesAreRefused() {
        String huge = "{\"name\": \"" + "x".repeat((int) ParcoursServer.MAX_REQUEST_BYTES + 10) + "\"}";
        ServerTestSupport.Answer answer = parcours.put("/api/workspaces/akwaba/teams/web", huge);
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("too-large");
    }

    @Test
    void everyRouteIsDocumentedInDocsApi() throws Exception {
        String doc = java.nio.file.Files.readString(Path.of("..", "docs", "api.md"));
        try (Journeys journeys = Journeys.follow(parcours.store)) {
            for (Route route : new ApiRoutes(parcours.store, journeys, Json.mapper()).all()) {
                assertThat(doc).as("docs/api.md documents %s %s", route.method(), route.path())
                        .contains("`" + route.method().name() + " " + route.path());
            }
        }
    }

    @Test
    void everyOperationOfTheOpenApiDescriptionIsServed() {
        importDemo();
        JsonNode openApi = parcours.get("/api/openapi.json").json();
        assertThat(openApi.get("openapi").asText()).startsWith("3.1");
        int operations = 0;
        for (Map.Entry<String, JsonNode> path : openApi.get("paths").properties()) {
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase();
                String url = path.getKey().replace("{ws}", "nowhere").replaceAll("\\{version}", "1")
                        .replaceAll("\\{[a-z]+}", "none");
                ServerTestSupport.Answer answer = parcours.send(parcours.request(url)
                        .method(method, HttpRequest.BodyPublishers.ofString("{}")).build());
                assertThat(answer.body()).as(method + " " + url).doesNotContain("no route");
                assertThat(answer.status()).as(method + " " + url).isLessThan(500);
                operations++;
            }
        }
        assertThat(operations).isGreaterThanOrEqualTo(30);
        assertThat(openApi.at("/components/schemas/Map/properties/stages").isMissingNode()).isFalse();
        assertThat(openApi.at("/components/schemas/MapDiff/properties/touchpoints").isMissingNode()).isFalse();
    }
}
