package io.parcours.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.parcours.model.Event;
import io.parcours.model.EventType;
import io.parcours.model.ParcoursException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The numbers the event loader gives ids and activities, and the listeners that follow the
 * events by them: every stored event is handed over once, in arrival order, with the same numbers
 * before and after a restart, and a database of an earlier release is numbered when migrated.
 */
class JourneyNumbersTest {
    @TempDir
    Path data;

    /** What a listener was handed, as text: workspace, ids and activity by name, time. */
    private static final class Recorder implements JourneyListener {
        final List<String> arrivals = new ArrayList<>();
        final List<String> forgotten = new ArrayList<>();

        @Override
        public synchronized void arrived(WorkspaceNumbers numbers, EventChunk chunk) {
            for (int i = 0; i < chunk.size(); i++) {
                arrived(numbers, chunk.anonymous(i), chunk.previous(i), chunk.user(i), chunk.time(i), chunk.activity(i));
            }
        }

        private void arrived(WorkspaceNumbers numbers, int anonymous, int previous, int user, long time, int activity) {
            arrivals.add(numbers.workspace() + " " + name(numbers, anonymous) + "#" + anonymous + " "
                    + name(numbers, previous) + "#" + previous + " " + name(numbers, user) + "#" + user + " "
                    + numbers.activities().get(activity) + "#" + activity + " @" + time);
        }

        private static String name(WorkspaceNumbers numbers, int id) {
            return id < 0 ? "-" : numbers.ids().get(id);
        }

        @Override
        public synchronized void forgotten(String workspace) {
            forgotten.add(workspace);
            arrivals.removeIf(arrival -> arrival.startsWith(workspace + " "));
        }

        synchronized List<String> arrivals() {
            return List.copyOf(arrivals);
        }
    }

    private static Event message(String messageId, EventType type, String name, String anonymous, String user,
            String previous, long time) {
        return new Event(messageId, type, name, Optional.ofNullable(user), Optional.ofNullable(anonymous), time, time,
                "{}", "{}", "{}", Optional.ofNullable(previous), Optional.empty());
    }

    private static ParcoursStore open(Path data) {
        ParcoursStore store = ParcoursStore.open(data);
        if (store.workspace("akwaba").isEmpty()) {
            store.createWorkspace("akwaba", "Maison Akwaba", "");
            store.createSource("akwaba", "web-shop", "Web shop");
        }
        return store;
    }

    @Test
    void listenersGetEveryEventOnceWithTheSameNumbersAcrossRestarts() throws Exception {
        EventLog.Origin web = new EventLog.Origin("akwaba", "web-shop");
        List<String> before;
        try (ParcoursStore store = open(data)) {
            store.events().append(web, List.of(
                    message("m1", EventType.PAGE, "Home", "phone", null, null, 1000),
                    message("m2", EventType.IDENTIFY, "", "phone", "amina", null, 2000))).join();
            store.events().awaitLoaded(10_000);
            Recorder early = new Recorder();
            store.events().follow(early);
            assertThat(early.arrivals()).containsExactly(
                    "akwaba phone#0 -#-1 -#-1 Home#0 @1000",
                    "akwaba phone#0 -#-1 amina#1 identify#1 @2000");
            store.events().append(web, List.of(
                    message("m3", EventType.ALIAS, "", "laptop", "amina", "old-account", 3000),
                    message("m2", EventType.IDENTIFY, "", "phone", "amina", null, 2000),
                    message("m4", EventType.TRACK, "Order Completed", null, "amina", null, 500))).join();
            store.events().awaitLoaded(10_000);
            assertThat(early.arrivals()).hasSize(4).endsWith(
                    "akwaba laptop#2 old-account#3 amina#1 alias#2 @3000",
                    "akwaba -#-1 -#-1 amina#1 Order Completed#3 @500");
            before = early.arrivals();
        }
        try (ParcoursStore store = open(data)) {
            Recorder late = new Recorder();
            store.events().follow(late);
            assertThat(late.arrivals()).isEqualTo(before);
            store.events().append(web, List.of(message("m5", EventType.PAGE, "Home", "tablet", null, null, 4000))).join();
            store.events().awaitLoaded(10_000);
            assertThat(late.arrivals()).last().isEqualTo("akwaba tablet#4 -#-1 -#-1 Home#0 @4000");
            store.deleteWorkspace("akwaba");
            assertThat(late.forgotten).containsExactly("akwaba");
        }
        try (ParcoursStore store = open(data)) {
            Recorder fresh = new Recorder();
            store.events().follow(fresh);
            assertThat(fresh.arrivals()).isEmpty();
            store.events().append(web, List.of(message("m1", EventType.PAGE, "Pricing", "x", null, null, 1))).join();
            store.events().awaitLoaded(10_000);
            assertThat(fresh.arrivals()).containsExactly("akwaba x#0 -#-1 -#-1 Pricing#0 @1");
        }
    }

    @Test
    void aLoadThatFailsCommitsNothingAndIsRetriedWithTheSameNumbers() throws Exception {
        EventLog.Origin web = new EventLog.Origin("akwaba", "web-shop");
        Path file = data.resolve("parcours.duckdb");
        List<String> live;
        try (ParcoursStore store = open(data)) {
            store.events().append(web, List.of(message("m1", EventType.PAGE, "Home", "phone", null, null, 1000))).join();
            store.events().awaitLoaded(10_000);
            Recorder recorder = new Recorder();
            store.events().follow(recorder);
            // The activities table refuses one name, so the load carrying it fails after its ids were written.
            replaceActivitiesTable(file, "CHECK (activity <> 'Refused')");
            EventLog.Appended acknowledged = store.events().append(web, List.of(
                    message("m2", EventType.PAGE, "Pricing", "laptop", null, null, 2000),
                    message("m3", EventType.TRACK, "Refused", "tablet", null, null, 3000))).join();
            assertThat(acknowledged.stored()).isEqualTo(2);
            ParcoursException behind = catchThrowableOfType(() -> store.events().awaitLoaded(1_500), ParcoursException.class);
            assertThat(behind.getMessage()).contains("2 events behind");
            try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
                    Statement sql = connection.createStatement();
                    var rows = sql.executeQuery("SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM event_ids)")) {
                rows.next();
                assertThat(rows.getLong(1)).as("events of the failed load").isEqualTo(1);
                assertThat(rows.getLong(2)).as("ids of the failed load").isEqualTo(1);
            }
            assertThat(recorder.arrivals()).hasSize(1);
            // Once the table takes the name again, the loader's next attempt stores both, numbered as before.
            replaceActivitiesTable(file, "");
            store.events().awaitLoaded(10_000);
            live = recorder.arrivals();
            assertThat(live).containsExactly(
                    "akwaba phone#0 -#-1 -#-1 Home#0 @1000",
                    "akwaba laptop#1 -#-1 -#-1 Pricing#1 @2000",
                    "akwaba tablet#2 -#-1 -#-1 Refused#2 @3000");
        }
        try (ParcoursStore store = open(data)) {
            Recorder late = new Recorder();
            store.events().follow(late);
            assertThat(late.arrivals()).isEqualTo(live);
        }
    }

    /** Replaces the activities table by one with the same rows and an extra column constraint. */
    private static void replaceActivitiesTable(Path file, String constraint) throws Exception {
        try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement sql = connection.createStatement()) {
            sql.execute("ALTER TABLE event_activities RENAME TO kept_activities");
            sql.execute("CREATE TABLE event_activities (workspace_key VARCHAR NOT NULL, ref INTEGER NOT NULL, "
                    + "activity VARCHAR NOT NULL " + constraint + ")");
            sql.execute("INSERT INTO event_activities SELECT * FROM kept_activities");
            sql.execute("DROP TABLE kept_activities");
        }
    }

    @Test
    void eventsStoredByAnEarlierReleaseAreNumberedWhenTheDatabaseIsMigrated() throws Exception {
        Path file = data.resolve(ParcoursStore.DATABASE_FILE);
        try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file)) {
            Migrations.migrate(connection, "5");
            try (Statement sql = connection.createStatement()) {
                sql.execute("""
                        INSERT INTO events (seq, fingerprint, workspace_key, source_key, message_id, type, name, user_id,
                                            anonymous_id, event_time, received_at, properties, traits, context, previous_id,
                                            group_id)
                        VALUES (1, 11, 'akwaba', 'web-shop', 'm1', 'page', 'Home', NULL, 'phone', 1000, 1000, '{}', '{}', '{}', NULL, NULL),
                               (2, 12, 'other', 'web-shop', 'm1', 'track', 'Signed Up', 'zoe', NULL, 1500, 1500, '{}', '{}', '{}', NULL, NULL),
                               (3, 13, 'akwaba', 'web-shop', 'm2', 'identify', '', 'amina', 'phone', 2000, 2000, '{}', '{}', '{}', NULL, NULL),
                               (4, 14, 'akwaba', 'web-shop', 'm3', 'alias', '', 'amina', 'laptop', 3000, 3000, '{}', '{}', '{}', 'old-account', NULL)
                        """);
                sql.execute("UPDATE event_log_state SET loaded_seq = 4");
            }
        }
        try (ParcoursStore store = ParcoursStore.open(data)) {
            Recorder recorder = new Recorder();
            store.events().follow(recorder);
            assertThat(recorder.arrivals()).containsExactlyInAnyOrder(
                    "akwaba phone#0 -#-1 -#-1 Home#0 @1000",
                    "akwaba phone#0 -#-1 amina#1 identify#1 @2000",
                    "akwaba laptop#2 old-account#3 amina#1 alias#2 @3000",
                    "other -#-1 -#-1 zoe#0 Signed Up#0 @1500");
        }
    }

    @Test
    void rowsStoredOutOfArrivalOrderAreHandedOverInArrivalOrder() throws Exception {
        // Rows appended in the order 3, 1, 2: never done by Parcours, which appends in arrival order.
        writeDatabase("INSERT INTO event_ids VALUES ('akwaba', 0, 'phone'), ('akwaba', 1, 'amina')",
                "INSERT INTO event_activities VALUES ('akwaba', 0, 'Home'), ('akwaba', 1, 'identify')", """
                        INSERT INTO event_rows VALUES
                          (3, 13, 'akwaba', 'web-shop', 'm3', 'page', 'Home', 'amina', NULL, 3000, 3000, '{}', '{}', '{}', NULL, NULL, NULL, NULL, 1, 0, NULL, NULL),
                          (1, 11, 'akwaba', 'web-shop', 'm1', 'page', 'Home', NULL, 'phone', 1000, 1000, '{}', '{}', '{}', NULL, NULL, 0, NULL, NULL, 0, NULL, NULL),
                          (2, 12, 'akwaba', 'web-shop', 'm2', 'identify', '', 'amina', 'phone', 2000, 2000, '{}', '{}', '{}', NULL, NULL, 0, NULL, 1, 1, NULL, NULL)
                        """, "UPDATE event_log_state SET loaded_seq = 3");
        try (ParcoursStore store = ParcoursStore.open(data)) {
            Recorder recorder = new Recorder();
            store.events().follow(recorder);
            assertThat(recorder.forgotten).containsExactly("akwaba");
            assertThat(recorder.arrivals()).containsExactly(
                    "akwaba phone#0 -#-1 -#-1 Home#0 @1000",
                    "akwaba phone#0 -#-1 amina#1 identify#1 @2000",
                    "akwaba -#-1 -#-1 amina#1 Home#0 @3000");
        }
    }

    /** A database of the current schema holding what {@code statements} write, as if an earlier run had. */
    private void writeDatabase(String... statements) throws Exception {
        Path file = data.resolve(ParcoursStore.DATABASE_FILE);
        try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file)) {
            Migrations.migrate(connection);
            try (Statement sql = connection.createStatement()) {
                for (String statement : statements) {
                    sql.execute(statement);
                }
            }
        }
    }

    @Test
    void aDamagedDictionaryOfIdsStopsTheReplayWithAClearError() throws Exception {
        // Two numbers for one id: never written by Parcours, but a hand-edited database may hold it.
        writeDatabase("INSERT INTO event_ids VALUES ('akwaba', 0, 'phone'), ('akwaba', 1, 'phone')",
                "INSERT INTO event_activities VALUES ('akwaba', 0, 'Home')", """
                        INSERT INTO event_rows VALUES
                          (1, 11, 'akwaba', 'web-shop', 'm1', 'page', 'Home', NULL, 'phone', 1000, 1000, '{}', '{}', '{}', NULL, NULL, 0, NULL, NULL, 0, NULL, NULL)
                        """, "UPDATE event_log_state SET loaded_seq = 1");
        try (ParcoursStore store = ParcoursStore.open(data)) {
            ParcoursException failure = catchThrowableOfType(() -> store.events().follow(new Recorder()),
                    ParcoursException.class);
            assertThat(failure).hasMessageContaining("event_ids of workspace 'akwaba' is damaged")
                    .hasMessageContaining("'phone' already has number 0");
        }
    }
}
