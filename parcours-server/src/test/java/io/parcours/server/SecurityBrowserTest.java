package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.model.Role;
import io.parcours.model.SurveyType;
import io.parcours.store.Invitation;
import io.parcours.store.NewInvitation;
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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages under their Content-Security-Policy in a real browser (Debian's Chromium): the map with
 * its panel (htmx) and chart, the analytics charts with their tooltips, a survey's results, the
 * survey builder with its preview frame, the map editor, and the hosted survey page, each doing its
 * work while the browser's console shows no refusal by the policy and no script error. What
 * customers sent (event names and ids shaped like markup) shows as text in the charts' tooltips.
 */
class SecurityBrowserTest {
    @TempDir
    Path data;
    ServerTestSupport parcours;
    WebDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void start(@TempDir Path profile) {
        parcours = new ServerTestSupport(data);
        AnalyticsPagesTest.loadJourneys(parcours);
        List<SurveyAnswer> answers = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            answers.add(new SurveyAnswer(Optional.empty(), "akwaba", "amina-current", "csat-seller", "shop-seller",
                    SurveyType.CSAT, "c" + i, "fr", Optional.of(1 + i % 5), Optional.of(AnalyticsPagesTest.TAG), "{}",
                    Instant.now().minus(i % 50, ChronoUnit.DAYS)));
        }
        parcours.store.surveys().appendAnswers("akwaba", answers);
        parcours.store.users().create("binta@example.com", "Binta", Role.EDITOR, Passwords.hash(ServerTestSupport.PASSWORD));
        browser = Browsers.chromium(profile, 1400, 1000);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @AfterEach
    void stop() {
        Browsers.close(browser, parcours);
    }

    @Test
    void thePagesWorkUnderTheirPolicyWithoutARefusal() {
        String base = parcours.server.url();
        browser.get(base + "/workspaces/akwaba/maps/amina-current");
        BrowserTest.logIn(browser, "binta@example.com", ServerTestSupport.PASSWORD);
        assertClean("login");

        // The map: a touchpoint opens its panel through htmx, with its score chart drawn by ECharts.
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("g[data-touchpoint='shop-seller']"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("panel-title")));
        wait.until(driver -> !driver.findElements(By.cssSelector("#panel .chart svg")).isEmpty());
        showTooltip("#panel .chart");
        assertClean("map and panel");

        // The analytics charts, and their tooltips over what customers named their events.
        browser.get(base + "/workspaces/akwaba/analytics/funnel?map=amina-current");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-funnel[data-drawn=true] canvas")));
        showTooltip("#chart-funnel");
        assertClean("funnel");
        for (String kind : List.of("paths", "process")) {
            browser.get(base + "/workspaces/akwaba/analytics/" + kind + "?map=amina-current");
            String chart = "#chart-" + kind;
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(chart + "[data-drawn=true] canvas")));
            String tooltip = tooltipOver(chart, AnalyticsPagesTest.TOUCHPOINT_NAME);
            assertThat(tooltip).as(kind + ": the touchpoint's name shows as text").contains(AnalyticsPagesTest.TOUCHPOINT_NAME);
            assertThat(markupIn(chart)).as(kind + ": no element made of the name").isZero();
            assertClean(kind);
        }

        // Bars over touchpoints, with ECharts' own tooltip.
        for (String kind : List.of("attribution", "touchpoints")) {
            browser.get(base + "/workspaces/akwaba/analytics/" + kind + "?map=amina-current&by=touchpoint");
            String chart = "#chart-" + kind;
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(chart + "[data-drawn=true] canvas")));
            ((JavascriptExecutor) browser).executeScript("""
                    var chart = echarts.getInstanceByDom(document.querySelector(arguments[0]));
                    var option = chart.getOption();
                    var categories = (option.xAxis[0].type === 'category' ? option.xAxis[0] : option.yAxis[0]).data;
                    var index = categories.findIndex(function (name) { return String(name).indexOf('<script>') >= 0; });
                    chart.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: index});""", chart);
            wait.until(driver -> tooltipText(chart).contains("<script>"));
            assertThat(tooltipText(chart)).as(kind).contains(AnalyticsPagesTest.TOUCHPOINT_NAME);
            assertThat(markupIn(chart)).as(kind + ": no element made of the name").isZero();
            assertClean(kind);
        }

        // A survey's results: its two charts, and comments shaped like markup.
        browser.get(base + "/workspaces/akwaba/maps/amina-current/surveys/csat-seller");
        wait.until(driver -> driver.findElements(By.cssSelector(".survey-chart .chart svg")).size() == 2);
        showTooltip(".survey-chart .chart");
        assertClean("survey results");

        // The survey builder: its preview, in a sandboxed frame, gets its style sheet.
        browser.get(base + "/workspaces/akwaba/maps/amina-current/new-survey");
        WebElement question = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("question-en")));
        question.clear();
        question.sendKeys("Was it easy?");
        wait.until(driver -> previewButtonColour().matches("rgba?\\(11, 83, 148(, 1)?\\)"));
        assertClean("survey builder");

        // The map editor: a stage renamed through its form.
        browser.get(base + "/workspaces/akwaba/maps/amina-current/edit/stages/pre-purchase");
        WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("f-name")));
        name.clear();
        name.sendKeys("Before buying");
        browser.findElement(By.cssSelector("form.editor-form button.primary")).click();
        wait.until(driver -> parcours.get("/api/workspaces/akwaba/maps/amina-current").body().contains("Before buying"));
        assertClean("map editor");

        // The hosted survey page: styled, and answered, without any script.
        browser.get(base + "/s/" + invite() + "?lang=en");
        WebElement send = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form button")));
        assertThat(send.getCssValue("background-color")).as("survey.css applies").matches("rgba?\\(11, 83, 148(, 1)?\\)");
        browser.findElement(By.cssSelector("label.option input[value='9']")).findElement(By.xpath("..")).click();
        send.click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("p.message")));
        assertThat(browser.findElement(By.cssSelector("p.message")).getText()).contains("Thank you");
        assertClean("survey page");
    }

    /** Shows the tooltip of the first chart under {@code selector} over the last item of its last series that has a value. */
    private void showTooltip(String selector) {
        ((JavascriptExecutor) browser).executeScript("""
                var chart = echarts.getInstanceByDom(document.querySelector(arguments[0]));
                var series = chart.getOption().series;
                var values = series[series.length - 1].data;
                var index = values.length - 1;
                while (index > 0 && (values[index] === null || values[index] === undefined)) { index--; }
                chart.dispatchAction({type: 'showTip', seriesIndex: series.length - 1, dataIndex: index});""",
                selector);
        wait.until(driver -> !tooltipText(selector).isEmpty());
    }

    /** Shows the tooltip over the node labelled {@code label} and returns its text. */
    private String tooltipOver(String selector, String label) {
        ((JavascriptExecutor) browser).executeScript("""
                var chart = echarts.getInstanceByDom(document.querySelector(arguments[0]));
                var label = arguments[1];
                var nodes = chart.getOption().series[0].data;
                var index = nodes.findIndex(function (node) { return node.label === label; });
                chart.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: index});""", selector, label);
        wait.until(driver -> tooltipText(selector).contains("<script>"));
        return tooltipText(selector);
    }

    private String tooltipText(String selector) {
        Object text = ((JavascriptExecutor) browser).executeScript("""
                var tips = document.querySelector(arguments[0]).querySelectorAll('div');
                for (var i = 0; i < tips.length; i++) {
                  if (tips[i].style.zIndex === '9999999' && tips[i].style.display !== 'none') { return tips[i].textContent; }
                }
                return '';""", selector);
        return String.valueOf(text);
    }

    /** How many script or image elements the chart holds (its tooltip's markup made from data would add one). */
    private long markupIn(String selector) {
        return ((Number) ((JavascriptExecutor) browser).executeScript(
                "return document.querySelector(arguments[0]).querySelectorAll('script, img').length;", selector)).longValue();
    }

    private String previewButtonColour() {
        try {
            browser.switchTo().frame(browser.findElement(By.cssSelector("#preview iframe")));
            List<WebElement> buttons = browser.findElements(By.cssSelector("form button"));
            return buttons.isEmpty() ? "" : buttons.get(0).getCssValue("background-color");
        } catch (org.openqa.selenium.WebDriverException notYet) {
            return "";
        } finally {
            browser.switchTo().defaultContent();
        }
    }

    private String invite() {
        Instant now = Instant.now();
        // As if the triggers had read every event: they may already have read the test's.
        List<Invitation> made = parcours.store.surveys().recordTriggered("akwaba", Long.MAX_VALUE, List.of(new NewInvitation(
                "amina-current", "nps-order", "order-placed", "ana", Optional.empty(), "en", Optional.empty(), now, now,
                now.plus(Duration.ofDays(7)))));
        return made.get(0).token();
    }

    /** Fails on any refusal by the Content-Security-Policy or script error the console shows since the last look. */
    private void assertClean(String where) {
        List<String> problems = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            String message = entry.getMessage();
            boolean missingIcon = message.contains("/favicon.ico");
            if (!missingIcon && (entry.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()
                    || message.contains("Content Security Policy") || message.contains("Content-Security-Policy"))) {
                problems.add(entry.getLevel() + " " + message);
            }
        }
        assertThat(problems).as("the console on " + where).isEmpty();
    }
}
