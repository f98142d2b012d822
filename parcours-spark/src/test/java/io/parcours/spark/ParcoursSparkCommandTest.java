package io.parcours.spark;

import com.fasterxml.jackson.databind.JsonNode;
import io.parcours.io.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static io.parcours.spark.SparkTestData.parcours;
import static org.assertj.core.api.Assertions.assertThat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Spark job's command line as a user runs it: the answer file holds the JSON that
 * {@code parcours analyze --json} prints for the same data folder and loads into it for the dashboard,
 * and bad input ends with an exit
 * code and one line on standard error that says what to fix.
 */
class ParcoursSparkCommandTest {
    @TempDir
    static Path folder;

    static Path data;
    static Path parquet;
    static Path mapFile;

    record Run(int exitCode, String out, String err) {}

    @BeforeAll
    static void simulateImportAndExport() throws Exception {
        SparkTestData.Simulated simulated = SparkTestData.simulated(folder, 400, 11, "");
        data = simulated.data();
        parquet = simulated.parquet();
        mapFile = folder.resolve("amina.yaml");
        parcours("map", "export", "amina-current", "--data", data.toString(), "--out", mapFile.toString());
        SharedSpark.session();
    }

    static Run spark(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ParcoursSpark.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void theAnswerFileHoldsTheJsonOfParcoursAnalyze() throws Exception {
        Path answer = folder.resolve("funnel.json");
        Run run = spark("funnel", "--events", parquet.toString(), "--map-file", mapFile.toString(), "--map", "amina-current",
                "windowDays=7", "breakdown=channel", "--out", answer.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).containsPattern("parcours-spark: funnel on [0-9,]+ events of [0-9,]+ journeys in [0-9.]+ s")
                .contains("written to " + answer);

        String expected = parcours("analyze", "funnel", "--data", data.toString(), "--map", "amina-current",
                "--window-days", "7", "--breakdown", "channel", "--json");
        JsonNode written = Json.mapper().readTree(Files.readString(answer));
        assertThat(written).isEqualTo(Json.mapper().readTree(expected));
        assertThat(written.at("/all/entered").asLong()).isPositive();

        // The answer loads into the data folder, for the dashboard to show it beside the live analyses.
        String loaded = parcours("results", "load", answer.toString(), "--kind", "funnel", "--data", data.toString(),
                "--label", "Funnel on Spark", "--parameter", "map=amina-current", "--parameter", "windowDays=7",
                "--parameter", "breakdown=channel");
        assertThat(loaded).startsWith("Loaded: ").contains("Funnel on Spark", "spark");
        JsonNode listed = Json.mapper().readTree(parcours("results", "list", "--data", data.toString(), "--json"));
        assertThat(listed.get(0).get("label").asText()).isEqualTo("Funnel on Spark");
    }

    @Test
    void theMapCanComeFromTheDataFolderAndTheAnswerGoToStandardOutput() throws Exception {
        Run run = spark("attribution", "--events", parquet.toString(), "--data", data.toString(), "map=amina-current",
                "model=shapley", "by=touchpoint");
        assertThat(run.exitCode()).as(run.err()).isZero();
        String expected = parcours("analyze", "attribution", "--data", data.toString(), "--map", "amina-current",
                "--model", "shapley", "--by", "touchpoint", "--json");
        assertThat(Json.mapper().readTree(run.out())).isEqualTo(Json.mapper().readTree(expected));
    }

    @Test
    void badInputEndsWithAnExitCodeAndOneLineSayingWhatToFix() throws Exception {
        String events = parquet.toString();
        String map = mapFile.toString();
        assertOneLine(spark("funnell", "--events", events, "--map-file", map), 4, "there is no analysis 'funnell'");
        assertOneLine(spark("funnel", "--events", events, "--map-file", map, "map=amina-current", "windowDays=zero"), 3,
                "windowDays must be a whole number from 1 to 3650, not 'zero'");
        assertOneLine(spark("funnel", "--events", events, "--map-file", map, "map=amina-current", "windowDays"), 3,
                "write the analysis's parameters as name=value");
        assertOneLine(spark("funnel", "--events", events, "--map-file", map, "map=amina-current", "colour=red"), 3,
                "the funnel analysis takes no parameter 'colour'");
        assertOneLine(spark("funnel", "--events", events, "--map-file", map), 3, "the funnel analysis needs a map");
        assertOneLine(spark("funnel", "--events", events, "--map-file", map, "map=amina-futur"), 4,
                "there is no map 'amina-futur'");
        assertOneLine(spark("process", "--events", events), 3, "give the map with either --map-file FILE or --data DIR");
        assertOneLine(spark("process", "--events", folder.resolve("nowhere.parquet").toString(), "--map-file", map), 4,
                "cannot read the event files");
        assertOneLine(spark("funnel", "--events", events, "--map-file", map, "map=amina-current", "persona=nobody"), 3,
                "there is no persona 'nobody'");
        assertOneLine(spark("funnel", "--map-file", map), 2, "Missing required option: '--events=PATH'");

        Path noCustomers = folder.resolve("no-customers.parquet");
        try (var connection = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                var statement = connection.createStatement()) {
            statement.execute("COPY (SELECT 1::BIGINT AS seq, 'track' AS type, 'x' AS name, 0::BIGINT AS event_time) TO '"
                    + noCustomers + "' (FORMAT parquet)");
        }
        assertOneLine(spark("process", "--events", noCustomers.toString(), "--map-file", map), 3,
                "the event files lack the column(s) customer_id");
    }

    private static void assertOneLine(Run run, int exitCode, String message) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
        assertThat(run.err().strip()).as("one line on stderr").doesNotContain("\n").startsWith("parcours-spark: ")
                .contains(message);
        assertThat(run.out()).isEmpty();
    }
}
