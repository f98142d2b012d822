package io.parcours.cli;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of the {@code parcours} command, found by SLF4J through
 * {@code META-INF/services}: every logger writes to standard error through {@link LogSettings},
 * as text (the format slf4j-simple wrote before) or as one JSON object a line. Its own provider
 * rather than slf4j-simple, which cannot write JSON, or Logback, whose JSON encoder writes another
 * shape (epoch timestamps, stack frames as nested objects) and which would add a megabyte and a
 * configuration file to the jar; here the format is switched by the configuration after the command
 * line is read, and the loggers made before follow.
 */
public final class LogProvider implements SLF4JServiceProvider {
    private final ILoggerFactory loggers = new Loggers();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new BasicMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to read: LogSettings starts with the defaults, and the serving commands configure it
    }

    /** One logger per name, made on first use. */
    private static final class Loggers implements ILoggerFactory {
        private final ConcurrentMap<String, Logger> byName = new ConcurrentHashMap<>();

        @Override
        public Logger getLogger(String name) {
            return byName.computeIfAbsent(name, ParcoursLogger::new);
        }
    }
}
