package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A loaded result in a real browser (Debian's Chromium): reached from the analytics overview, its
 * process map is drawn by ECharts as on the live page, and an editor deletes it from the list after
 * confirming. Screenshots go to target/screenshots.
 */
class LoadedResultsBrowserTest {
    @TempDir
    Path data;
    ServerTestSupport parcours;
    WebDriver browser;

    @BeforeEach
    void start(@TempDir Path profile) {
        parcours = new ServerTestSupport(data);
        AnalyticsPagesTest.loadJourneys(parcours);
        parcours.store.users().create("kofi@example.com", "Kofi", io.parcours.model.Role.EDITOR,
                Passwords.hash(ServerTestSupport.PASSWORD));
        browser = Browsers.chromium(profile, 1400, 1100);
    }

    @AfterEach
    void stop() {
        Browsers.close(browser, parcours);
    }

    @Test
    void aLoadedProcessMapIsDrawnAndAnEditorDeletesIt() throws Exception {
        String process = parcours.get("/api/workspaces/akwaba/analytics/process?map=amina-current").body();
        ServerTestSupport.Answer loaded = parcours.send(parcours.request(
                        "/api/workspaces/akwaba/results?kind=process&map=amina-current&label=Process+of+November")
                .POST(HttpRequest.BodyPublishers.ofString(process)).build());
        assertThat(loaded.status()).as(loaded.body()).isEqualTo(201);

        browser.get(parcours.server.url() + "/workspaces/akwaba/analytics?map=amina-current");
        BrowserTest.logIn(browser, "kofi@example.com", ServerTestSupport.PASSWORD);
        WebDriverWait waiting = new WebDriverWait(browser, Duration.ofSeconds(15));
        browser.findElement(By.linkText("Loaded results")).click();
        waiting.until(ExpectedConditions.titleContains("Loaded results"));
        browser.findElement(By.linkText("Process of November")).click();
        waiting.until(ExpectedConditions.titleContains("Process of November"));
        waiting.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-process[data-drawn=true] canvas")));
        Object painted = ((JavascriptExecutor) browser).executeScript("""
                var canvas = document.querySelector('#chart-process canvas');
                var pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                var painted = 0;
                for (var i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { painted++; } }
                return painted;""");
        assertThat(((Number) painted).longValue()).isGreaterThan(1000);
        assertThat(browser.findElement(By.cssSelector(".loaded-banner")).getText())
                .contains("Computed by spark; loaded", "map=amina-current");
        Browsers.screenshot(browser, "loaded-result.png");

        browser.findElement(By.linkText("Loaded results")).click();
        waiting.until(ExpectedConditions.titleContains("Loaded results"));
        Browsers.screenshot(browser, "loaded-results.png");
        browser.findElement(By.cssSelector("details.confirm summary")).click();
        browser.findElement(By.cssSelector("details.confirm button.danger")).click();
        waiting.until(ExpectedConditions.urlContains("deleted=1"));
        assertThat(browser.getPageSource()).contains("The loaded result was deleted.");
        assertThat(parcours.store.loadedResults().all("akwaba")).isEmpty();
    }
}
