package io.parcours.bench;

import io.parcours.analytics.JourneyIndex;
import io.parcours.server.Journeys;
import io.parcours.store.ParcoursStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The journey index rebuilt at start: a database of synthetic events (written straight into the
 * tables with SQL, the way the event loader would have stored them, so that ten million events take
 * seconds to make instead of minutes), then, several times, the store opened and the journeys
 * rebuilt from it, each step timed.
 *
 * <p>The events: {@code events} tracks of 40 activities from one million anonymous ids, one in ten
 * also carrying one of 300,000 user ids (which stitches about three devices into each of those
 * customers); times rise with arrival, one event in ten is up to an hour late.
 */
public final class RebuildBenchmark {
    static final String WORKSPACE = "bench";
    private static final int ANONYMOUS_IDS = 1_000_000;
    private static final int USER_IDS = 300_000;
    private static final int ACTIVITIES = 40;

    private RebuildBenchmark() {}

    /** One rebuild: opening the store (fingerprints), then the journeys (dictionaries, events, index). */
    public record Run(double openSeconds, double journeySeconds, int events, int customers, double bytesPerEvent) {
        public double eventsPerSecond() {
            return events / journeySeconds;
        }
    }

    /** Fills a new data folder with {@code events} synthetic events of one workspace. */
    public static void fill(Path folder, int events) throws SQLException {
        try (ParcoursStore store = ParcoursStore.open(folder)) {
            store.createWorkspace(WORKSPACE, "Benchmark", "synthetic events for the rebuild benchmark");
            store.createSource(WORKSPACE, "web", "Web");
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + folder.resolve(ParcoursStore.DATABASE_FILE));
                Statement sql = connection.createStatement()) {
            sql.execute("INSERT INTO event_ids SELECT 'bench', i::INTEGER, 'anonymous-' || i FROM range(" + ANONYMOUS_IDS
                    + ") t(i)");
            sql.execute("INSERT INTO event_ids SELECT 'bench', (" + ANONYMOUS_IDS + " + i)::INTEGER, 'user-' || i FROM range("
                    + USER_IDS + ") t(i)");
            sql.execute("INSERT INTO event_activities SELECT 'bench', i::INTEGER, 'Activity ' || i FROM range(" + ACTIVITIES
                    + ") t(i)");
            sql.execute("""
                    INSERT INTO event_rows (seq, fingerprint, workspace_key, source_key, message_id, type, name, user_id,
                        anonymous_id, event_time, received_at, properties, traits, context, previous_id, group_id,
                        anonymous_ref, previous_ref, user_ref, activity_ref)
                    SELECT i + 1, (hash(i) >> 1)::BIGINT, 'bench', 'web', 'm' || i, 'track', 'Activity ' || (i %% %3$d),
                           CASE WHEN i %% 10 = 5 THEN 'user-' || (a %% %2$d) END, 'anonymous-' || a,
                           1700000000000 + i * 10 - CASE WHEN i %% 10 = 3 THEN (i * 7919) %% 3600000 ELSE 0 END,
                           1700000000000 + i * 10, '{}', '{}', '{}', NULL, NULL,
                           a, NULL, CASE WHEN i %% 10 = 5 THEN %1$d + a %% %2$d END, (i %% %3$d)::INTEGER
                    FROM (SELECT i, (hash(i) %% %1$d)::INTEGER AS a FROM range(%4$d) t(i))
                    """.formatted(ANONYMOUS_IDS, USER_IDS, ACTIVITIES, events));
            sql.execute("UPDATE event_log_state SET loaded_seq = " + events);
            sql.execute("CHECKPOINT");
        }
    }

    /** Opens the store and rebuilds the journeys {@code runs} times. */
    public static List<Run> run(Path folder, int runs) {
        List<Run> results = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            System.gc();
            long started = System.nanoTime();
            try (ParcoursStore store = ParcoursStore.open(folder)) {
                long opened = System.nanoTime();
                try (Journeys journeys = Journeys.follow(store)) {
                    JourneyIndex index = journeys.index(WORKSPACE);
                    long built = System.nanoTime();
                    results.add(new Run((opened - started) / 1e9, (built - opened) / 1e9, index.eventCount(),
                            index.customerCount(), index.bytesPerEvent()));
                }
            }
        }
        return results;
    }
}
