package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.store.Invitation;
import io.parcours.store.NewInvitation;
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

/** The hosted survey page in a real browser the size of a phone, answered by a customer in French. */
class SurveyPageTest {
    static final String MAP = """
            key: shop
            name: Shop
            persona: amina
            stages:
              - key: buy
                name: Buy
                touchpoints:
                  - key: order
                    name: Order
                    channel: web
                    surveys:
                      - key: nps-order
                        type: nps
                      - key: visit
                        type: custom
                        questions:
                          - key: topics
                            kind: multiple
                            text: "<img src=x onerror=alert(1)> Qu'est-ce qui a compté ?"
                            choices:
                              - {key: price, text: Prix}
                              - {key: speed, text: Rapidité}
            """;

    @TempDir
    Path data;
    ServerTestSupport parcours;
    WebDriver browser;

    @BeforeEach
    void start(@TempDir Path profile) {
        parcours = new ServerTestSupport(data);
        parcours.akwabaWithMap(MAP);
        browser = Browsers.chromium(profile, 390, 844);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        parcours.close();
    }

    /** The element once the page that shows it has loaded (a form post navigates). */
    private WebElement shown(String selector) {
        return new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(15)).until(
                org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated(By.cssSelector(selector)));
    }

    private String invite(String survey) {
        Instant now = Instant.now();
        List<Invitation> made = parcours.store.surveys().recordTriggered("akwaba", -1, List.of(new NewInvitation("shop",
                survey, "order", "ana", Optional.empty(), "fr-FR", Optional.empty(), now, now,
                now.plus(Duration.ofDays(7)))));
        return made.get(0).token();
    }

    @Test
    void aCustomerAnswersOnAPhoneInFrenchOnce() {
        String token = invite("nps-order");
        browser.get(parcours.server.url() + "/s/" + token);
        assertThat(browser.getTitle()).isEqualTo("Votre avis");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("fr");
        WebElement legend = browser.findElement(By.cssSelector("fieldset.rating legend"));
        assertThat(legend.getText()).startsWith("Quelle est la probabilité");
        assertThat(browser.findElements(By.cssSelector("fieldset.rating input[type=radio]"))).hasSize(11);
        assertThat(browser.findElement(By.cssSelector("label[for=q-why]")).getText()).contains("(facultatif)");
        // the page fits a narrow screen: no horizontal scrolling (headless Chromium's window is at least 500 wide)
        Number overflow = (Number) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(overflow.intValue()).isLessThanOrEqualTo(0);

        // sent without a score: the page comes back with the error, and keeps what was typed
        browser.findElement(By.id("q-why")).sendKeys("Livraison rapide");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(shown("[role=alert]").getText())
                .startsWith("Merci de vérifier votre réponse").contains("score");
        assertThat(browser.findElement(By.id("q-why")).getAttribute("value")).isEqualTo("Livraison rapide");

        browser.findElement(By.xpath("//fieldset[contains(@class,'rating')]//label[normalize-space(.)='9']")).click();
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(shown("[role=status]").getText())
                .isEqualTo("Merci : votre réponse a bien été enregistrée.");
        assertThat(parcours.store.surveys().scoreCounts(io.parcours.store.AnswerFilter.all("akwaba"), Optional.empty()))
                .extracting(io.parcours.store.ScoreRow::score).containsExactly(9);

        browser.get(parcours.server.url() + "/s/" + token);
        assertThat(shown("[role=status]").getText()).contains("déjà répondu");
        assertThat(parcours.getWithoutToken("/s/" + token).status()).isEqualTo(409);
        assertThat(parcours.getWithoutToken("/s/" + token.substring(1) + "A").status()).isEqualTo(404);
    }

    @Test
    void whatTheTeamWroteIsShownAsTextAndChoicesAreKept() {
        String token = invite("visit");
        browser.get(parcours.server.url() + "/s/" + token + "?lang=en");
        WebElement legend = browser.findElement(By.cssSelector("fieldset.multiple legend"));
        assertThat(legend.getText()).startsWith("<img src=x onerror=alert(1)>");
        assertThat(browser.findElements(By.cssSelector("main img"))).isEmpty();
        assertThat(browser.getPageSource()).contains("&lt;img src=x");
        browser.findElement(By.xpath("//label[normalize-space(.)='Prix']")).click();
        browser.findElement(By.xpath("//label[normalize-space(.)='Rapidité']")).click();
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(shown("[role=status]").getText()).startsWith("Thank you");
        String stored = parcours.store.surveys().invitations("akwaba", Optional.empty(), Optional.of("visit"), 1).get(0)
                .answeredAt().map(Object::toString).orElse("");
        assertThat(stored).isNotEmpty();
    }
}
