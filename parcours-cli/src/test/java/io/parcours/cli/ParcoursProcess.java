package io.parcours.cli;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code parcours} command run as its own process, as an operator runs it: with an environment
 * of one's choice (no {@code PARCOURS_} variable of the test's own), standard output and standard
 * error read line by line as they come.
 */
final class ParcoursProcess implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("running at (http://127\\.0\\.0\\.1:\\d+)/");

    private final Process process;
    private final List<String> out = Collections.synchronizedList(new ArrayList<>());
    private final List<String> err = Collections.synchronizedList(new ArrayList<>());
    private final Thread outReader;
    private final Thread errReader;

    private ParcoursProcess(Process process) {
        this.process = process;
        this.outReader = reader(process.getInputStream(), out);
        this.errReader = reader(process.getErrorStream(), err);
    }

    /**
     * The options of the short-lived JVMs the tests start: a bounded heap, and only the quick
     * compiler and the serial collector, which spend less of the machine's two cores on warming up
     * (the soak test, which measures a server, chooses its own).
     */
    static final List<String> TEST_JVM = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    /** Starts {@code parcours args...} with these environment variables. */
    static ParcoursProcess start(Map<String, String> environment, String... args) throws Exception {
        return start(List.of(), environment, args);
    }

    /** Starts {@code parcours args...} with these JVM options (after the tests' own) and environment variables. */
    static ParcoursProcess start(List<String> jvmOptions, Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(TEST_JVM);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Parcours.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("PARCOURS_"));
        builder.environment().putAll(environment);
        return new ParcoursProcess(builder.start());
    }

    /** Runs {@code parcours args...} to its end and returns it. */
    static ParcoursProcess run(Map<String, String> environment, String... args) throws Exception {
        ParcoursProcess run = start(environment, args);
        run.awaitEnd();
        return run;
    }

    private static Thread reader(InputStream stream, List<String> lines) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Waits until the server says it is running, and returns its URL. */
    String awaitServing() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            synchronized (out) {
                if (out.contains("Press Ctrl-C to stop.")) {
                    for (String line : out) {
                        Matcher url = URL.matcher(line);
                        if (url.find()) {
                            return url.group(1);
                        }
                    }
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("parcours ended with " + process.exitValue() + ": " + out + err);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("parcours did not start within 120 s: " + out + err);
    }

    /**
     * Stops the process as a service manager does (SIGTERM) and waits for it and all its output.
     * With {@code kill}, not {@link Process#destroy()}, which closes the pipes and loses the last lines.
     */
    void stop() throws Exception {
        Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -TERM " + process.pid() + " failed");
        }
        awaitEnd();
    }

    /** Kills the process hard (SIGKILL), as a crash or the out-of-memory killer does, and waits for it. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        awaitEnd();
    }

    /** Whether the process still runs. */
    boolean alive() {
        return process.isAlive();
    }

    void awaitEnd() throws InterruptedException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("parcours did not end within 120 s: " + out + err);
        }
        outReader.join(10_000);
        errReader.join(10_000);
    }

    int exitCode() {
        return process.exitValue();
    }

    /** The lines of standard output so far. */
    List<String> out() {
        synchronized (out) {
            return List.copyOf(out);
        }
    }

    /** The lines of standard error so far. */
    List<String> err() {
        synchronized (err) {
            return List.copyOf(err);
        }
    }

    /** The first group of {@code pattern} in the first line of standard output that has it. */
    String fromOut(Pattern pattern) {
        for (String line : out()) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        throw new AssertionError("no " + pattern + " in " + out());
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
