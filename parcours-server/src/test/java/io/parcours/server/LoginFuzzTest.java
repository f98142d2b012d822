package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.io.Fuzz;
import io.parcours.model.Role;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The login form under fire: garbage and huge e-mail addresses and passwords (up to the 8 MB a
 * request may carry, which must not reach the password hash), broken form encodings, unknown
 * character sets, missing and forged CSRF tokens, redirects to other sites, JSON and multipart
 * bodies, with genuine logins interleaved. Every answer is the login page again, a redirect to a
 * page of this site, or a refusal that says why, within the bound; genuine logins always work;
 * the server stays sound. See docs/fuzzing.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginFuzzTest {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final String EMAIL = "fuzz@example.com";

    FuzzedServer server;

    @BeforeAll
    void start(@TempDir Path data) {
        server = new FuzzedServer(data, SurveyFuzzTest.MAP);
        server.parcours.store.users().create(EMAIL, "Fuzz", Role.EDITOR, Passwords.hash(ServerTestSupport.PASSWORD));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** The login form as a browser gets it: its cookie and its CSRF token. */
    private record Form(String cookie, String csrf) {}

    private Form form() {
        RawHttp.Response page = server.send(RawHttp.request("GET", "/login", RawHttp.headers("Accept", "text/html"),
                new byte[0], false));
        assertThat(page.status()).isEqualTo(200);
        Matcher csrf = CSRF.matcher(page.text());
        assertThat(csrf.find()).as("the login form has a CSRF token").isTrue();
        return new Form(page.cookie(PeoplePages.LOGIN_COOKIE), csrf.group(1));
    }

    @Test
    void everyHostileLoginIsRefusedClearlyAndGenuineLoginsWork() throws Exception {
        Fuzz fuzz = Fuzz.of("http-login");
        int genuine = 0;
        long slowestHuge = 0;
        for (int i = Fuzz.cases(100); i > 0; i--) {
            Form form = form();
            if (fuzz.chance(0.1)) {
                genuine++;
                RawHttp.Response answer = post(form.cookie(), "application/x-www-form-urlencoded", ("_csrf=" + form.csrf()
                        + "&email=" + EMAIL + "&password=" + URLEncoder.encode(ServerTestSupport.PASSWORD, StandardCharsets.UTF_8)
                        + "&next=%2Faccount").getBytes(StandardCharsets.UTF_8));
                assertThat(answer.status()).as("a genuine login: %s", answer.text()).isEqualTo(303);
                assertThat(answer.header("Location")).isEqualTo("/account");
                assertThat(answer.cookie(Authentication.SESSION_COOKIE)).isNotBlank();
                continue;
            }
            String password = password(fuzz);
            String body = hostileForm(fuzz, form, password);
            String type = fuzz.pick("application/x-www-form-urlencoded", "application/x-www-form-urlencoded",
                    "application/x-www-form-urlencoded; charset=" + fuzz.pick("utf-8", "nope", "\"\"", "utf-16", "x y"),
                    "application/json", "text/plain", "multipart/form-data; boundary=x", "");
            String cookie = fuzz.chance(0.85) ? form.cookie() : fuzz.pick("", "x", form.cookie() + "x", fuzz.text());
            byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
            boolean huge = password.length() > 100_000;
            fuzz.check("POST /login" + (huge ? " with a password of " + password.length() + " characters" : ""), bytes, () -> {
                RawHttp.Response answer = post(cookie, type, bytes);
                FuzzedServer.assertAnsweredWell(answer, FuzzedServer.Refusal.PAGE, false);
                assertThat(answer.status()).as("only a genuine login is let in").isNotIn(302, 303);
                if (huge) {
                    assertThat(answer.millis()).as("a huge password is refused before it is hashed").isLessThan(5_000);
                }
            });
        }
        System.out.printf("%s; %d genuine logins; %s%n", fuzz.summary(), genuine, server.statuses());
        server.parcours.login(EMAIL, ServerTestSupport.PASSWORD);
        server.assertSound();
    }

    /**
     * Logins at once (from as many addresses, so that no rate limit applies) each needed 19 MiB for
     * the password hash at the same time: 150 ran the server out of memory and it stopped answering;
     * 120 left logins unanswered after 20 s. Now they take turns; those that would wait too long are
     * told to come back (429).
     */
    @Test
    void manyLoginsAtOnceNeitherExhaustMemoryNorStall() throws Exception {
        int clients = 120;
        List<Form> forms = new java.util.ArrayList<>();
        for (int i = 0; i < clients; i++) {
            forms.add(form());
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<RawHttp.Response>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Form form = forms.get(i);
            String email = "someone-" + i + "@example.com";
            answers.add(pool.submit(() -> {
                start.await();
                return post(form.cookie(), "application/x-www-form-urlencoded", ("_csrf=" + form.csrf() + "&email=" + email
                        + "&password=" + "a-guess-of-a-hundred-".repeat(5)).getBytes(StandardCharsets.UTF_8));
            }));
        }
        start.countDown();
        java.util.Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (java.util.concurrent.Future<RawHttp.Response> answer : answers) {
            statuses.merge(answer.get().status(), 1, Integer::sum);
        }
        pool.shutdown();
        System.out.println(clients + " logins at once: " + statuses);
        assertThat(statuses.keySet()).as("wrong passwords, or come back later").isSubsetOf(401, 429);
        server.assertSound();
        server.parcours.login(EMAIL, ServerTestSupport.PASSWORD);
    }

    @Test
    void aFormInAnUnknownCharacterSetIsRefusedAsTheClientsFault() throws Exception {
        Form form = form();
        RawHttp.Response answer = post(form.cookie(), "application/x-www-form-urlencoded; charset=nope",
                ("_csrf=" + form.csrf() + "&email=" + EMAIL + "&password=x").getBytes(StandardCharsets.UTF_8));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.isHtml()).isTrue();
        assertThat(answer.text()).contains("character set").contains("nope");
    }

    private RawHttp.Response post(String cookie, String type, byte[] body) {
        return server.send(RawHttp.request("POST", "/login", RawHttp.headers("Accept", "text/html", "Content-Type", type,
                "Cookie", PeoplePages.LOGIN_COOKIE + "=" + cookie), body, false));
    }

    private static String password(Fuzz fuzz) {
        return switch (fuzz.between(0, 5)) {
            case 0 -> fuzz.longText(fuzz.pick(201, 100_000, 1_000_000, 7_900_000));
            case 1 -> "";
            case 2 -> ServerTestSupport.PASSWORD;
            default -> fuzz.text();
        };
    }

    /** A login form with one or more things wrong; never the genuine user's address with a wrong password (that would lock them out). */
    private static String hostileForm(Fuzz fuzz, Form form, String password) {
        String email = fuzz.pick("", "a@b.c", "nobody@example.com", "x".repeat(fuzz.pick(255, 10_000)), fuzz.text(),
                "admin@parcours.local", "nobody@example.com\u0000", "NOBODY@example.com ");
        String csrf = fuzz.chance(0.8) ? form.csrf() : fuzz.pick("", "x", form.csrf() + "x", fuzz.text());
        String next = fuzz.pick("/account", "//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)",
                "/%0d%0aSet-Cookie:x=y", fuzz.text());
        return switch (fuzz.between(0, 6)) {
            case 0 -> fuzz.pick("%zz", "%", "=&&==", "email=%C3%28&password=%C3%28", "_csrf", "&&&", "password=" + password);
            case 1 -> new String(fuzz.mutate(("_csrf=" + csrf + "&email=" + email + "&password=" + password).getBytes(
                    StandardCharsets.UTF_8)), StandardCharsets.ISO_8859_1);
            case 2 -> "_csrf=" + csrf + "&_csrf=" + fuzz.text() + "&email=" + enc(email) + "&email=" + enc(email)
                    + "&password=" + enc(password) + "&password=x";
            case 3 -> "{\"_csrf\":\"" + csrf + "\",\"email\":\"nobody@example.com\",\"password\":\"x\"}";
            case 4 -> "--x\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n" + fuzz.pick("--x--", "",
                    "--x\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n" + password + "\r\n--x--\r\n");
            default -> "_csrf=" + enc(csrf) + "&email=" + enc(email) + "&password=" + enc(password) + "&next=" + enc(next);
        };
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
