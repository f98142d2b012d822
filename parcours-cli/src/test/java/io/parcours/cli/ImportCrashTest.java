package io.parcours.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bulk CSV import killed hard (SIGKILL) at random moments, over and over: after every kill the
 * data folder opens cleanly and holds a part of the file, each row at most once, every event's
 * numbers in the dictionaries; importing again then stores the rest, so that the whole file is
 * there exactly once. The import commits 20,000 rows at a time here, so kills land between and
 * inside transactions.
 */
class ImportCrashTest {
    private static final int ROWS = 200_000;
    private static final int KILLS = 5;

    @TempDir
    Path folder;

    @Test
    void aKilledImportKeepsWhatItCommittedAndTheNextOneStoresTheRestOnce() throws Exception {
        long seed = Long.getLong("parcours.crash.seed", System.nanoTime());
        System.out.println("ImportCrashTest seed: " + seed + " (-Dparcours.crash.seed=" + seed + " repeats the kill moments)");
        Random random = new Random(seed);
        Path file = folder.resolve("events.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("case:concept:name,concept:name,time:timestamp,amount\n");
            for (int i = 0; i < ROWS; i++) {
                out.write("c" + random.nextInt(20_000) + ",step " + random.nextInt(12) + ",2026-11-"
                        + String.format("%02d", 1 + i / 10_000) + "T10:00:00." + String.format("%03d", i % 1000) + "Z,"
                        + i + "\n");
            }
        }
        Path data = folder.resolve("data");
        List<String> jvm = List.of("-Dparcours.import.chunk-rows=20000");
        long before = 0;
        int partial = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            ParcoursProcess importing = ParcoursProcess.start(jvm, Map.of(), "import", file.toString(), "--data",
                    data.toString(), "--workspace", "shop");
            if (kill == 0) {
                // Early: while the data folder is made and opened.
                Thread.sleep(300 + random.nextInt(1200));
            } else {
                // Once the database's write-ahead log has grown past a random size: during the transactions.
                // A chunk of 20,000 rows writes one or two megabytes to it; with up to 9 MB, an import
                // resumed after a late kill could end before its log got there (seed 26864342568366).
                long threshold = (1L << 20) + random.nextInt(3 << 20);
                Path wal = data.resolve("parcours.duckdb.wal");
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (importing.alive() && System.nanoTime() < deadline
                        && (!Files.exists(wal) || Files.size(wal) < threshold)) {
                    Thread.sleep(10);
                }
            }
            boolean killed = importing.alive();
            importing.kill();
            long stored = check(data);
            System.out.println("kill " + (kill + 1) + (killed ? " during the import" : " after the import ended") + ": "
                    + stored + " rows stored");
            assertThat(stored).as("a kill loses nothing committed").isGreaterThanOrEqualTo(before);
            if (stored > before && stored < ROWS) {
                partial++;
            }
            before = stored;
        }
        assertThat(partial).as("kills that left part of the file stored").isGreaterThanOrEqualTo(2);
        ParcoursProcess last = ParcoursProcess.start(jvm, Map.of(), "import", file.toString(), "--data", data.toString(),
                "--workspace", "shop");
        last.awaitEnd();
        assertThat(last.exitCode()).as(String.join("\n", last.err())).isZero();
        assertThat(String.join("\n", last.out())).contains(String.format("%,d read, %,d stored, %,d already there", ROWS,
                ROWS - before, before));
        assertThat(check(data)).isEqualTo(ROWS);
    }

    /** Opens the data folder as Parcours does, then checks the tables; the events stored. */
    private static long check(Path data) throws Exception {
        if (!Files.exists(data.resolve("parcours.duckdb"))) {
            return 0;
        }
        try (io.parcours.store.ParcoursStore store = io.parcours.store.ParcoursStore.open(data)) {
            store.events().awaitLoaded(60_000);
        }
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + data.resolve("parcours.duckdb"));
                ResultSet result = db.createStatement().executeQuery("""
                        SELECT count(*), count(DISTINCT message_id), count(DISTINCT properties),
                            (SELECT count(*) FROM events e WHERE e.user_ref IS NULL OR e.activity_ref IS NULL
                                OR NOT EXISTS (SELECT 1 FROM event_ids i WHERE i.ref = e.user_ref AND i.id = e.user_id)
                                OR NOT EXISTS (SELECT 1 FROM event_activities a WHERE a.ref = e.activity_ref AND a.activity = e.name)),
                            (SELECT count(*) - count(DISTINCT ref) FROM event_ids),
                            coalesce(max(seq), 0) <= (SELECT loaded_seq FROM event_log_state)
                        FROM events""")) {
            result.next();
            long stored = result.getLong(1);
            assertThat(result.getLong(2)).as("each row at most once").isEqualTo(stored);
            assertThat(result.getLong(3)).as("each row at most once").isEqualTo(stored);
            assertThat(result.getLong(4)).as("events whose numbers are not in the dictionaries").isZero();
            assertThat(result.getLong(5)).as("ids numbered twice").isZero();
            assertThat(result.getBoolean(6)).as("the table goes no further than recorded").isTrue();
            return stored;
        }
    }
}
