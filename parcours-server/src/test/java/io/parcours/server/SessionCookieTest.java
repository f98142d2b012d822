package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.model.Role;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cookies Parcours sets (the session, the login form's own token, the language) are out of
 * reach of scripts (HttpOnly), not sent by other sites' requests that change things (SameSite),
 * and sent only over HTTPS (Secure) when the public URL is https; a login always starts a new
 * session, and logging out makes the old session cookie worthless.
 */
class SessionCookieTest {
    @TempDir
    Path data;

    @Test
    void overPlainHttpTheCookiesAreHttpOnlyAndSameSite() {
        try (ServerTestSupport parcours = new ServerTestSupport(data)) {
            Map<String, Map<String, String>> cookies = cookiesOfALogin(parcours);
            assertThat(cookies.get(Authentication.SESSION_COOKIE)).containsEntry("httponly", "")
                    .containsEntry("samesite", "lax").containsEntry("path", "/")
                    .containsEntry("max-age", Long.toString(Authentication.SESSION_LIFETIME.toSeconds()))
                    .doesNotContainKey("secure");
            assertThat(cookies.get(PeoplePages.LOGIN_COOKIE)).containsEntry("httponly", "")
                    .containsEntry("samesite", "strict").containsEntry("path", "/login").doesNotContainKey("secure");
            assertThat(cookies.get(Texts.COOKIE)).containsEntry("httponly", "").containsEntry("samesite", "lax")
                    .doesNotContainKey("secure");
        }
    }

    @Test
    void behindAnHttpsPublicUrlEveryCookieIsSecure() {
        try (ServerTestSupport parcours = new ServerTestSupport(data, io.parcours.store.ParcoursStore.MAX_PENDING_EVENTS,
                ServerOptions.defaults().withPublicUrl("https://parcours.example.com"))) {
            Map<String, Map<String, String>> cookies = cookiesOfALogin(parcours);
            assertThat(cookies).containsOnlyKeys(Authentication.SESSION_COOKIE, PeoplePages.LOGIN_COOKIE, Texts.COOKIE);
            cookies.forEach((name, attributes) -> assertThat(attributes).as(name).containsKeys("secure", "httponly")
                    .containsKey("samesite"));
        }
    }

    @Test
    void aLoginStartsANewSessionAndLoggingOutEndsIt() {
        try (ServerTestSupport parcours = new ServerTestSupport(data)) {
            ServerTestSupport.Session first = parcours.login(Role.VIEWER);
            ServerTestSupport.Session second = parcours.login(Role.VIEWER);
            assertThat(second.cookie()).isNotEqualTo(first.cookie()).hasSizeGreaterThanOrEqualTo(40);

            ServerTestSupport.Answer logout = parcours.submit("/logout", first, Map.of());
            assertThat(logout.status()).isEqualTo(303);
            assertThat(attributes(logout, Authentication.SESSION_COOKIE)).containsEntry("expires", "thu, 01 jan 1970 00:00:00 gmt");
            ServerTestSupport.Answer stolen = parcours.page("/account", first);
            assertThat(stolen.status()).as("the cookie of a session logged out").isEqualTo(303);
            assertThat(stolen.header("Location")).startsWith("/login");
            assertThat(parcours.page("/account", second).status()).as("the other session").isEqualTo(200);
        }
    }

    /** The attributes of each cookie set while a person opens the login form, logs in and switches language. */
    private static Map<String, Map<String, String>> cookiesOfALogin(ServerTestSupport parcours) {
        ServerTestSupport.Answer form = parcours.send(HttpRequest.newBuilder(parcours.uri("/login")).GET().build());
        ServerTestSupport.Session session = parcours.login(Role.VIEWER);
        ServerTestSupport.Answer language = parcours.page("/account?lang=fr", session);
        Map<String, Map<String, String>> cookies = new java.util.TreeMap<>();
        cookies.put(PeoplePages.LOGIN_COOKIE, attributes(form, PeoplePages.LOGIN_COOKIE));
        cookies.put(Texts.COOKIE, attributes(language, Texts.COOKIE));
        // The session cookie, from a login made by hand to read its answer.
        String loginCookie = ServerTestSupport.cookie(form, PeoplePages.LOGIN_COOKIE);
        String token = ServerTestSupport.between(form.body(), "name=\"_csrf\" value=\"", "\"");
        ServerTestSupport.Answer login = parcours.send(HttpRequest.newBuilder(parcours.uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", PeoplePages.LOGIN_COOKIE + "=" + loginCookie + "; " + Authentication.SESSION_COOKIE
                        + "=chosen-by-an-attacker")
                .POST(HttpRequest.BodyPublishers.ofString(ServerTestSupport.form(Map.of("_csrf", token,
                        "email", "viewer@example.com", "password", ServerTestSupport.PASSWORD)))).build());
        assertThat(login.status()).isEqualTo(303);
        assertThat(ServerTestSupport.cookie(login, Authentication.SESSION_COOKIE)).isNotEqualTo("chosen-by-an-attacker");
        cookies.put(Authentication.SESSION_COOKIE, attributes(login, Authentication.SESSION_COOKIE));
        return cookies;
    }

    /** The attributes of cookie {@code name} as the answer sets it, lower-cased names ("" for flags). */
    static Map<String, String> attributes(ServerTestSupport.Answer answer, String name) {
        String header = answer.raw().headers().allValues("Set-Cookie").stream().filter(value -> value.startsWith(name + "="))
                .findFirst().orElseThrow(() -> new AssertionError("no cookie " + name + " in " + answer.raw().headers()));
        List<String> parts = Arrays.asList(header.split(";"));
        return parts.subList(1, parts.size()).stream().map(String::trim).collect(Collectors.toMap(
                part -> part.split("=", 2)[0].toLowerCase(Locale.ROOT),
                part -> part.contains("=") ? part.split("=", 2)[1].toLowerCase(Locale.ROOT) : "", (a, b) -> a));
    }
}
