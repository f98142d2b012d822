package io.parcours.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleConsumer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * One bulk import ({@link EventLog#importStaged}): the database reads the file, works out each
 * row's message id, fingerprint, time and properties, and inserts the rows in large transactions,
 * so that Java handles only what needs the event log's memory: which messages are already stored,
 * the numbers of new ids and activities, and the times the query could not read. Runs with the
 * event log's locks held; one use.
 */
final class StagedImport {
    /** The most rows one transaction stores ({@code -Dparcours.import.chunk-rows}, docs/operations.md). */
    static final int CHUNK_ROWS = Math.max(1, Integer.getInteger("parcours.import.chunk-rows", 2_000_000));
    /** How many refused rows an import reports with their line and reason. */
    static final int REFUSALS_KEPT = 20;
    private static final String ROWS = "parcours_bulk";
    private static final String TIMES = "parcours_bulk_times";
    private static final String REPEATS = "parcours_bulk_repeats";
    private static final String NEW = "parcours_bulk_new";

    private final EventLog log;
    private final DuckDBConnection connection;
    private final EventLog.Origin origin;
    private final StagedEvents staged;
    private final int chunkRows;
    /** The number of this import in event_imports, once its first rows are stored. */
    private Integer importRef;

    StagedImport(EventLog log, DuckDBConnection connection, EventLog.Origin origin, StagedEvents staged, int chunkRows) {
        this.log = log;
        this.connection = connection;
        this.origin = origin;
        this.staged = staged;
        this.chunkRows = chunkRows;
    }

    EventLog.Imported run(long receivedAt, boolean storeIfRefused, DoubleConsumer progress) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            long started = System.nanoTime();
            try {
                stage(statement);
            } catch (SQLException e) {
                throw new EventLog.StagingFailed(e.getMessage(), e);
            }
            progress.accept(0.3);
            long staged = System.nanoTime();
            readLeftTimes(statement);
            long timesRead = System.nanoTime();
            long read;
            long refused;
            long firstLine;
            long lastLine;
            try (var counts = statement.executeQuery("SELECT count(*), count(problem), coalesce(min(line), 0), "
                    + "coalesce(max(line), -1) FROM " + ROWS)) {
                counts.next();
                read = counts.getLong(1);
                refused = counts.getLong(2);
                firstLine = counts.getLong(3);
                lastLine = counts.getLong(4);
            }
            List<EventLog.Refusal> refusals = new ArrayList<>();
            try (var rows = statement.executeQuery("SELECT line, problem FROM " + ROWS
                    + " WHERE problem IS NOT NULL ORDER BY line LIMIT " + REFUSALS_KEPT)) {
                while (rows.next()) {
                    refusals.add(new EventLog.Refusal(rows.getLong(1), rows.getString(2)));
                }
            }
            if (refused > 0 && !storeIfRefused) {
                return new EventLog.Imported(read, 0, 0, refused, refusals);
            }
            long stored = 0;
            long repeats = 0;
            log.reserveClaims(read - refused);
            for (long from = firstLine; from <= lastLine; from += chunkRows) {
                long[] counts = storeChunk(from, Math.min(lastLine + 1, from + chunkRows), receivedAt);
                stored += counts[0];
                repeats += counts[1];
                progress.accept(0.3 + 0.7 * (from + chunkRows - firstLine) / Math.max(1, lastLine + 1 - firstLine));
            }
            EventLog.LOG.debug("bulk import of {} rows: staged in {} ms, times read in {} ms, stored in {} ms", read,
                    (staged - started) / 1_000_000, (timesRead - staged) / 1_000_000,
                    (System.nanoTime() - timesRead) / 1_000_000);
            return new EventLog.Imported(read, stored, repeats, refused, refusals);
        } finally {
            drop();
        }
    }

    /** Runs the staging statements, then makes the working table: the rows, with the fingerprints of those with message ids. */
    private void stage(Statement statement) throws SQLException {
        for (String sql : staged.stage()) {
            statement.execute(sql);
        }
        // As RowFingerprints makes them, for a row with a message id: 64 bits of SHA-256 of
        // (workspace, source, message id), the first 8 bytes, big-endian, signed, built from two
        // 32-bit halves so that nothing overflows. A row without one gets none: Java makes it from
        // the digest and the line when it claims it, and the table stores none (schema 15).
        String zero = " || '\\x00'::BLOB || ";
        statement.execute("CREATE OR REPLACE TEMP TABLE " + ROWS + " AS SELECT line, message_id, row_digest, name, "
                + "user_id, time_text, event_time, properties, context, problem, late_problem, "
                + "(('0x' || substr(digest, 1, 8))::BIGINT - CASE WHEN substr(digest, 1, 1) >= '8' THEN 4294967296 ELSE 0 END)"
                + " * 4294967296 + ('0x' || substr(digest, 9, 8))::BIGINT AS fingerprint "
                + "FROM (SELECT *, sha256(encode(" + literal(origin.workspace()) + ")" + zero + "encode("
                + literal(origin.source()) + ")" + zero + "encode(message_id)) AS digest FROM (" + staged.rows() + "))");
    }

    /** Reads in Java the times the query left unread, and refuses the rows whose time is none. */
    private void readLeftTimes(Statement statement) throws SQLException {
        statement.execute("CREATE OR REPLACE TEMP TABLE " + TIMES + " (line BIGINT, event_time BIGINT, problem VARCHAR)");
        int left = 0;
        try (var rows = statement.executeQuery("SELECT line, time_text FROM " + ROWS
                + " WHERE problem IS NULL AND event_time IS NULL ORDER BY line");
                DuckDBAppender times = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, TIMES)) {
            while (rows.next()) {
                String text = rows.getString(2);
                Optional<Long> time = staged.time().apply(text == null ? "" : text);
                times.beginRow();
                times.append(rows.getLong(1));
                if (time.isPresent()) {
                    times.append(time.get());
                    times.appendNull();
                } else {
                    times.appendNull();
                    times.append(staged.badTime().apply(text == null ? "" : text));
                }
                times.endRow();
                left++;
            }
            times.flush();
        }
        if (left > 0) {
            statement.execute("UPDATE " + ROWS + " SET event_time = t.event_time, problem = t.problem FROM " + TIMES
                    + " t WHERE " + ROWS + ".line = t.line");
        }
        // What is checked once the time is read (as the event's own checks come after it).
        statement.execute("UPDATE " + ROWS + " SET problem = late_problem WHERE problem IS NULL AND late_problem IS NOT NULL");
    }

    /**
     * Stores the good rows of lines {@code [from, to)} that are not stored yet, in one transaction;
     * how many were stored and how many were repeats.
     */
    private long[] storeChunk(long from, long to, long receivedAt) throws SQLException {
        LongList kept = new LongList();
        LongList repeated = new LongList();
        long lastKeptLine = from;
        // Read in whatever order the database gives (sorting costs more than the read), then put in
        // the order of the lines, which are unique: the first of two rows of one message is kept.
        int span = (int) (to - from);
        long[] byLine = new long[span];
        java.util.BitSet good = new java.util.BitSet(span);
        try (PreparedStatement select = connection.prepareStatement("SELECT line, fingerprint, "
                + RowFingerprints.SIGNED_DIGEST + " FROM " + ROWS + " WHERE problem IS NULL AND line >= ? AND line < ?")) {
            select.setLong(1, from);
            select.setLong(2, to);
            long[] keys = log.rowFingerprints().keysFor(origin);
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    long line = rows.getLong(1);
                    int index = (int) (line - from);
                    long fingerprint = rows.getLong(2);
                    byLine[index] = rows.wasNull() ? RowFingerprints.keyed(keys, rows.getLong(3), line) : fingerprint;
                    good.set(index);
                }
            }
        }
        // Claimed at once (a second row of the message finds it taken); given back if the chunk fails.
        int count = good.cardinality();
        long[] prints = new long[count];
        int[] indexes = new int[count];
        int at = 0;
        for (int index = good.nextSetBit(0); index >= 0; index = good.nextSetBit(index + 1)) {
            prints[at] = byLine[index];
            indexes[at++] = index;
        }
        boolean[] claimed = new boolean[count];
        log.claim(prints, count, claimed);
        for (int i = 0; i < count; i++) {
            if (claimed[i]) {
                kept.add(prints[i]);
                lastKeptLine = from + indexes[i];
            } else {
                repeated.add(from + indexes[i]);
            }
        }
        if (kept.size() == 0) {
            return new long[] {0, repeated.size()};
        }
        Committed committed;
        try {
            committed = storeKept(from, to, receivedAt, kept, repeated, lastKeptLine);
        } catch (SQLException | RuntimeException e) {
            log.unclaim(kept.values(), kept.size());
            throw e;
        }
        log.committedStaged(committed.book(), kept.size(), committed.firstSeq(), committed.lastSeq());
        return new long[] {kept.size(), repeated.size()};
    }

    /** What a chunk's transaction stored: events {@code firstSeq} to {@code lastSeq} of a workspace. */
    private record Committed(WorkspaceNumbers book, long firstSeq, long lastSeq) {}

    /** Stores the rows of {@link #storeChunk} whose fingerprints were claimed, in one transaction. */
    private Committed storeKept(long from, long to, long receivedAt, LongList kept, LongList repeated, long lastKeptLine)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE " + REPEATS + " (line BIGINT)");
        }
        if (repeated.size() > 0) {
            try (DuckDBAppender lines = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, REPEATS)) {
                for (int i = 0; i < repeated.size(); i++) {
                    lines.beginRow();
                    lines.append(repeated.values()[i]);
                    lines.endRow();
                }
                lines.flush();
            }
        }
        String keptRows = " WHERE b.problem IS NULL AND b.line >= " + from + " AND b.line < " + to
                + (repeated.size() == 0 ? "" : " AND NOT EXISTS (SELECT 1 FROM " + REPEATS + " r WHERE r.line = b.line)");
        WorkspaceNumbers book = log.numbersOf(origin.workspace());
        int storedIds = book.storedIds;
        int storedActivities = book.storedActivities;
        long firstSeq = log.nextSeq();
        // A row's number follows from its line (rows refused or already stored leave gaps): no window to sort.
        long lastSeq = firstSeq + lastKeptLine - from;
        int[] importRefs = {-1};
        try {
            log.inTransaction(() -> {
                // Numbers left unstored by a failed load go first, so that the dictionaries match the tables.
                log.storeDictionaries(book);
                numberNew(book, "event_ids", "id", "user_id", keptRows, book.ids());
                numberNew(book, "event_activities", "activity", "name", keptRows, book.activities());
                book.storedIds = book.ids().size();
                book.storedActivities = book.activities().size();
                int ref = importRef != null ? importRef : newImport(receivedAt);
                importRefs[0] = ref;
                // Only what varies from row to row: a column of one value costs nearly as much to store
                // (the workspace and the source are the import's).
                try (PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO imported_rows (seq, fingerprint, import_ref, event_time, user_ref,
                            activity_ref, row_digest, row_line, message_id, properties, context)
                        SELECT ? + b.line - ?, CASE WHEN b.fingerprint IS NULL AND b.row_digest IS NULL
                                THEN error('line ' || b.line || ' has neither a message id nor a digest')::BIGINT
                                ELSE b.fingerprint END,
                            ?, b.event_time, i.ref, a.ref, b.row_digest,
                            CASE WHEN b.message_id IS NULL THEN b.line END, b.message_id,
                            nullif(b.properties, '{}'), nullif(b.context, '{}')
                        FROM %s b
                        JOIN event_ids i ON i.workspace_key = ? AND i.id = b.user_id
                        JOIN event_activities a ON a.workspace_key = ? AND a.activity = b.name
                        %s
                        ORDER BY b.line""".formatted(ROWS, keptRows))) {
                    insert.setLong(1, firstSeq);
                    insert.setLong(2, from);
                    insert.setInt(3, ref);
                    insert.setString(4, origin.workspace());
                    insert.setString(5, origin.workspace());
                    int inserted = insert.executeUpdate();
                    if (inserted != kept.size()) {
                        throw new SQLException("the bulk import stored " + inserted + " rows of lines " + from + " to "
                                + (to - 1) + " where " + kept.size() + " were expected; nothing of them was kept");
                    }
                }
                try (PreparedStatement record = connection.prepareStatement(
                        "UPDATE event_log_state SET loaded_seq = ? WHERE id = 1")) {
                    record.setLong(1, lastSeq);
                    record.executeUpdate();
                }
            });
        } catch (SQLException | RuntimeException e) {
            // The new numbers went with the transaction: they stay in memory and are stored next time.
            book.storedIds = storedIds;
            book.storedActivities = storedActivities;
            throw e;
        }
        importRef = importRefs[0];
        return new Committed(book, firstSeq, lastSeq);
    }

    /** Records this import (its source, when it was received) with the next number; in the transaction of its first rows. */
    private int newImport(long receivedAt) throws SQLException {
        int ref;
        try (Statement statement = connection.createStatement();
                var result = statement.executeQuery("SELECT coalesce(max(ref), -1) + 1 FROM event_imports")) {
            result.next();
            ref = result.getInt(1);
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO event_imports (ref, workspace_key, source_key, received_at) VALUES (?, ?, ?, ?)")) {
            insert.setInt(1, ref);
            insert.setString(2, origin.workspace());
            insert.setString(3, origin.source());
            insert.setLong(4, receivedAt);
            insert.executeUpdate();
        }
        return ref;
    }

    /**
     * Gives numbers to the values of {@code rowColumn} first seen in these rows, in the order they
     * first appear, as the loader would have: the dictionary in memory learns them, and the
     * database stores them with one insert (the dictionary's earlier numbers are all stored).
     */
    private void numberNew(WorkspaceNumbers book, String table, String valueColumn, String rowColumn, String keptRows,
            io.parcours.model.StringDictionary dictionary) throws SQLException {
        int first = dictionary.size();
        try (PreparedStatement select = connection.prepareStatement("CREATE OR REPLACE TEMP TABLE " + NEW
                + " AS SELECT v, first FROM (SELECT b." + rowColumn + " AS v, min(b.line) AS first FROM " + ROWS + " b"
                + keptRows + " GROUP BY b." + rowColumn + ") n WHERE NOT EXISTS (SELECT 1 FROM " + table
                + " d WHERE d.workspace_key = ? AND d." + valueColumn + " = n.v)")) {
            select.setString(1, book.workspace());
            select.execute();
        }
        try (Statement statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT v FROM " + NEW + " ORDER BY first")) {
            while (rows.next()) {
                int expected = dictionary.size();
                if (dictionary.intern(rows.getString(1)) != expected) {
                    throw new SQLException(table + " of workspace '" + book.workspace()
                            + "' is out of step with the numbers in memory; restart Parcours and import again");
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (workspace_key, ref, "
                + valueColumn + ") SELECT ?, (? + row_number() OVER (ORDER BY first) - 1)::INTEGER, v FROM " + NEW)) {
            insert.setString(1, book.workspace());
            insert.setInt(2, first);
            insert.executeUpdate();
        }
    }

    private void drop() {
        List<String> tables = new ArrayList<>(List.of(ROWS, TIMES, REPEATS, NEW));
        tables.addAll(staged.tables());
        try (Statement statement = connection.createStatement()) {
            for (String table : tables) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        } catch (SQLException e) {
            // Temporary tables go with the connection anyway.
            EventLog.LOG.debug("dropping the bulk import's tables failed", e);
        }
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** A growable array of longs. */
    private static final class LongList {
        private long[] values = new long[1024];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int size() {
            return size;
        }

        long[] values() {
            return values;
        }
    }
}
