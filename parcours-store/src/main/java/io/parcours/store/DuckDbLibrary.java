package io.parcours.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DuckDB's native library. At every start the DuckDB driver copies it out of its jar into the
 * temporary folder (72 MB, a third of a second) and loads the copy, which it deletes only when
 * the JVM exits normally. This class loads it early, on a thread of its own while the command line
 * is still read, and removes the copies that processes stopped hard (kill -9, a crash, a power
 * cut) left behind, which would otherwise fill the temporary folder.
 */
public final class DuckDbLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbLibrary.class);
    /** How the driver names its copies ({@code Files.createTempFile("libduckdb_java", ".so")}, on every system). */
    static final String PREFIX = "libduckdb_java";
    static final String SUFFIX = ".so";
    /**
     * Copies at least this old are removed. A process loads its copy within a second of making it,
     * and a library once loaded stays loaded when its file is removed (Linux and macOS; where a
     * loaded file cannot be removed, as on Windows, it stays), so removing them stops nothing.
     */
    static final Duration STALE = Duration.ofMinutes(10);

    private DuckDbLibrary() {}

    /**
     * Starts loading the library, then removing stale copies, on a daemon thread. Join it before
     * the JVM exits, so that no copy is left half written. Failures are left for the database's
     * open to report.
     */
    public static Thread loadInBackground() {
        Thread thread = new Thread(() -> {
            try {
                Class.forName("org.duckdb.DuckDBNative");
            } catch (Throwable e) {
                LOG.debug("loading DuckDB's library ahead failed; opening the database will say why", e);
            }
            Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
            int removed = removeStaleCopies(temporary, STALE, Instant.now());
            if (removed > 0) {
                // Debug only: a command's error is one line on stderr, where the log goes.
                LOG.debug("removed {} copies of DuckDB's library left in {} by processes stopped hard", removed, temporary);
            }
        }, "parcours-duckdb-library");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Removes the copies of the library in {@code folder} last modified before {@code now} minus
     * {@code stale}; how many it removed. Nothing else is touched, and a copy that cannot be
     * removed is left.
     */
    static int removeStaleCopies(Path folder, Duration stale, Instant now) {
        int removed = 0;
        Instant before = now.minus(stale);
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(folder, PREFIX + "*" + SUFFIX)) {
            for (Path copy : copies) {
                try {
                    if (isCopyName(copy.getFileName().toString()) && Files.isRegularFile(copy)
                            && Files.getLastModifiedTime(copy).toInstant().isBefore(before)) {
                        Files.delete(copy);
                        removed++;
                    }
                } catch (IOException | SecurityException e) {
                    LOG.debug("left {}: {}", copy, e.toString());
                }
            }
        } catch (IOException | SecurityException e) {
            LOG.debug("could not look for stale copies of DuckDB's library in {}: {}", folder, e.toString());
        }
        return removed;
    }

    /** Whether a file name is one the driver gives its copies: the prefix, digits (a temporary file's number), the suffix. */
    static boolean isCopyName(String name) {
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX) || name.length() == PREFIX.length() + SUFFIX.length()) {
            return false;
        }
        String number = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
        return number.chars().allMatch(Character::isDigit);
    }

}
