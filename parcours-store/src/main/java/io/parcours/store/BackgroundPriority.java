package io.parcours.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Lowers the CPU priority of a thread whose work can wait (refreshing figures in the background),
 * so that when the cores are all busy, the threads that answer requests get them first. As RocksDB
 * does for its compactions: the background work is not slowed while a core is free, only when it
 * would make a request wait.
 *
 * <p>Not for a thread that holds what the requests wait for. The event log's loader is left at
 * normal priority: at nice 10, it made the journal's syncs take over 100 ms two to three times as
 * often under sustained ingestion, because the file system's journal, which a sync may wait for,
 * waited for the loader's writes to the database while it was kept off the cores.
 *
 * <p>Linux only: a thread's nice value is its own there, and the threads it starts inherit it.
 * Java has no call for it, so the thread runs {@code renice} on its own thread id, which any user
 * may do to raise the value (lower the priority). Elsewhere, or without {@code renice}, the
 * priority stays as it is and nothing else changes. {@value #PROPERTY} sets the nice value (1 to
 * 19; 0 leaves the priority alone).
 */
public final class BackgroundPriority {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BackgroundPriority.class);

    /** The system property that sets the nice value of background threads. */
    public static final String PROPERTY = "parcours.background.nice";

    /**
     * The nice value by default: 10, a tenth of the weight of a thread at 0 in Linux's scheduler.
     * Enough for requests to go first; the background threads still take every core left idle.
     */
    public static final int DEFAULT_NICE = 10;

    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    private BackgroundPriority() {}

    /**
     * Lowers the current thread's priority to the configured nice value; false when it could not
     * (a wrong {@value #PROPERTY} is logged: {@link #configuredNice} tells it at start).
     */
    public static boolean lowerCurrentThread() {
        try {
            return lowerCurrentThread(configuredNice());
        } catch (IllegalArgumentException wrong) {
            LOG.warn("{} keeps its priority: {}", Thread.currentThread().getName(), wrong.getMessage());
            return false;
        }
    }

    /** The configured nice value ({@value #PROPERTY}, else {@link #DEFAULT_NICE}); a wrong one is refused. */
    public static int configuredNice() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_NICE;
        }
        try {
            int nice = Integer.parseInt(value.strip());
            if (nice >= 0 && nice <= 19) {
                return nice;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        throw new IllegalArgumentException("-D" + PROPERTY + "=" + value
                + " is not a nice value: give a whole number from 0 (leave background threads at normal priority) to 19");
    }

    /**
     * Sets the current thread's nice value to {@code nice} (0 to 19; 0 does nothing); true when the
     * thread now runs at it.
     */
    public static boolean lowerCurrentThread(int nice) {
        if (nice <= 0) {
            return false;
        }
        String thread = Thread.currentThread().getName();
        OptionalInt tid = currentThreadId();
        if (tid.isEmpty()) {
            LOG.debug("{} keeps its priority: no /proc/thread-self here", thread);
            return false;
        }
        try {
            Process renice = new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p",
                    Integer.toString(tid.getAsInt())).redirectErrorStream(true).start();
            renice.getOutputStream().close();
            byte[] said = renice.getInputStream().readAllBytes();
            if (!renice.waitFor(10, TimeUnit.SECONDS)) {
                renice.destroyForcibly();
            }
            OptionalInt now = currentNice();
            if (now.isPresent() && now.getAsInt() == nice) {
                LOG.debug("{} runs at nice {}", thread, nice);
                return true;
            }
            LOG.info("{} keeps its priority: renice said {}", thread,
                    new String(said, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            LOG.info("{} keeps its priority: renice could not run ({})", thread, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** The current thread's nice value as Linux reports it, if it does. */
    public static OptionalInt currentNice() {
        try {
            return niceIn(Files.readString(THREAD_SELF.resolve("stat"), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return OptionalInt.empty();
        }
    }

    /** The nice value in a thread's {@code /proc/.../stat} line, if it reads as one. */
    static OptionalInt niceIn(String stat) {
        try {
            // The name, in parentheses, may hold spaces; the fields after it are plain. Nice is the 19th.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalInt.of(Integer.parseInt(fields[19 - 3]));
        } catch (RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /** The kernel's id of the current thread (/proc/thread-self links to {@code <pid>/task/<tid>}). */
    private static OptionalInt currentThreadId() {
        try {
            Path link = Files.readSymbolicLink(THREAD_SELF);
            return OptionalInt.of(Integer.parseInt(link.getFileName().toString()));
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }
}
