package io.parcours.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parcours.io.builtin.DemoWorkspaces;
import io.parcours.io.mapfile.MapDocument;
import io.parcours.io.mapfile.MapFiles;
import io.parcours.store.ParcoursStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parcours results}: an analysis's JSON loaded, listed and deleted on a real data folder, and bad files refused. */
class ResultsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    @Test
    void anAnalysisComputedElsewhereIsLoadedListedAndDeleted() throws Exception {
        Path data = folder.resolve("data");
        Path journeys = folder.resolve("journeys.jsonl");
        assertThat(CliRun.of("simulate", "--customers", "200", "--seed", "5", "--out", journeys.toString()).exitCode())
                .isZero();
        Path map = folder.resolve("akwaba.yaml");
        Files.writeString(map, MapFiles.write(MapDocument.of(DemoWorkspaces.load().get(0))));
        assertThat(CliRun.on(data, "map", "import", map.toString()).exitCode()).isZero();
        assertThat(CliRun.on(data, "import", journeys.toString()).exitCode()).isZero();
        CliRun analysed = CliRun.on(data, "analyze", "funnel", "--map", "amina-current", "--json");
        assertThat(analysed.exitCode()).as(analysed.err()).isZero();
        Path funnel = folder.resolve("funnel.json");
        Files.writeString(funnel, analysed.out());

        CliRun loaded = CliRun.on(data, "results", "load", funnel.toString(), "--kind", "funnel", "--label", "Funnel on the cluster",
                "--engine", "spark-4.1", "--parameter", "map=amina-current", "--parameter", "windowDays=30",
                "--author", "Ama");
        assertThat(loaded.exitCode()).as(loaded.err()).isZero();
        assertThat(loaded.out()).startsWith("Loaded: ").contains("funnel", "spark-4.1", "Funnel on the cluster", "by Ama",
                "map=amina-current windowDays=30");
        JsonNode listed = JSON.readTree(CliRun.on(data, "results", "list", "--json").out());
        assertThat(listed).hasSize(1);
        long id = listed.get(0).get("id").asLong();
        assertThat(listed.get(0).get("parameters").toString()).isEqualTo("{\"map\":\"amina-current\",\"windowDays\":\"30\"}");
        try (ParcoursStore store = ParcoursStore.open(data)) {
            String stored = store.loadedResults().find("akwaba", id).orElseThrow().result();
            assertThat(JSON.readTree(stored)).as("the result as analyze wrote it").isEqualTo(JSON.readTree(analysed.out()));
        }
        assertThat(CliRun.on(data, "results", "list").out()).contains(id + " ", "Funnel on the cluster", "loaded ", " UTC by Ama");

        // Bad files: one line on standard error naming what is wrong, and nothing loaded.
        Path broken = folder.resolve("broken.json");
        Files.writeString(broken, analysed.out().substring(0, 40));
        CliRun malformed = CliRun.on(data, "results", "load", broken.toString(), "--kind", "funnel");
        assertThat(malformed.exitCode()).isEqualTo(3);
        assertThat(malformed.err().strip().lines()).singleElement().asString()
                .startsWith("parcours: the result is not valid JSON at line");
        ObjectNode wrong = (ObjectNode) JSON.readTree(analysed.out());
        ((ObjectNode) wrong.at("/all/timeToConvert")).put("medianMillis", "soon");
        Files.writeString(broken, wrong.toString());
        CliRun mistyped = CliRun.on(data, "results", "load", broken.toString(), "--kind", "funnel");
        assertThat(mistyped.exitCode()).isEqualTo(3);
        assertThat(mistyped.err().strip().lines()).singleElement().asString().isEqualTo("parcours: "
                + "all.timeToConvert.medianMillis must be a whole number, not the string \"soon\"");
        CliRun asProcess = CliRun.on(data, "results", "load", funnel.toString(), "--kind", "process");
        assertThat(asProcess.exitCode()).isEqualTo(3);
        assertThat(asProcess.err()).contains("windowMillis is not a field of this result");
        CliRun missing = CliRun.on(data, "results", "load", folder.resolve("nowhere.json").toString(), "--kind", "funnel");
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err().strip().lines()).singleElement().asString().contains("there is no file");
        // A wrong command line: exit code 2.
        CliRun unknownKind = CliRun.on(data, "results", "load", funnel.toString(), "--kind", "funnels");
        assertThat(unknownKind.exitCode()).isEqualTo(2);
        assertThat(unknownKind.err()).contains("--kind must be one of funnel, paths, process");
        assertThat(CliRun.on(data, "results", "load", funnel.toString()).exitCode()).isEqualTo(2);
        assertThat(CliRun.on(data, "results", "load", funnel.toString(), "--kind", "funnel", "--parameter", "map").exitCode())
                .isEqualTo(2);
        assertThat(JSON.readTree(CliRun.on(data, "results", "list", "--json").out())).hasSize(1);

        CliRun deleted = CliRun.on(data, "results", "delete", Long.toString(id));
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(deleted.out()).contains("Deleted loaded result " + id);
        CliRun again = CliRun.on(data, "results", "delete", Long.toString(id));
        assertThat(again.exitCode()).isEqualTo(4);
        assertThat(again.err()).contains("no loaded result '" + id + "'");
        assertThat(CliRun.on(data, "results", "list").out()).isEqualTo("No loaded results.\n");
    }
}
