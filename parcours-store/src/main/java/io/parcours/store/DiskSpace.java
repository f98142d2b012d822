package io.parcours.store;

import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The disk under the data folder: how much is free, and plain words for a disk that is full or
 * read-only.
 *
 * <p><b>A reserve for the database.</b> Ingestion stops taking events while less than a reserve is
 * free ({@link #RESERVE_PROPERTY}; by default 5% of the disk, at most 256 MB), so that the database
 * still has room to load the events already acknowledged, to fold its write-ahead log into its file
 * (a DuckDB checkpoint that fails for want of space stops the database until a restart) and to
 * record logins and survey answers. Senders are told to retry (503) and {@code /ready} says why;
 * once space is freed, ingestion resumes by itself.
 *
 * <p>A write that failed (a full disk past the reserve, a file system turned read-only after disk
 * errors) is remembered for {@link #FAILURE_MEMORY_MILLIS}, so that readiness reports it without
 * sticking to it: once writes work again the next ones clear it. Thread-safe.
 */
public final class DiskSpace {
    /** The system property that sets the reserve: a size such as {@code 512MB} or {@code 0}. */
    public static final String RESERVE_PROPERTY = "parcours.disk.reserve";
    static final long MAX_DEFAULT_RESERVE = 256L << 20;
    static final long FAILURE_MEMORY_MILLIS = 10_000;
    private static final long SAMPLE_MILLIS = 100;

    private final Path folder;
    private final FileStore store;
    private final long reserve;
    private volatile long sampledAt;
    private volatile long usable = Long.MAX_VALUE;
    private volatile String failure;
    private volatile long failedAt;

    /** The disk of {@code folder}, the data folder. */
    DiskSpace(Path folder) throws IOException {
        this.folder = folder;
        this.store = Files.getFileStore(folder);
        this.reserve = reserve(folder);
    }

    /** The bytes free on the disk, as sampled at most every 100 ms. */
    public long free() {
        long now = System.currentTimeMillis();
        if (now - sampledAt >= SAMPLE_MILLIS) {
            try {
                usable = store.getUsableSpace();
            } catch (IOException e) {
                usable = Long.MAX_VALUE;
            }
            sampledAt = now;
        }
        return usable;
    }

    /** The bytes kept free for the database. */
    public long reserve() {
        return reserve;
    }

    /** Why events should not be written now: the disk is below the reserve; empty when they may. */
    Optional<String> shortage() {
        long free = free();
        if (free > reserve) {
            return Optional.empty();
        }
        return Optional.of("the disk holding the data folder " + folder + " is full (" + megabytes(free)
                + " free; Parcours keeps " + megabytes(reserve) + " for its database)");
    }

    /** What is wrong with the disk now, if anything: full, read-only, or a write that failed lately. */
    Optional<String> problem() {
        if (!Files.isWritable(folder)) {
            return Optional.of("the data folder " + folder + " is on a read-only file system");
        }
        Optional<String> shortage = shortage();
        if (shortage.isPresent()) {
            return shortage;
        }
        String failed = failure;
        if (failed != null && System.currentTimeMillis() - failedAt < FAILURE_MEMORY_MILLIS) {
            return Optional.of(failed);
        }
        return Optional.empty();
    }

    /** Remembers a failed write, in plain words; the next check of the free space is done afresh. */
    void failed(String what, Throwable error) {
        failure = what + " failed: " + explain(error);
        failedAt = System.currentTimeMillis();
        sampledAt = 0;
    }

    void succeeded() {
        if (failure != null) {
            failure = null;
        }
    }

    /** The reserve for a data folder: the system property, or 5% of its disk, at most 256 MB. */
    static long reserve(Path folder) {
        String configured = System.getProperty(RESERVE_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return parseSize(configured);
        }
        try {
            return Math.min(MAX_DEFAULT_RESERVE, Files.getFileStore(folder).getTotalSpace() / 20);
        } catch (IOException e) {
            return MAX_DEFAULT_RESERVE;
        }
    }

    /** A size written {@code 0}, {@code 4096}, {@code 64KB}, {@code 256MB} or {@code 2GB}. */
    static long parseSize(String text) {
        String size = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        for (String[] suffix : new String[][] {{"GB", "1073741824"}, {"MB", "1048576"}, {"KB", "1024"}, {"B", "1"}}) {
            if (size.endsWith(suffix[0])) {
                unit = Long.parseLong(suffix[1]);
                size = size.substring(0, size.length() - suffix[0].length()).trim();
                break;
            }
        }
        try {
            long value = Long.parseLong(size);
            if (value < 0) {
                throw new NumberFormatException("negative");
            }
            return Math.multiplyExact(value, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw ParcoursException.invalid(RESERVE_PROPERTY, "-D" + RESERVE_PROPERTY + "=" + text
                    + " is not a size: write it like 256MB, 2GB or 0");
        }
    }

    /**
     * Refuses to start a server on a data folder whose disk is read-only or below the reserve: it
     * could take no event, and its database could not fold its log.
     */
    public static void requireRoomToStart(Path dataFolder) {
        Path existing = dataFolder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        if (!Files.isWritable(existing)) {
            throw new ParcoursException(ErrorCode.STORAGE, "the data folder " + dataFolder
                    + " is on a read-only file system (or not writable): Parcours needs to write there; mount it "
                    + "read-write, or choose another folder with --data");
        }
        long usable;
        try {
            usable = Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            return;
        }
        long reserve = reserve(existing);
        if (usable <= reserve) {
            throw new ParcoursException(ErrorCode.STORAGE, "the disk holding the data folder " + dataFolder + " is full ("
                    + megabytes(usable) + " free; Parcours keeps " + megabytes(reserve) + " for its database): free "
                    + "space, or lower the reserve with -D" + RESERVE_PROPERTY + "=SIZE, and start again");
        }
    }

    /** An I/O failure in plain words: a full disk and a read-only file system are named as such. */
    public static String explain(Throwable error) {
        return diskProblem(error).orElseGet(() -> firstLine(error));
    }

    /** A failure's cause when it is the disk's: full, read-only, or an I/O error. */
    static Optional<String> diskProblem(Throwable error) {
        String message = messages(error);
        if (message.contains("No space left on device") || message.contains("Disk quota exceeded")) {
            return Optional.of("the disk holding the data folder is full (" + firstLine(error) + ")");
        }
        if (message.contains("Read-only file system")) {
            return Optional.of("the data folder is on a read-only file system (" + firstLine(error) + ")");
        }
        if (message.contains("Input/output error")) {
            return Optional.of("the disk reported an I/O error; it may have turned read-only (" + firstLine(error) + ")");
        }
        return Optional.empty();
    }

    private static String messages(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = error; cause != null && all.length() < 10_000; cause = cause.getCause()) {
            all.append(cause).append('\n');
            for (Throwable suppressed : cause.getSuppressed()) {
                all.append(suppressed).append('\n');
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return all.toString();
    }

    private static String firstLine(Throwable error) {
        String message = String.valueOf(error.getMessage());
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    static String megabytes(long bytes) {
        return bytes >= 10L << 20 ? (bytes >> 20) + " MB" : String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }
}
