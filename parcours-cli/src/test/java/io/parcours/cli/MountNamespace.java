package io.parcours.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A mount namespace of its own, kept alive by a sleeping process, with a small file system mounted
 * in it: a real disk that fills up or turns read-only, seen only by the processes entered into it
 * with {@code nsenter}, not by the rest of the machine. Needs root and util-linux.
 */
final class MountNamespace implements AutoCloseable {
    final Path mountPoint;
    private final Process holder;

    private MountNamespace(Process holder, Path mountPoint) {
        this.holder = holder;
        this.mountPoint = mountPoint;
    }

    /** Whether this machine lets the tests make mount namespaces (root, util-linux). */
    static boolean available() {
        try {
            Process probe = new ProcessBuilder("unshare", "-m", "true").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A tmpfs of {@code size} (such as {@code 24m}) at {@code mountPoint}, an existing empty folder. */
    static MountNamespace tmpfs(Path mountPoint, String size) throws IOException {
        return hold(mountPoint, "mount -t tmpfs -o size=" + size + " tmpfs \"$1\"");
    }

    /** The ext4 file system in {@code image} (made with mkfs.ext4), mounted through a loop device. */
    static MountNamespace ext4(Path image, Path mountPoint) throws IOException {
        return hold(mountPoint, "mount -o loop '" + image + "' \"$1\"");
    }

    private static MountNamespace hold(Path mountPoint, String mount) throws IOException {
        Process holder = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c",
                mount + " && echo mounted && exec sleep 100000", "sh", mountPoint.toString()).redirectErrorStream(true).start();
        String line = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (!"mounted".equals(line)) {
            holder.destroyForcibly();
            throw new AssertionError("could not mount in a namespace: " + line);
        }
        return new MountNamespace(holder, mountPoint);
    }

    /** The command prefix that runs a program inside the namespace. */
    List<String> enter() {
        return List.of("nsenter", "-t", Long.toString(holder.pid()), "-m", "--");
    }

    /** Runs a command inside the namespace; fails the test when it fails. */
    void run(String... command) throws Exception {
        List<String> full = new ArrayList<>(enter());
        full.addAll(List.of(command));
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
    }

    /** Ends the namespace: its file system goes with it. */
    @Override
    public void close() throws InterruptedException {
        holder.destroy();
        holder.waitFor(10, TimeUnit.SECONDS);
    }
}
