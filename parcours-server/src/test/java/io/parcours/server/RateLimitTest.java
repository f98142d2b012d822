package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.model.Role;
import io.parcours.store.ParcoursStore;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guessing is slowed where it could pay: passwords (five failures lock an account for 15 minutes;
 * twenty failures from one address, whatever the accounts, make it wait), and write keys (thirty
 * wrong keys from one address, then one a second). Each refusal is a 429 that says when to try
 * again (Retry-After). Behind a trusted reverse proxy each client is counted on its own; nobody else
 * can choose the address they are counted under.
 */
class RateLimitTest {
    @TempDir
    Path data;

    @Test
    void anAccountIsLockedAfterFiveWrongPasswordsAndTheAnswerSaysForHowLong() {
        try (ServerTestSupport parcours = new ServerTestSupport(data)) {
            parcours.login(Role.EDITOR);
            for (int attempt = 1; attempt <= People.MAX_FAILURES - 1; attempt++) {
                assertThat(attempt(parcours, "editor@example.com", "guess " + attempt, null).status()).isEqualTo(401);
            }
            ServerTestSupport.Answer locked = attempt(parcours, "editor@example.com", "guess 5", null);
            assertThat(locked.status()).isEqualTo(429);
            assertThat(locked.header("Retry-After")).isEqualTo(Long.toString(People.LOCK.toSeconds()));
            assertThat(locked.body()).contains("locked for 15 more minutes");
            ServerTestSupport.Answer right = attempt(parcours, "editor@example.com", ServerTestSupport.PASSWORD, null);
            assertThat(right.status()).as("even the right password waits").isEqualTo(429);
            assertThat(right.raw().headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(Authentication.SESSION_COOKIE));
        }
    }

    @Test
    void anAddressTryingManyAccountsWaitsWhateverTheAccount() {
        try (ServerTestSupport parcours = new ServerTestSupport(data)) {
            parcours.login(Role.VIEWER);
            ServerTestSupport.Answer slowed = exhaust(parcours, null);
            assertThat(Long.parseLong(slowed.header("Retry-After"))).isBetween(1L, 6L);
            assertThat(slowed.body()).contains("Too many attempts from here");
            // The right password from this address waits too: the guesser cannot tell it was right.
            ServerTestSupport.Answer right = attempt(parcours, "viewer@example.com", ServerTestSupport.PASSWORD, null);
            assertThat(right.status()).isEqualTo(429);
            // A header naming another client changes nothing when it does not come from a trusted proxy.
            ServerTestSupport.Answer spoofed = attempt(parcours, "viewer@example.com", ServerTestSupport.PASSWORD, "203.0.113.9");
            assertThat(spoofed.status()).isEqualTo(429);
        }
    }

    @Test
    void behindATrustedProxyEachClientHasItsOwnAllowance() {
        ServerOptions options = ServerOptions.defaults().withTrustedProxies(Set.of("127.0.0.1"));
        try (ServerTestSupport parcours = new ServerTestSupport(data, ParcoursStore.MAX_PENDING_EVENTS, options)) {
            parcours.login(Role.VIEWER);
            exhaust(parcours, "198.51.100.7");
            // Another customer of the same proxy logs in; a client's own header before the proxy's is not believed.
            assertThat(attempt(parcours, "viewer@example.com", ServerTestSupport.PASSWORD, "198.51.100.8").status())
                    .isEqualTo(303);
            assertThat(attempt(parcours, "viewer@example.com", ServerTestSupport.PASSWORD, "192.0.2.1, 198.51.100.7").status())
                    .isEqualTo(429);
        }
    }

    @Test
    void wrongWriteKeysFromOneAddressAreSlowedRightOnesNever() {
        try (ServerTestSupport parcours = new ServerTestSupport(data)) {
            parcours.akwabaWithMap(SurveyPageTest.MAP);
            String key = parcours.writeKey();
            for (int i = 0; i < TrackingRoutes.FAILED_KEY_BURST * 2; i++) {
                assertThat(track(parcours, key, "right-" + i).status()).as("right keys never count").isEqualTo(200);
            }
            for (int i = 0; i < TrackingRoutes.FAILED_KEY_BURST; i++) {
                ServerTestSupport.Answer wrong = track(parcours, "pwk_guess" + i, "wrong-" + i);
                assertThat(wrong.status()).isEqualTo(401);
            }
            ServerTestSupport.Answer slowed = track(parcours, "pwk_guess-next", "wrong-next");
            assertThat(slowed.status()).isEqualTo(429);
            assertThat(Long.parseLong(slowed.header("Retry-After"))).isBetween(1L, 2L);
            assertThat(slowed.json().at("/error/message").asText()).contains("too many wrong write keys");
            assertThat(track(parcours, key, "right-after").status()).as("while slowed, every key waits").isEqualTo(429);
            ServerTestSupport.Answer experiment = parcours.getWithoutToken("/v1/experiments/x/variant?userId=u&writeKey=guess");
            assertThat(experiment.status()).isEqualTo(429);
        }
    }

    @Test
    void theClientIsTheNearestAddressNotATrustedProxy() {
        Set<String> proxies = Set.of("10.0.0.1", "10.0.0.2");
        assertThat(ClientAddress.resolve("203.0.113.5", "198.51.100.1", proxies)).as("untrusted peer").isEqualTo("203.0.113.5");
        assertThat(ClientAddress.resolve("10.0.0.1", null, proxies)).isEqualTo("10.0.0.1");
        assertThat(ClientAddress.resolve("10.0.0.1", "198.51.100.1", proxies)).isEqualTo("198.51.100.1");
        assertThat(ClientAddress.resolve("10.0.0.1", "192.0.2.9, 198.51.100.1, 10.0.0.2", proxies)).isEqualTo("198.51.100.1");
        assertThat(ClientAddress.resolve("10.0.0.1", "2001:db8::1", proxies)).isEqualTo("2001:db8::1");
        assertThat(ClientAddress.resolve("10.0.0.1", "198.51.100.1, not an address", proxies)).isEqualTo("10.0.0.1");
    }

    /**
     * Wrong logins to ever new accounts until the address is slowed: twenty at once, then one every
     * six seconds (a slow machine may earn one or two more meanwhile). Returns the refusal.
     */
    private static ServerTestSupport.Answer exhaust(ServerTestSupport parcours, String forwardedFor) {
        ServerTestSupport.Answer answer = null;
        int attempts = 0;
        while (attempts < 30 && (answer == null || answer.status() == 401)) {
            attempts++;
            answer = attempt(parcours, "guess" + attempts + "@example.com", "password", forwardedFor);
        }
        assertThat(answer.status()).isEqualTo(429);
        assertThat(attempts).as("failed logins before the address waits").isBetween(21, 30);
        return answer;
    }

    /** A login through the form, from {@code forwardedFor} when not null (as a proxy would say). */
    private static ServerTestSupport.Answer attempt(ServerTestSupport parcours, String email, String password,
            String forwardedFor) {
        ServerTestSupport.Answer form = parcours.send(HttpRequest.newBuilder(parcours.uri("/login")).GET().build());
        String token = ServerTestSupport.between(form.body(), "name=\"_csrf\" value=\"", "\"");
        HttpRequest.Builder request = HttpRequest.newBuilder(parcours.uri("/login")).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", PeoplePages.LOGIN_COOKIE + "=" + ServerTestSupport.cookie(form, PeoplePages.LOGIN_COOKIE))
                .POST(HttpRequest.BodyPublishers.ofString(ServerTestSupport.form(Map.of("_csrf", token, "email", email,
                        "password", password))));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return parcours.send(request.build());
    }

    private static ServerTestSupport.Answer track(ServerTestSupport parcours, String key, String messageId) {
        String basic = Base64.getEncoder().encodeToString((key + ":").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return parcours.send(HttpRequest.newBuilder(parcours.uri("/v1/track")).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"userId\": \"u\", \"event\": \"Seen\", \"messageId\": \"" + messageId + "\"}")).build());
    }
}
