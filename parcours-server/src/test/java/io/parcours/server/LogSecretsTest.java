package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.parcours.model.Role;
import io.parcours.store.ParcoursStore;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret reaches the log. A real server, with SMTP behind a password, runs while the log
 * (slf4j-simple, on standard error) and standard output are captured: users are made and log in
 * with their passwords (and wrong ones), API tokens and write keys are used (by header, in the
 * body, in the query, and wrong ones), a survey is mailed and answered through its link, requests
 * fail on purpose; then none of those secrets appears in what was captured.
 */
class LogSecretsTest {
    private static final String SMTP_PASSWORD = "smtp-password-Zq7uT9";

    @TempDir
    Path data;

    @Test
    void noSecretReachesTheLog() throws Exception {
        Map<String, String> secrets = new LinkedHashMap<>();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.setUser("surveys@akwaba.example", "surveys", SMTP_PASSWORD);
        smtp.start();
        System.setErr(new PrintStream(new Tee(captured, originalErr), true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new Tee(captured, originalOut), true, StandardCharsets.UTF_8));
        try {
            ServerOptions options = ServerOptions.defaults().withPublicUrl("https://surveys.akwaba.example")
                    .withSmtp(new ServerOptions.Smtp("127.0.0.1", smtp.getSmtp().getPort(), "surveys@akwaba.example",
                            Optional.of("surveys"), Optional.of(SMTP_PASSWORD), false));
            secrets.put("SMTP password", SMTP_PASSWORD);
            try (ServerTestSupport parcours = new ServerTestSupport(data, ParcoursStore.MAX_PENDING_EVENTS, options)) {
                secrets.put("admin token", parcours.token);
                exercise(parcours, smtp, secrets);
            }
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
            smtp.stop();
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).as("the capture works: the mailer said what it sent").contains("survey e-mail(s) sent");
        List<String> found = new ArrayList<>();
        secrets.forEach((what, secret) -> {
            if (log.contains(secret)) {
                found.add(what + " (" + secret + ")");
            }
        });
        assertThat(found).as("secrets in the log:\n" + log).isEmpty();
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(12);
    }

    @Test
    void aFailedRequestIsLoggedWithItsRouteNotItsSurveyToken() {
        Map<String, String> parameters = Map.of("token", "AAAAAAAAAAEjSecretPart", "ws", "akwaba", "map", "shop");
        assertThat(ParcoursServer.loggedPath("/s/{token}", parameters::get)).isEqualTo("/s/{token}");
        assertThat(ParcoursServer.loggedPath("/v1/surveys/{token}", parameters::get)).isEqualTo("/v1/surveys/{token}");
        assertThat(ParcoursServer.loggedPath("/api/workspaces/{ws}/maps/{map}", parameters::get))
                .isEqualTo("/api/workspaces/akwaba/maps/shop");
        // Refused before a route took it.
        assertThat(ParcoursServer.loggedPath("/s/AAAAAAAAAAEjSecretPart")).isEqualTo("/s/{token}");
        assertThat(ParcoursServer.loggedPath("/v1/surveys/AAAAAAAAAAEjSecretPart")).isEqualTo("/v1/surveys/{token}");
        assertThat(ParcoursServer.loggedPath("/v1/surveys/pending")).isEqualTo("/v1/surveys/pending");
        assertThat(ParcoursServer.loggedPath("/api/workspaces/akwaba")).isEqualTo("/api/workspaces/akwaba");
    }

    private void exercise(ServerTestSupport parcours, GreenMail smtp, Map<String, String> secrets) throws Exception {
        parcours.akwabaWithMap(SurveyApiTest.MAP);
        parcours.store.surveys().setThrottleDays("akwaba", 30);
        String writeKey = parcours.writeKey();
        secrets.put("write key", writeKey);

        // People: an admin makes a user, who logs in with the password shown once, and a guesser fails.
        ServerTestSupport.Session admin = parcours.login(Role.ADMIN);
        secrets.put("session cookie", admin.cookie());
        secrets.put("CSRF token", admin.csrf());
        ServerTestSupport.Answer made = parcours.post("/api/users", "{\"email\": \"ana@example.com\", \"role\": \"editor\"}");
        String password = made.json().get("password").asText();
        secrets.put("generated password", password);
        ServerTestSupport.Session ana = parcours.login("ana@example.com", password);
        secrets.put("second session cookie", ana.cookie());
        String typo = "a-wrong-password-Hx81";
        secrets.put("wrong password", typo);
        attemptLogin(parcours, "ana@example.com", typo);
        String changed = "tortoise mango salt river 2026";
        secrets.put("changed password", changed);
        assertThat(parcours.submit("/account/password", ana, Map.of("current", password, "next", changed)).status())
                .isEqualTo(303);
        ServerTestSupport.Answer reset = parcours.submit("/admin/users/"
                + parcours.store.users().byEmail("ana@example.com").orElseThrow().id() + "/password", admin, Map.of());
        secrets.put("reset password", ServerTestSupport.between(reset.body(), "<code id=\"new-password\">", "<"));

        // Tokens: a personal token made and used, a wrong one tried, one revoked and tried again.
        ServerTestSupport.Answer created = parcours.send(HttpRequest.newBuilder(parcours.uri("/api/me/tokens"))
                .header("Cookie", Authentication.SESSION_COOKIE + "=" + admin.cookie())
                .header(Authentication.CSRF_HEADER, admin.csrf()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"laptop\"}")).build());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String token = created.json().get("secret").asText();
        secrets.put("personal token", token);
        assertThat(bearer(parcours, "/api/me", token).status()).isEqualTo(200);
        String wrongToken = "pat_not-a-real-token-Kq02";
        secrets.put("wrong token", wrongToken);
        assertThat(bearer(parcours, "/api/me", wrongToken).status()).isEqualTo(401);
        parcours.send(HttpRequest.newBuilder(parcours.uri("/api/me/tokens/" + created.json().at("/token/id").asText()))
                .header("Authorization", "Bearer " + token).DELETE().build());
        assertThat(bearer(parcours, "/api/me", token).status()).isEqualTo(401);

        // Write keys: by header, in the body, in the query; a wrong one; a body that is not JSON.
        Thread.sleep(2_500); // the triggers start after the newest event when they first see the surveys
        String basic = Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
        assertThat(parcours.send(HttpRequest.newBuilder(parcours.uri("/v1/batch")).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"batch": [{"type": "identify", "userId": "ana", "traits": {"email": "ana@example.com"}},
                          {"type": "track", "userId": "ana", "event": "Order Completed"}]}""")).build()).status())
                .isEqualTo(200);
        assertThat(parcours.send(HttpRequest.newBuilder(parcours.uri("/v1/track")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"writeKey\": \"" + writeKey
                        + "\", \"userId\": \"bo\", \"event\": \"Seen\"}")).build()).status()).isEqualTo(200);
        String wrongKey = "pwk_wrong-key-Yt55";
        secrets.put("wrong write key", wrongKey);
        parcours.send(HttpRequest.newBuilder(parcours.uri("/v1/track")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"writeKey\": \"" + wrongKey + "\", \"event\": \"x\"}")).build());
        parcours.send(HttpRequest.newBuilder(parcours.uri("/v1/track")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"writeKey\": \"" + writeKey + "\", \"event\": ")).build());
        parcours.getWithoutToken("/v1/surveys/pending?userId=ana&writeKey=" + writeKey);
        parcours.getWithoutToken("/v1/experiments/none/variant?userId=ana&writeKey=" + writeKey);

        // A survey mailed through SMTP with its password, opened and answered through its link.
        assertThat(smtp.waitForIncomingEmail(30_000, 1)).as("an e-mail arrives").isTrue();
        MimeMessage mail = smtp.getReceivedMessages()[0];
        String body = (String) ((jakarta.mail.internet.MimeMultipart) mail.getContent()).getBodyPart(0).getContent();
        Matcher link = Pattern.compile("/s/([A-Za-z0-9_-]{31})").matcher(body);
        assertThat(link.find()).as(body).isTrue();
        String surveyToken = link.group(1);
        secrets.put("survey token", surveyToken);
        assertThat(parcours.getWithoutToken("/s/" + surveyToken).status()).isEqualTo(200);
        parcours.getWithoutToken("/v1/surveys/" + surveyToken);
        HttpRequest answer = HttpRequest.newBuilder(parcours.uri("/v1/surveys/" + surveyToken))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"answers\": {\"score\": 9}}")).build();
        assertThat(parcours.send(answer).status()).isEqualTo(200);
        assertThat(parcours.send(answer).status()).as("answered once").isEqualTo(409);
        parcours.send(HttpRequest.newBuilder(parcours.uri("/v1/surveys/" + surveyToken))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("not json")).build());
        parcours.getWithoutToken("/s/" + surveyToken.substring(0, 30) + "x");
        Thread.sleep(ParcoursServer.MAIL_INTERVAL.toMillis() + 500); // the mailer's next pass, and its log line
    }

    private static ServerTestSupport.Answer bearer(ServerTestSupport parcours, String path, String token) {
        return parcours.send(HttpRequest.newBuilder(parcours.uri(path)).header("Authorization", "Bearer " + token).GET().build());
    }

    private static void attemptLogin(ServerTestSupport parcours, String email, String password) {
        ServerTestSupport.Answer form = parcours.send(HttpRequest.newBuilder(parcours.uri("/login")).GET().build());
        String token = ServerTestSupport.between(form.body(), "name=\"_csrf\" value=\"", "\"");
        ServerTestSupport.Answer answer = parcours.send(HttpRequest.newBuilder(parcours.uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", PeoplePages.LOGIN_COOKIE + "=" + ServerTestSupport.cookie(form, PeoplePages.LOGIN_COOKIE))
                .POST(HttpRequest.BodyPublishers.ofString(ServerTestSupport.form(Map.of("_csrf", token, "email", email,
                        "password", password)))).build());
        assertThat(answer.status()).isEqualTo(401);
    }

    /** Writes to both streams: the capture, and the stream it stands in for. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws java.io.IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
            second.flush();
        }
    }
}
