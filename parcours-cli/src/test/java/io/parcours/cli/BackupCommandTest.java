package io.parcours.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.store.MapVersion;
import io.parcours.store.ParcoursStore;
import io.parcours.store.User;
import io.parcours.store.VersionInfo;
import io.parcours.store.WriteKey;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code parcours backup} of a running server while clients send events and answer surveys, then
 * {@code parcours restore} into a new folder, compared with what was acknowledged before the backup
 * began; and the refusals: a folder in use, a damaged archive, a folder that is not empty.
 */
class BackupCommandTest {
    private static final int BATCH = ServedFolder.BATCH;
    private static final int CUSTOMERS = ServedFolder.CUSTOMERS;
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    @TempDir
    Path folder;

    /** What the data folder holds before the server starts: compared with the restored folder. */
    private record Setup(Path data, String writeKey, String token, String adminEmail, String adminPassword,
            List<VersionInfo> versions, MapVersion latest, List<WriteKey> keys, List<User> users) {}

    private Setup setUp() throws Exception {
        ServedFolder served = ServedFolder.prepare(folder);
        try (ParcoursStore store = ParcoursStore.open(served.data())) {
            return new Setup(served.data(), served.writeKey(), served.token(), served.adminEmail(), served.adminPassword(),
                    store.versions("akwaba", "shop"), store.requireLatestMap("akwaba", "shop"), store.writeKeys("akwaba"),
                    store.users().all());
        }
    }

    private static String batch(int number) {
        return ServedFolder.batch(number, 0);
    }

    @Test
    void aBackupOfARunningServerRestoresEveryAcknowledgedEventAnswerKeyAndLogin() throws Exception {
        Setup setup = setUp();
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        Path archive = folder.resolve("backup.zip");
        Set<Integer> acknowledgedBefore;
        Map<String, Integer> answeredBefore = new HashMap<>();
        try (ServerProcess server = ServerProcess.start(setup.data(), List.of(), List.of())) {
            AtomicInteger next = new AtomicInteger();
            Thread ingestion = new Thread(() -> {
                while (sending.get()) {
                    int number = next.getAndIncrement();
                    if (server.batch(setup.writeKey(), batch(number)).status() == 200) {
                        acknowledged.add(number);
                    }
                    // A steady client, not a flood: the survey triggers must keep up to invite anyone
                    // (flat out on a busy machine, the server fell behind and no invitation came in 60 s).
                    sleepQuietly(10);
                }
            });
            // The survey routes allow 60 requests at once per address, then one a second: like a polite
            // client, the answering thread waits out a 429 and asks again rather than skipping the customer.
            Thread answering = new Thread(() -> {
                for (int customer = 0; sending.get(); customer = (customer + 1) % CUSTOMERS) {
                    String id = "customer-" + customer;
                    ServerProcess.Answer pending = politely(sending, () -> server.send(server.request(
                            "/v1/surveys/pending?userId=" + id).header("Authorization", "Basic " + java.util.Base64
                                    .getEncoder().encodeToString((setup.writeKey() + ":").getBytes(
                                            java.nio.charset.StandardCharsets.UTF_8))).GET()));
                    Matcher token = TOKEN.matcher(pending.body());
                    outcomes.computeIfAbsent("pending " + pending.status() + (pending.body().contains("\"token\"")
                            ? " invited" : ""), ignored -> new AtomicInteger()).incrementAndGet();
                    if (pending.status() == 200 && token.find()) {
                        ServerProcess.Answer answered = politely(sending, () -> server.send(server.request(
                                "/v1/surveys/" + token.group(1)).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"answers\": {\"score\": 9, \"why\": \"vite\"}}"))));
                        outcomes.computeIfAbsent("answer " + answered.status(), ignored -> new AtomicInteger())
                                .incrementAndGet();
                        if (answered.status() == 200) {
                            answers.computeIfAbsent(id, ignored -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                    sleepQuietly(20);
                }
            });
            ingestion.start();
            answering.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (answers.size() < 5 || acknowledged.size() < 40) {
                assertThat(System.nanoTime()).as("survey answers arrive: %d answered, %d batches acknowledged, %s;"
                        + " the server printed:%n%s", answers.size(), acknowledged.size(), outcomes,
                        String.join("\n", server.output)).isLessThan(deadline);
                Thread.sleep(100);
            }
            acknowledgedBefore = Set.copyOf(acknowledged);
            answers.forEach((customer, count) -> answeredBefore.put(customer, count.get()));

            // The token comes from the environment, as an operator's script would give it.
            ServerProcess.Exited backup = ServerProcess.run(List.of(), Map.of(BackupCommand.TOKEN_VARIABLE, setup.token()),
                    "backup", "--server", server.url, "--out", archive.toString());
            int acknowledgedDuring = acknowledged.size() - acknowledgedBefore.size();
            assertThat(backup.code()).as(backup.err()).isZero();
            assertThat(backup.out()).contains("Backup written to " + archive, "checked");
            assertThat(acknowledgedDuring).as("ingestion went on during the backup").isPositive();

            // While the server runs: the folder cannot be backed up or restored over directly.
            CliRun direct = CliRun.of("backup", "--data", setup.data().toString(), "--out", folder.resolve("direct.zip").toString());
            assertThat(direct.exitCode()).isEqualTo(6);
            assertThat(direct.err().strip().lines()).hasSize(1);
            assertThat(direct.err()).contains("in use by a running Parcours", "--server URL", "PARCOURS_TOKEN");
            CliRun over = CliRun.of("restore", archive.toString(), "--data", setup.data().toString(), "--force");
            assertThat(over.exitCode()).isEqualTo(6);
            assertThat(over.err()).contains("in use by a running Parcours");
            CliRun wrongToken = CliRun.of("backup", "--server", server.url, "--token", "pct_wrong", "--out",
                    folder.resolve("refused.zip").toString());
            assertThat(wrongToken.exitCode()).isEqualTo(7);
            assertThat(wrongToken.err().strip().lines()).hasSize(1);
            assertThat(Files.exists(folder.resolve("refused.zip"))).isFalse();
            assertThat(Files.exists(folder.resolve("refused.zip.part"))).isFalse();

            sending.set(false);
            ingestion.join();
            answering.join();
        }

        Path restored = folder.resolve("restored");
        CliRun restore = CliRun.of("restore", archive.toString(), "--data", restored.toString());
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("Restored " + archive + " into " + restored.toAbsolutePath());

        try (ParcoursStore store = ParcoursStore.open(restored)) {
            assertThat(store.versions("akwaba", "shop")).isEqualTo(setup.versions());
            assertThat(store.requireLatestMap("akwaba", "shop")).isEqualTo(setup.latest());
            assertThat(store.writeKeys("akwaba")).isEqualTo(setup.keys());
            assertThat(store.users().all()).isEqualTo(setup.users());
        }
        Map<Integer, Integer> perBatch = ServedFolder.storedBatches(restored.resolve(ParcoursStore.DATABASE_FILE));
        for (int number : acknowledgedBefore) {
            assertThat(perBatch.getOrDefault(number, 0)).as("batch %d, acknowledged before the backup", number)
                    .isEqualTo(BATCH);
        }
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + restored.resolve(ParcoursStore.DATABASE_FILE))) {
            Map<String, Integer> restoredAnswers = new HashMap<>();
            try (ResultSet rows = db.createStatement().executeQuery(
                    "SELECT customer_id, count(*) FROM survey_answers GROUP BY 1")) {
                while (rows.next()) {
                    restoredAnswers.put(rows.getString(1), rows.getInt(2));
                }
            }
            answeredBefore.forEach((customer, count) -> assertThat(restoredAnswers.getOrDefault(customer, 0))
                    .as("answers of %s", customer).isGreaterThanOrEqualTo(count));
            restoredAnswers.forEach((customer, count) -> assertThat(count).as("answers of %s, none invented", customer)
                    .isLessThanOrEqualTo(answers.get(customer).get()));
            System.out.printf("backup test: %d batches acknowledged before the backup, all restored; %d customers' answers%n",
                    acknowledgedBefore.size(), answeredBefore.size());
        }

        // A server on the restored folder takes the same write key, token and login.
        try (ServerProcess again = ServerProcess.start(restored, List.of(), List.of())) {
            assertThat(again.batch(setup.writeKey(), batch(1_000_000)).status()).isEqualTo(200);
            assertThat(again.batch(setup.writeKey(), batch(acknowledgedBefore.iterator().next())).body())
                    .as("a repeat of a restored batch").contains("success");
            assertThat(again.api(setup.token(), "/api/workspaces").status()).isEqualTo(200);
            assertThat(again.login(setup.adminEmail(), setup.adminPassword()).status()).isEqualTo(303);
            assertThat(again.send(again.request("/ready").GET()).status()).isEqualTo(200);
        }
    }

    @Test
    void aDamagedArchiveOrAFolderInTheWayIsRefusedWithOneLineAndNothingIsTouched() throws Exception {
        Setup setup = setUp();
        Path archive = folder.resolve("backup.zip");
        CliRun backup = CliRun.of("backup", "--data", setup.data().toString(), "--out", archive.toString());
        assertThat(backup.exitCode()).as(backup.err()).isZero();
        assertThat(CliRun.of("backup", "--data", setup.data().toString(), "--out", archive.toString()).exitCode())
                .as("an existing --out is kept").isEqualTo(5);
        byte[] bytes = Files.readAllBytes(archive);

        Path cut = folder.resolve("cut.zip");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path target = folder.resolve("target");
        CliRun damaged = CliRun.of("restore", cut.toString(), "--data", target.toString());
        assertThat(damaged.exitCode()).isEqualTo(3);
        assertThat(damaged.err().strip().lines()).hasSize(1);
        assertThat(damaged.err()).contains(cut.toString(), "not a complete Parcours backup", "nothing was restored");
        assertThat(Files.exists(target)).isFalse();

        CliRun inTheWay = CliRun.of("restore", archive.toString(), "--data", setup.data().toString());
        assertThat(inTheWay.exitCode()).isEqualTo(5);
        assertThat(inTheWay.err().strip().lines()).hasSize(1);
        assertThat(inTheWay.err()).contains("not empty", "--force");
        try (ParcoursStore store = ParcoursStore.open(setup.data())) {
            assertThat(store.versions("akwaba", "shop")).isEqualTo(setup.versions());
        }
        CliRun neither = CliRun.of("backup", "--out", folder.resolve("x.zip").toString());
        assertThat(neither.exitCode()).isEqualTo(3);
        assertThat(neither.err()).contains("--server URL", "--data DIR");
        assertThat(CliRun.of("restore", folder.resolve("nothing.zip").toString(), "--data", target.toString()).exitCode())
                .isEqualTo(4);

        CliRun replaced = CliRun.of("restore", archive.toString(), "--data", setup.data().toString(), "--force");
        assertThat(replaced.exitCode()).as(replaced.err()).isZero();
        assertThat(replaced.out()).contains("The folder that was there is kept as");
        List<Path> siblings = new ArrayList<>();
        try (var list = Files.list(folder)) {
            list.forEach(siblings::add);
        }
        assertThat(siblings).anyMatch(path -> path.getFileName().toString().startsWith("data.before-restore-"));
        try (ParcoursStore store = ParcoursStore.open(setup.data())) {
            assertThat(store.writeKeys("akwaba")).isEqualTo(setup.keys());
        }
    }

    /** Sends until the answer is not 429, waiting a second between tries, while {@code sending} holds. */
    private static ServerProcess.Answer politely(AtomicBoolean sending,
            java.util.function.Supplier<ServerProcess.Answer> send) {
        ServerProcess.Answer answer = send.get();
        while (answer.status() == 429 && sending.get()) {
            sleepQuietly(1000);
            answer = send.get();
        }
        return answer;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
