package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.model.Role;
import io.parcours.store.ParcoursStore;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server started with limits other than the defaults follows them, over HTTP. */
class ServerLimitsTest {
    private static final ServerOptions.Limits LIMITS = new ServerOptions.Limits(16, 64 * 1024, Duration.ofMinutes(90), 2,
            Duration.ofMinutes(15), Duration.ofMinutes(3), 3, Duration.ofHours(1), 4, Duration.ofHours(1),
            Duration.ofMinutes(10), 10, Duration.ofMinutes(1));

    @TempDir
    Path data;
    ServerTestSupport parcours;

    @BeforeEach
    void start() {
        parcours = new ServerTestSupport(data, ParcoursStore.MAX_PENDING_EVENTS, ServerOptions.defaults().withLimits(LIMITS));
    }

    @AfterEach
    void stop() {
        parcours.close();
    }

    @Test
    void aLoginLastsTheConfiguredTime() {
        parcours.login(Role.VIEWER);
        ServerTestSupport.Answer answer = attempt("viewer@example.com", ServerTestSupport.PASSWORD);
        assertThat(answer.status()).isEqualTo(303);
        String setCookie = answer.raw().headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith(Authentication.SESSION_COOKIE)).findFirst().orElseThrow();
        assertThat(setCookie).contains("Max-Age=5400");
    }

    @Test
    void theConfiguredFailuresLockAnAddressForTheConfiguredTime() {
        parcours.login(Role.EDITOR);
        assertThat(attempt("editor@example.com", "wrong").status()).isEqualTo(401);
        ServerTestSupport.Answer second = attempt("editor@example.com", "wrong again");
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.body()).contains("locked for 3 more minutes");
    }

    @Test
    void oneClientAddressMakesTheConfiguredFailedLoginsAtOnce() {
        parcours.login(Role.VIEWER);
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(attempt("nobody" + attempt + "@example.com", "guess").status()).isEqualTo(401);
        }
        ServerTestSupport.Answer fourth = attempt("nobody4@example.com", "guess");
        assertThat(fourth.status()).isEqualTo(429);
        assertThat(Long.parseLong(fourth.header("Retry-After"))).isGreaterThan(60);
    }

    @Test
    void theSurveyRoutesTakeTheConfiguredBurst() {
        int refused = 0;
        for (int i = 0; i < 6; i++) {
            int status = parcours.send(HttpRequest.newBuilder(parcours.uri("/v1/surveys/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"answers\": {}}")).build()).status();
            refused += status == 429 ? 1 : 0;
        }
        assertThat(refused).isEqualTo(2);
    }

    @Test
    void aBodyLargerThanTheConfiguredSizeIsRefused() {
        ServerTestSupport.Answer large = parcours.post("/api/workspaces", "{\"key\": \"big\", \"name\": \""
                + "x".repeat(65 * 1024) + "\"}");
        assertThat(large.status()).isEqualTo(413);
        assertThat(large.json().get("error").get("message").asText()).contains("larger than 64 KB");
        assertThat(parcours.post("/api/workspaces", "{\"key\": \"small\", \"name\": \"Small\"}").status()).isEqualTo(201);
    }

    private ServerTestSupport.Answer attempt(String email, String password) {
        ServerTestSupport.Answer form = parcours.send(HttpRequest.newBuilder(parcours.uri("/login")).GET().build());
        String token = ServerTestSupport.between(form.body(), "name=\"_csrf\" value=\"", "\"");
        return parcours.send(HttpRequest.newBuilder(parcours.uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", PeoplePages.LOGIN_COOKIE + "=" + ServerTestSupport.cookie(form, PeoplePages.LOGIN_COOKIE))
                .POST(HttpRequest.BodyPublishers.ofString(ServerTestSupport.form(Map.of("_csrf", token, "email", email,
                        "password", password, "next", "/")))).build());
    }
}
