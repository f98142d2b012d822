package io.parcours.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command removes the copies of DuckDB's library that processes stopped hard left in the
 * temporary folder, and says nothing of it: a failing command still prints one line.
 */
class LibraryCopiesTest {
    @TempDir
    Path folder;

    @Test
    void staleCopiesGoQuietlyAndAFreshOneStays() throws Exception {
        Path temporary = Files.createDirectory(folder.resolve("tmp"));
        Path stale = Files.writeString(temporary.resolve("libduckdb_java4242.so"), "left by a process killed hard");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(3))));
        Path fresh = Files.writeString(temporary.resolve("libduckdb_java4343.so"), "being loaded right now");

        ParcoursProcess run = ParcoursProcess.start(List.of("-Djava.io.tmpdir=" + temporary), Map.of(), "import",
                folder.resolve("missing.csv").toString(), "--data", folder.resolve("data").toString());
        run.awaitEnd();

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).as("one line").hasSize(1);
        assertThat(run.err().get(0)).contains("no such file");
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        // The process's own copy went at its exit.
        try (var left = Files.list(temporary)) {
            assertThat(left.map(path -> path.getFileName().toString())).containsExactly("libduckdb_java4343.so");
        }
    }
}
