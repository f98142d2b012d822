package io.parcours.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema version 13: events stored narrow (event_rows) and read whole through the view events,
 * CSV rows fingerprinted from their digest and line, and the databases of earlier releases keeping
 * the message ids their imports made.
 */
class NarrowEventRowsTest {
    private static final EventLog.Origin IMPORT = new EventLog.Origin("shop", "import");
    private static final EventLog.Origin WEB = new EventLog.Origin("shop", "web");

    @TempDir
    Path data;

    /** A database of schema version 12, as an earlier release left it, holding what {@code statements} write. */
    private void earlierDatabase(String... statements) throws Exception {
        try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:"
                + data.resolve(ParcoursStore.DATABASE_FILE)); Statement sql = connection.createStatement()) {
            Migrations.migrate(connection, "12");
            sql.execute("INSERT INTO workspaces VALUES ('shop', 'Shop', '', now())");
            sql.execute("INSERT INTO sources VALUES ('shop', 'import', 'File imports', now()), ('shop', 'web', 'Web shop', now())");
            for (String statement : statements) {
                sql.execute(statement);
            }
        }
    }

    private List<String> eventsAsRead() throws Exception {
        List<String> rows = new ArrayList<>();
        try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:"
                + data.resolve(ParcoursStore.DATABASE_FILE)); Statement sql = connection.createStatement();
                ResultSet result = sql.executeQuery("SELECT concat_ws(' ', seq, message_id, type, name, coalesce(user_id, '-'), "
                        + "coalesce(anonymous_id, '-')) FROM events ORDER BY seq")) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    @Test
    void anEarlierDatabaseReadsAsBeforeAndKeepsTheCsvIdsOfTheSourceThatHoldsThem() throws Exception {
        earlierDatabase("INSERT INTO event_ids VALUES ('shop', 0, 'c1'), ('shop', 1, 'phone')",
                "INSERT INTO event_activities VALUES ('shop', 0, 'visit'), ('shop', 1, 'Home')", """
                        INSERT INTO events VALUES
                          (1, 11, 'shop', 'import', 'csv-0123456789abcdef01234567-2', 'track', 'visit', 'c1', NULL, 1000, 1000,
                           '{}', '{}', '{}', NULL, NULL, NULL, NULL, 0, 0),
                          (2, 12, 'shop', 'web', 'm1', 'page', 'Home', NULL, 'phone', 2000, 2000,
                           '{}', '{}', '{}', NULL, NULL, 1, NULL, NULL, 1)""", "UPDATE event_log_state SET loaded_seq = 2");
        try (ParcoursStore store = ParcoursStore.open(data)) {
            assertThat(store.events().keepsLegacyRowIds(IMPORT)).isTrue();
            assertThat(store.events().keepsLegacyRowIds(WEB)).isFalse();
            assertThat(store.events().size()).isEqualTo(2);
            assertThat(store.searchEvents("shop", Optional.of("c1"), Optional.empty(), 10))
                    .extracting(e -> e.event().name()).containsExactly("visit");
        }
        assertThat(eventsAsRead()).containsExactly("1 csv-0123456789abcdef01234567-2 track visit c1 -",
                "2 m1 page Home - phone");
    }

    @Test
    void afterAnErasureEverySourceKeepsTheEarlierCsvIds() throws Exception {
        // The erased fingerprints no longer say their source: a file imported again into any source
        // must be recognised by the ids it was imported with.
        earlierDatabase("INSERT INTO erased_fingerprints VALUES (42)");
        try (ParcoursStore store = ParcoursStore.open(data)) {
            assertThat(store.events().keepsLegacyRowIds(IMPORT)).isTrue();
            assertThat(store.events().keepsLegacyRowIds(WEB)).isTrue();
            assertThat(store.events().keepsLegacyRowIds(new EventLog.Origin("shop", "app"))).isFalse();
        }
    }

    @Test
    void aRowWithoutItsStringsReadsWholeThroughTheView() throws Exception {
        try (ParcoursStore store = ParcoursStore.open(data)) {
            store.createWorkspace("shop", "Shop", "");
        }
        try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:"
                + data.resolve(ParcoursStore.DATABASE_FILE)); Statement sql = connection.createStatement()) {
            sql.execute("INSERT INTO event_ids VALUES ('shop', 0, 'c1')");
            sql.execute("INSERT INTO event_activities VALUES ('shop', 0, 'visit')");
            sql.execute("""
                    INSERT INTO event_rows VALUES (1, 11, 'shop', 'import', NULL, 'track', NULL, NULL, NULL, 1000, 1000,
                        '{}', '{}', '{}', NULL, NULL, NULL, NULL, 0, 0, 255, 7)""");
            sql.execute("UPDATE event_log_state SET loaded_seq = 1");
        }
        assertThat(eventsAsRead()).containsExactly("1 csv2-00000000000000ff-7 track visit c1 -");
        try (ParcoursStore store = ParcoursStore.open(data)) {
            assertThat(store.searchEvents("shop", Optional.empty(), Optional.of("visit"), 10))
                    .extracting(e -> e.event().messageId() + " " + e.event().userId().orElseThrow())
                    .containsExactly("csv2-00000000000000ff-7 c1");
        }
    }

    @Test
    void theFingerprintOfACsvRowIsTheSameInJavaAndInSqlAndDependsOnTheSource() throws Exception {
        try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
                Statement sql = connection.createStatement()) {
            Migrations.migrate(connection);
            RowFingerprints fingerprints = RowFingerprints.of(connection);
            SplittableRandom random = new SplittableRandom(7);
            StringBuilder values = new StringBuilder();
            List<Long> expected = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                long digest = i < 3 ? new long[] {0, -1, Long.MIN_VALUE}[i] : random.nextLong();
                long line = i < 3 ? 2 : 2 + random.nextLong(1L << 40);
                values.append(i == 0 ? "" : ", ").append("(").append(i).append(", ").append(Long.toUnsignedString(digest))
                        .append("::UBIGINT, ").append(line).append(")");
                expected.add(fingerprints.ofRow(IMPORT, digest, line));
                String id = "csv2-" + java.util.HexFormat.of().toHexDigits(digest) + "-" + line;
                assertThat(fingerprints.of(IMPORT, id)).as(id).isEqualTo(expected.get(i));
            }
            List<Long> computed = new ArrayList<>();
            try (ResultSet result = sql.executeQuery("SELECT fp FROM (" + fingerprints.sql(IMPORT, "SELECT * FROM (VALUES "
                    + values + ") v(i, d, l)", "d", "l", "fp") + ") ORDER BY i")) {
                while (result.next()) {
                    computed.add(result.getLong(1));
                }
            }
            assertThat(computed).containsExactlyElementsOf(expected);
            assertThat(fingerprints.ofRow(WEB, 255, 7)).isNotEqualTo(fingerprints.ofRow(IMPORT, 255, 7));
            assertThat(RowFingerprints.of(connection).ofRow(IMPORT, 255, 7)).as("the key is kept")
                    .isEqualTo(fingerprints.ofRow(IMPORT, 255, 7));
        }
    }

    @Test
    void onlyCsvIdsWrittenAsTheImportWritesThemAreFingerprintedFromTheirDigest() {
        assertThat(RowFingerprints.lineOf("csv2-00000000000000ff-7")).isEqualTo(7);
        assertThat(RowFingerprints.lineOf("csv2-0123456789abcdef-123456789012")).isEqualTo(123456789012L);
        for (String other : List.of("csv2-00000000000000FF-7", "csv2-00000000000000ff-07", "csv2-00000000000000ff-0",
                "csv2-00000000000000ff-", "csv2-0000000000000ff-7", "csv2-00000000000000ff-7x", "csv-00000000000000ff-7",
                "csv2-00000000000000ff-99999999999999999999", "m-1", "")) {
            assertThat(RowFingerprints.lineOf(other)).as(other).isZero();
        }
    }
}
