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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every API route and every dashboard page, called by nobody, by a viewer, an editor and an admin:
 * each is refused to those below its role (401 to nobody, 403 to a role too low) and let through to
 * the others. The routes come from the OpenAPI description and the server's page list, so a route
 * added later is walked too. The keys in the paths name nothing, so no call changes the data.
 */
class AccessTest {
    @TempDir
    Path data;
    ServerTestSupport parcours;
    final Map<Role, String> tokens = new EnumMap<>(Role.class);

    @BeforeEach
    void start() {
        parcours = new ServerTestSupport(data);
        var akwaba = DemoWorkspaces.load().get(0);
        parcours.post("/api/workspaces/" + akwaba.key() + "/import", MapFiles.write(MapDocument.of(akwaba)));
        for (Role role : Role.values()) {
            parcours.login(role);
            String userId = parcours.store.users().byEmail(role.id() + "@example.com").orElseThrow().id();
            tokens.put(role, parcours.store.createToken("walk", role, Optional.of(userId)).secret());
        }
    }

    @AfterEach
    void stop() {
        parcours.close();
    }

    @Test
    void everyApiRouteChecksTheCallersRole() {
        JsonNode paths = parcours.get("/api/openapi.json").json().get("paths");
        List<String> walked = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = ops.next();
                String method = operation.getKey().toUpperCase(Locale.ROOT);
                Role needed = Role.fromId(operation.getValue().get("x-required-role").asText()).orElseThrow();
                String url = fill(path.getKey());
                walked.add(method + " " + path.getKey());

                ServerTestSupport.Answer anonymous = parcours.send(request(url, method).build());
                assertThat(anonymous.status()).as("%s %s without credentials: %s", method, url, anonymous.body())
                        .isEqualTo(401);
                for (Role role : Role.values()) {
                    ServerTestSupport.Answer answer = parcours.send(request(url, method)
                            .header("Authorization", "Bearer " + tokens.get(role)).build());
                    String what = method + " " + url + " as " + role.id() + ": " + answer.body();
                    if (role.includes(needed)) {
                        assertThat(answer.status()).as(what).isNotIn(401, 403);
                    } else {
                        assertThat(answer.status()).as(what).isEqualTo(403);
                        assertThat(answer.json().at("/error/message").asText()).contains("needs the " + needed.id() + " role");
                    }
                }
            }
        }
        assertThat(walked).contains("GET /api/workspaces", "POST /api/users", "PUT /api/workspaces/{ws}/maps/{map}",
                "DELETE /api/workspaces/{ws}/keys/{id}", "POST /api/admin/backup").hasSizeGreaterThan(70);
    }

    @Test
    void everyPageChecksTheCallersRole() {
        List<PageRoute> pages = parcours.server.pages();
        // One session per role for the pages that only show: logging in hashes a password (Argon2).
        Map<Role, ServerTestSupport.Session> reading = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            reading.put(role, parcours.login(role));
        }
        for (PageRoute page : pages) {
            String url = fill(page.path());
            String method = page.method().name();
            ServerTestSupport.Answer anonymous = parcours.send(request(url, method).header("Accept", "text/html").build());
            if (page.role().isEmpty()) {
                assertThat(anonymous.status()).as("%s %s is public", method, url).isLessThan(500).isNotEqualTo(401);
                continue;
            }
            if (page.method() == HandlerType.GET) {
                assertThat(anonymous.status()).as("%s %s without a session", method, url).isEqualTo(303);
                assertThat(anonymous.header("Location")).startsWith("/login?next=");
            } else {
                assertThat(anonymous.status()).as("%s %s without a session", method, url).isEqualTo(401);
            }
            for (Role role : Role.values()) {
                // A fresh session for each form: a form may end it (logging out).
                ServerTestSupport.Session session = page.method() == HandlerType.GET ? reading.get(role)
                        : parcours.login(role);
                ServerTestSupport.Answer answer = page.method() == HandlerType.GET ? parcours.page(url, session)
                        : parcours.submit(url, session, Map.of());
                String what = method + " " + url + " as " + role.id() + ": " + answer.status();
                if (role.includes(page.role().get())) {
                    assertThat(answer.status()).as(what).isNotIn(401, 403);
                } else {
                    assertThat(answer.status()).as(what).isEqualTo(403);
                }
            }
        }
        assertThat(pages).extracting(PageRoute::path).contains("/", "/login", "/account", "/admin/users");
    }

    @Test
    void aSessionChangesNothingWithoutItsCsrfToken() {
        ServerTestSupport.Session editor = parcours.login(Role.EDITOR);
        ServerTestSupport.Answer forged = parcours.send(HttpRequest.newBuilder(parcours.uri("/api/workspaces/akwaba/teams/web"))
                .header("Cookie", Authentication.SESSION_COOKIE + "=" + editor.cookie())
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\": \"Forged\"}")).build());
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.json().at("/error/message").asText()).contains("CSRF token");

        ServerTestSupport.Answer sent = parcours.send(HttpRequest.newBuilder(parcours.uri("/api/workspaces/akwaba/teams/web"))
                .header("Cookie", Authentication.SESSION_COOKIE + "=" + editor.cookie())
                .header(Authentication.CSRF_HEADER, editor.csrf())
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\": \"Web team\"}")).build());
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);

        ServerTestSupport.Answer form = parcours.submit("/account/tokens", editor, Map.of("_csrf", "wrong", "name", "x"));
        assertThat(form.status()).isEqualTo(403);
        assertThat(parcours.store.tokensOf(parcours.store.users().byEmail("editor@example.com").orElseThrow().id()))
                .extracting(io.parcours.store.ApiToken::name).containsExactly("walk");
    }

    private HttpRequest.Builder request(String url, String method) {
        HttpRequest.Builder request = HttpRequest.newBuilder(parcours.uri(url)).timeout(java.time.Duration.ofSeconds(10));
        return switch (method) {
            case "GET" -> request.GET();
            case "DELETE" -> request.DELETE();
            default -> request.method(method, HttpRequest.BodyPublishers.ofString(""));
        };
    }

    /** The path with its parameters filled: the demo workspace, and keys that name nothing else. */
    private static String fill(String path) {
        return path.replace("{ws}", "akwaba").replaceAll("\\{[a-z]+}", "nothing-here");
    }
}
