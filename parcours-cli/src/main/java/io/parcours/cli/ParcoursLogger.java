package io.parcours.cli;

import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * A logger of {@link LogProvider}: asks {@link LogSettings} whether a level is on for its name and
 * hands each message, with the key-value pairs of SLF4J's fluent API, to it to write. Thread-safe.
 */
final class ParcoursLogger extends AbstractLogger implements LoggingEventAware {
    private static final long serialVersionUID = 1L;

    ParcoursLogger(String name) {
        this.name = name;
    }

    private boolean on(Level level) {
        return LogSettings.current().enabled(name, level);
    }

    @Override
    public boolean isTraceEnabled() {
        return on(Level.TRACE);
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
        return on(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return on(Level.DEBUG);
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
        return on(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return on(Level.INFO);
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
        return on(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return on(Level.WARN);
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
        return on(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return on(Level.ERROR);
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
        return on(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
            Throwable throwable) {
        LogSettings.current().write(System.currentTimeMillis(), level, name, Thread.currentThread().getName(),
                MessageFormatter.basicArrayFormat(messagePattern, arguments), List.of(), throwable);
    }

    /** An event of the fluent API ({@code LOG.atInfo().addKeyValue(...).log(...)}): its pairs become fields. */
    @Override
    public void log(LoggingEvent event) {
        if (!on(event.getLevel())) {
            return;
        }
        FormattingTuple message = MessageFormatter.arrayFormat(event.getMessage(), event.getArgumentArray());
        Throwable throwable = event.getThrowable() != null ? event.getThrowable() : message.getThrowable();
        List<KeyValuePair> pairs = event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs();
        String thread = event.getThreadName() != null ? event.getThreadName() : Thread.currentThread().getName();
        long time = event.getTimeStamp() > 0 ? event.getTimeStamp() : System.currentTimeMillis();
        LogSettings.current().write(time, event.getLevel(), name, thread, message.getMessage(), pairs, throwable);
    }
}
