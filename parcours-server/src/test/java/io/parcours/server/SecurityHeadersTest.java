package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.io.builtin.DemoWorkspaces;
import io.parcours.io.mapfile.MapDocument;
import io.parcours.io.mapfile.MapFiles;
import io.parcours.model.Role;
import io.parcours.store.Invitation;
import io.parcours.store.NewInvitation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route the server has (read from its router, so a route added later is walked too), and the
 * answers no route gives (assets, WebJars, unknown paths, Jetty's own refusals, a body too large),
 * each carries the security headers of its kind: the dashboard's policy (only Parcours's own
 * scripts, no framing), the survey page's (no script, framing allowed), the public API's (nothing
 * to run or frame), and nosniff and a referrer policy everywhere.
 */
class SecurityHeadersTest {
    @TempDir
    Path data;
    ServerTestSupport parcours;
    ServerTestSupport.Session admin;
    String surveyToken;
    String writeKey;

    @BeforeEach
    void start() {
        parcours = new ServerTestSupport(data);
        var akwaba = DemoWorkspaces.load().get(0);
        parcours.post("/api/workspaces/" + akwaba.key() + "/import", MapFiles.write(MapDocument.of(akwaba)));
        admin = parcours.login(Role.ADMIN);
        writeKey = parcours.writeKey();
        Instant now = Instant.now();
        var survey = akwaba.maps().get(0).touchpoints().stream().filter(tp -> !tp.surveys().isEmpty()).findFirst().orElseThrow();
        List<Invitation> made = parcours.store.surveys().recordTriggered("akwaba", -1, List.of(new NewInvitation(
                akwaba.maps().get(0).key(), survey.surveys().get(0).key(), survey.key(), "ana", Optional.empty(), "fr-FR",
                Optional.empty(), now, now, now.plus(Duration.ofDays(7)))));
        surveyToken = made.get(0).token();
    }

    @AfterEach
    void stop() {
        parcours.close();
    }

    enum Kind { DASHBOARD, SURVEY, PUBLIC_API }

    @Test
    void everyRouteSendsTheSecurityHeadersOfItsKind() {
        List<String> endpoints = parcours.server.endpoints();
        List<String> walked = new ArrayList<>();
        for (String endpoint : endpoints) {
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            String path = endpoint.substring(endpoint.indexOf(' ') + 1);
            String url = path.replace("{ws}", "akwaba").replace("/s/{token}", "/s/" + surveyToken)
                    .replaceAll("\\{[a-zA-Z]+}", "nothing-here");
            if (method.equals("POST") && (path.equals("/logout") || path.startsWith("/s/"))) {
                continue; // logging out ends the session the walk uses; a survey posted once answers it
            }
            ServerTestSupport.Answer answer = call(method, url);
            assertSecured(answer, kindOf(path), method + " " + url);
            walked.add(endpoint);
        }
        assertThat(walked).contains("GET /", "GET /login", "GET /api/workspaces", "POST /v1/track", "GET /s/{token}",
                "GET /widget.js", "GET /health", "GET /ready", "GET /metrics", "OPTIONS /v1/*").hasSizeGreaterThan(150);
    }

    @Test
    void answersNoRouteGivesHaveThemToo() throws IOException {
        Map<String, Kind> paths = new java.util.LinkedHashMap<>();
        paths.put("/webjars/htmx.org/2.0.10/dist/htmx.min.js", Kind.DASHBOARD);
        paths.put(Shell.ECHARTS, Kind.DASHBOARD);
        paths.put("/assets/parcours.css", Kind.DASHBOARD);
        paths.put("/assets/survey.css", Kind.DASHBOARD);
        paths.put("/no/such/page", Kind.DASHBOARD);
        paths.put("/api/no/such/route", Kind.DASHBOARD);
        paths.put("/v1/no-such-route", Kind.PUBLIC_API);
        paths.put("/s/not-a-token", Kind.SURVEY);
        for (Map.Entry<String, Kind> path : paths.entrySet()) {
            ServerTestSupport.Answer html = parcours.send(HttpRequest.newBuilder(parcours.uri(path.getKey()))
                    .header("Accept", "text/html").GET().build());
            assertSecured(html, path.getValue(), "GET " + path.getKey() + " (HTML)");
            assertSecured(parcours.getWithoutToken(path.getKey()), path.getValue(), "GET " + path.getKey());
        }
        // The anonymous API call refused before its route runs, a body too large, a write key refused.
        assertSecured(parcours.getWithoutToken("/api/workspaces"), Kind.DASHBOARD, "anonymous /api");
        ServerTestSupport.Answer tooLarge = parcours.post("/api/workspaces",
                "x".repeat((int) ParcoursServer.MAX_REQUEST_BYTES + 10));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertSecured(tooLarge, Kind.DASHBOARD, "413");
        ServerTestSupport.Answer badKey = parcours.send(HttpRequest.newBuilder(parcours.uri("/v1/track"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"writeKey\": \"wrong\", \"event\": \"x\", \"userId\": \"u\"}"))
                .build());
        assertThat(badKey.status()).isEqualTo(401);
        assertSecured(badKey, Kind.PUBLIC_API, "401 on /v1/track");

        // A request Jetty refuses itself, before Javalin sees it.
        String raw = rawRequest("GET /%zz HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 400");
        assertThat(raw).containsIgnoringCase("X-Content-Type-Options: nosniff")
                .containsIgnoringCase("X-Frame-Options: DENY")
                .contains("Content-Security-Policy: " + SecurityHeaders.DASHBOARD_POLICY);
    }

    @Test
    void theWidgetAndThePublicApiStayUsableFromCustomersSites() {
        ServerTestSupport.Answer widget = parcours.getWithoutToken("/widget.js");
        assertThat(widget.header("Content-Type")).startsWith("text/javascript");
        assertThat(widget.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(widget.header("Cross-Origin-Resource-Policy")).isNull();
        ServerTestSupport.Answer pending = parcours.getWithoutToken("/v1/surveys/pending?userId=ana&writeKey=" + writeKey);
        assertThat(pending.status()).as(pending.body()).isEqualTo(200);
        assertThat(pending.header("Access-Control-Allow-Origin")).isEqualTo("*");
        // The survey page may be framed by a team's own site; the dashboard by none.
        ServerTestSupport.Answer survey = parcours.getWithoutToken("/s/" + surveyToken);
        assertThat(survey.status()).isEqualTo(200);
        assertThat(survey.header("X-Frame-Options")).isNull();
        assertThat(survey.header("Content-Security-Policy")).contains("frame-ancestors *").doesNotContain("script-src");
        assertThat(parcours.page("/", admin).header("Content-Security-Policy")).contains("frame-ancestors 'none'");
    }

    @Test
    void behindAnHttpsPublicUrlBrowsersAreToldToKeepToHttps(@TempDir Path other) {
        assertThat(parcours.page("/", admin).header("Strict-Transport-Security")).as("over plain HTTP").isNull();
        try (ServerTestSupport https = new ServerTestSupport(other, io.parcours.store.ParcoursStore.MAX_PENDING_EVENTS,
                ServerOptions.defaults().withPublicUrl("https://parcours.example.com"))) {
            for (String path : List.of("/login", "/health", "/widget.js", "/s/not-a-token", "/v1/no-such-route")) {
                assertThat(https.getWithoutToken(path).header("Strict-Transport-Security")).as(path)
                        .isEqualTo(SecurityHeaders.STRICT_TRANSPORT);
            }
        }
    }

    private ServerTestSupport.Answer call(String method, String url) {
        HttpRequest.Builder request = HttpRequest.newBuilder(parcours.uri(url)).timeout(Duration.ofSeconds(20));
        if (url.startsWith("/api") || url.equals("/metrics")) {
            request.header("Authorization", "Bearer " + parcours.token);
        } else if (!url.startsWith("/v1") && !url.startsWith("/s/")) {
            request.header("Cookie", Authentication.SESSION_COOKIE + "=" + admin.cookie()).header("Accept", "text/html")
                    .header(Authentication.CSRF_HEADER, admin.csrf());
        }
        HttpRequest.BodyPublisher empty = HttpRequest.BodyPublishers.ofString("");
        return parcours.send(switch (method) {
            case "GET" -> request.GET().build();
            case "DELETE" -> request.DELETE().build();
            default -> request.header("Content-Type", "application/x-www-form-urlencoded").method(method, empty).build();
        });
    }

    private static Kind kindOf(String path) {
        if (path.startsWith("/s/")) {
            return Kind.SURVEY;
        }
        return path.startsWith("/v1/") || path.equals("/widget.js") ? Kind.PUBLIC_API : Kind.DASHBOARD;
    }

    static void assertSecured(ServerTestSupport.Answer answer, Kind kind, String what) {
        String as = what + " answered " + answer.status() + " with " + answer.raw().headers().map();
        assertThat(answer.header("X-Content-Type-Options")).as(as).isEqualTo("nosniff");
        String policy = answer.header("Content-Security-Policy");
        switch (kind) {
            case DASHBOARD -> {
                assertThat(policy).as(as).isEqualTo(SecurityHeaders.DASHBOARD_POLICY);
                assertThat(answer.header("X-Frame-Options")).as(as).isEqualTo("DENY");
                assertThat(answer.header("Referrer-Policy")).as(as).isEqualTo("same-origin");
            }
            case SURVEY -> {
                assertThat(policy).as(as).isEqualTo(SecurityHeaders.SURVEY_POLICY);
                assertThat(answer.header("Referrer-Policy")).as(as).isEqualTo("no-referrer");
            }
            case PUBLIC_API -> {
                assertThat(policy).as(as).isEqualTo(SecurityHeaders.PUBLIC_API_POLICY);
                assertThat(answer.header("X-Frame-Options")).as(as).isEqualTo("DENY");
                assertThat(answer.header("Referrer-Policy")).as(as).isEqualTo("same-origin");
            }
        }
        assertThat(policy).as(as).doesNotContain("unsafe-eval").doesNotContain("script-src 'unsafe-inline'");
    }

    private String rawRequest(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", parcours.server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
