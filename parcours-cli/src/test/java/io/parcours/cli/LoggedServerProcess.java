package io.parcours.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code parcours serve} in a JVM of its own, for the tests that kill it hard or run it for
 * minutes: started on a free loopback port with the test's class path, its output written to a
 * log file (kept for a failure's message), killed with SIGKILL or stopped with SIGTERM. Closing
 * it kills it if it still runs, so that a failed test leaves no server behind.
 */
final class LoggedServerProcess implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("running at (http://127\\.0\\.0\\.1:\\d+)/");

    private final Process process;
    private final String url;
    private final Path log;

    private LoggedServerProcess(Process process, String url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /**
     * Starts a server on {@code data} with these JVM options, and waits (at most 60 s) until it has
     * printed what it prints at start, which it does once the data folder is open and the server listens.
     */
    static LoggedServerProcess start(Path data, Path log, List<String> jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Parcours.class.getName(), "serve",
                "--data", data.toString(), "--port", "0"));
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String printed = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            Matcher matcher = URL.matcher(printed);
            // The last line printed at start: the address, token and login are there before it.
            if (printed.contains("Press Ctrl-C to stop.") && matcher.find()) {
                return new LoggedServerProcess(process, matcher.group(1), log);
            }
            if (!process.isAlive()) {
                throw new AssertionError("the server ended at start (exit " + process.exitValue() + "):\n" + tail(log));
            }
            Thread.sleep(20);
        }
        process.destroyForcibly().waitFor();
        throw new AssertionError("the server did not start within 60 s:\n" + tail(log));
    }

    String url() {
        return url;
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: the JVM ends at once, with no shutdown hook, no flush and no close. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the server survived SIGKILL for 30 s");
        }
    }

    /** SIGTERM: the server stores what it journaled and closes the database, then exits 0 (checked). */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the server did not stop within 90 s of SIGTERM:\n" + tail(log));
        }
        // 143 (128 + SIGTERM) is how a JVM that ran its shutdown hooks reports the signal.
        if (process.exitValue() != 0 && process.exitValue() != 143) {
            throw new AssertionError("the server stopped with exit " + process.exitValue() + ":\n" + tail(log));
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    /** The errors and warnings the server logged (slf4j-simple's "[ERROR]" and "[WARN]" lines). */
    List<String> problems() {
        try {
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines()
                    .filter(line -> line.contains(" [ERROR] ") || line.contains(" [WARN] ")).toList();
        } catch (IOException e) {
            return List.of("(no log: " + e + ")");
        }
    }

    /** The last lines the server printed. */
    String tail() {
        return tail(log);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
