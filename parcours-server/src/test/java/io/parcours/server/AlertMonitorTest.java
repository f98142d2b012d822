package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import io.parcours.model.SurveyType;
import io.parcours.store.Alert;
import io.parcours.store.ParcoursStore;
import io.parcours.store.SurveyAnswer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A touchpoint turns red and drops, its team is told once by webhook (a real HTTP receiver) and
 * e-mail (GreenMail), someone acknowledges, and the alert resolves when the answers get better.
 */
class AlertMonitorTest {
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    @TempDir
    Path data;
    ServerTestSupport parcours;
    GreenMail smtp;
    HttpServer receiver;
    final List<String> webhooks = new CopyOnWriteArrayList<>();
    SurveyTriggersTest.TestClock clock;
    AlertMonitor monitor;
    Mailer mailer;
    Journeys journeys;

    @BeforeEach
    void start() throws Exception {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            webhooks.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        parcours = new ServerTestSupport(data);
        parcours.post("/api/workspaces", "{\"key\": \"akwaba\", \"name\": \"Maison Akwaba\"}");
        parcours.put("/api/workspaces/akwaba/personas/amina", "{\"name\": \"Amina\"}");
        assertThat(parcours.put("/api/workspaces/akwaba/teams/web", "{\"name\": \"Web team\", \"email\": \"web@akwaba.example\", "
                + "\"webhook\": \"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\"}").status()).isEqualTo(200);
        assertThat(parcours.put("/api/workspaces/akwaba/maps/shop", """
                key: shop
                name: Shop
                persona: amina
                stages:
                  - key: buy
                    name: Buy
                    touchpoints:
                      - {key: order, name: Order, channel: web, owner: web, targets: {nps: 30}, surveys: [{key: nps, type: nps}]}
                      - {key: shop, name: Shop visit, channel: store, surveys: [{key: nps-shop, type: nps}]}
                """).status()).isEqualTo(201);
        clock = new SurveyTriggersTest.TestClock(NOW);
        journeys = Journeys.follow(parcours.store);
        mailer = new Mailer(parcours.store, new ServerOptions.Smtp("127.0.0.1", smtp.getSmtp().getPort(), "alerts@akwaba.example",
                Optional.empty(), Optional.empty(), false), () -> "https://parcours.akwaba.example", clock);
        monitor = new AlertMonitor(parcours.store, new KpiTables(parcours.store, new JourneyAnalyses(parcours.store, journeys)),
                clock, () -> "https://parcours.akwaba.example", Optional.of(mailer));
    }

    @AfterEach
    void stop() {
        monitor.close();
        mailer.close();
        journeys.close();
        parcours.close();
        receiver.stop(0);
        smtp.stop();
    }

    /** {@code promoters} answers of 10 and {@code detractors} of 2 at the order, {@code daysAgo} days before the clock. */
    private void answers(int promoters, int detractors, int daysAgo) {
        List<SurveyAnswer> answers = new ArrayList<>();
        Instant at = clock.instant().minus(Duration.ofDays(daysAgo));
        for (int i = 0; i < promoters + detractors; i++) {
            answers.add(new SurveyAnswer(Optional.empty(), "akwaba", "shop", "nps", "order", SurveyType.NPS, "c" + i, "en",
                    Optional.of(i < promoters ? 10 : 2), Optional.empty(), "{}", at));
        }
        parcours.store.surveys().appendAnswers("akwaba", answers);
    }

    @Test
    void aTouchpointThatTurnsRedIsReportedOnceAndResolves() throws Exception {
        answers(80, 20, 40); // the month before: NPS 60
        answers(30, 70, 5); // this month: NPS -40, target 30
        List<Alert> opened = monitor.runOnce();
        assertThat(opened).extracting(Alert::kind).containsExactlyInAnyOrder("red", "drop");
        Alert red = opened.stream().filter(alert -> alert.kind().equals("red")).findFirst().orElseThrow();
        assertThat(red.message()).contains("Order", "NPS is -40.0", "target of at least 30.0");
        Alert drop = opened.stream().filter(alert -> alert.kind().equals("drop")).findFirst().orElseThrow();
        assertThat(drop.previousValue().orElseThrow()).isCloseTo(60.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(drop.pValue().orElseThrow()).isLessThan(0.001);

        assertThat(webhooks).hasSize(2);
        JsonNode hook = ServerTestSupport.JSON.readTree(webhooks.get(0));
        assertThat(hook.get("text").asText()).contains("Order").contains(
                "https://parcours.akwaba.example/workspaces/akwaba/maps/shop#tp-order");
        assertThat(smtp.waitForIncomingEmail(10_000, 2)).isTrue();
        assertThat(smtp.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("web@akwaba.example");
        JsonNode listed = parcours.get("/api/workspaces/akwaba/alerts").json();
        assertThat(listed).hasSize(2);
        assertThat(listed.get(0).get("notifyResult").asText()).contains("webhook sent", "e-mail sent to web@akwaba.example");

        clock.advance(Duration.ofHours(1));
        assertThat(monitor.runOnce()).as("no repeat for the same condition").isEmpty();
        assertThat(webhooks).hasSize(2);

        ServerTestSupport.Answer acknowledged = parcours.post("/api/workspaces/akwaba/alerts/" + red.id() + "/acknowledge", "");
        assertThat(acknowledged.status()).isEqualTo(200);
        assertThat(acknowledged.json().get("acknowledgedBy").asText()).isNotBlank();
        assertThat(parcours.post("/api/workspaces/akwaba/alerts/999/acknowledge", "").status()).isEqualTo(404);

        // a month later the old answers have left the window and the new ones are good
        clock.advance(Duration.ofDays(31));
        answers(90, 10, 1);
        assertThat(monitor.runOnce()).isEmpty();
        assertThat(parcours.get("/api/workspaces/akwaba/alerts").json()).as("both resolved").isEmpty();
        assertThat(parcours.get("/api/workspaces/akwaba/alerts?status=all").json()).hasSize(2);
        assertThat(parcours.get("/api/workspaces/akwaba/alerts?status=closed").status()).isEqualTo(400);

        // it turns red again: a new alert
        clock.advance(Duration.ofDays(31));
        answers(10, 90, 1);
        assertThat(monitor.runOnce()).extracting(Alert::kind).contains("red");
        assertThat(parcours.get("/api/workspaces/akwaba/alerts?status=all").json().size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void fewAnswersOrNoTargetRaiseNothing() {
        answers(2, 20, 3); // 22 answers: not enough for a value
        List<SurveyAnswer> shop = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            shop.add(new SurveyAnswer(Optional.empty(), "akwaba", "shop", "nps-shop", "shop", SurveyType.NPS, "s" + i, "en",
                    Optional.of(0), Optional.empty(), "{}", NOW.minus(Duration.ofDays(2))));
        }
        parcours.store.surveys().appendAnswers("akwaba", shop);
        assertThat(monitor.runOnce()).as("the order has too few answers, the shop visit no target").isEmpty();
        assertThat(webhooks).isEmpty();
    }
}
