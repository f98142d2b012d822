package io.parcours.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parcours.model.Event;
import io.parcours.model.EventType;
import io.parcours.model.ParcoursException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bulk imports (rows in imported_rows, schema version 14) beside events of the API (event_rows):
 * a transaction that fails part way leaves nothing of its chunk behind (neither rows nor the claim
 * on their messages); the two tables read as one, in arrival order, through the view and when
 * the journeys are rebuilt; erasure, retention and deleting a workspace reach both.
 */
class StagedImportTest {
    private static final EventLog.Origin IMPORT = new EventLog.Origin("shop", "import");

    @TempDir
    Path data;

    /**
     * Ten rows, lines 2 to 11, of messages m-0 to m-9; from line {@code badFrom} on, a row has
     * neither message id nor digest, so no fingerprint, which the insert refuses.
     */
    private static StagedEvents rows(long badFrom) {
        return new StagedEvents(List.of("CREATE OR REPLACE TEMP TABLE staged_test AS SELECT range AS i FROM range(10)"),
                "SELECT i + 2 AS line, CASE WHEN i + 2 < " + badFrom + " THEN 'm-' || i END AS message_id, "
                        + "NULL::UBIGINT AS row_digest, 'visit' AS name, "
                        + "'c' || (i % 3) AS user_id, NULL AS time_text, 1000 + i AS event_time, "
                        + "'{}' AS properties, '{}' AS context, "
                        + "NULL AS problem, NULL AS late_problem FROM staged_test",
                text -> Optional.empty(), text -> "no time", List.of("staged_test"));
    }

    /** A new data folder with the workspace "shop" and its source "import". */
    private ParcoursStore openShop() {
        ParcoursStore store = ParcoursStore.open(data);
        store.createWorkspace("shop", "Shop", "");
        store.createSource("shop", "import", "File imports");
        return store;
    }

    @Test
    void aFailedChunkLeavesNothingBehindAndTheNextImportStoresTheRestOnce() {
        try (ParcoursStore store = openShop()) {
            EventLog events = store.events();
            // Chunks of four rows: lines 2-5 are stored, lines 6-9 fail on line 8.
            assertThatThrownBy(() -> events.importStaged(IMPORT, rows(8), 5000, true, f -> { }, 4))
                    .isInstanceOf(ParcoursException.class).hasMessageContaining("what it stored before stays");
            assertThat(events.size()).isEqualTo(4);

            EventLog.Imported again = events.importStaged(IMPORT, rows(Long.MAX_VALUE), 5000, true, f -> { }, 4);
            assertThat(again.stored()).isEqualTo(6);
            assertThat(again.duplicates()).isEqualTo(4);
            assertThat(events.size()).isEqualTo(10);
            assertThat(events.importStaged(IMPORT, rows(Long.MAX_VALUE), 5000, true, f -> { }, 4).duplicates())
                    .isEqualTo(10);
        }
    }

    private static Event api(String messageId, String user, String name, long time) {
        return new Event(messageId, EventType.TRACK, name, Optional.of(user), Optional.empty(), time, 7000, "{}", "{}", "{}",
                Optional.empty(), Optional.empty());
    }

    /** Every event through the view: number, message id, user, activity, time, source, properties. */
    private List<String> viewed() throws Exception {
        List<String> rows = new ArrayList<>();
        try (var connection = DriverManager.getConnection("jdbc:duckdb:" + data.resolve(ParcoursStore.DATABASE_FILE));
                Statement sql = connection.createStatement();
                ResultSet result = sql.executeQuery("SELECT concat_ws(' ', seq, message_id, type, user_id, name, event_time, "
                        + "source_key, received_at, properties, traits, context) FROM events ORDER BY seq")) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    /** Each event a follower hears, in order: user, activity, time. */
    private static List<String> followed(EventLog events) {
        List<String> heard = new ArrayList<>();
        events.follow(new JourneyListener() {
            @Override
            public void arrived(WorkspaceNumbers numbers, EventChunk chunk) {
                for (int i = 0; i < chunk.size(); i++) {
                    heard.add(numbers.ids().get(chunk.user(i)) + " " + numbers.activities().get(chunk.activity(i)) + " "
                            + chunk.time(i));
                }
            }

            @Override
            public void forgotten(String workspace) {
                heard.clear();
            }
        });
        return heard;
    }

    @Test
    void importedAndSentEventsReadAsOneInArrivalOrderAndAreRemovedAlike() throws Exception {
        try (ParcoursStore store = openShop()) {
            store.createSource("shop", "web", "Web shop");
            EventLog events = store.events();
            events.append(new EventLog.Origin("shop", "web"), List.of(api("w-1", "c1", "home", 500))).join();
            events.awaitLoaded(60_000);
            assertThat(events.importStaged(IMPORT, rows(Long.MAX_VALUE), 5000, true, f -> { }, 4).stored()).isEqualTo(10);
            events.append(new EventLog.Origin("shop", "web"), List.of(api("w-2", "c2", "cart", 2000))).join();
            events.awaitLoaded(60_000);
        }
        assertThat(viewed()).hasSize(12).startsWith("1 w-1 track c1 home 500 web 7000 {} {} {}",
                "2 m-0 track c0 visit 1000 import 5000 {} {} {}", "3 m-1 track c1 visit 1001 import 5000 {} {} {}")
                .endsWith("12 w-2 track c2 cart 2000 web 7000 {} {} {}");
        try (ParcoursStore store = ParcoursStore.open(data)) {
            EventLog events = store.events();
            // Rebuilt at start from both tables, merged by number.
            assertThat(followed(events)).hasSize(12).startsWith("c1 home 500", "c0 visit 1000", "c1 visit 1001")
                    .endsWith("c0 visit 1009", "c2 cart 2000");
            assertThat(events.eraseCustomer("shop", List.of("c1")).events()).isEqualTo(1 + 3);
            assertThat(events.purgeBefore("shop", 1003).events()).isEqualTo(2);
            assertThat(events.size()).isEqualTo(6);
        }
        assertThat(viewed()).extracting(row -> row.split(" ")[1]).containsExactly("m-3", "m-5", "m-6", "m-8", "m-9", "w-2");
        try (ParcoursStore store = ParcoursStore.open(data)) {
            // The erased customer's messages stay known: importing the file again stores none of them.
            EventLog.Imported again = store.events().importStaged(IMPORT, rows(Long.MAX_VALUE), 5000, true, f -> { }, 4);
            assertThat(again.stored()).as("the purged rows come back, the erased stay out").isEqualTo(2);
            store.events().deleteWorkspace("shop");
            assertThat(store.events().size()).isZero();
        }
        assertThat(viewed()).isEmpty();
    }

    /**
     * Ten rows of a file without message ids: digests (half of them above 2^63, as unsigned
     * numbers) and lines, for which the table stores no fingerprint (schema 15).
     */
    private static StagedEvents rowsWithoutIds() {
        return new StagedEvents(List.of("CREATE OR REPLACE TEMP TABLE staged_test AS SELECT range AS i FROM range(10)"),
                "SELECT i + 2 AS line, NULL::VARCHAR AS message_id, CASE WHEN i % 2 = 0 THEN 1234567 * i "
                        + "ELSE 18446744073709551615 - 7654321 * i END::UBIGINT AS row_digest, 'visit' AS name, "
                        + "'c' || (i % 3) AS user_id, NULL AS time_text, 1000 + i AS event_time, "
                        + "'{}' AS properties, '{}' AS context, NULL AS problem, NULL AS late_problem FROM staged_test",
                text -> Optional.empty(), text -> "no time", List.of("staged_test"));
    }

    /**
     * Rows stored without a fingerprint are known by the one their digest and line make: after a
     * restart importing them again stores none, an erased customer's rows stay out, purged rows
     * come back, and a deleted workspace takes them in again (but for the erased customer's).
     */
    @Test
    void rowsWithoutMessageIdsAreKnownByDigestAndLineAcrossRestartsErasureAndDeletion() throws Exception {
        try (ParcoursStore store = openShop()) {
            assertThat(store.events().importStaged(IMPORT, rowsWithoutIds(), 5000, true, f -> { }, 4).stored()).isEqualTo(10);
        }
        try (var connection = DriverManager.getConnection("jdbc:duckdb:" + data.resolve(ParcoursStore.DATABASE_FILE));
                Statement sql = connection.createStatement();
                ResultSet result = sql.executeQuery("SELECT count(*) FROM imported_rows WHERE fingerprint IS NULL")) {
            result.next();
            assertThat(result.getLong(1)).as("no fingerprint stored").isEqualTo(10);
        }
        try (ParcoursStore store = ParcoursStore.open(data)) {
            EventLog events = store.events();
            EventLog.Imported again = events.importStaged(IMPORT, rowsWithoutIds(), 5000, true, f -> { }, 4);
            assertThat(again.stored()).isZero();
            assertThat(again.duplicates()).isEqualTo(10);
            // c1: lines 3, 6, 9 (times 1001, 1004, 1007); then what is before 1003 of the others (1000, 1002).
            assertThat(events.eraseCustomer("shop", List.of("c1")).events()).isEqualTo(3);
            assertThat(events.purgeBefore("shop", 1003).events()).isEqualTo(2);
        }
        try (ParcoursStore store = ParcoursStore.open(data)) {
            EventLog events = store.events();
            assertThat(events.size()).isEqualTo(5);
            EventLog.Imported again = events.importStaged(IMPORT, rowsWithoutIds(), 5000, true, f -> { }, 4);
            assertThat(again.stored()).as("the purged rows come back, the erased stay out").isEqualTo(2);
            assertThat(again.duplicates()).isEqualTo(8);
            events.deleteWorkspace("shop");
        }
        try (ParcoursStore store = ParcoursStore.open(data)) {
            assertThat(store.events().importStaged(IMPORT, rowsWithoutIds(), 5000, true, f -> { }, 4).stored())
                    .as("a deleted workspace's rows are forgotten, but not the erased customer's").isEqualTo(7);
        }
    }
}
