package io.parcours.cli;

import io.parcours.model.Suggestions;
import io.parcours.server.ServerOptions;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The settings of a serving command, each with its value and where that came from: a flag, an
 * environment variable, the configuration file, or the default, in this order of precedence.
 *
 * <p>The file ({@code --config FILE}, or the environment variable {@code PARCOURS_CONFIG}) holds
 * {@code key = value} lines in UTF-8; blank lines and lines starting with {@code #} are skipped, a
 * value may stand in double quotes, and an empty value leaves the key unset. Each key's
 * environment variable is {@link ConfigKey#environmentVariable()}. Every problem found is reported
 * at once, naming the key, the file and line or the variable, and what is allowed; a secret's value
 * is never repeated.
 */
final class Configuration {
    /** The environment variable naming the configuration file when {@code --config} is not given. */
    static final String FILE_VARIABLE = "PARCOURS_CONFIG";

    /** Where a value came from: {@code where} names the flag, variable, or file and line. */
    record Source(Kind kind, String where) {
        /** The kinds of source, from the strongest. */
        enum Kind { FLAG, ENVIRONMENT, FILE, DEFAULT }

        /** How an error message names it. */
        String described() {
            return kind == Kind.ENVIRONMENT ? "environment variable " + where : where;
        }
    }

    /** A key's value in force (empty when not set) and its source. */
    record Setting(ConfigKey key, Optional<String> text, Optional<Object> value, Source source) {
        /** The value as {@code parcours config} prints it: secrets hidden. */
        String shown() {
            if (text.isEmpty()) {
                return "(not set)";
            }
            return key.secret() ? "(hidden)" : text.get();
        }
    }

    /** A value given on the command line, and the flag as written. */
    record Flag(String text, String written) {}

    private record Line(String text, int number) {}

    private final Map<ConfigKey, Setting> settings;
    private final Optional<Path> file;

    private Configuration(Map<ConfigKey, Setting> settings, Optional<Path> file) {
        this.settings = settings;
        this.file = file;
    }

    /**
     * Resolves every key from the flags given, the environment, and the file named by
     * {@code configFlag} or by {@code PARCOURS_CONFIG} in the environment.
     *
     * @throws ConfigException with every problem found
     */
    static Configuration resolve(Map<ConfigKey, Flag> flags, Optional<Path> configFlag, Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        Optional<Path> file = configFlag.or(() -> Optional.ofNullable(environment.get(FILE_VARIABLE))
                .filter(name -> !name.isBlank()).map(Path::of));
        Map<ConfigKey, Line> fromFile = file.map(path -> read(path, configFlag.isPresent(), problems)).orElse(Map.of());
        Map<ConfigKey, String> fromEnvironment = environment(environment, problems);
        Map<ConfigKey, Setting> settings = new LinkedHashMap<>();
        for (ConfigKey key : ConfigKeys.ALL) {
            // Every value given is checked, also those a stronger source overrides: they would apply once it goes.
            List<Setting> given = new ArrayList<>();
            if (flags.containsKey(key)) {
                given.add(checked(key, flags.get(key).text(), new Source(Source.Kind.FLAG, flags.get(key).written()), problems));
            }
            if (fromEnvironment.containsKey(key)) {
                given.add(checked(key, fromEnvironment.get(key), new Source(Source.Kind.ENVIRONMENT, key.environmentVariable()),
                        problems));
            }
            if (fromFile.containsKey(key)) {
                given.add(checked(key, fromFile.get(key).text(), new Source(Source.Kind.FILE, file.orElseThrow() + ":"
                        + fromFile.get(key).number()), problems));
            }
            Source byDefault = new Source(Source.Kind.DEFAULT, "default");
            settings.put(key, given.isEmpty() ? key.defaultText().map(text -> checked(key, text, byDefault, problems))
                    .orElse(new Setting(key, Optional.empty(), Optional.empty(), byDefault)) : given.get(0));
        }
        Configuration configuration = new Configuration(settings, file);
        configuration.checkSmtp(problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return configuration;
    }

    /** {@code text} as {@code key}'s value from {@code source}; when it is not allowed, a problem and no value. */
    private static Setting checked(ConfigKey key, String text, Source source, List<String> problems) {
        try {
            return new Setting(key, Optional.of(text), Optional.of(key.accepts().parse().apply(text)), source);
        } catch (RuntimeException e) {
            problems.add(source.described() + ": " + key.name() + " must be " + key.accepts().allowed()
                    + (key.secret() ? "" : ", not '" + text + "'"));
            return new Setting(key, Optional.of(text), Optional.empty(), source);
        }
    }

    /** The {@code key = value} lines of the file, by key; problems are added to {@code problems}. */
    private static Map<ConfigKey, Line> read(Path file, boolean fromFlag, List<String> problems) {
        List<String> lines;
        try {
            lines = List.of(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString().split("\\R", -1));
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of("the configuration file " + file + " (" + (fromFlag ? "--config"
                    : "environment variable " + FILE_VARIABLE) + ") does not exist"));
        } catch (CharacterCodingException e) {
            throw new ConfigException(List.of("the configuration file " + file + " is not UTF-8 text"));
        } catch (IOException e) {
            throw new ConfigException(List.of("cannot read the configuration file " + file + ": " + e.getMessage()));
        }
        Map<ConfigKey, Line> values = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String where = file + ":" + (i + 1);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                problems.add(where + ": expected 'key = value', such as 'server.port = 8080'");
                continue;
            }
            String name = line.substring(0, equals).strip();
            ConfigKey key = ConfigKeys.BY_NAME.get(name);
            if (key == null) {
                problems.add(where + ": unknown key '" + name + "'" + Suggestions.hint(name, ConfigKeys.BY_NAME.keySet()));
                continue;
            }
            if (values.containsKey(key)) {
                problems.add(where + ": " + name + " is set already on line " + values.get(key).number());
                continue;
            }
            String value = line.substring(equals + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (!value.isEmpty()) {
                values.put(key, new Line(value, i + 1));
            }
        }
        return values;
    }

    /**
     * The values of the keys' environment variables that are set and not empty. A variable that
     * starts like a key's ({@code PARCOURS_SERVER_...}) but is none is a typo, and a problem; other
     * {@code PARCOURS_} variables (PARCOURS_JAVA_OPTS, PARCOURS_CONFIG) are not settings.
     */
    private static Map<ConfigKey, String> environment(Map<String, String> environment, List<String> problems) {
        Set<String> sections = ConfigKeys.ALL.stream()
                .map(key -> ConfigKey.environmentVariable(key.name().substring(0, key.name().indexOf('.'))) + "_")
                .collect(Collectors.toSet());
        Map<ConfigKey, String> values = new HashMap<>();
        for (Map.Entry<String, String> variable : new java.util.TreeMap<>(environment).entrySet()) {
            String name = variable.getKey();
            ConfigKey key = ConfigKeys.BY_ENVIRONMENT.get(name);
            if (key != null) {
                if (!variable.getValue().isEmpty()) {
                    values.put(key, variable.getValue().strip());
                }
            } else if (sections.stream().anyMatch(name::startsWith)) {
                problems.add("environment variable " + name + ": no such setting"
                        + Suggestions.hint(name, ConfigKeys.BY_ENVIRONMENT.keySet()));
            }
        }
        return values;
    }

    /**
     * The SMTP keys go together: a sender and a login need a server, a server a sender, a login a
     * password. A key given counts, even with a wrong value (reported already).
     */
    private void checkSmtp(List<String> problems) {
        boolean host = isGiven(ConfigKeys.SMTP_HOST);
        for (ConfigKey needsHost : List.of(ConfigKeys.SMTP_FROM, ConfigKeys.SMTP_USER)) {
            if (!host && isGiven(needsHost)) {
                problems.add(setting(needsHost).source().described() + ": " + needsHost.name() + " needs smtp.host ("
                        + ConfigKeys.SMTP_HOST.flag().orElseThrow() + ")");
            }
        }
        if (host && !isGiven(ConfigKeys.SMTP_FROM)) {
            problems.add(setting(ConfigKeys.SMTP_HOST).source().described()
                    + ": smtp.host needs smtp.from, the sender of the e-mails, such as surveys@example.com (--smtp-from)");
        }
        if (host && isGiven(ConfigKeys.SMTP_USER) && !isGiven(ConfigKeys.SMTP_PASSWORD)) {
            problems.add(setting(ConfigKeys.SMTP_USER).source().described() + ": smtp.user needs smtp.password, from "
                    + "the environment variable " + ConfigKeys.SMTP_PASSWORD.environmentVariable()
                    + " or the configuration file");
        }
    }

    /** Every setting, in the documentation's order. */
    List<Setting> settings() {
        return List.copyOf(settings.values());
    }

    Setting setting(ConfigKey key) {
        return settings.get(key);
    }

    /** The configuration file read, if any. */
    Optional<Path> file() {
        return file;
    }

    private boolean isGiven(ConfigKey key) {
        return settings.get(key).text().isPresent();
    }

    private boolean isSet(ConfigKey key) {
        return settings.get(key).value().isPresent();
    }

    private Object value(ConfigKey key) {
        return settings.get(key).value().orElseThrow(() -> new IllegalStateException(key.name() + " has no value"));
    }

    Optional<String> text(ConfigKey key) {
        return settings.get(key).value().map(String.class::cast);
    }

    String string(ConfigKey key) {
        return (String) value(key);
    }

    long number(ConfigKey key) {
        return (Long) value(key);
    }

    int integer(ConfigKey key) {
        return Math.toIntExact(number(key));
    }

    Duration duration(ConfigKey key) {
        return (Duration) value(key);
    }

    boolean bool(ConfigKey key) {
        return (Boolean) value(key);
    }

    Path dataFolder() {
        return Path.of(string(ConfigKeys.DATA));
    }

    /** The server's options: public URL, SMTP, limits, access log, IP addresses. */
    ServerOptions serverOptions() {
        ServerOptions options = ServerOptions.defaults().withLimits(new ServerOptions.Limits(
                integer(ConfigKeys.THREADS), number(ConfigKeys.MAX_REQUEST), duration(ConfigKeys.SESSION),
                integer(ConfigKeys.MAX_FAILURES), duration(ConfigKeys.FAILURE_WINDOW), duration(ConfigKeys.LOCKOUT),
                integer(ConfigKeys.LOGIN_BURST), duration(ConfigKeys.LOGIN_INTERVAL), integer(ConfigKeys.SURVEY_BURST),
                duration(ConfigKeys.SURVEY_INTERVAL), duration(ConfigKeys.ALERTS), integer(ConfigKeys.FIGURES_ENTRIES),
                duration(ConfigKeys.FIGURES_AGE))).withAccessLog(bool(ConfigKeys.ACCESS_LOG))
                .withIpAddresses(io.parcours.io.segment.IpAddresses.fromId(string(ConfigKeys.IP)));
        options = options.withTrustedProxies(text(ConfigKeys.TRUSTED_PROXIES).map(ConfigKeys::proxies)
                .orElse(java.util.Set.of()));
        Optional<String> publicUrl = text(ConfigKeys.PUBLIC_URL);
        if (publicUrl.isPresent()) {
            options = options.withPublicUrl(publicUrl.get());
        }
        Optional<String> smtpHost = text(ConfigKeys.SMTP_HOST);
        if (smtpHost.isPresent()) {
            Optional<String> user = text(ConfigKeys.SMTP_USER);
            options = options.withSmtp(new ServerOptions.Smtp(smtpHost.get(), integer(ConfigKeys.SMTP_PORT),
                    string(ConfigKeys.SMTP_FROM), user, user.isPresent() ? text(ConfigKeys.SMTP_PASSWORD) : Optional.empty(),
                    bool(ConfigKeys.SMTP_STARTTLS)));
        }
        return options;
    }

    /** How to log. */
    LogSettings logSettings() {
        return new LogSettings(string(ConfigKeys.LOG_FORMAT).equals("json"), LogSettings.level(string(ConfigKeys.LOG_LEVEL)),
                LogSettings.level(string(ConfigKeys.LIBRARY_LEVEL)));
    }

    /**
     * Hands DuckDB's settings to the store through the system properties it reads, when they are
     * configured (unset, the store's own defaults and any {@code -D} given to the JVM apply).
     */
    void applyStoreSettings() {
        if (isSet(ConfigKeys.DUCKDB_MEMORY)) {
            System.setProperty("parcours.duckdb.memory", number(ConfigKeys.DUCKDB_MEMORY) + "B");
        }
        if (configured(ConfigKeys.CHECKPOINT)) {
            System.setProperty("parcours.checkpoint", number(ConfigKeys.CHECKPOINT) + "B");
        }
        if (configured(ConfigKeys.LOAD_INTERVAL)) {
            System.setProperty("parcours.loadIntervalMillis", Long.toString(duration(ConfigKeys.LOAD_INTERVAL).toMillis()));
        }
        if (configured(ConfigKeys.ROW_GROUP_WAIT)) {
            System.setProperty("parcours.rowGroupWaitMillis", Long.toString(duration(ConfigKeys.ROW_GROUP_WAIT).toMillis()));
        }
        if (configured(ConfigKeys.GROUP_COMMIT_WAIT)) {
            System.setProperty("parcours.groupCommitWaitMicros",
                    Long.toString(duration(ConfigKeys.GROUP_COMMIT_WAIT).toNanos() / 1_000));
        }
        if (configured(ConfigKeys.BACKGROUND_NICE)) {
            System.setProperty(io.parcours.store.BackgroundPriority.PROPERTY,
                    Long.toString(number(ConfigKeys.BACKGROUND_NICE)));
        }
    }

    /** Whether the key was given (command line, environment or file), not left to its default. */
    private boolean configured(ConfigKey key) {
        return setting(key).source().kind() != Source.Kind.DEFAULT;
    }

    /** A warning when the configuration file holds a secret and other users of the machine may read it. */
    Optional<String> exposedSecret() {
        if (file.isEmpty() || settings.values().stream()
                .noneMatch(setting -> setting.key().secret() && setting.source().kind() == Source.Kind.FILE)) {
            return Optional.empty();
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file.get());
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                return Optional.of("the configuration file " + file.get() + " holds the SMTP password and other users of "
                        + "this machine may read it: chmod 600 " + file.get());
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: nothing to say
        }
        return Optional.empty();
    }
}
