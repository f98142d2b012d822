package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.HandlerType;
import io.parcours.io.builtin.DemoWorkspaces;
import io.parcours.io.mapfile.MapDocument;
import io.parcours.io.mapfile.MapFiles;
import io.parcours.model.Role;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-site request forgery: every form action of the dashboard and every change through the API,
 * sent by a logged-in admin's browser without the session's CSRF token, with a wrong one, or with
 * another session's, is refused (403) and changes nothing in the database, although its path names
 * real things and its form asks for a real change. A session cookie alone never authorizes a change
 * under {@code /api}. The routes come from the server's page list and the OpenAPI description, so
 * a route added later is walked too.
 */
class CsrfTest {
    /** Fields that would make each form change something, were it accepted. */
    private static final Map<String, String> FORGED = Map.of("name", "Forged", "confirm", "yes", "role", "admin",
            "language", "fr", "email", "forged@example.com", "intent", "save", "key", "forged",
            "current", ServerTestSupport.PASSWORD, "next", "a forged password that is long");

    @TempDir
    Path data;
    ServerTestSupport parcours;
    ServerTestSupport.Session admin;
    ServerTestSupport.Session other;
    Map<String, String> parameters = new LinkedHashMap<>();

    @BeforeEach
    void start() {
        parcours = new ServerTestSupport(data);
        var akwaba = DemoWorkspaces.load().get(0);
        parcours.post("/api/workspaces/" + akwaba.key() + "/import", MapFiles.write(MapDocument.of(akwaba)));
        admin = parcours.login(Role.ADMIN);
        other = parcours.login(Role.EDITOR);
        String adminId = parcours.store.users().byEmail("admin@example.com").orElseThrow().id();
        String tokenId = parcours.store.createToken("laptop", Role.ADMIN, Optional.of(adminId)).token().id();
        var map = akwaba.maps().get(0);
        parameters.put("{ws}", akwaba.key());
        parameters.put("{map}", map.key());
        parameters.put("{stage}", map.stages().get(0).key());
        parameters.put("{touchpoint}", map.touchpoints().get(0).key());
        parameters.put("{survey}", map.touchpoints().stream().flatMap(tp -> tp.surveys().stream()).findFirst().orElseThrow().key());
        parameters.put("{persona}", akwaba.personas().get(0).key());
        parameters.put("{team}", akwaba.teams().get(0).key());
        parameters.put("/account/tokens/{id}", "/account/tokens/" + tokenId);
        parameters.put("/admin/users/{id}", "/admin/users/" + parcours.store.users().byEmail("editor@example.com").orElseThrow().id());
        awaitTheTriggersFirstPass();
    }

    /** The survey triggers write their state on their first pass, in the background: the comparisons start after it. */
    private void awaitTheTriggersFirstPass() {
        long until = System.nanoTime() + 30_000_000_000L;
        while (DatabaseDump.of(data).get("survey_settings").isEmpty() || DatabaseDump.of(data).get("secrets").isEmpty()) {
            assertThat(System.nanoTime()).as("the survey triggers' first pass").isLessThan(until);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @AfterEach
    void stop() {
        parcours.close();
    }

    @Test
    void noFormActionRunsWithoutItsSessionsToken() {
        List<String> walked = new ArrayList<>();
        Map<String, List<String>> before = DatabaseDump.of(data);
        for (PageRoute page : parcours.server.pages()) {
            if (page.method() == HandlerType.GET) {
                continue;
            }
            String url = fill(page.path());
            for (String token : new String[] {null, "wrong", other.csrf()}) {
                Map<String, String> fields = new LinkedHashMap<>(FORGED);
                if (token != null) {
                    fields.put(Authentication.CSRF_FIELD, token);
                }
                ServerTestSupport.Answer answer = parcours.send(HttpRequest.newBuilder(parcours.uri(url))
                        .timeout(Duration.ofSeconds(20)).header("Accept", "text/html")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", Authentication.SESSION_COOKIE + "=" + admin.cookie())
                        .POST(HttpRequest.BodyPublishers.ofString(ServerTestSupport.form(fields))).build());
                assertThat(answer.status()).as("POST %s with CSRF token %s: %s", url, token, answer.body()).isEqualTo(403);
            }
            walked.add(page.path());
        }
        assertThat(DatabaseDump.of(data)).as("the database after every forged form").isEqualTo(before);
        assertThat(walked).contains("/login", "/logout", "/account/tokens", "/admin/users", "/workspaces/{ws}/import")
                .hasSizeGreaterThan(35);
        assertThat(parcours.page("/account", admin).status()).as("the session still works").isEqualTo(200);

        // The same form with the session's own token does change the database: the comparison above can see it.
        ServerTestSupport.Answer genuine = parcours.submit("/account/tokens", admin, Map.of("name", "genuine"));
        assertThat(genuine.status()).isEqualTo(200);
        assertThat(DatabaseDump.of(data)).isNotEqualTo(before);
    }

    @Test
    void aSessionCookieAloneChangesNothingThroughTheApi() {
        JsonNode paths = parcours.get("/api/openapi.json").json().get("paths");
        Map<String, List<String>> before = DatabaseDump.of(data);
        List<String> walked = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase(Locale.ROOT);
                if (method.equals("GET")) {
                    continue;
                }
                String url = fill(path.getKey());
                for (String token : new String[] {null, "wrong", other.csrf()}) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(parcours.uri(url)).timeout(Duration.ofSeconds(20))
                            .header("Content-Type", "application/json")
                            .header("Cookie", Authentication.SESSION_COOKIE + "=" + admin.cookie())
                            .method(method, HttpRequest.BodyPublishers.ofString("{\"name\": \"Forged\", \"key\": \"forged\"}"));
                    if (token != null) {
                        request.header(Authentication.CSRF_HEADER, token);
                    }
                    ServerTestSupport.Answer answer = parcours.send(request.build());
                    assertThat(answer.status()).as("%s %s with CSRF token %s: %s", method, url, token, answer.body())
                            .isEqualTo(403);
                    assertThat(answer.json().at("/error/message").asText()).contains("CSRF token");
                }
                walked.add(method + " " + path.getKey());
            }
        }
        assertThat(DatabaseDump.of(data)).as("the database after every forged API call").isEqualTo(before);
        assertThat(walked).contains("POST /api/workspaces", "DELETE /api/workspaces/{ws}/keys/{id}", "POST /api/users")
                .hasSizeGreaterThan(30);
    }

    private String fill(String path) {
        String url = path;
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            url = url.replace(parameter.getKey(), parameter.getValue());
        }
        return url.replaceAll("\\{[a-zA-Z]+}", "nothing-here");
    }
}
