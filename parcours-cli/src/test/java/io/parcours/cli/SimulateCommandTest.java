package io.parcours.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.io.builtin.DemoWorkspaces;
import io.parcours.io.mapfile.MapDocument;
import io.parcours.io.mapfile.MapFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parcours simulate} in-process: its files import into a real data folder, and bad options fail cleanly. */
class SimulateCommandTest {
    @TempDir
    Path folder;

    private Path demoFile(int index, String name) throws Exception {
        Path file = folder.resolve(name);
        Files.writeString(file, MapFiles.write(MapDocument.of(DemoWorkspaces.load().get(index))));
        return file;
    }

    @Test
    void simulatedJourneysImportWithEveryLineStoredAndEveryCustomerStitched() throws Exception {
        Path journeys = folder.resolve("journeys.jsonl");
        CliRun simulated = CliRun.of("simulate", "--customers", "2000", "--seed", "-7", "--out", journeys.toString());
        assertThat(simulated.exitCode()).as(simulated.err()).isZero();
        long lines = Files.lines(journeys).count();
        assertThat(simulated.out()).contains(String.format(Locale.ROOT, "Wrote %,d events of 2,000 customers", lines))
                .contains("workspace 'akwaba'");

        Path data = folder.resolve("data");
        assertThat(CliRun.of("map", "import", demoFile(0, "akwaba.yaml").toString(), "--data", data.toString()).exitCode())
                .isZero();
        CliRun imported = CliRun.of("import", journeys.toString(), "--data", data.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains(String.format(Locale.ROOT, "%,d read, %,d stored, 0 already there, 0 skipped",
                lines, lines));

        Path parquet = folder.resolve("events.parquet");
        CliRun exported = CliRun.of("export", "events", "--data", data.toString(), "--format", "parquet", "--out",
                parquet.toString());
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:duckdb:")) {
            var result = db.createStatement().executeQuery("SELECT count(*), count(DISTINCT customer_id), "
                    + "count(*) FILTER (WHERE type = 'identify') FROM read_parquet('" + parquet + "')");
            result.next();
            assertThat(result.getLong(1)).isEqualTo(lines);
            assertThat(result.getLong(2)).as("customers after stitching").isEqualTo(2000);
            assertThat(result.getLong(3)).isBetween(500L, 1999L);
        }
    }

    @Test
    void theSameOptionsWriteTheSameFileAndAnExistingFileIsKeptUnlessForced() throws Exception {
        Path journeys = folder.resolve("journeys.jsonl");
        assertThat(CliRun.of("simulate", "--customers", "300", "--out", journeys.toString()).exitCode()).isZero();
        byte[] first = Files.readAllBytes(journeys);

        CliRun refused = CliRun.of("simulate", "--customers", "300", "--seed", "2", "--out", journeys.toString());
        assertThat(refused.exitCode()).isEqualTo(5);
        assertThat(refused.err().lines()).containsExactly("parcours: " + journeys
                + " already exists: give --force to overwrite it, or another --out");
        assertThat(Files.readAllBytes(journeys)).isEqualTo(first);

        assertThat(CliRun.of("simulate", "--customers", "300", "--seed", "2", "--out", journeys.toString(), "--force")
                .exitCode()).isZero();
        assertThat(Files.readAllBytes(journeys)).isNotEqualTo(first);
        assertThat(CliRun.of("simulate", "--customers", "300", "--out", journeys.toString(), "--force").exitCode()).isZero();
        assertThat(Files.readAllBytes(journeys)).isEqualTo(first);
    }

    @Test
    void standardOutputGetsTheLinesAndStandardErrorTheSummary() throws Exception {
        Path journeys = folder.resolve("journeys.jsonl");
        CliRun.of("simulate", "--customers", "50", "--seed", "9", "--out", journeys.toString());
        CliRun piped = CliRun.of("simulate", "--customers", "50", "--seed", "9", "--out", "-");
        assertThat(piped.exitCode()).as(piped.err()).isZero();
        assertThat(piped.out()).isEqualTo(Files.readString(journeys));
        assertThat(piped.err()).startsWith("Wrote ").contains("standard output");
    }

    @Test
    void anotherMapFileAndPeriodAreWalked() throws Exception {
        Path journeys = folder.resolve("foulee.jsonl");
        CliRun run = CliRun.of("simulate", "--customers", "200", "--workspace-file", demoFile(1, "foulee.yaml").toString(),
                "--from", "2024-02-01", "--to", "2024-03-01", "--currency", "usd", "--events-per-customer", "6",
                "--out", journeys.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("workspace 'foulee'").contains("USD");
        List<String> lines = Files.readAllLines(journeys);
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line).contains("\"timestamp\":\"2024-02"));
    }

    @Test
    void badOptionsFailWithOneLineAndAnExitCode() {
        String out = folder.resolve("bad.jsonl").toString();
        CliRun none = CliRun.of("simulate", "--customers", "0", "--out", out);
        assertThat(none.exitCode()).isEqualTo(3);
        assertThat(none.err().lines()).containsExactly("parcours: --customers must be from 1 to 100,000,000, not 0");

        CliRun word = CliRun.of("simulate", "--customers", "many", "--out", out);
        assertThat(word.exitCode()).isEqualTo(2);
        assertThat(word.err().lines()).hasSize(1).first().asString().contains("--customers").contains("many");

        CliRun date = CliRun.of("simulate", "--from", "2025-13-01", "--out", out);
        assertThat(date.exitCode()).isEqualTo(3);
        assertThat(date.err().lines()).containsExactly("parcours: --from must be a date such as 2025-10-03 "
                + "(or a time such as 2025-10-03T08:00:00Z), not '2025-13-01'");

        CliRun order = CliRun.of("simulate", "--from", "2025-02-01", "--to", "2025-01-01", "--out", out);
        assertThat(order.exitCode()).isEqualTo(3);
        assertThat(order.err().lines()).hasSize(1).first().asString().contains("--from must be before --to");

        CliRun currency = CliRun.of("simulate", "--currency", "euro", "--out", out);
        assertThat(currency.exitCode()).isEqualTo(3);
        assertThat(currency.err().lines()).hasSize(1).first().asString().contains("ISO 4217");

        CliRun missing = CliRun.of("simulate", "--workspace-file", folder.resolve("nope.yaml").toString(), "--out", out);
        assertThat(missing.exitCode()).isEqualTo(4);
        assertThat(missing.err().lines()).hasSize(1);

        CliRun noFolder = CliRun.of("simulate", "--out", folder.resolve("no/such/folder/x.jsonl").toString());
        assertThat(noFolder.exitCode()).isEqualTo(3);
        assertThat(noFolder.err().lines()).hasSize(1).first().asString().contains("does not exist");

        assertThat(Files.exists(Path.of(out))).as("nothing written by a failed run").isFalse();
    }
}
