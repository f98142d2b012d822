package io.parcours.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parcours.server.ServerOptions;
import io.parcours.store.ParcoursStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration's rules, on real files: precedence, what each kind of value accepts, the
 * messages of wrong values, and that the documented defaults are the server's.
 */
class ConfigurationTest {
    @TempDir
    Path folder;

    private Path file(String... lines) throws Exception {
        Path file = folder.resolve("parcours.properties");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private static Configuration resolve(Map<ConfigKey, Configuration.Flag> flags, Path file, Map<String, String> environment) {
        return Configuration.resolve(flags, Optional.ofNullable(file), environment);
    }

    private static List<String> problems(Map<ConfigKey, Configuration.Flag> flags, Path file, Map<String, String> environment) {
        try {
            resolve(flags, file, environment);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("the configuration was accepted");
    }

    @Test
    void aFlagWinsOverTheEnvironmentWhichWinsOverTheFileWhichWinsOverTheDefault() throws Exception {
        Path file = file("# the file", "server.port = 7001", "server.host = 0.0.0.0", "ingest.max-pending-events = 2000",
                "", "  login.session-lifetime=\"2h\"  ");
        Map<String, String> environment = Map.of("PARCOURS_SERVER_PORT", "7002", "PARCOURS_SERVER_HOST", "127.0.0.2",
                "PARCOURS_JAVA_OPTS", "-Xmx1g", "PARCOURS_JAR", "x.jar", "HOME", "/root");
        Configuration configuration = resolve(Map.of(ConfigKeys.PORT, new Configuration.Flag("7003", "--port")), file,
                environment);

        assertThat(configuration.integer(ConfigKeys.PORT)).isEqualTo(7003);
        assertThat(configuration.setting(ConfigKeys.PORT).source().where()).isEqualTo("--port");
        assertThat(configuration.string(ConfigKeys.HOST)).isEqualTo("127.0.0.2");
        assertThat(configuration.setting(ConfigKeys.HOST).source().where()).isEqualTo("PARCOURS_SERVER_HOST");
        assertThat(configuration.number(ConfigKeys.MAX_PENDING)).isEqualTo(2000);
        assertThat(configuration.setting(ConfigKeys.MAX_PENDING).source().where()).isEqualTo(file + ":4");
        assertThat(configuration.duration(ConfigKeys.SESSION)).isEqualTo(Duration.ofHours(2));
        assertThat(configuration.setting(ConfigKeys.SESSION).source().where()).isEqualTo(file + ":6");
        assertThat(configuration.integer(ConfigKeys.THREADS)).isEqualTo(250);
        assertThat(configuration.setting(ConfigKeys.THREADS).source().kind()).isEqualTo(Configuration.Source.Kind.DEFAULT);
        assertThat(configuration.serverOptions().limits().sessionLifetime()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void theFileComesFromPARCOURS_CONFIGWhenNoFlagNamesOne() throws Exception {
        Path file = file("log.format = json");
        Configuration configuration = Configuration.resolve(Map.of(), Optional.empty(),
                Map.of("PARCOURS_CONFIG", file.toString()));
        assertThat(configuration.logSettings().json()).isTrue();
        assertThat(configuration.file()).contains(file);
        assertThat(problems(Map.of(), null, Map.of("PARCOURS_CONFIG", folder.resolve("missing").toString())))
                .containsExactly("the configuration file " + folder.resolve("missing")
                        + " (environment variable PARCOURS_CONFIG) does not exist");
    }

    @Test
    void anEmptyValueLeavesTheKeyUnset() throws Exception {
        Configuration configuration = resolve(Map.of(), file("smtp.host =", "server.port = "),
                Map.of("PARCOURS_SERVER_HOST", ""));
        assertThat(configuration.text(ConfigKeys.SMTP_HOST)).isEmpty();
        assertThat(configuration.integer(ConfigKeys.PORT)).isEqualTo(8080);
        assertThat(configuration.string(ConfigKeys.HOST)).isEqualTo("127.0.0.1");
    }

    @Test
    void eachKindOfValueSaysWhatItAccepts() throws Exception {
        Path file = file("server.port = 80x", "server.max-request-size = 8 parsecs", "login.session-lifetime = 12",
                "log.format = xml", "smtp.starttls = yes", "server.admin-email = nobody", "server.public-url = ftp://x",
                "store.duckdb-memory = 1MB", "login.max-failures = 0");
        assertThat(problems(Map.of(), file, Map.of())).containsExactlyInAnyOrder(
                file + ":1: server.port must be a whole number from 0 to 65,535, not '80x'",
                file + ":6: server.admin-email must be an e-mail address such as surveys@example.com, not 'nobody'",
                file + ":7: server.public-url must be an http(s) URL such as https://parcours.example.com, not 'ftp://x'",
                file + ":2: server.max-request-size must be a size such as 512KB, 8MB or 2GB (1 KB = 1,024 bytes), "
                        + "from 64KB to 1GB, not '8 parsecs'",
                file + ":3: login.session-lifetime must be a duration such as 500ms, 30s, 15m, 12h or 7d, from 5m to 365d, "
                        + "not '12'",
                file + ":9: login.max-failures must be a whole number from 1 to 1,000, not '0'",
                file + ":8: store.duckdb-memory must be a size such as 512KB, 8MB or 2GB (1 KB = 1,024 bytes), from 64MB "
                        + "to 4TB, not '1MB'",
                file + ":5: smtp.starttls must be true or false, not 'yes'",
                file + ":4: log.format must be one of text, json, not 'xml'");
    }

    @Test
    void wrongValuesFromEveryKindOfSourceNameTheirSource() throws Exception {
        Path file = file("server.threads = 8", "server.prot = 8080", "server.port = 1", "server.port = 2", "just words");
        List<String> problems = problems(Map.of(ConfigKeys.PORT, new Configuration.Flag("-1", "--port")), file,
                Map.of("PARCOURS_LOG_LEVEL", "loud", "PARCOURS_SMTP_HOTS", "smtp.example.com"));
        assertThat(problems).containsExactlyInAnyOrder(
                file + ":2: unknown key 'server.prot'; did you mean 'server.port'?",
                file + ":4: server.port is set already on line 3",
                file + ":5: expected 'key = value', such as 'server.port = 8080'",
                "environment variable PARCOURS_SMTP_HOTS: no such setting; did you mean 'PARCOURS_SMTP_HOST'?",
                "--port: server.port must be a whole number from 0 to 65,535, not '-1'",
                file + ":1: server.threads must be a whole number from 16 to 5,000, not '8'",
                "environment variable PARCOURS_LOG_LEVEL: log.level must be one of error, warn, info, debug, trace, not 'loud'");
    }

    @Test
    void aSecretIsNeverRepeatedNorShown() throws Exception {
        String secret = "hunter2\u0007";
        List<String> problems = problems(Map.of(), file("smtp.password = " + secret, "smtp.pasword = hunter3"), Map.of());
        assertThat(String.join("\n", problems)).doesNotContain("hunter");
        assertThat(problems).hasSize(2);
        Configuration configuration = resolve(Map.of(), file("smtp.host = smtp.example.com",
                "smtp.from = surveys@example.com", "smtp.user = parcours"), Map.of("PARCOURS_SMTP_PASSWORD", "hunter2"));
        assertThat(configuration.setting(ConfigKeys.SMTP_PASSWORD).shown()).isEqualTo("(hidden)");
        assertThat(configuration.serverOptions().smtp().orElseThrow().password()).contains("hunter2");
    }

    @Test
    void theSmtpKeysGoTogether() throws Exception {
        assertThat(problems(Map.of(), file("smtp.from = surveys@example.com"), Map.of()))
                .containsExactly(folder.resolve("parcours.properties") + ":1: smtp.from needs smtp.host (--smtp-host)");
        assertThat(problems(Map.of(), null, Map.of("PARCOURS_SMTP_HOST", "smtp.example.com"))).containsExactly(
                "environment variable PARCOURS_SMTP_HOST: smtp.host needs smtp.from, the sender of the e-mails, such as "
                        + "surveys@example.com (--smtp-from)");
        assertThat(problems(Map.of(ConfigKeys.SMTP_USER, new Configuration.Flag("parcours", "--smtp-user")), null,
                Map.of("PARCOURS_SMTP_HOST", "smtp.example.com", "PARCOURS_SMTP_FROM", "a@example.com"))).containsExactly(
                "--smtp-user: smtp.user needs smtp.password, from the environment variable PARCOURS_SMTP_PASSWORD or the "
                        + "configuration file");
    }

    @Test
    void theDocumentedDefaultsAreTheServersOwn() {
        Configuration defaults = resolve(Map.of(), null, Map.of());
        assertThat(defaults.serverOptions().limits()).isEqualTo(ServerOptions.Limits.DEFAULTS);
        assertThat(defaults.serverOptions().publicUrl()).isEmpty();
        assertThat(defaults.serverOptions().smtp()).isEmpty();
        assertThat(defaults.serverOptions().accessLog()).isFalse();
        assertThat(defaults.number(ConfigKeys.MAX_PENDING)).isEqualTo(ParcoursStore.MAX_PENDING_EVENTS);
        assertThat(defaults.logSettings()).isEqualTo(LogSettings.DEFAULTS);
    }

    @Test
    void sizesAndDurationsAreReadAsOperatorsWriteThem() throws Exception {
        Configuration configuration = resolve(Map.of(), file("server.max-request-size = 512KB",
                "store.checkpoint-size = 1 GiB", "figures.max-age = 90s", "login.address-interval = 250ms",
                "alerts.interval = 2d", "store.load-interval = 0ms"), Map.of("PARCOURS_STORE_DUCKDB_MEMORY", "6gb"));
        assertThat(configuration.number(ConfigKeys.MAX_REQUEST)).isEqualTo(512 * 1024);
        assertThat(configuration.number(ConfigKeys.CHECKPOINT)).isEqualTo(1L << 30);
        assertThat(configuration.number(ConfigKeys.DUCKDB_MEMORY)).isEqualTo(6L << 30);
        assertThat(configuration.duration(ConfigKeys.FIGURES_AGE)).isEqualTo(Duration.ofSeconds(90));
        assertThat(configuration.duration(ConfigKeys.LOGIN_INTERVAL)).isEqualTo(Duration.ofMillis(250));
        assertThat(configuration.duration(ConfigKeys.ALERTS)).isEqualTo(Duration.ofDays(2));
        assertThat(configuration.duration(ConfigKeys.LOAD_INTERVAL)).isZero();
    }

    /** DuckDB takes the sizes as they are handed to it: a store opens with them (it would fail on a size it cannot read). */
    @Test
    void theStoreOpensWithTheConfiguredDuckDbSettings() throws Exception {
        Configuration configuration = resolve(Map.of(), file("store.duckdb-memory = 1536MB", "store.checkpoint-size = 64MB"),
                Map.of("PARCOURS_STORE_LOAD_INTERVAL", "250ms", "PARCOURS_STORE_ROW_GROUP_WAIT", "2s",
                        "PARCOURS_STORE_GROUP_COMMIT_WAIT", "3ms", "PARCOURS_STORE_BACKGROUND_NICE", "15"));
        try {
            configuration.applyStoreSettings();
            assertThat(System.getProperty("parcours.duckdb.memory")).isEqualTo((1536L << 20) + "B");
            assertThat(System.getProperty("parcours.checkpoint")).isEqualTo((64L << 20) + "B");
            assertThat(System.getProperty("parcours.loadIntervalMillis")).isEqualTo("250");
            assertThat(System.getProperty("parcours.rowGroupWaitMillis")).isEqualTo("2000");
            assertThat(System.getProperty("parcours.groupCommitWaitMicros")).isEqualTo("3000");
            assertThat(System.getProperty("parcours.background.nice")).isEqualTo("15");
            try (ParcoursStore store = ParcoursStore.open(folder.resolve("data"))) {
                assertThat(store.workspaces()).isEmpty();
                assertThat(store.events().loadInterval()).isEqualTo(Duration.ofMillis(250));
                assertThat(store.events().rowGroupWait()).isEqualTo(Duration.ofSeconds(2));
                assertThat(store.events().groupCommitWait()).isEqualTo(Duration.ofMillis(3));
            }
        } finally {
            System.clearProperty("parcours.duckdb.memory");
            System.clearProperty("parcours.checkpoint");
            System.clearProperty("parcours.loadIntervalMillis");
            System.clearProperty("parcours.rowGroupWaitMillis");
            System.clearProperty("parcours.groupCommitWaitMicros");
            System.clearProperty("parcours.background.nice");
        }
    }

    @Test
    void everyKeyHasItsOwnEnvironmentVariable() {
        Map<String, String> seen = new HashMap<>();
        for (ConfigKey key : ConfigKeys.ALL) {
            assertThat(seen.put(key.environmentVariable(), key.name())).as(key.name()).isNull();
            assertThat(key.environmentVariable()).isEqualTo("PARCOURS_" + key.name().toUpperCase().replaceAll("[.-]", "_"));
        }
        assertThat(ConfigKey.environmentVariable("server.public-url")).isEqualTo("PARCOURS_SERVER_PUBLIC_URL");
    }

    /** docs/operations.md has a row for each key with its variable, flag and default: the table cannot drift. */
    @Test
    void theOperationsGuideListsEveryKeyWithItsVariableFlagAndDefault() throws Exception {
        String guide = Files.readString(Path.of("..", "docs", "operations.md"));
        Pattern row = Pattern.compile("^\\| `([a-z.-]+)` \\| `(PARCOURS_[A-Z_]+)` \\|([^|]*)\\|([^|]*)\\|", Pattern.MULTILINE);
        Map<String, String[]> rows = new HashMap<>();
        Matcher matcher = row.matcher(guide);
        while (matcher.find()) {
            rows.put(matcher.group(1), new String[] {matcher.group(2), matcher.group(3).strip(), matcher.group(4).strip()});
        }
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(ConfigKeys.BY_NAME.keySet());
        for (ConfigKey key : ConfigKeys.ALL) {
            String[] documented = rows.get(key.name());
            assertThat(documented[0]).as(key.name()).isEqualTo(key.environmentVariable());
            assertThat(documented[1]).as(key.name()).isEqualTo(key.flag().map(flag -> "`" + flag + "`").orElse(""));
            key.defaultText().ifPresent(text -> assertThat(documented[2]).as(key.name()).isEqualTo("`" + text + "`"));
        }
    }
}
