package io.parcours.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.io.builtin.DemoWorkspaces;
import io.parcours.io.mapfile.MapDocument;
import io.parcours.io.mapfile.MapFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code parcours export events --format csv} defuses for spreadsheets what senders chose (event
 * names and ids starting with {@code = + - @}, a tab or a carriage return): each such cell starts
 * with an apostrophe, while numbers and ordinary names stay as they are, and the Parquet export
 * (for machines) keeps the names exactly as sent.
 */
class CsvExportSafetyTest {
    /** The names to defuse, and what the CSV must hold for each. */
    private static final Map<String, String> NAMES = Map.of(
            "=HYPERLINK(\"http://evil.example\")", "'=HYPERLINK(\"http://evil.example\")",
            "+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0",
            "-2+3", "'-2+3",
            "@SUM(A1:A9)", "'@SUM(A1:A9)",
            "\t=1+1", "'\t=1+1",
            "\r=1+1", "'\r=1+1",
            "-12.5", "-12.5",
            "Order Completed", "Order Completed");

    @TempDir
    Path folder;

    @Test
    void aCsvExportDefusesFormulasAParquetExportKeepsTheNames() throws Exception {
        Path data = folder.resolve("data");
        Path map = Files.writeString(folder.resolve("akwaba.yaml"), MapFiles.write(MapDocument.of(DemoWorkspaces.load().get(0))));
        assertThat(CliRun.of("map", "import", map.toString(), "--data", data.toString()).exitCode()).isZero();
        StringBuilder lines = new StringBuilder();
        int number = 0;
        for (String name : NAMES.keySet()) {
            number++;
            lines.append(io.parcours.io.Json.mapper().writeValueAsString(Map.of("type", "track", "event", name,
                    "userId", name, "messageId", "m" + number, "timestamp", "2026-01-10T10:0" + number + ":00Z"))).append('\n');
        }
        Path events = Files.writeString(folder.resolve("events.jsonl"), lines.toString(), StandardCharsets.UTF_8);
        CliRun imported = CliRun.of("import", events.toString(), "--data", data.toString());
        assertThat(imported.out()).as(imported.err()).contains(NAMES.size() + " read, " + NAMES.size() + " stored");

        Path csv = folder.resolve("events.csv");
        Path parquet = folder.resolve("events.parquet");
        assertThat(CliRun.of("export", "events", "--data", data.toString(), "--format", "csv", "--out", csv.toString())
                .exitCode()).isZero();
        assertThat(CliRun.of("export", "events", "--data", data.toString(), "--format", "parquet", "--out", parquet.toString())
                .exitCode()).isZero();

        Map<String, String> fromCsv = namesByMessage("read_csv('" + csv + "', header = true, all_varchar = true)");
        Map<String, String> fromParquet = namesByMessage("read_parquet('" + parquet + "')");
        number = 0;
        for (Map.Entry<String, String> name : NAMES.entrySet()) {
            number++;
            assertThat(fromCsv.get("m" + number)).as("the CSV cell of %s", name.getKey()).isEqualTo(name.getValue());
            assertThat(fromParquet.get("m" + number)).as("the Parquet value").isEqualTo(name.getKey());
        }
        assertThat(Files.readString(csv)).as("the customer ids too").contains("'=HYPERLINK").doesNotContain(",=HYPERLINK");
    }

    /** The event name of each message id in a file DuckDB reads with {@code source}. */
    private static Map<String, String> namesByMessage(String source) throws Exception {
        Map<String, String> names = new HashMap<>();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
                ResultSet rows = db.createStatement().executeQuery("SELECT message_id, name FROM " + source)) {
            while (rows.next()) {
                names.put(rows.getString(1), rows.getString(2));
            }
        }
        return names;
    }
}
