package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.io.builtin.DemoWorkspaces;
import io.parcours.io.mapfile.MapDocument;
import io.parcours.io.mapfile.MapFiles;
import io.parcours.model.Role;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Editing a map in a real browser (Debian's Chromium), as an editor does it: forms, keyboard, upload. */
class EditorBrowserTest {
    @TempDir
    Path data;
    ServerTestSupport parcours;
    WebDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void start(@TempDir Path profile) {
        parcours = new ServerTestSupport(data);
        for (var workspace : DemoWorkspaces.load()) {
            parcours.post("/api/workspaces/" + workspace.key() + "/import", MapFiles.write(MapDocument.of(workspace)));
        }
        parcours.store.users().create("binta@example.com", "Binta", Role.EDITOR, Passwords.hash(ServerTestSupport.PASSWORD));
        browser = Browsers.chromium(profile, 1400, 1000);
        wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        // An element found on the page being left can be gone by the time it is read: Chrome says
        // "Node with given id does not belong to the document" (not a stale element); look again.
        wait.ignoring(org.openqa.selenium.WebDriverException.class);
    }

    @AfterEach
    void stop() {
        Browsers.close(browser, parcours);
    }

    private void screenshot(String name) throws Exception {
        Browsers.screenshot(browser, name);
    }

    @Test
    void anEditorAddsATouchpointWithItsRuleMovesItAndSeesItOnTheMap() throws Exception {
        browser.get(parcours.server.url() + "/workspaces/akwaba/maps/amina-current");
        BrowserTest.logIn(browser, "binta@example.com", ServerTestSupport.PASSWORD);
        browser.findElement(By.linkText("Edit the map")).click();
        wait.until(ExpectedConditions.titleContains("Edit Amina buys a dress"));
        screenshot("editor.png");

        browser.findElement(By.partialLinkText("Add a touchpoint to Pre-purchase")).click();
        wait.until(ExpectedConditions.titleContains("New touchpoint"));
        browser.findElement(By.id("f-name")).sendKeys("Story on Instagram");
        new Select(browser.findElement(By.id("f-channel"))).selectByVisibleText("Social media");
        new Select(browser.findElement(By.id("f-owner"))).selectByVisibleText("Social media team");
        browser.findElement(By.id("f-match.0.event")).sendKeys("Story Viewed");
        browser.findElement(By.id("f-match.0.where")).sendKeys("properties.utm_source = instagram");
        browser.findElement(By.id("f-targets.conversion")).sendKeys("5");
        screenshot("editor-touchpoint.png");
        browser.findElement(By.cssSelector("form.editor-form button.primary")).click();

        WebElement notice = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("p.notice")));
        assertThat(notice.getText()).startsWith("Saved as version 2.");
        List<String> firstStage = touchpointsOf("pre-purchase");
        assertThat(firstStage.get(firstStage.size() - 1)).startsWith("Story on Instagram");

        // Move it to the front of its stage with the keyboard: Tab to its "up" button, Enter, again.
        for (int i = 0; i < firstStage.size() - 1; i++) {
            browser.findElement(By.cssSelector("#touchpoint-story-on-instagram button[value=up]")).sendKeys(Keys.ENTER);
            // Each move is a new version: wait for the page that says so.
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("p.notice"),
                    "Saved as version " + (3 + i) + "."));
        }
        assertThat(touchpointsOf("pre-purchase").get(0)).startsWith("Story on Instagram");

        browser.findElement(By.linkText("See the map")).click();
        WebElement drawn = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#drawing g[data-touchpoint='story-on-instagram']")));
        assertThat(drawn.getAttribute("aria-label")).contains("Story on Instagram");
        assertThat(parcours.get("/api/workspaces/akwaba/maps/amina-current/touchpoints/story-on-instagram").json()
                .get("match").toString()).contains("Story Viewed", "instagram");
    }

    @Test
    void aRefusedStageKeepsWhatWasTypedAndAMapFileUploads() throws Exception {
        browser.get(parcours.server.url() + "/workspaces/akwaba/maps/amina-current/edit/stages/pre-purchase");
        BrowserTest.logIn(browser, "binta@example.com", ServerTestSupport.PASSWORD);
        WebElement pains = browser.findElement(By.id("f-pains"));
        pains.sendKeys(Keys.END, "\nNo size guide");
        WebElement nps = browser.findElement(By.id("f-targets.nps"));
        nps.clear();
        nps.sendKeys("150");
        browser.findElement(By.cssSelector("form.editor-form button.primary")).click();

        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("e-targets.nps")));
        assertThat(error.getText()).contains("-100 to 100");
        assertThat(browser.findElement(By.id("f-targets.nps")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.findElement(By.id("f-pains")).getAttribute("value")).endsWith("No size guide");
        screenshot("editor-refused.png");

        Path file = data.resolve("amina-future.yaml");
        Files.writeString(file, "parcours: 1\nmaps:\n  - key: amina-sketch\n    name: Amina, a sketch\n"
                + "    persona: amina\n    stages:\n      - key: discover\n        name: Discover\n");
        browser.get(parcours.server.url() + "/workspaces/akwaba/import");
        browser.findElement(By.id("f-file")).sendKeys(file.toAbsolutePath().toString());
        browser.findElement(By.cssSelector("form.editor-form button.primary")).click();
        WebElement done = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("div.notice")));
        assertThat(done.getText()).contains("Imported.", "amina-sketch: new version 1");
        assertThat(parcours.get("/api/workspaces/akwaba/maps/amina-sketch").status()).isEqualTo(200);
    }

    private List<String> touchpointsOf(String stage) {
        return browser.findElements(By.cssSelector("#stage-" + stage + " li.touchpoint-row .what")).stream()
                .map(WebElement::getText).toList();
    }
}
