package io.parcours.spark;

import com.fasterxml.jackson.databind.JsonNode;
import io.parcours.analytics.AnalysisRequest;
import io.parcours.cli.Parcours;
import io.parcours.io.Json;
import io.parcours.io.builtin.DemoWorkspaces;
import io.parcours.io.mapfile.MapDocument;
import io.parcours.io.mapfile.MapFiles;
import io.parcours.server.JourneyAnalyses;
import io.parcours.server.Journeys;
import io.parcours.store.ParcoursStore;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import static org.assertj.core.api.Assertions.assertThat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Data folders for the Spark tests, filled and exported by the real command line. */
final class SparkTestData {
    static final Path DATASETS = Path.of("..", "..", "shared", "datasets");

    private SparkTestData() {}

    /** Runs {@code parcours ARGS} in this JVM and returns its standard output; fails the test on an error. */
    static String parcours(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Parcours.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(code).as("parcours %s: %s", String.join(" ", args), err).isZero();
        return out.toString();
    }

    /** A data folder of simulated journeys through the demo workspace, and its events as Parquet. */
    record Simulated(Path data, Path parquet) {}

    /**
     * Simulates {@code customers} journeys through the Akwaba demo workspace, adds {@code extraLines}
     * (JSON lines of Segment messages), imports them into a data folder under {@code folder} and
     * exports its events as Parquet: all by the real command line.
     */
    static Simulated simulated(Path folder, int customers, int seed, String extraLines) throws Exception {
        Path data = folder.resolve("data");
        Path journeys = folder.resolve("journeys.jsonl");
        parcours("simulate", "--customers", Integer.toString(customers), "--seed", Integer.toString(seed),
                "--out", journeys.toString());
        Files.writeString(journeys, extraLines, java.nio.file.StandardOpenOption.APPEND);
        Path workspace = folder.resolve("akwaba.yaml");
        Files.writeString(workspace, MapFiles.write(MapDocument.of(DemoWorkspaces.load().get(0))));
        parcours("map", "import", workspace.toString(), "--data", data.toString());
        parcours("import", journeys.toString(), "--data", data.toString());
        return new Simulated(data, exportParquet(data, folder.resolve("events.parquet")));
    }

    /** Both engines on one data folder: Spark on its Parquet export, the embedded engine on the folder itself. */
    record Engines(SparkAnalyses spark, Dataset<Row> events, ParcoursStore store, JourneyAnalyses embedded)
            implements AutoCloseable {
        static Engines of(Path data, Path... parquet) {
            SparkAnalyses spark = new SparkAnalyses(SharedSpark.session(), 4);
            ParcoursStore store = ParcoursStore.open(data);
            Dataset<Row> events = spark.events(java.util.Arrays.stream(parquet).map(Path::toString).toArray(String[]::new));
            return new Engines(spark, events, store, new JourneyAnalyses(store, Journeys.follow(store)));
        }

        /**
         * Runs the request {@code asked} (the kind, then name=value parameters) on both, checks they
         * give the same JSON and that the answer counts something, and returns Spark's outcome.
         */
        SparkAnalyses.Outcome assertSameAnswer(List<String> asked, Path mapFile, String workspace) {
            return SparkTestData.assertSameAnswer(asked, spark, events, mapFile, embedded, workspace);
        }

        @Override
        public void close() {
            store.close();
        }
    }

    private static SparkAnalyses.Outcome assertSameAnswer(List<String> asked, SparkAnalyses analyses, Dataset<Row> events,
            Path mapFile, JourneyAnalyses embedded, String workspace) {
        String kind = asked.get(0);
        Map<String, String> parameters = new LinkedHashMap<>();
        asked.subList(1, asked.size()).forEach(p -> parameters.put(p.substring(0, p.indexOf('=')), p.substring(p.indexOf('=') + 1)));
        JsonNode expected = Json.mapper().valueToTree(embedded.run(kind, workspace, parameters));

        AnalysisRequest request = AnalysisRequest.of(kind, parameters);
        SparkAnalyses.Outcome outcome = analyses.run(events, request,
                MapSource.fromFile(mapFile, request.mapKey(), Optional.of(workspace)));

        assertThat(Json.mapper().<JsonNode>valueToTree(outcome.result())).as("%s on Spark", asked).isEqualTo(expected);
        assertThat(expected.toString()).as("the answer counts something").containsPattern(":[1-9]");
        return outcome;
    }

    /** Exports the events of the data folder as Parquet, in the schema the Spark runner reads. */
    static Path exportParquet(Path data, Path file) {
        parcours("export", "events", "--data", data.toString(), "--format", "parquet", "--out", file.toString());
        return file;
    }

    /** The same, for one workspace of a folder that holds several. */
    static Path exportParquet(Path data, String workspace, Path file) {
        parcours("export", "events", "--data", data.toString(), "--workspace", workspace, "--format", "parquet",
                "--out", file.toString());
        return file;
    }
}
