package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.parcours.store.Invitation;
import io.parcours.store.ParcoursStore;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Survey invitations sent by e-mail through a real SMTP server (GreenMail, in the test's process). */
class SurveyMailTest {
    @TempDir
    Path data;
    GreenMail smtp;
    ServerTestSupport parcours;
    String writeKey;

    @BeforeEach
    void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        ServerOptions options = ServerOptions.defaults().withPublicUrl("https://surveys.akwaba.example/")
                .withSmtp(new ServerOptions.Smtp("127.0.0.1", smtp.getSmtp().getPort(), "surveys@akwaba.example",
                        Optional.empty(), Optional.empty(), false));
        parcours = new ServerTestSupport(data, ParcoursStore.MAX_PENDING_EVENTS, options);
        parcours.akwabaWithMap(SurveyApiTest.MAP);
        writeKey = parcours.writeKey();
        parcours.store.surveys().setThrottleDays("akwaba", 30);
    }

    @AfterEach
    void stop() {
        parcours.close();
        smtp.stop();
    }

    private void send(String body) {
        ServerTestSupport.Answer answer = parcours.send(HttpRequest.newBuilder(parcours.uri("/v1/batch"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((writeKey + ":")
                        .getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    @Test
    void anInvitationIsMailedOnceInTheCustomersLanguageWithAWorkingLink() throws Exception {
        Thread.sleep(2_500); // the triggers start after the newest event when they first see the surveys
        send("""
                {"batch": [
                  {"type": "identify", "userId": "bob", "traits": {"email": "bob@@example"}},
                  {"type": "track", "userId": "bob", "event": "Order Completed"},
                  {"type": "identify", "userId": "ana", "traits": {"email": "ana@example.com"}},
                  {"type": "track", "userId": "ana", "event": "Order Completed", "context": {"locale": "fr-FR"}}]}""");
        assertThat(smtp.waitForIncomingEmail(30_000, 1)).as("an e-mail arrives").isTrue();
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage mail = received[0];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ana@example.com");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("surveys@akwaba.example");
        assertThat(mail.getSubject()).isEqualTo("Une minute pour votre avis ?");
        jakarta.mail.internet.MimeMultipart parts = (jakarta.mail.internet.MimeMultipart) mail.getContent();
        String body = (String) parts.getBodyPart(0).getContent();
        assertThat(body).startsWith("Bonjour,");
        assertThat((String) parts.getBodyPart(1).getContent()).contains("lang=\"fr\"", "Répondre au questionnaire");
        Matcher link = Pattern.compile("https://surveys\\.akwaba\\.example/s/([A-Za-z0-9_-]{31})\\?lang=fr").matcher(body);
        assertThat(link.find()).as(body).isTrue();
        String token = link.group(1);

        ServerTestSupport.Answer page = parcours.getWithoutToken("/s/" + token + "?lang=fr");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Quelle est la probabilité");

        List<Invitation> invitations = parcours.store.surveys().invitations("akwaba", Optional.empty(), Optional.empty(), 10);
        assertThat(invitations).extracting(Invitation::customer).containsOnly("ana", "bob");
        assertThat(invitations).allSatisfy(invitation -> assertThat(invitation.sentAt())
                .as("sent, or given up for a malformed address").isPresent());
        Thread.sleep(ParcoursServer.MAIL_INTERVAL.toMillis() + 1_000);
        assertThat(smtp.getReceivedMessages()).as("each invitation is mailed once").hasSize(1);
    }
}
