package io.parcours.cli;

import io.parcours.cli.ConfigKey.Accepts;
import io.parcours.server.ParcoursServer;
import io.parcours.server.ServerOptions;
import io.parcours.store.ParcoursStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every setting of {@code parcours serve} and {@code parcours demo}, in the order of the
 * documentation (docs/operations.md, "Configuration"; a test checks that it lists them all). The
 * defaults of the server's limits are written here as an operator reads them; a test checks that
 * they are the server's own ({@link ServerOptions.Limits#DEFAULTS}).
 */
final class ConfigKeys {
    private ConfigKeys() {}

    private static ConfigKey key(String name, String flag, String defaultText, Accepts accepts, String meaning) {
        return new ConfigKey(name, Optional.ofNullable(flag), Optional.ofNullable(defaultText), meaning, accepts, false);
    }

    static final ConfigKey DATA = key("data.folder", "--data", "parcours-data",
            Accepts.text("a folder"), "the data folder holding the database and the event journal");
    static final ConfigKey HOST = key("server.host", "--host", "127.0.0.1",
            Accepts.checked("a host name or address, such as 0.0.0.0 for every interface", ConfigKeys::host),
            "the address to listen on: this machine only by default; 0.0.0.0 for every interface (behind a reverse proxy)");
    static final ConfigKey PORT = key("server.port", "--port", "8080", Accepts.number(0, 65535),
            "the port to listen on; 0 picks a free one");
    static final ConfigKey PUBLIC_URL = key("server.public-url", "--public-url", null,
            Accepts.checked("an http(s) URL such as https://parcours.example.com",
                    url -> ServerOptions.defaults().withPublicUrl(url)),
            "the URL customers reach Parcours at, for the links in e-mails (default: the listening address); "
                    + "with https://, session cookies are Secure");
    static final ConfigKey TRUSTED_PROXIES = key("server.trusted-proxies", "--trusted-proxy", null,
            Accepts.checked("IP addresses separated by commas, such as 127.0.0.1,::1", ConfigKeys::proxies),
            "the reverse proxies in front of Parcours, by IP address: the client of a request they forward is read "
                    + "from X-Forwarded-For, so that per-client limits count each client");
    static final ConfigKey ADMIN_EMAIL = key("server.admin-email", "--admin-email", ParcoursServer.FIRST_ADMIN_EMAIL,
            Accepts.email(), "the address the first admin logs in with, made on the first start");
    static final ConfigKey THREADS = key("server.threads", null, "250", Accepts.number(16, 5000),
            "the most HTTP requests served at once (Jetty's thread pool); more wait in its queue");
    static final ConfigKey MAX_REQUEST = key("server.max-request-size", null, "8MB",
            Accepts.size(64 << 10, 1L << 30), "the largest request body accepted (map files, batches); larger gets 413");
    static final ConfigKey MAX_PENDING = key("ingest.max-pending-events", null,
            Long.toString(ParcoursStore.MAX_PENDING_EVENTS), Accepts.number(1_000, 100_000_000),
            "the most events accepted and waiting to be written; beyond it senders get 429 with Retry-After, "
                    + "and /ready answers 503 from 90%");
    static final ConfigKey SESSION = key("login.session-lifetime", null, "12h",
            Accepts.duration(Duration.ofMinutes(5), Duration.ofDays(365)), "how long a login to the dashboard lasts");
    static final ConfigKey MAX_FAILURES = key("login.max-failures", null, "5", Accepts.number(1, 1_000),
            "failed logins in a row to one address that lock it");
    static final ConfigKey FAILURE_WINDOW = key("login.failure-window", null, "15m",
            Accepts.duration(Duration.ofMinutes(1), Duration.ofDays(7)),
            "a failed login counts toward the lock-out if it comes within this time of the previous one");
    static final ConfigKey LOCKOUT = key("login.lockout", null, "15m",
            Accepts.duration(Duration.ofMinutes(1), Duration.ofDays(7)), "how long a locked address stays locked");
    static final ConfigKey LOGIN_BURST = key("login.address-burst", null, "20", Accepts.number(1, 1_000_000),
            "failed logins one client IP address may make at once, whatever the e-mail addresses, before it must wait");
    static final ConfigKey LOGIN_INTERVAL = key("login.address-interval", null, "6s",
            Accepts.duration(Duration.ofMillis(1), Duration.ofHours(1)),
            "then one more failed login per this time from that IP address (429 with Retry-After meanwhile)");
    static final ConfigKey SURVEY_BURST = key("surveys.address-burst", null, "60", Accepts.number(1, 1_000_000),
            "requests one client IP address may make at once to the public survey routes (/s/..., /v1/surveys/...)");
    static final ConfigKey SURVEY_INTERVAL = key("surveys.address-interval", null, "1s",
            Accepts.duration(Duration.ofMillis(1), Duration.ofHours(1)),
            "then one more survey request per this time from that IP address (429 meanwhile)");
    static final ConfigKey ALERTS = key("alerts.interval", null, "10m",
            Accepts.duration(Duration.ofMinutes(1), Duration.ofDays(7)),
            "how often every touchpoint with a target is checked and its owners alerted");
    static final ConfigKey FIGURES_ENTRIES = key("figures.cache-entries", null, "500", Accepts.number(1, 100_000),
            "sets of figures (analyses, KPI tables) the pages keep in memory; the least recently used go first");
    static final ConfigKey FIGURES_AGE = key("figures.max-age", null, "10m",
            Accepts.duration(Duration.ofSeconds(1), Duration.ofDays(7)),
            "the oldest a kept set of figures may be before it is computed again (see docs/dashboard.md)");
    static final ConfigKey DUCKDB_MEMORY = key("store.duckdb-memory", null, null,
            Accepts.size(64 << 20, 1L << 42),
            "DuckDB's memory, outside the JVM's heap (default: three quarters of what the heap leaves, at least 1GB); "
                    + "replaces -Dparcours.duckdb.memory");
    static final ConfigKey CHECKPOINT = key("store.checkpoint-size", null, "256MB", Accepts.size(1 << 20, 1L << 40),
            "DuckDB folds its write-ahead log into the database file when the log reaches this size; "
                    + "replaces -Dparcours.checkpoint");
    static final ConfigKey LOAD_INTERVAL = key("store.load-interval", null, "100ms",
            Accepts.duration(Duration.ZERO, Duration.ofSeconds(10)),
            "while events keep arriving, the least time between two loads of the journal into the database: fewer, "
                    + "larger commits cost less and leave the disk to the journal; 0ms loads at once; a read that waits for "
                    + "the load never waits for it; replaces -Dparcours.loadIntervalMillis");
    static final ConfigKey ROW_GROUP_WAIT = key("store.row-group-wait", null, "5s",
            Accepts.duration(Duration.ZERO, Duration.ofSeconds(60)),
            "when events arrive fast enough to fill one of DuckDB's row groups (122,880 events) within this time, the "
                    + "loader waits for a whole one, which DuckDB writes straight to its file instead of to its log: "
                    + "about a ninth of the bytes; queries see such events up to this much later; 0s never waits; "
                    + "replaces -Dparcours.rowGroupWaitMillis");
    static final ConfigKey GROUP_COMMIT_WAIT = key("store.group-commit-wait", null, "1ms",
            Accepts.duration(Duration.ZERO, Duration.ofSeconds(1)),
            "how long the journal's writer gathers events sent at about the same time before it writes and syncs them "
                    + "together (it writes at once a group of 1,000 events or more): fewer syncs, each of which costs the "
                    + "kernel a tenth of a millisecond of a core, for up to this much more latency; 0ms syncs at once; "
                    + "replaces -Dparcours.groupCommitWaitMicros");
    static final ConfigKey BACKGROUND_NICE = key("store.background-nice", null, "10", Accepts.number(0, 19),
            "the Linux nice value of the thread that refreshes figures in the background, so that requests get the "
                    + "cores first when all are busy; 0 runs it at normal priority; replaces -Dparcours.background.nice");
    static final ConfigKey IP = key("privacy.ip", "--ip", "truncate", Accepts.oneOf("drop", "truncate", "keep"),
            "what to store of the IP address events carry in context.ip: nothing, the network (192.168.17.0), or as sent");
    static final ConfigKey SMTP_HOST = key("smtp.host", "--smtp-host", null,
            Accepts.checked("a host name such as smtp.example.com", ConfigKeys::host),
            "send survey invitations and alerts by e-mail through this SMTP server (default: no e-mail)");
    static final ConfigKey SMTP_PORT = key("smtp.port", "--smtp-port", "587", Accepts.number(1, 65535), "the SMTP port");
    static final ConfigKey SMTP_FROM = key("smtp.from", "--smtp-from", null, Accepts.email(),
            "the sender of the e-mails; needed with smtp.host");
    static final ConfigKey SMTP_USER = key("smtp.user", "--smtp-user", null, Accepts.text("a user name"),
            "the SMTP login (default: none); needs smtp.password");
    static final ConfigKey SMTP_PASSWORD = new ConfigKey("smtp.password", Optional.empty(), Optional.empty(),
            "the SMTP password: from the environment or the file only, never a flag (other users can read a command line); "
                    + "never printed", Accepts.text("text on one line"), true);
    static final ConfigKey SMTP_STARTTLS = key("smtp.starttls", "--smtp-starttls", "true", Accepts.bool(),
            "require STARTTLS (false, or --no-smtp-starttls, for a local relay)");
    static final ConfigKey LOG_FORMAT = key("log.format", "--log-format", "text", Accepts.oneOf("text", "json"),
            "text lines, or one JSON object a line (time, level, logger, thread, message, fields, exception)");
    static final ConfigKey LOG_LEVEL = key("log.level", "--log-level", "info",
            Accepts.oneOf("error", "warn", "info", "debug", "trace"), "the level of Parcours's own messages");
    static final ConfigKey LIBRARY_LEVEL = key("log.library-level", null, "warn",
            Accepts.oneOf("off", "error", "warn", "info", "debug", "trace"),
            "the level of the libraries' messages (Jetty, DuckDB, Flyway...); Javalin's only from info");
    static final ConfigKey ACCESS_LOG = key("log.access", null, "false", Accepts.bool(),
            "one info line per HTTP request: method, route pattern, status, duration (never the path, query, "
                    + "headers, cookies or address)");

    /** The addresses of a list of trusted proxies, each checked as an IP address. */
    static java.util.Set<String> proxies(String text) {
        java.util.Set<String> addresses = new java.util.LinkedHashSet<>();
        for (String address : text.split(",")) {
            String trimmed = address.strip();
            if (!trimmed.matches("[0-9A-Fa-f:.]{2,45}")) {
                throw new IllegalArgumentException(trimmed);
            }
            addresses.add(trimmed);
        }
        return addresses;
    }

    /** Every key, in the documentation's order. */
    static final List<ConfigKey> ALL = List.of(DATA, HOST, PORT, PUBLIC_URL, TRUSTED_PROXIES, ADMIN_EMAIL, THREADS, MAX_REQUEST,
            MAX_PENDING, SESSION, MAX_FAILURES, FAILURE_WINDOW, LOCKOUT, LOGIN_BURST, LOGIN_INTERVAL, SURVEY_BURST,
            SURVEY_INTERVAL, ALERTS, FIGURES_ENTRIES, FIGURES_AGE, DUCKDB_MEMORY, CHECKPOINT, LOAD_INTERVAL, ROW_GROUP_WAIT, GROUP_COMMIT_WAIT, BACKGROUND_NICE, IP, SMTP_HOST, SMTP_PORT,
            SMTP_FROM, SMTP_USER, SMTP_PASSWORD, SMTP_STARTTLS, LOG_FORMAT, LOG_LEVEL, LIBRARY_LEVEL, ACCESS_LOG);

    static final Map<String, ConfigKey> BY_NAME = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(ConfigKey::name, Function.identity()));

    static final Map<String, ConfigKey> BY_ENVIRONMENT = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(ConfigKey::environmentVariable, Function.identity()));

    static final Map<String, ConfigKey> BY_FLAG = ALL.stream().filter(key -> key.flag().isPresent())
            .collect(Collectors.toUnmodifiableMap(key -> key.flag().orElseThrow(), Function.identity()));

    private static String host(String text) {
        if (text.isEmpty() || text.length() > 253 || !text.matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
            throw new IllegalArgumentException("not a host");
        }
        return text;
    }
}
