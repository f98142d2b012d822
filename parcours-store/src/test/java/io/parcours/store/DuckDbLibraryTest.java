package io.parcours.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbLibraryTest {
    @TempDir
    Path folder;

    /** Copies older than the limit go; a fresh copy (perhaps being loaded), and any other file, stay. */
    @Test
    void onlyStaleCopiesOfTheLibraryAreRemoved() throws Exception {
        Instant now = Instant.parse("2026-11-24T03:00:00Z");
        Path old = copy("libduckdb_java1000754196003634814.so", now.minus(Duration.ofHours(5)));
        Path older = copy("libduckdb_java42.so", now.minus(Duration.ofDays(3)));
        Path fresh = copy("libduckdb_java10008432831130740456.so", now.minus(Duration.ofSeconds(30)));
        Path other = copy("libduckdb_java_mine.so", now.minus(Duration.ofDays(3)));
        Path unrelated = copy("libsomething123.so", now.minus(Duration.ofDays(3)));
        Files.createDirectory(folder.resolve("libduckdb_java7.so"));

        assertThat(DuckDbLibrary.removeStaleCopies(folder, DuckDbLibrary.STALE, now)).isEqualTo(2);

        assertThat(old).doesNotExist();
        assertThat(older).doesNotExist();
        assertThat(fresh).exists();
        assertThat(other).exists();
        assertThat(unrelated).exists();
        assertThat(folder.resolve("libduckdb_java7.so")).isDirectory();
        assertThat(DuckDbLibrary.removeStaleCopies(folder.resolve("missing"), DuckDbLibrary.STALE, now)).isZero();
    }

    /** Loading ahead loads the library the driver then uses. */
    @Test
    void theLibraryLoadedAheadIsTheOneTheDatabaseUses() throws Exception {
        DuckDbLibrary.loadInBackground().join(60_000);
        try (var connection = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                var result = connection.createStatement().executeQuery("SELECT 6 * 7")) {
            result.next();
            assertThat(result.getInt(1)).isEqualTo(42);
        }
    }

    private Path copy(String name, Instant modified) throws Exception {
        Path file = Files.writeString(folder.resolve(name), "not a library");
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }
}
