package io.parcours.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.parcours.store.DiskSpace;
import io.parcours.store.ParcoursStore;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code parcours serve} on a real small file system that fills up or turns read-only under it
 * (a tmpfs, and ext4 on a loop device, each in a mount namespace of its own): senders get a clear
 * 503 and never a 200 for an event that was not stored, readiness says why, the dashboard still
 * reads, ingestion resumes by itself when space returns, and after a restart every acknowledged
 * event is there exactly once. A start on a full or read-only folder fails with one clear line.
 */
class DiskFaultTest {
    /** Characters of padding per event: about 30 KB a batch, so that 24 MB fill in a few hundred batches. */
    private static final int PADDING = 500;

    @TempDir
    Path folder;

    @BeforeEach
    void needsMounts() {
        assumeTrue(MountNamespace.available(), "needs root and util-linux (unshare, nsenter) to mount a small file system");
    }

    /** A batch's answer that was not a success. */
    private record Refusal(int status, String body) {}

    /** Sends batches from {@code first} until {@code refusedInARow} are refused in a row; the acknowledged go into {@code acknowledged}. */
    private static List<Refusal> sendUntilRefused(ServerProcess server, String writeKey, int first, int refusedInARow,
            Set<Integer> acknowledged) {
        List<Refusal> refusals = new ArrayList<>();
        int inARow = 0;
        for (int number = first; inARow < refusedInARow; number++) {
            assertThat(number - first).as("the disk fills up").isLessThan(5_000);
            ServerProcess.Answer answer = server.batch(writeKey, ServedFolder.batch(number, PADDING));
            if (answer.status() == 200) {
                acknowledged.add(number);
                inARow = 0;
            } else {
                refusals.add(new Refusal(answer.status(), answer.body()));
                inARow++;
            }
        }
        return refusals;
    }

    /** Asks until {@code path} answers {@code status}, for at most 30 s; the last answer. */
    private static ServerProcess.Answer await(ServerProcess server, String path, int status) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        ServerProcess.Answer answer = server.send(server.request(path).GET());
        while (answer.status() != status && System.nanoTime() < deadline) {
            Thread.sleep(200);
            answer = server.send(server.request(path).GET());
        }
        return answer;
    }

    /** Waits, at most 30 s, until the server has loaded every journaled event into its database. */
    private static void awaitLoaded(ServerProcess server, String token) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String metrics = server.api(token, "/metrics").body();
        while (!metrics.contains("\nparcours_events_load_lag 0\n") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            metrics = server.api(token, "/metrics").body();
        }
        assertThat(metrics).as("every journaled event loaded").contains("\nparcours_events_load_lag 0\n");
    }

    /** Every acknowledged batch is in the folder's database, whole and once (copied out of the namespace first). */
    private void assertEveryAcknowledgedBatchOnce(MountNamespace namespace, Path data, Set<Integer> acknowledged)
            throws Exception {
        Path copy = folder.resolve("copy-" + System.nanoTime());
        namespace.run("cp", "-a", data.toString(), copy.toString());
        try (ParcoursStore store = ParcoursStore.open(copy)) {
            assertThat(store.events().size()).as("the database opens cleanly").isGreaterThanOrEqualTo(
                    (long) acknowledged.size() * ServedFolder.BATCH);
        }
        Map<Integer, Integer> stored = ServedFolder.storedBatches(copy.resolve(ParcoursStore.DATABASE_FILE));
        for (int number : acknowledged) {
            assertThat(stored.getOrDefault(number, 0)).as("acknowledged batch %d", number).isEqualTo(ServedFolder.BATCH);
        }
    }

    @ParameterizedTest(name = "reserve {0}")
    @ValueSource(strings = {"0", "default"})
    void aFullDiskRefusesEventsClearlyKeepsEveryAcknowledgedOneAndRecoversWhenSpaceReturns(String reserve) throws Exception {
        ServedFolder served = ServedFolder.prepare(folder);
        Path disk = Files.createDirectories(folder.resolve("disk"));
        Path data = disk.resolve("data");
        List<String> options = reserve.equals("default") ? List.of() : List.of("-D" + DiskSpace.RESERVE_PROPERTY + "=" + reserve);
        Set<Integer> acknowledged = new HashSet<>();
        try (MountNamespace namespace = MountNamespace.tmpfs(disk, "24m")) {
            namespace.run("cp", "-a", served.data().toString(), data.toString());
            int next;
            try (ServerProcess server = ServerProcess.start(data, namespace.enter(), options)) {
                ServerProcess.Login admin = server.login(served.adminEmail(), served.adminPassword());
                assertThat(admin.status()).isEqualTo(303);

                List<Refusal> refusals = sendUntilRefused(server, served.writeKey(), 0, 20, acknowledged);
                next = acknowledged.size() + refusals.size();
                assertThat(acknowledged).as("batches stored before the disk filled").hasSizeGreaterThan(50);
                for (Refusal refusal : refusals) {
                    assertThat(refusal.status()).as(refusal.body()).isEqualTo(503);
                    assertThat(refusal.body()).contains("\"code\":\"storage\"", "full", "send them again");
                }
                ServerProcess.Answer ready = server.send(server.request("/ready").GET());
                assertThat(ready.status()).isEqualTo(503);
                assertThat(ready.body()).contains("\"status\":\"unavailable\"", "full");
                assertThat(server.api(served.token(), "/api/workspaces").status()).as("the API still reads").isEqualTo(200);
                ServerProcess.Answer page = server.page("/workspaces/akwaba/maps/shop", admin);
                assertThat(page.status()).as("the dashboard still reads: %s", page.body()).isEqualTo(200);

                namespace.run("mount", "-o", "remount,size=64m", disk.toString());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (server.batch(served.writeKey(), ServedFolder.batch(next, PADDING)).status() != 200) {
                    assertThat(System.nanoTime()).as("ingestion resumes by itself").isLessThan(deadline);
                    next++;
                    Thread.sleep(100);
                }
                acknowledged.add(next++);
                for (int i = 0; i < 20; i++, next++) {
                    assertThat(server.batch(served.writeKey(), ServedFolder.batch(next, PADDING)).status()).isEqualTo(200);
                    acknowledged.add(next);
                }
                assertThat(await(server, "/ready", 200).status()).as("ready again").isEqualTo(200);
                System.out.printf("disk full (reserve %s): %d batches acknowledged, %d refused while full%n", reserve,
                        acknowledged.size(), refusals.size());
            }
            try (ServerProcess restarted = ServerProcess.start(data, namespace.enter(), options)) {
                assertThat(await(restarted, "/ready", 200).status()).isEqualTo(200);
            }
            assertEveryAcknowledgedBatchOnce(namespace, data, acknowledged);

            // A start on a full disk, then on a read-only one, fails with one line and the storage exit code.
            namespace.run("sh", "-c", "cat /dev/zero > '" + disk.resolve("filler") + "'; true");
            ServerProcess.Exited full = ServerProcess.run(namespace.enter(), Map.of(), "serve", "--data", data.toString(),
                    "--port", "0");
            assertThat(full.code()).as(full.out() + full.err()).isEqualTo(6);
            assertThat(full.err().strip().lines()).hasSize(1);
            assertThat(full.err()).contains("is full", "free space");
            namespace.run("rm", disk.resolve("filler").toString());
            namespace.run("mount", "-o", "remount,ro", disk.toString());
            ServerProcess.Exited readOnly = ServerProcess.run(namespace.enter(), Map.of(), "serve", "--data", data.toString(),
                    "--port", "0");
            assertThat(readOnly.code()).as(readOnly.out() + readOnly.err()).isEqualTo(6);
            assertThat(readOnly.err().strip().lines()).hasSize(1);
            assertThat(readOnly.err()).contains("read-only");
        }
    }

    /**
     * The kernel turns a file system read-only under a running server after disk errors; ext4's
     * {@code abort} mount option does just that (a remount to read-only is refused while files are
     * open for writing). Recovery is the operator's: stop, check the file system, start again.
     */
    @Test
    void aDataFolderTurnedReadOnlyRefusesEventsClearlyAndLosesNoAcknowledgedOne() throws Exception {
        ServedFolder served = ServedFolder.prepare(folder);
        Path image = folder.resolve("disk.img");
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(64L << 20);
        }
        Process mkfs = new ProcessBuilder("mkfs.ext4", "-q", "-F", image.toString()).redirectErrorStream(true).start();
        assertThat(mkfs.waitFor()).as(new String(mkfs.getInputStream().readAllBytes())).isZero();
        Path disk = Files.createDirectories(folder.resolve("disk"));
        Path data = disk.resolve("data");
        Set<Integer> acknowledged = new HashSet<>();
        try (MountNamespace namespace = MountNamespace.ext4(image, disk)) {
            namespace.run("cp", "-a", served.data().toString(), data.toString());
            // On disk before the fault, as a folder in use for a while would be (the copy is only in the page cache).
            namespace.run("sync");
            try (ServerProcess server = ServerProcess.start(data, namespace.enter(), List.of())) {
                ServerProcess.Login admin = server.login(served.adminEmail(), served.adminPassword());
                for (int number = 0; number < 40; number++) {
                    assertThat(server.batch(served.writeKey(), ServedFolder.batch(number, PADDING)).status()).isEqualTo(200);
                    acknowledged.add(number);
                }
                // Every acknowledged batch in the database before the fault: a DuckDB write that fails
                // invalidates the database until a restart, and then reads answer 503 as well. This test is
                // about the journal's refusal while the database only reads.
                awaitLoaded(server, served.token());
                namespace.run("mount", "-o", "remount,abort", disk.toString());
                for (int number = 40; number < 60; number++) {
                    ServerProcess.Answer answer = server.batch(served.writeKey(), ServedFolder.batch(number, PADDING));
                    assertThat(answer.status()).as(answer.body()).isEqualTo(503);
                    assertThat(answer.body()).contains("\"code\":\"storage\"", "send them again").containsPattern(
                            "read-only|I/O error");
                }
                ServerProcess.Answer ready = server.send(server.request("/ready").GET());
                assertThat(ready.status()).isEqualTo(503);
                assertThat(ready.body()).containsPattern("read-only|I/O error");
                assertThat(server.api(served.token(), "/api/workspaces").status()).isEqualTo(200);
                assertThat(server.page("/workspaces/akwaba/maps/shop", admin).status()).isEqualTo(200);
            }
            namespace.run("umount", disk.toString());
            Process check = new ProcessBuilder("e2fsck", "-fy", image.toString()).redirectErrorStream(true).start();
            String report = new String(check.getInputStream().readAllBytes());
            assertThat(check.waitFor()).as("e2fsck: %s", report).isLessThanOrEqualTo(1);
            namespace.run("mount", "-o", "loop", image.toString(), disk.toString());
            try (ServerProcess restarted = ServerProcess.start(data, namespace.enter(), List.of())) {
                assertThat(await(restarted, "/ready", 200).status()).isEqualTo(200);
                assertThat(restarted.batch(served.writeKey(), ServedFolder.batch(40, PADDING)).status()).isEqualTo(200);
                acknowledged.add(40);
            }
            assertEveryAcknowledgedBatchOnce(namespace, data, acknowledged);
        }
    }
}
