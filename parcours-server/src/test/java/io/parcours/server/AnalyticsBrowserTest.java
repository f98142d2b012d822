package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The analytics pages in a real browser (Debian's Chromium): ECharts draws the funnel, the Sankey
 * diagram and the process map on their canvas, and the process map's frequency slider, moved with
 * the keyboard, hides the rare transitions and says how many are left. Screenshots go to
 * target/screenshots.
 */
class AnalyticsBrowserTest {
    @TempDir
    Path data;
    ServerTestSupport parcours;
    WebDriver browser;

    @BeforeEach
    void start(@TempDir Path profile) {
        parcours = new ServerTestSupport(data);
        AnalyticsPagesTest.loadJourneys(parcours);
        parcours.store.users().create("awa@example.com", "Awa", io.parcours.model.Role.VIEWER,
                Passwords.hash(ServerTestSupport.PASSWORD));
        browser = Browsers.chromium(profile, 1400, 1100);
    }

    @AfterEach
    void stop() {
        Browsers.close(browser, parcours);
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    /** Waits for the chart's canvas and returns how many of its pixels are painted. */
    private long paintedPixels(String chart) {
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#" + chart + "[data-drawn=true] canvas")));
        Object painted = ((JavascriptExecutor) browser).executeScript("""
                var canvas = document.querySelector('#' + arguments[0] + ' canvas');
                var pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                var painted = 0;
                for (var i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { painted++; } }
                return painted;""", chart);
        return ((Number) painted).longValue();
    }

    private void screenshot(String name) throws Exception {
        Browsers.screenshot(browser, name);
    }

    @Test
    void theChartsAreDrawnAndTheSliderHidesRareTransitions() throws Exception {
        String base = parcours.server.url() + "/workspaces/akwaba/analytics/";
        browser.get(base + "funnel?map=amina-current");
        BrowserTest.logIn(browser, "awa@example.com", ServerTestSupport.PASSWORD);
        assertThat(browser.getTitle()).startsWith("Stage funnel");
        assertThat(paintedPixels("chart-funnel")).isGreaterThan(1000);
        screenshot("analytics-funnel.png");

        browser.findElement(By.linkText("Paths")).click();
        waiting().until(ExpectedConditions.titleContains("Paths"));
        assertThat(browser.getCurrentUrl()).endsWith("/paths?map=amina-current");
        assertThat(paintedPixels("chart-paths")).isGreaterThan(1000);
        screenshot("analytics-sankey.png");

        browser.get(base + "process?map=amina-current");
        assertThat(paintedPixels("chart-process")).isGreaterThan(1000);
        WebElement shown = browser.findElement(By.id("shown-process"));
        int[] before = counts(shown.getText());
        assertThat(before[0]).isEqualTo(before[1]).isGreaterThan(5);
        screenshot("analytics-process.png");

        // A person tabs to the slider and presses the right arrow: only transitions seen twice or more stay.
        WebElement slider = browser.findElement(By.id("frequency-process"));
        assertThat(browser.findElement(By.cssSelector("label[for=frequency-process]")).getText())
                .isEqualTo("Show transitions seen at least this many times");
        ((JavascriptExecutor) browser).executeScript("document.getElementById('filter-source').focus()");
        WebElement focused = browser.switchTo().activeElement();
        for (int i = 0; i < 20 && !"frequency-process".equals(focused.getAttribute("id")); i++) {
            focused.sendKeys(Keys.TAB);
            focused = browser.switchTo().activeElement();
        }
        assertThat(focused.getAttribute("id")).as("the slider is reached with Tab").isEqualTo("frequency-process");
        focused.sendKeys(Keys.ARROW_RIGHT);
        waiting().until(driver -> !shown.getText().equals(before[0] + " of " + before[1] + " transitions shown"));
        int[] after = counts(shown.getText());
        assertThat(after[1]).isEqualTo(before[1]);
        assertThat(after[0]).isPositive().isLessThan(before[0]);
        assertThat(browser.findElement(By.id("value-process")).getText()).isEqualTo("2");
        assertThat(slider.getAttribute("value")).isEqualTo("2");
        assertThat(browser.findElement(By.id("chart-process")).getAttribute("data-shown")).isEqualTo(
                Integer.toString(after[0]));
        long countedInTable = AnalyticsPagesTest.table(browser.getPageSource(), "process").stream()
                .filter(row -> Long.parseLong(row.get(2)) >= 2).count();
        assertThat(after[0]).isEqualTo(countedInTable);
        screenshot("analytics-process-filtered.png");

        browser.get(base + "attribution?map=amina-current");
        assertThat(paintedPixels("chart-attribution")).isGreaterThan(1000);
        screenshot("analytics-attribution.png");
        browser.get(base + "customers/c1?map=amina-current");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Journey of amina@example.com");
        screenshot("analytics-customer.png");
    }

    private static int[] counts(String text) {
        Matcher matcher = Pattern.compile("(\\d+) of (\\d+) transitions shown").matcher(text);
        assertThat(matcher.matches()).as(text).isTrue();
        return new int[] {Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))};
    }
}
