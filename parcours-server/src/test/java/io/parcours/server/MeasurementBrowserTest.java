package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.io.builtin.DemoWorkspaces;
import io.parcours.io.mapfile.MapDocument;
import io.parcours.io.mapfile.MapFiles;
import io.parcours.model.Role;
import io.parcours.model.SurveyType;
import io.parcours.store.SurveyAnswer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The measurement pages in a real browser (Debian's Chromium): an editor builds a survey and
 * watches the preview follow what they type, saves it, reads a survey's results with its charts
 * drawn, and opens the hypotheses board. Screenshots go to target/screenshots.
 */
class MeasurementBrowserTest {
    @TempDir
    Path data;
    ServerTestSupport parcours;
    WebDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void start(@TempDir Path profile) {
        parcours = new ServerTestSupport(data);
        var akwaba = DemoWorkspaces.load().get(0);
        parcours.post("/api/workspaces/" + akwaba.key() + "/import", MapFiles.write(MapDocument.of(akwaba)));
        parcours.store.users().create("binta@example.com", "Binta", Role.EDITOR, Passwords.hash(ServerTestSupport.PASSWORD));
        browser = Browsers.chromium(profile, 1400, 1000);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @AfterEach
    void stop() {
        Browsers.close(browser, parcours);
    }

    private void screenshot(String name) throws Exception {
        Browsers.screenshot(browser, name);
    }

    @Test
    void anEditorBuildsASurveyWatchingThePreviewThenReadsResultsAndTheBoard() throws Exception {
        List<SurveyAnswer> answers = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            answers.add(new SurveyAnswer(Optional.empty(), "akwaba", "amina-current", "csat-seller", "shop-seller",
                    SurveyType.CSAT, "c" + i, "fr", Optional.of(i % 3 == 0 ? 5 : i % 3 == 1 ? 2 : 4),
                    Optional.ofNullable(i % 20 == 0 ? "La vendeuse m'a conseillé la bonne taille" : i % 20 == 7
                            ? "Personne pour m'aider en cabine" : null),
                    "{}", Instant.now().minus(i % 60, ChronoUnit.DAYS)));
        }
        parcours.store.surveys().appendAnswers("akwaba", answers);

        browser.get(parcours.server.url() + "/workspaces/akwaba/surveys");
        BrowserTest.logIn(browser, "binta@example.com", ServerTestSupport.PASSWORD);
        assertThat(browser.findElement(By.cssSelector("nav.sections a[aria-current=page]")).getText()).isEqualTo("Measurement");
        assertThat(browser.findElement(By.id("survey-amina-current-csat-seller")).getText()).contains("Advice from a seller");

        browser.findElement(By.cssSelector("a[href='/workspaces/akwaba/maps/amina-current/new-survey']")).click();
        wait.until(ExpectedConditions.titleContains("New survey"));
        new Select(browser.findElement(By.id("touchpoint"))).selectByValue("delivery");
        new Select(browser.findElement(By.id("type"))).selectByValue("ces");
        assertThat(browser.findElement(By.id("question-en")).getAttribute("value"))
                .as("the script puts the CES wording in").isEqualTo("The company made it easy for me to do what I wanted.");
        WebElement question = browser.findElement(By.id("question-en"));
        question.clear();
        question.sendKeys("Was it easy to get your parcel?");
        browser.findElement(By.id("target")).sendKeys("5");

        // the preview follows the form: the typed question, on the CES scale of 1 to 7
        wait.until(driver -> previewText().contains("Was it easy to get your parcel?"));
        // Each change of the form swaps the preview's frame: read it once it stays long enough to be read.
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchFrameException.class).until(driver -> {
                    driver.switchTo().defaultContent();
                    driver.switchTo().frame(driver.findElement(By.cssSelector("#preview iframe")));
                    boolean shown = driver.findElements(By.cssSelector("input[type=radio][name=score]")).size() == 7
                            && driver.findElement(By.tagName("legend")).getText().contains("Was it easy to get your parcel?");
                    driver.switchTo().defaultContent();
                    return shown;
                });
        browser.switchTo().defaultContent();

        browser.findElement(By.cssSelector("button[name=intent][value=save]")).click();
        WebElement saved = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("saved")));
        assertThat(saved.getText()).contains("Saved as version 2 of Amina buys a dress", "by Binta");
        assertThat(parcours.get("/api/workspaces/akwaba/maps/amina-current/touchpoints/delivery").json().get("surveys")
                .toString()).contains("ces-delivery").contains("Was it easy to get your parcel?");
        wait.until(driver -> previewText().contains("Was it easy to get your parcel?"));
        screenshot("measurement-builder.png");

        browser.get(parcours.server.url() + "/workspaces/akwaba/maps/amina-current/surveys/csat-seller");
        wait.until(driver -> driver.findElements(By.cssSelector(".survey-chart .chart svg")).size() == 2);
        assertThat(browser.findElement(By.cssSelector("dd.answers")).getText()).isEqualTo("120");
        assertThat(browser.findElement(By.id("comments")).isDisplayed()).isTrue();
        browser.findElement(By.id("search")).sendKeys("cabine");
        browser.findElement(By.cssSelector("form.search button")).click();
        wait.until(ExpectedConditions.urlContains("search=cabine"));
        assertThat(browser.findElements(By.cssSelector("ul.comments li"))).isNotEmpty()
                .allSatisfy(item -> assertThat(item.getText()).contains("cabine"));
        browser.findElement(By.id("search")).clear();
        browser.get(parcours.server.url() + "/workspaces/akwaba/maps/amina-current/surveys/csat-seller");
        wait.until(driver -> driver.findElements(By.cssSelector(".survey-chart .chart svg")).size() == 2);
        screenshot("measurement-results.png");

        hypotheses();
        browser.findElement(By.cssSelector("nav.measure-tabs a[href='/workspaces/akwaba/hypotheses']")).click();
        wait.until(ExpectedConditions.titleContains("Hypotheses"));
        assertThat(browser.findElement(By.cssSelector(".column-supported")).getText()).contains("A one-page checkout");
        assertThat(browser.findElement(By.cssSelector(".column-to-test")).getText()).contains("A size guide");
        assertThat(browser.findElement(By.cssSelector(".column-running")).getText()).contains("Free returns in store");
        browser.findElement(By.cssSelector("#card-size-guide button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("p.notice"), "size-guide is running"));
        assertThat(browser.findElement(By.cssSelector(".column-running")).getText()).contains("A size guide");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        screenshot("hypotheses-board.png");
    }

    /** The text of the survey page in the preview frame. */
    private String previewText() {
        try {
            browser.switchTo().frame(browser.findElement(By.cssSelector("#preview iframe")));
            return browser.findElement(By.tagName("body")).getText();
        } catch (org.openqa.selenium.WebDriverException notYet) {
            return "";
        } finally {
            browser.switchTo().defaultContent();
        }
    }

    /** Hypotheses in every column: one ended and supported by before/after answers, one running, one to test. */
    private void hypotheses() {
        Instant change = Instant.now().minus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
        List<SurveyAnswer> answers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            boolean after = i >= 150;
            int score = after ? (i % 2 == 0 ? 10 : 9) : (i % 2 == 0 ? 10 : 4);
            answers.add(new SurveyAnswer(Optional.empty(), "akwaba", "amina-current", "nps-order", "order-placed",
                    SurveyType.NPS, "h" + i, "fr", Optional.of(score), Optional.empty(), "{}",
                    change.plus(after ? 2 : -2, ChronoUnit.DAYS)));
        }
        parcours.store.surveys().appendAnswers("akwaba", answers);
        assertThat(parcours.put("/api/workspaces/akwaba/hypotheses/one-page-checkout", """
                {"map": "amina-current", "touchpoint": "order-placed", "change": "A one-page checkout", "metric": "nps",
                 "expectedEffect": 10, "test": "before-after", "changedAt": "%s", "windowDays": 14}""".formatted(change))
                .status()).isEqualTo(200);
        parcours.post("/api/workspaces/akwaba/hypotheses/one-page-checkout/start", "");
        parcours.post("/api/workspaces/akwaba/hypotheses/one-page-checkout/end", "");
        parcours.put("/api/workspaces/akwaba/hypotheses/free-returns", """
                {"map": "amina-current", "touchpoint": "returns", "change": "Free returns in store", "metric": "conversion",
                 "expectedEffect": 3, "test": "ab", "variants": [{"key": "control"}, {"key": "free"}]}""");
        parcours.post("/api/workspaces/akwaba/hypotheses/free-returns/start", "");
        parcours.put("/api/workspaces/akwaba/hypotheses/fitting-room", """
                {"map": "amina-current", "touchpoint": "shop-seller", "change": "A seller at the fitting rooms",
                 "metric": "csat", "expectedEffect": 10, "test": "ab", "variants": [{"key": "control"}, {"key": "seller"}]}""");
        parcours.put("/api/workspaces/akwaba/hypotheses/size-guide", """
                {"map": "amina-current", "touchpoint": "product-page", "change": "A size guide on the product page",
                 "metric": "conversion", "expectedEffect": 5, "test": "ab", "variants": [{"key": "control"}, {"key": "guide"}]}""");
    }
}
