package io.parcours.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parcours.store.ParcoursStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** A real Parcours server on a free loopback port over a real DuckDB file, and an HTTP client for it. */
final class ServerTestSupport implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final ParcoursStore store;
    final ParcoursServer server;
    final String token;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ServerTestSupport(Path data) {
        this(data, ParcoursStore.MAX_PENDING_EVENTS);
    }

    ServerTestSupport(Path data, long maxPendingEvents) {
        this(data, maxPendingEvents, ServerOptions.defaults());
    }

    ServerTestSupport(Path data, long maxPendingEvents, ServerOptions options) {
        store = ParcoursStore.open(data, java.time.Clock.systemUTC(), maxPendingEvents);
        // On a data folder used before, the admin token exists: tests make their own.
        token = ParcoursServer.ensureAdminToken(store).orElseGet(() -> store.createToken("test", io.parcours.model.Role.ADMIN).secret());
        server = ParcoursServer.start(store, "127.0.0.1", 0, options);
    }

    /** The password of the users {@link #login} makes. */
    static final String PASSWORD = "correct horse battery staple";

    /** A logged-in browser: its session cookie and the CSRF token its forms send back. */
    record Session(String cookie, String csrf) {}

    /**
     * Makes a user with {@code role} (once per role, named after it) and logs them in through the
     * login form, as a browser does: the form's own token, then the session cookie.
     */
    Session login(io.parcours.model.Role role) {
        String email = role.id() + "@example.com";
        if (store.users().byEmail(email).isEmpty()) {
            store.users().create(email, "Test " + role.id(), role, Passwords.hash(PASSWORD));
        }
        return login(email, PASSWORD);
    }

    /** Logs in through the login form; fails the test when the login is refused. */
    Session login(String email, String password) {
        Answer form = send(HttpRequest.newBuilder(uri("/login")).GET().build());
        String loginCookie = cookie(form, PeoplePages.LOGIN_COOKIE);
        String formToken = between(form.body(), "name=\"_csrf\" value=\"", "\"");
        Answer answer = send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", PeoplePages.LOGIN_COOKIE + "=" + loginCookie)
                .POST(HttpRequest.BodyPublishers.ofString(form(java.util.Map.of("_csrf", formToken, "email", email,
                        "password", password, "next", "/account"))))
                .build());
        if (answer.status() != 303) {
            throw new AssertionError("login refused (" + answer.status() + "): " + answer.body());
        }
        String session = cookie(answer, Authentication.SESSION_COOKIE);
        Answer account = page("/account", new Session(session, ""));
        return new Session(session, between(account.body(), "<meta name=\"csrf-token\" content=\"", "\""));
    }

    /** A page as a logged-in browser asks for it. */
    Answer page(String path, Session session) {
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/html")
                .header("Cookie", Authentication.SESSION_COOKIE + "=" + session.cookie()).GET().build());
    }

    /** A form posted by a logged-in browser, with the session's CSRF token. */
    Answer submit(String path, Session session, java.util.Map<String, String> fields) {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>(fields);
        all.putIfAbsent("_csrf", session.csrf());
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", Authentication.SESSION_COOKIE + "=" + session.cookie())
                .POST(HttpRequest.BodyPublishers.ofString(form(all))).build());
    }

    static String form(java.util.Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&")
                .append(java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)).append('=')
                .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)));
        return body.toString();
    }

    /** The value of cookie {@code name} that the answer sets. */
    static String cookie(Answer answer, String name) {
        return answer.raw().headers().allValues("Set-Cookie").stream().filter(value -> value.startsWith(name + "="))
                .map(value -> value.substring(name.length() + 1, value.indexOf(';') < 0 ? value.length() : value.indexOf(';')))
                .findFirst().orElseThrow(() -> new AssertionError("no cookie " + name + " in " + answer.raw().headers()));
    }

    static String between(String text, String before, String after) {
        int start = text.indexOf(before);
        if (start < 0) {
            throw new AssertionError("'" + before + "' not found in " + text);
        }
        start += before.length();
        return text.substring(start, text.indexOf(after, start));
    }

    /** Creates workspace "akwaba" with persona "amina", and saves {@code mapYaml} as its map "shop" (version 1). */
    void akwabaWithMap(String mapYaml) {
        assertStatus(post("/api/workspaces", "{\"key\": \"akwaba\", \"name\": \"Maison Akwaba\"}"), 201);
        assertStatus(put("/api/workspaces/akwaba/personas/amina", "{\"name\": \"Amina\"}"), 200);
        assertStatus(put("/api/workspaces/akwaba/maps/shop", mapYaml), 201);
    }

    /** Creates the source "web" of workspace "akwaba" and returns a write key of it. */
    String writeKey() {
        post("/api/workspaces/akwaba/sources", "{\"key\": \"web\", \"name\": \"Web\"}");
        return post("/api/workspaces/akwaba/sources/web/keys", "").json().get("secret").asText();
    }

    private static void assertStatus(Answer answer, int status) {
        if (answer.status() != status) {
            throw new AssertionError("expected " + status + ", got " + answer.status() + ": " + answer.body());
        }
    }

    /** A response with its body parsed as JSON when it is JSON. */
    record Answer(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Answer get(String path) {
        return send(request(path).GET().build());
    }

    Answer getWithoutToken(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    Answer put(String path, String body) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Answer post(String path, String body) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Answer delete(String path) {
        return send(request(path).DELETE().build());
    }

    Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("request failed: " + request, e);
        }
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token);
    }

    URI uri(String path) {
        return URI.create(server.url() + path);
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }
}
