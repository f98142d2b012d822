package io.parcours.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

/**
 * How the {@code parcours} command logs: the format of a line (text or JSON), the level of
 * Parcours's own loggers ({@code io.parcours.*}) and that of the libraries' loggers. Lines go to
 * standard error, each written whole. The defaults are what the command always did: text, Parcours
 * at info, libraries at warn, Javalin silent (Parcours reports its start-up failures in one line of
 * its own).
 *
 * <p>Text lines are {@code 2025-06-01T10:15:30.123+02:00 [INFO] logger - message}, then the stack
 * trace of an exception on the lines after. A JSON line is one object: {@code time} (ISO-8601, UTC),
 * {@code level}, {@code logger}, {@code thread}, {@code message}, the key-value pairs of the event,
 * and {@code exception} (the stack trace as one string) when there is one.
 */
record LogSettings(boolean json, Level parcoursLevel, Level libraryLevel) {
    /** The defaults: text, Parcours at info, libraries at warn. */
    static final LogSettings DEFAULTS = new LogSettings(false, Level.INFO, Level.WARN);

    /** Below every level: nothing is logged at it. */
    static final int OFF = Integer.MAX_VALUE;

    private static final DateTimeFormatter TEXT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter JSON_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Set<String> FIELDS = Set.of("time", "level", "logger", "thread", "message", "exception");
    private static final JsonFactory JSON = new JsonFactory();
    private static final Object WRITING = new Object();
    private static volatile LogSettings current = DEFAULTS;

    /** The settings in force. */
    static LogSettings current() {
        return current;
    }

    /**
     * Puts {@code settings} in force for every logger, made before or after. In JSON mode, what
     * libraries log through java.util.logging and the failures no code caught are logged as JSON
     * lines too, so that standard error holds nothing else.
     */
    static void configure(LogSettings settings) {
        current = settings;
        if (settings.json()) {
            JavaLogging.route(settings.libraryLevel());
            Thread.setDefaultUncaughtExceptionHandler((thread, error) -> LoggerFactory.getLogger("io.parcours")
                    .error("uncaught failure in thread " + thread.getName(), error));
        }
    }

    /** The level's number, or {@link #OFF} for none: {@code null} means off. */
    static int threshold(Level level) {
        return level == null ? OFF : level.toInt();
    }

    /** Whether a logger named {@code name} logs at {@code level}. */
    boolean enabled(String name, Level level) {
        int threshold;
        if (name.startsWith("io.parcours")) {
            threshold = threshold(parcoursLevel);
        } else if (name.startsWith("io.javalin") && threshold(libraryLevel) >= Level.WARN.toInt()) {
            threshold = OFF;
        } else {
            threshold = threshold(libraryLevel);
        }
        return level.toInt() >= threshold;
    }

    /** Writes one event to standard error. */
    void write(long millis, Level level, String logger, String thread, String message, List<KeyValuePair> pairs,
            Throwable throwable) {
        String text = json ? jsonLine(millis, level, logger, thread, message, pairs, throwable)
                : textLines(millis, level, logger, message, pairs, throwable);
        synchronized (WRITING) {
            System.err.print(text);
            System.err.flush();
        }
    }

    private static String textLines(long millis, Level level, String logger, String message, List<KeyValuePair> pairs,
            Throwable throwable) {
        StringBuilder line = new StringBuilder(96).append(TEXT_TIME.format(Instant.ofEpochMilli(millis))).append(" [")
                .append(level).append("] ").append(logger).append(" - ").append(message);
        for (KeyValuePair pair : pairs) {
            line.append(' ').append(pair.key).append('=').append(pair.value);
        }
        line.append(System.lineSeparator());
        if (throwable != null) {
            line.append(stackTrace(throwable));
        }
        return line.toString();
    }

    private static String jsonLine(long millis, Level level, String logger, String thread, String message,
            List<KeyValuePair> pairs, Throwable throwable) {
        StringWriter out = new StringWriter(160);
        try (JsonGenerator line = JSON.createGenerator(out)) {
            line.writeStartObject();
            line.writeStringField("time", JSON_TIME.format(Instant.ofEpochMilli(millis)));
            line.writeStringField("level", level.toString());
            line.writeStringField("logger", logger);
            line.writeStringField("thread", thread);
            line.writeStringField("message", message);
            for (KeyValuePair pair : pairs) {
                line.writeFieldName(FIELDS.contains(pair.key) ? "_" + pair.key : pair.key);
                writeValue(line, pair.value);
            }
            if (throwable != null) {
                line.writeStringField("exception", stackTrace(throwable));
            }
            line.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append(System.lineSeparator()).toString();
    }

    private static void writeValue(JsonGenerator line, Object value) throws IOException {
        if (value == null) {
            line.writeNull();
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            line.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            line.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof Boolean bool) {
            line.writeBoolean(bool);
        } else {
            line.writeString(String.valueOf(value));
        }
    }

    private static String stackTrace(Throwable throwable) {
        StringWriter trace = new StringWriter();
        try (PrintWriter out = new PrintWriter(trace)) {
            throwable.printStackTrace(out);
        }
        return trace.toString();
    }

    /** A level from its name in the configuration ({@code off} is null). */
    static Level level(String name) {
        return name.equals("off") ? null : Level.valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** Routes java.util.logging to SLF4J, at the libraries' level. */
    private static final class JavaLogging extends java.util.logging.Handler {
        private static final java.util.logging.Formatter MESSAGES = new java.util.logging.SimpleFormatter();

        static synchronized void route(Level libraryLevel) {
            java.util.logging.Logger root = java.util.logging.LogManager.getLogManager().getLogger("");
            for (java.util.logging.Handler handler : root.getHandlers()) {
                root.removeHandler(handler);
            }
            root.addHandler(new JavaLogging());
            int threshold = threshold(libraryLevel);
            root.setLevel(threshold == OFF ? java.util.logging.Level.OFF
                    : threshold >= Level.ERROR.toInt() ? java.util.logging.Level.SEVERE
                    : threshold >= Level.WARN.toInt() ? java.util.logging.Level.WARNING
                    : threshold >= Level.INFO.toInt() ? java.util.logging.Level.INFO
                    : threshold >= Level.DEBUG.toInt() ? java.util.logging.Level.FINE : java.util.logging.Level.ALL);
        }

        @Override
        public void publish(java.util.logging.LogRecord record) {
            int value = record.getLevel().intValue();
            Level level = value >= java.util.logging.Level.SEVERE.intValue() ? Level.ERROR
                    : value >= java.util.logging.Level.WARNING.intValue() ? Level.WARN
                    : value >= java.util.logging.Level.INFO.intValue() ? Level.INFO
                    : value >= java.util.logging.Level.FINE.intValue() ? Level.DEBUG : Level.TRACE;
            String name = record.getLoggerName() == null ? "java.util.logging" : record.getLoggerName();
            org.slf4j.Logger logger = LoggerFactory.getLogger(name);
            if (logger.isEnabledForLevel(level)) {
                logger.atLevel(level).setCause(record.getThrown()).log(MESSAGES.formatMessage(record));
            }
        }

        @Override
        public void flush() {
            // every line is written whole
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
