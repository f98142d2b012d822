package io.parcours.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CSV import benchmark as docs/benchmarks.md runs it, on a small file: the event log written
 * by 'parcours bench csv', imported whole by 'parcours import', figures printed.
 */
class BenchImportScriptTest {
    @TempDir
    Path folder;

    @Test
    void theScriptWritesTheEventLogImportsItAndPrintsTheFigures() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", Path.of("..", "scripts", "bench-import.sh").toString(), "3000")
                .redirectErrorStream(true);
        builder.environment().put("PARCOURS_CMD", Path.of(System.getProperty("java.home"), "bin", "java") + " -cp "
                + System.getProperty("java.class.path") + " " + Parcours.class.getName());
        builder.environment().put("BENCH_FILES", folder.toString());
        builder.environment().put("BENCH_RUNS", "2");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("CSV import benchmark: 3000 rows").containsPattern("run 1: [0-9.]+ s, [0-9]+ events/s")
                .containsPattern("run 2: [0-9.]+ s, [0-9]+ events/s");

        List<String> lines = Files.readAllLines(folder.resolve("events-3000.csv"));
        assertThat(lines).hasSize(3001);
        assertThat(lines.get(0)).isEqualTo("case:concept:name,concept:name,time:timestamp,org:resource");
        Instant previous = Instant.EPOCH;
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",");
            assertThat(fields).hasSize(4);
            Instant time = Instant.parse(fields[2]);
            assertThat(time).as(line).isAfterOrEqualTo(previous);
            previous = time;
        }
    }
}
