package io.parcours.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The command's own SLF4J provider, in this process (its tests log through it): the text lines
 * are those slf4j-simple wrote with the settings the command had, JSON lines carry every field, and
 * levels apply per logger.
 */
class LogSettingsTest {
    private static final String TEXT_START = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) ";

    @AfterEach
    void restoreTheDefaults() {
        LogSettings.configure(LogSettings.DEFAULTS);
    }

    /** What {@code logging} writes to standard error, from the lines of {@code logger} on. */
    private static List<String> logged(String logger, Runnable logging) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            logging.run();
        } finally {
            System.setErr(original);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        int first = 0;
        while (first < lines.size() && !lines.get(first).contains(logger)) {
            first++;
        }
        return lines.subList(first, lines.size());
    }

    @Test
    void theProviderIsTheCommandsOwn() {
        assertThat(LoggerFactory.getLogger("io.parcours.test")).isInstanceOf(ParcoursLogger.class);
    }

    @Test
    void textLinesAreTheOnesSlf4jSimpleWrote() {
        Logger log = LoggerFactory.getLogger("io.parcours.test.text");
        List<String> lines = logged("io.parcours.test.text", () -> {
            log.info("{} events loaded", 3);
            log.debug("not at info");
            log.error("loading failed", new IllegalStateException("disk gone", new java.io.IOException("EIO")));
        });
        assertThat(lines.get(0)).matches(TEXT_START + "\\[INFO\\] io\\.parcours\\.test\\.text - 3 events loaded");
        assertThat(lines.get(1)).matches(TEXT_START + "\\[ERROR\\] io\\.parcours\\.test\\.text - loading failed");
        assertThat(lines.get(2)).isEqualTo("java.lang.IllegalStateException: disk gone");
        assertThat(lines.get(3)).startsWith("\tat io.parcours.cli.LogSettingsTest");
        assertThat(lines).contains("Caused by: java.io.IOException: EIO").hasSizeGreaterThan(4);
        assertThat(lines).noneMatch(line -> line.contains("not at info"));
    }

    @Test
    void librariesLogFromWarnAndJavalinNotAtAll() {
        List<String> lines = logged("org.example", () -> {
            LoggerFactory.getLogger("org.example.library").info("chatter");
            LoggerFactory.getLogger("io.javalin.Javalin").error("Javalin's own report of a failed start");
            LoggerFactory.getLogger("org.example.library").warn("worth knowing");
        });
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).endsWith("[WARN] org.example.library - worth knowing");
        LogSettings.configure(new LogSettings(false, Level.WARN, Level.INFO));
        assertThat(LoggerFactory.getLogger("io.parcours.test").isInfoEnabled()).isFalse();
        assertThat(LoggerFactory.getLogger("org.example.library").isInfoEnabled()).isTrue();
        assertThat(LoggerFactory.getLogger("io.javalin.Javalin").isInfoEnabled()).isTrue();
        LogSettings.configure(new LogSettings(false, Level.INFO, null));
        assertThat(LoggerFactory.getLogger("org.example.library").isErrorEnabled()).isFalse();
    }

    @Test
    void jsonLinesHoldEveryFieldAndTheStackTraceAsOneString() throws Exception {
        Logger log = LoggerFactory.getLogger("io.parcours.test.json");
        Supplier<List<String>> logging = () -> logged("io.parcours.test.json", () -> {
            log.warn("a \"quoted\" {} on\ntwo lines", "value");
            log.atInfo().addKeyValue("method", "GET").addKeyValue("status", 200).addKeyValue("message", "clash")
                    .log("request");
            log.error("it failed", new IllegalStateException("boom", new java.io.IOException("EIO")));
        });
        LogSettings.configure(new LogSettings(true, Level.INFO, Level.WARN));
        List<String> lines = logging.get();
        assertThat(lines).hasSize(3);
        ObjectMapper json = new ObjectMapper();
        JsonNode warning = json.readTree(lines.get(0));
        assertThat(warning.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(java.time.Instant.parse(warning.get("time").asText()))
                .isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now());
        assertThat(warning.get("level").asText()).isEqualTo("WARN");
        assertThat(warning.get("logger").asText()).isEqualTo("io.parcours.test.json");
        assertThat(warning.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(warning.get("message").asText()).isEqualTo("a \"quoted\" value on\ntwo lines");
        assertThat(warning.has("exception")).isFalse();
        JsonNode request = json.readTree(lines.get(1));
        assertThat(request.get("message").asText()).isEqualTo("request");
        assertThat(request.get("method").asText()).isEqualTo("GET");
        assertThat(request.get("status").isInt()).isTrue();
        assertThat(request.get("_message").asText()).isEqualTo("clash");
        JsonNode error = json.readTree(lines.get(2));
        assertThat(error.get("level").asText()).isEqualTo("ERROR");
        assertThat(error.get("exception").asText()).startsWith("java.lang.IllegalStateException: boom")
                .contains("\tat io.parcours.cli.LogSettingsTest").contains("Caused by: java.io.IOException: EIO");
    }

    @Test
    void javaUtilLoggingBecomesJsonLinesToo() throws Exception {
        LogSettings.configure(new LogSettings(true, Level.INFO, Level.WARN));
        List<String> lines = logged("org.example.jul", () -> {
            java.util.logging.Logger.getLogger("org.example.jul").warning("from java.util.logging");
            java.util.logging.Logger.getLogger("org.example.jul").info("below the libraries' level");
        });
        assertThat(lines).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(lines.get(0));
        assertThat(line.get("logger").asText()).isEqualTo("org.example.jul");
        assertThat(line.get("level").asText()).isEqualTo("WARN");
        assertThat(line.get("message").asText()).isEqualTo("from java.util.logging");
    }
}
