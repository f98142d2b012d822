package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.model.Role;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logging in and out, the lock-out, one's account, and the admins' users page, over HTTP as a browser does. */
class PeoplePagesTest {
    @TempDir
    Path data;
    ServerTestSupport parcours;

    @BeforeEach
    void start() {
        parcours = new ServerTestSupport(data);
    }

    @AfterEach
    void stop() {
        parcours.close();
    }

    @Test
    void aLoginLandsOnThePageAskedForAndLogoutEndsTheSession() {
        ServerTestSupport.Session viewer = parcours.login(Role.VIEWER);
        assertThat(parcours.page("/account", viewer).body()).contains("viewer@example.com");

        ServerTestSupport.Answer out = parcours.submit("/logout", viewer, Map.of());
        assertThat(out.status()).isEqualTo(303);
        assertThat(out.header("Location")).isEqualTo("/login");
        ServerTestSupport.Answer after = parcours.page("/account", viewer);
        assertThat(after.status()).as("the old cookie opens nothing").isEqualTo(303);
        assertThat(after.header("Location")).isEqualTo("/login?next=%2Faccount");
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSite() {
        parcours.login(Role.VIEWER);
        ServerTestSupport.Answer form = parcours.send(HttpRequest.newBuilder(parcours.uri("/login")).GET().build());
        String loginCookie = ServerTestSupport.cookie(form, PeoplePages.LOGIN_COOKIE);
        String token = ServerTestSupport.between(form.body(), "name=\"_csrf\" value=\"", "\"");
        ServerTestSupport.Answer answer = post("/login", loginCookie, Map.of("_csrf", token, "email", "viewer@example.com",
                "password", ServerTestSupport.PASSWORD, "next", "/"));
        String setCookie = answer.raw().headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith(Authentication.SESSION_COOKIE)).findFirst().orElseThrow();
        assertThat(setCookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax").contains("Path=/");
    }

    @Test
    void fiveWrongPasswordsLockTheAddressWithTheSameAnswerForUnknownAddresses() {
        parcours.login(Role.EDITOR);
        for (int attempt = 1; attempt <= 4; attempt++) {
            ServerTestSupport.Answer wrong = attempt("editor@example.com", "not the password");
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.body()).contains("Wrong e-mail address or password.");
            ServerTestSupport.Answer unknown = attempt("nobody" + attempt + "@example.com", "not the password");
            assertThat(unknown.status()).isEqualTo(401);
            assertThat(unknown.body()).contains("Wrong e-mail address or password.");
        }
        ServerTestSupport.Answer fifth = attempt("editor@example.com", "still not it");
        assertThat(fifth.status()).isEqualTo(429);
        assertThat(fifth.body()).contains("locked for 15 more minutes");
        ServerTestSupport.Answer right = attempt("editor@example.com", ServerTestSupport.PASSWORD);
        assertThat(right.status()).as("even the right password waits for the lock").isEqualTo(429);

        ServerTestSupport.Session admin = parcours.login(Role.ADMIN);
        String editorId = parcours.store.users().byEmail("editor@example.com").orElseThrow().id();
        assertThat(parcours.page("/admin/users", admin).body()).contains("locked out");
        assertThat(parcours.submit("/admin/users/" + editorId + "/unlock", admin, Map.of()).status()).isEqualTo(303);
        assertThat(attempt("editor@example.com", ServerTestSupport.PASSWORD).status()).isEqualTo(303);
    }

    @Test
    void aLoginNeverSendsTheBrowserToAnotherSite() {
        parcours.login(Role.VIEWER);
        for (String next : new String[] {"https://evil.example/", "//evil.example/", "/\\evil.example"}) {
            ServerTestSupport.Answer form = parcours.send(HttpRequest.newBuilder(parcours.uri("/login")).GET().build());
            String token = ServerTestSupport.between(form.body(), "name=\"_csrf\" value=\"", "\"");
            ServerTestSupport.Answer answer = post("/login", ServerTestSupport.cookie(form, PeoplePages.LOGIN_COOKIE),
                    Map.of("_csrf", token, "email", "viewer@example.com", "password", ServerTestSupport.PASSWORD,
                            "next", next));
            assertThat(answer.status()).isEqualTo(303);
            assertThat(answer.header("Location")).as(next).isEqualTo("/");
        }
    }

    @Test
    void aLoginFormWithoutItsOwnTokenIsRefused() {
        parcours.login(Role.VIEWER);
        ServerTestSupport.Answer answer = post("/login", "forged", Map.of("_csrf", "other", "email", "viewer@example.com",
                "password", ServerTestSupport.PASSWORD));
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.raw().headers().allValues("Set-Cookie"))
                .noneMatch(value -> value.startsWith(Authentication.SESSION_COOKIE));
    }

    @Test
    void aUserChangesTheirPasswordAndTheirOtherSessionsEnd() {
        ServerTestSupport.Session here = parcours.login(Role.EDITOR);
        ServerTestSupport.Session elsewhere = parcours.login(Role.EDITOR);
        ServerTestSupport.Answer tooShort = parcours.submit("/account/password", here,
                Map.of("current", ServerTestSupport.PASSWORD, "next", "short"));
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.body()).contains("at least 10 characters");
        ServerTestSupport.Answer wrongCurrent = parcours.submit("/account/password", here,
                Map.of("current", "nope", "next", "a brand new passphrase"));
        assertThat(wrongCurrent.body()).contains("current password is not right");

        ServerTestSupport.Answer changed = parcours.submit("/account/password", here,
                Map.of("current", ServerTestSupport.PASSWORD, "next", "a brand new passphrase"));
        assertThat(changed.status()).isEqualTo(303);
        assertThat(parcours.page(changed.header("Location"), here).body()).contains("Your password is changed");
        assertThat(parcours.page("/account", elsewhere).status()).isEqualTo(303);
        assertThat(attempt("editor@example.com", ServerTestSupport.PASSWORD).status()).isEqualTo(401);
        assertThat(attempt("editor@example.com", "a brand new passphrase").status()).isEqualTo(303);
    }

    @Test
    void aPersonalTokenIsShownOnceAndActsWithItsUsersRole() {
        ServerTestSupport.Session viewer = parcours.login(Role.VIEWER);
        ServerTestSupport.Answer created = parcours.submit("/account/tokens", viewer, Map.of("name", "my laptop"));
        String secret = ServerTestSupport.between(created.body(), "<code id=\"new-token\">", "</code>");
        assertThat(secret).startsWith("pct_");
        assertThat(parcours.page("/account", viewer).body()).contains("my laptop").doesNotContain(secret);

        ServerTestSupport.Answer me = parcours.send(HttpRequest.newBuilder(parcours.uri("/api/me"))
                .header("Authorization", "Bearer " + secret).GET().build());
        assertThat(me.json().get("role").asText()).isEqualTo("viewer");
        assertThat(me.json().get("email").asText()).isEqualTo("viewer@example.com");
        ServerTestSupport.Answer write = parcours.send(HttpRequest.newBuilder(parcours.uri("/api/workspaces"))
                .header("Authorization", "Bearer " + secret)
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\": \"mine\", \"name\": \"Mine\"}")).build());
        assertThat(write.status()).isEqualTo(403);

        String tokenId = parcours.store.tokensOf(parcours.store.users().byEmail("viewer@example.com").orElseThrow().id())
                .get(0).id();
        assertThat(parcours.submit("/account/tokens/" + tokenId + "/revoke", viewer, Map.of()).status()).isEqualTo(303);
        ServerTestSupport.Answer revoked = parcours.send(HttpRequest.newBuilder(parcours.uri("/api/me"))
                .header("Authorization", "Bearer " + secret).GET().build());
        assertThat(revoked.status()).isEqualTo(401);
    }

    @Test
    void anAdminAddsAUserDemotesThemAndDisablesThem() {
        ServerTestSupport.Session admin = parcours.login(Role.ADMIN);
        ServerTestSupport.Answer added = parcours.submit("/admin/users", admin,
                Map.of("email", "Mireille@Example.com", "name", "Mireille <b>M.</b>", "role", "editor"));
        assertThat(added.status()).isEqualTo(200);
        String password = ServerTestSupport.between(added.body(), "<code id=\"new-password\">", "</code>");
        assertThat(added.body()).contains("Mireille &lt;b&gt;M.&lt;/b&gt;").doesNotContain("<b>M.</b>");

        ServerTestSupport.Session mireille = parcours.login("mireille@example.com", password);
        assertThat(parcours.page("/account", mireille).body()).contains("editor");
        String id = parcours.store.users().byEmail("mireille@example.com").orElseThrow().id();

        assertThat(parcours.submit("/admin/users/" + id + "/role", admin, Map.of("role", "viewer")).status()).isEqualTo(303);
        assertThat(parcours.page("/account", mireille).body()).as("the new role applies at once").contains(">viewer<");
        assertThat(parcours.submit("/admin/users/" + id + "/disable", admin, Map.of()).status()).isEqualTo(303);
        assertThat(parcours.page("/account", mireille).status()).as("a disabled user is logged out").isEqualTo(303);

        ServerTestSupport.Answer duplicate = parcours.submit("/admin/users", admin,
                Map.of("email", "mireille@example.com", "name", "Again", "role", "viewer"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body()).contains("exists already");
        String adminId = parcours.store.users().byEmail("admin@example.com").orElseThrow().id();
        ServerTestSupport.Answer last = parcours.submit("/admin/users/" + adminId + "/role", admin, Map.of("role", "viewer"));
        assertThat(last.status()).isEqualTo(409);
        assertThat(last.body()).contains("last active admin");
    }

    @Test
    void pagesSpeakTheBrowsersLanguageUntilTheUserSwitches() {
        ServerTestSupport.Session viewer = parcours.login(Role.VIEWER);
        ServerTestSupport.Answer french = parcours.send(HttpRequest.newBuilder(parcours.uri("/account"))
                .header("Cookie", Authentication.SESSION_COOKIE + "=" + viewer.cookie())
                .header("Accept-Language", "fr-FR,fr;q=0.9,en;q=0.5").GET().build());
        assertThat(french.body()).contains("<html lang=\"fr\"").contains("Votre compte").contains("Se déconnecter");

        ServerTestSupport.Answer switched = parcours.send(HttpRequest.newBuilder(parcours.uri("/account?lang=en"))
                .header("Cookie", Authentication.SESSION_COOKIE + "=" + viewer.cookie())
                .header("Accept-Language", "fr-FR").GET().build());
        assertThat(switched.status()).isEqualTo(303);
        assertThat(switched.header("Location")).isEqualTo("/account");
        String languageCookie = ServerTestSupport.cookie(switched, Texts.COOKIE);
        ServerTestSupport.Answer english = parcours.send(HttpRequest.newBuilder(parcours.uri("/account"))
                .header("Cookie", Authentication.SESSION_COOKIE + "=" + viewer.cookie() + "; " + Texts.COOKIE + "="
                        + languageCookie)
                .header("Accept-Language", "fr-FR").GET().build());
        assertThat(english.body()).contains("<html lang=\"en\"").contains("Your account");
    }

    @Test
    void everyEnglishWordHasItsFrenchTranslationAndBack() {
        Properties english = Texts.of("en").messages();
        Properties french = Texts.of("fr").messages();
        assertThat(french.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
        assertThat(Texts.fromAcceptLanguage("de-DE,fr;q=0.8,en;q=0.5")).isEqualTo("fr");
        assertThat(Texts.fromAcceptLanguage("en-GB")).isEqualTo("en");
        assertThat(Texts.fromAcceptLanguage("x;;;q=bad")).isEqualTo("en");
    }

    private ServerTestSupport.Answer attempt(String email, String password) {
        ServerTestSupport.Answer form = parcours.send(HttpRequest.newBuilder(parcours.uri("/login")).GET().build());
        String token = ServerTestSupport.between(form.body(), "name=\"_csrf\" value=\"", "\"");
        return post("/login", ServerTestSupport.cookie(form, PeoplePages.LOGIN_COOKIE),
                Map.of("_csrf", token, "email", email, "password", password, "next", "/"));
    }

    private ServerTestSupport.Answer post(String path, String loginCookie, Map<String, String> fields) {
        return parcours.send(HttpRequest.newBuilder(parcours.uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", PeoplePages.LOGIN_COOKIE + "=" + loginCookie)
                .POST(HttpRequest.BodyPublishers.ofString(ServerTestSupport.form(fields))).build());
    }
}
