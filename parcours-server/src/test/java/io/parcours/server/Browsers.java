package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real browser for the tests: Debian's Chromium, headless, driven by its chromedriver (both
 * installed by scripts/install-test-tools.sh), with the driver's path set explicitly.
 */
final class Browsers {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private Browsers() {}

    /** A fresh Chromium with its own profile folder and a window of this size. */
    static WebDriver chromium(Path profile, int width, int height) {
        assertThat(new File(CHROMIUM)).as("Chromium is missing: run scripts/install-test-tools.sh").exists();
        assertThat(new File(CHROMEDRIVER)).as("chromedriver is missing: run scripts/install-test-tools.sh").exists();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
        // The console (script errors, refusals by the Content-Security-Policy) for tests that read it.
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return browser;
    }

    /** Saves what the browser shows as target/screenshots/{@code name} (the docs take theirs from there). */
    static void screenshot(WebDriver browser, String name) throws java.io.IOException {
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "screenshots"));
        java.nio.file.Files.write(java.nio.file.Path.of("target", "screenshots", name),
                ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }

    /** Closes the browser, then the server; either may be missing when the test's start failed. */
    static void close(WebDriver browser, ServerTestSupport parcours) {
        if (browser != null) {
            browser.quit();
        }
        if (parcours != null) {
            parcours.close();
        }
    }
}
