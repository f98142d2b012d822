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
        if (browser != null) {
            browser.quit();
        }
        if (parcours != null) {
            parcours.close();
        }
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
        List<String> stages = browser.findElements(By.cssSelector("table.journey thead th")).stream()
                .map(WebElement::getText).toList();
        assertThat(stages).containsExactly("Stage", "Attention", "Interest", "Desire", "Action", "After-sales");
        WebElement trial = browser.findElement(By.id("tp-store-trial"));
        assertThat(trial.getText()).contains("Trying the shoes in the store").contains("owner: Retail partners team");
        assertThat(trial.isDisplayed()).isTrue();

        byte[] screenshot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
        assertThat(screenshot.length).isGreaterThan(10_000);
        Files.write(Path.of("target", "map-page.png"), screenshot);
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
