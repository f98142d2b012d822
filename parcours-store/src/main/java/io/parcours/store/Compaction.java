package io.parcours.store;

import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rewrites a data folder's database into a new file that holds only the live rows, then puts it in
 * place of the old one. A database reuses the space of deleted rows rather than overwriting it, so
 * the bytes of erased customers and purged events may stay in free blocks of the file until they
 * are reused: after a compaction they are gone from the disk (but for what the file system itself
 * keeps). Runs with the server stopped; every row of every table is counted in both files before
 * the new one replaces the old, which is deleted only then.
 */
public final class Compaction {
    /** What a compaction did: the file's size before and after, and how many rows it copied. */
    public record Compacted(long bytesBefore, long bytesAfter, long rows, long millis) {}

    private Compaction() {}

    /** Compacts the database of {@code dataFolder}; the server must be stopped. */
    public static Compacted compact(Path dataFolder) {
        long started = System.nanoTime();
        if (!Files.isRegularFile(dataFolder.resolve(ParcoursStore.DATABASE_FILE))) {
            throw ParcoursException.notFound("no Parcours database in " + dataFolder + ": give the data folder with --data");
        }
        // Opening and closing the store brings its schema up to date and loads every journaled event.
        ParcoursStore.open(dataFolder).close();
        Path file = dataFolder.resolve(ParcoursStore.DATABASE_FILE);
        Path fresh = dataFolder.resolve(ParcoursStore.DATABASE_FILE + ".compact");
        Path old = dataFolder.resolve(ParcoursStore.DATABASE_FILE + ".before-compact");
        try {
            Files.deleteIfExists(fresh);
            Files.deleteIfExists(dataFolder.resolve(fresh.getFileName() + ".wal"));
            long before = Files.size(file);
            long rows;
            try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
                    Statement statement = db.createStatement()) {
                statement.execute("CHECKPOINT");
                String name;
                try (ResultSet result = statement.executeQuery("SELECT current_database()")) {
                    result.next();
                    name = result.getString(1);
                }
                statement.execute("ATTACH '" + fresh.toAbsolutePath().toString().replace("'", "''") + "' AS compacted");
                statement.execute("COPY FROM DATABASE \"" + name + "\" TO compacted");
                Map<String, Long> counted = counts(statement, name);
                Map<String, Long> copied = counts(statement, "compacted");
                if (!counted.equals(copied)) {
                    throw new ParcoursException(ErrorCode.STORAGE, "the compacted copy differs from the database "
                            + "(rows per table " + copied + " instead of " + counted + "); the database is unchanged");
                }
                statement.execute("CHECKPOINT compacted");
                statement.execute("DETACH compacted");
                rows = counted.values().stream().mapToLong(Long::longValue).sum();
            }
            if (Files.exists(dataFolder.resolve(ParcoursStore.DATABASE_FILE + ".wal"))
                    && Files.size(dataFolder.resolve(ParcoursStore.DATABASE_FILE + ".wal")) > 0) {
                throw new ParcoursException(ErrorCode.STORAGE, "the database still has a write-ahead log after closing; "
                        + "start and stop Parcours once, then compact again. The database is unchanged");
            }
            try (FileChannel channel = FileChannel.open(fresh, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(file, old, StandardCopyOption.REPLACE_EXISTING);
            Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE);
            forceFolder(dataFolder);
            Files.delete(old);
            Files.deleteIfExists(dataFolder.resolve(ParcoursStore.DATABASE_FILE + ".wal"));
            // The compacted file opens as a data folder does, or the old one would be put back by hand.
            ParcoursStore.open(dataFolder).close();
            return new Compacted(before, Files.size(file), rows, (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException | IOException e) {
            throw new ParcoursException(ErrorCode.STORAGE, "compacting " + file + " failed: " + e.getMessage()
                    + (Files.exists(old) ? "; the database before compaction is " + old : "; the database is unchanged"), e);
        } finally {
            try {
                Files.deleteIfExists(fresh);
            } catch (IOException ignored) {
                // only a leftover copy
            }
        }
    }

    /** Rows per table of one attached database. */
    private static Map<String, Long> counts(Statement statement, String database) throws SQLException {
        Map<String, String> tables = new LinkedHashMap<>();
        try (ResultSet result = statement.executeQuery("SELECT schema_name, table_name FROM duckdb_tables() "
                + "WHERE database_name = '" + database.replace("'", "''") + "' ORDER BY 1, 2")) {
            while (result.next()) {
                tables.put(result.getString(1) + "." + result.getString(2), result.getString(1));
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : tables.keySet()) {
            String[] parts = table.split("\\.", 2);
            try (ResultSet result = statement.executeQuery("SELECT count(*) FROM \"" + database + "\".\"" + parts[0]
                    + "\".\"" + parts[1] + "\"")) {
                result.next();
                counts.put(table, result.getLong(1));
            }
        }
        return counts;
    }

    private static void forceFolder(Path folder) {
        try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // Not every file system lets a folder be opened.
        }
    }
}
