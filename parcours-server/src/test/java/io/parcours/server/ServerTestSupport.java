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
        token = ParcoursServer.ensureAdminToken(store).orElseGet(() -> store.createToken("test", "admin").secret());
        server = ParcoursServer.start(store, "127.0.0.1", 0, options);
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
