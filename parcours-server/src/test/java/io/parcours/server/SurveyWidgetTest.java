package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.parcours.store.AnswerFilter;
import io.parcours.store.NewInvitation;
import io.parcours.store.ScoreRow;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The survey widget on a shop's page served from another origin (another port), in Chromium: one
 * script tag shows the customer's open survey, and the answer reaches Parcours across origins.
 */
class SurveyWidgetTest {
    @TempDir
    Path data;
    ServerTestSupport parcours;
    HttpServer shop;
    WebDriver browser;
    String writeKey;

    @BeforeEach
    void start(@TempDir Path profile) throws Exception {
        parcours = new ServerTestSupport(data);
        parcours.akwabaWithMap(SurveyApiTest.MAP);
        writeKey = parcours.writeKey();
        String page = """
                <!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Maison Akwaba</title></head>
                <body><h1>Merci pour votre commande</h1>
                <script src="%s/widget.js" data-write-key="%s" data-user-id="ana" async></script></body></html>"""
                .formatted(parcours.server.url(), writeKey);
        shop = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        shop.createContext("/", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        shop.start();
        browser = Browsers.chromium(profile, 1200, 900);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        shop.stop(0);
        parcours.close();
    }

    @Test
    void theShopsPageShowsTheOpenSurveyAndSendsTheAnswer() {
        Instant now = Instant.now();
        parcours.store.surveys().recordTriggered("akwaba", -1, List.of(new NewInvitation("shop", "nps-order", "order",
                "ana", Optional.empty(), "fr-FR", Optional.empty(), now, now, now.plus(Duration.ofDays(7)))));
        browser.get("http://127.0.0.1:" + shop.getAddress().getPort() + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=dialog]")));
        assertThat(dialog.getAttribute("lang")).isEqualTo("fr");
        assertThat(dialog.findElement(By.tagName("legend")).getText()).startsWith("Quelle est la probabilité");
        dialog.findElement(By.xpath(".//label[normalize-space(.)='10']")).click();
        dialog.findElement(By.tagName("textarea")).sendKeys("Très belles finitions");
        dialog.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role=status]"),
                "Merci pour votre réponse"));
        List<ScoreRow> scores = parcours.store.surveys().scoreCounts(AnswerFilter.all("akwaba"), Optional.empty());
        assertThat(scores).extracting(ScoreRow::score).containsExactly(10);
        assertThat(parcours.store.surveys().comments(AnswerFilter.all("akwaba"), Optional.empty(), 1).get(0).comment())
                .contains("Très belles finitions");

        browser.navigate().refresh();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Merci pour votre commande");
        assertThat(browser.findElements(By.cssSelector("[role=dialog]"))).as("nothing left to ask").isEmpty();
    }

    @Test
    void theBrowserMayCallThePublicApiFromAnyOrigin() {
        ServerTestSupport.Answer preflight = parcours.send(HttpRequest.newBuilder(parcours.uri("/v1/surveys/abc"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://akwaba.example")
                .header("Access-Control-Request-Method", "POST").build());
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(preflight.header("Access-Control-Allow-Headers")).contains("Content-Type");
        ServerTestSupport.Answer widget = parcours.getWithoutToken("/widget.js");
        assertThat(widget.status()).isEqualTo(200);
        assertThat(widget.header("Content-Type")).startsWith("text/javascript");
        assertThat(widget.body()).contains("/v1/surveys/pending");
        ServerTestSupport.Answer refused = parcours.getWithoutToken("/v1/surveys/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        assertThat(refused.header("Access-Control-Allow-Origin")).as("errors too, so the widget can read them").isEqualTo("*");
    }
}
