package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.io.builtin.DemoWorkspaces;
import io.parcours.io.mapfile.MapDocument;
import io.parcours.io.mapfile.MapFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages in a real browser: Debian's Chromium driven by its chromedriver (both installed by
 * scripts/install-test-tools.sh), with the driver's path set explicitly.
 */
class BrowserTest {
    @TempDir
    Path data;
    ServerTestSupport parcours;
    WebDriver browser;

    @BeforeEach
    void start(@TempDir Path profile) {
        parcours = new ServerTestSupport(data);
        for (var workspace : DemoWorkspaces.load()) {
            parcours.post("/api/workspaces/" + workspace.key() + "/import", MapFiles.write(MapDocument.of(workspace)));
        }
        browser = Browsers.chromium(profile, 1400, 1000);
        parcours.store.users().create("awa@example.com", "Awa", io.parcours.model.Role.VIEWER,
                Passwords.hash(ServerTestSupport.PASSWORD));
    }

    /** Types the address and password into the login form, as a person does, and waits for the page behind it. */
    static void logIn(WebDriver browser, String email, String password) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("email")).sendKeys(email);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("form.stacked button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }

    @AfterEach
    void stop() {
        Browsers.close(browser, parcours);
    }

    @Test
    void aPersonLogsInFindsAMapFromTheHomePageAndReadsItsGrid() throws Exception {
        browser.get(parcours.server.url() + "/");
        logIn(browser, "awa@example.com", ServerTestSupport.PASSWORD);
        assertThat(browser.getTitle()).isEqualTo("Journey maps · Parcours");
        List<String> workspaces = browser.findElements(By.cssSelector("section.workspace h2")).stream()
                .map(WebElement::getText).toList();
        assertThat(workspaces).containsExactly("Maison Akwaba", "Foulée running shoes", "Marché Frais");

        browser.findElement(By.linkText("Thomas buys running shoes")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.titleContains("Thomas"));
        List<String> drawnStages = browser.findElements(By.cssSelector("#drawing g.stage")).stream()
                .map(WebElement::getText).map(String::strip).toList();
        assertThat(drawnStages).hasSize(5);
        assertThat(String.join(" ", drawnStages)).contains("Attention", "Interest", "Desire", "Action", "After-sales");
        WebElement drawnTrial = browser.findElement(By.cssSelector("#drawing g[data-touchpoint='store-trial']"));
        assertThat(drawnTrial.isDisplayed()).isTrue();
        assertThat(drawnTrial.getAttribute("aria-label")).contains("Trying the shoes in the store");

        // The same map as a table, the drawing's text alternative.
        browser.findElement(By.cssSelector("details.table-view summary")).click();
        List<String> stages = browser.findElements(By.cssSelector("table.journey thead th")).stream()
                .map(WebElement::getText).toList();
        assertThat(stages).containsExactly("Stage", "Attention", "Interest", "Desire", "Action", "After-sales");
        WebElement trial = browser.findElement(By.id("cell-tp-store-trial"));
        assertThat(trial.getText()).contains("Trying the shoes in the store").contains("owner: Retail partners team");
        assertThat(trial.isDisplayed()).isTrue();
        browser.findElement(By.cssSelector("details.table-view summary")).click();

        byte[] screenshot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
        assertThat(screenshot.length).isGreaterThan(10_000);
        Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(Path.of("target", "screenshots", "map-page.png"), screenshot);
    }

    @Test
    void aTouchpointTurnsRedWhenBadAnswersArriveAndItsPanelOpensFromTheMap() throws Exception {
        java.util.List<io.parcours.store.SurveyAnswer> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            answers.add(new io.parcours.store.SurveyAnswer(java.util.Optional.empty(), "akwaba", "amina-current",
                    "csat-seller", "shop-seller", io.parcours.model.SurveyType.CSAT, "c" + i, "fr",
                    java.util.Optional.of(i < 50 ? 1 : 5), java.util.Optional.ofNullable(i == 0 ? "Vendeuse désagréable" : null),
                    "{}", java.time.Instant.now().minusSeconds(3600L * 24 * (i % 30))));
        }
        browser.get(parcours.server.url() + "/workspaces/akwaba/maps/amina-current");
        logIn(browser, "awa@example.com", ServerTestSupport.PASSWORD);
        WebElement seller = browser.findElement(By.cssSelector("g[data-touchpoint='shop-seller']"));
        assertThat(seller.getAttribute("class")).contains("status-grey");

        parcours.store.surveys().appendAnswers("akwaba", answers);
        browser.navigate().refresh();
        seller = browser.findElement(By.cssSelector("g[data-touchpoint='shop-seller']"));
        assertThat(seller.getAttribute("class")).contains("status-red");
        assertThat(seller.getAttribute("aria-label")).contains("Advice from a seller").contains("Missing target");

        seller.click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        WebElement title = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("panel-title")));
        assertThat(title.getText()).isEqualTo("Advice from a seller");
        assertThat(browser.switchTo().activeElement()).as("the focus moves to the panel").isEqualTo(title);
        assertThat(browser.findElement(By.id("panel")).getText()).contains("CSAT").contains("Vendeuse désagréable")
                .contains("misses its target");
        wait.until(driver -> !driver.findElements(By.cssSelector("#panel .chart svg")).isEmpty());
        Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(Path.of("target", "screenshots", "map-panel.png"),
                ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));

        // From the keyboard: the close button, then Enter on another touchpoint.
        browser.findElement(By.cssSelector("[data-close-panel]")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("panel-title")));
        browser.findElement(By.cssSelector("g[data-touchpoint='checkout']")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBe(By.id("panel-title"), "Online checkout"));

        // The PNG download is the same drawing, made on the server.
        String png = browser.findElement(By.linkText("PNG")).getAttribute("href");
        String session = browser.manage().getCookieNamed(Authentication.SESSION_COOKIE).getValue();
        java.net.http.HttpResponse<byte[]> image = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(png))
                        .header("Cookie", Authentication.SESSION_COOKIE + "=" + session).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(image.headers().firstValue("Content-Type")).contains("image/png");
        var decoded = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(image.body()));
        assertThat(decoded.getWidth()).isGreaterThan(1500);
        Files.write(Path.of("target", "screenshots", "map-export.png"), image.body());
    }

    @Test
    void theHomePageWorksFromTheKeyboard() {
        browser.get(parcours.server.url() + "/");
        logIn(browser, "awa@example.com", ServerTestSupport.PASSWORD);
        WebElement body = browser.findElement(By.tagName("body"));
        String target = "/workspaces/marche/maps/mireille-groceries";
        for (int tab = 0; tab < 40; tab++) {
            body = browser.switchTo().activeElement();
            String href = body.getAttribute("href");
            if (href != null && href.endsWith(target)) {
                break;
            }
            body.sendKeys(Keys.TAB);
        }
        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains(target));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Mireille does the groceries");
    }
}
