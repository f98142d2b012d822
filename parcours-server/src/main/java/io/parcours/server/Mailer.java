package io.parcours.server;

import io.parcours.model.LocalizedText;
import io.parcours.store.Invitation;
import io.parcours.store.ParcoursStore;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends e-mail through the configured SMTP server: the survey invitations that are due and have an
 * address, each once, in the customer's language, with the link to the hosted survey page; and
 * alerts to the teams that own touchpoints. An invitation address the server refuses is marked
 * sent (and logged) so that it is not retried forever; when the SMTP server cannot be reached, the
 * pass stops and the next one tries again.
 */
final class Mailer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Mailer.class);
    private static final int PER_PASS = 200;
    private static final Map<String, String[]> WORDS = Map.of(
            "en", new String[] {"A minute for your opinion?", "Hello,",
                "We would like to know how it went. It takes a minute:", "Thank you!", "Answer the survey"},
            "fr", new String[] {"Une minute pour votre avis ?", "Bonjour,",
                "Nous aimerions savoir comment cela s'est passé. Cela prend une minute :", "Merci !", "Répondre au questionnaire"});

    private final ParcoursStore store;
    private final ServerOptions.Smtp smtp;
    private final Supplier<String> publicUrl;
    private final Clock clock;
    private final Session session;
    private final ScheduledExecutorService runner;

    Mailer(ParcoursStore store, ServerOptions.Smtp smtp, Supplier<String> publicUrl, Clock clock) {
        this.store = store;
        this.smtp = smtp;
        this.publicUrl = publicUrl;
        this.clock = clock;
        Properties properties = new Properties();
        properties.put("mail.smtp.host", smtp.host());
        properties.put("mail.smtp.port", Integer.toString(smtp.port()));
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "10000");
        properties.put("mail.smtp.writetimeout", "10000");
        properties.put("mail.smtp.starttls.enable", Boolean.toString(smtp.startTls()));
        properties.put("mail.smtp.starttls.required", Boolean.toString(smtp.startTls()));
        properties.put("mail.smtp.auth", Boolean.toString(smtp.username().isPresent()));
        this.session = Session.getInstance(properties);
        this.runner = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "parcours-survey-mail");
            thread.setDaemon(true);
            return thread;
        });
    }

    static Mailer start(ParcoursStore store, ServerOptions.Smtp smtp, Supplier<String> publicUrl, Clock clock,
            Duration interval) {
        Mailer mailer = new Mailer(store, smtp, publicUrl, clock);
        mailer.runner.scheduleWithFixedDelay(() -> {
            try {
                mailer.sendDue();
            } catch (RuntimeException e) {
                LOG.warn("sending survey e-mails failed; trying again in {}", interval, e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return mailer;
    }

    /** Sends what is due; returns how many were sent. */
    synchronized int sendDue() {
        List<Invitation> due = store.surveys().unsentEmails(clock.instant(), PER_PASS);
        if (due.isEmpty()) {
            return 0;
        }
        int sent = 0;
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect(smtp.host(), smtp.port(), smtp.username().orElse(null), smtp.password().orElse(null));
            for (Invitation invitation : due) {
                try {
                    MimeMessage message = message(invitation);
                    transport.sendMessage(message, message.getAllRecipients());
                    sent++;
                } catch (SendFailedException | jakarta.mail.internet.AddressException e) {
                    // a refused or malformed address: retrying would only refuse again
                    LOG.warn("the survey e-mail of invitation {} cannot be sent: {}", invitation.id(), e.getMessage());
                }
                store.surveys().markSent(invitation.id(), clock.instant());
            }
        } catch (MessagingException e) {
            LOG.warn("cannot send survey e-mails through {}:{} ({}); {} sent, the rest on the next pass", smtp.host(),
                    smtp.port(), e.getMessage(), sent);
        }
        if (sent > 0) {
            LOG.info("{} survey e-mail(s) sent", sent);
        }
        return sent;
    }

    /** Sends an alert to a team; returns what happened, for the alert's record. */
    synchronized String sendAlert(String address, io.parcours.store.Alert alert, String link) {
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(smtp.from()));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(address, true));
            message.setSubject((alert.kind().equals("red") ? "Touchpoint needs action: " : "Touchpoint dropped: ")
                    + alert.touchpoint() + " (" + alert.metric() + ")", "UTF-8");
            message.setHeader("Auto-Submitted", "auto-generated");
            message.setText(alert.message() + "\n\n" + link + "\n", "UTF-8");
            Transport.send(message, smtp.username().orElse(null), smtp.password().orElse(null));
            return "sent to " + address;
        } catch (MessagingException e) {
            LOG.warn("cannot send alert {} to {}: {}", alert.id(), address, e.getMessage());
            return "failed: " + e.getMessage();
        }
    }

    private MimeMessage message(Invitation invitation) throws MessagingException {
        String language = LocalizedText.language(invitation.locale());
        String[] words = WORDS.getOrDefault(language, WORDS.get("en"));
        String link = publicUrl.get() + "/s/" + invitation.token() + "?lang=" + language;
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(smtp.from()));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(invitation.email().orElseThrow(), true));
        message.setSubject(words[0], "UTF-8");
        message.setHeader("Auto-Submitted", "auto-generated");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(words[1] + "\n\n" + words[2] + "\n" + link + "\n\n" + words[3] + "\n", "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent("<!DOCTYPE html><html lang=\"" + language + "\"><body style=\"font-family:sans-serif\"><p>"
                + words[1] + "</p><p>" + escape(words[2]) + "</p><p><a href=\"" + escape(link) + "\">" + escape(words[4])
                + "</a></p><p>" + words[3] + "</p></body></html>", "text/html; charset=UTF-8");
        MimeMultipart alternatives = new MimeMultipart("alternative");
        alternatives.addBodyPart(text);
        alternatives.addBodyPart(html);
        message.setContent(alternatives);
        return message;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
