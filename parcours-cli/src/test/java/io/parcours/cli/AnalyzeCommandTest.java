package io.parcours.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parcours.io.builtin.DemoWorkspaces;
import io.parcours.io.mapfile.MapDocument;
import io.parcours.io.mapfile.MapFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parcours analyze}: on simulated journeys in a real data folder, and on the ChannelAttribution path file. */
class AnalyzeCommandTest {
    private static final Path PATHS = Path.of("..", "..", "shared", "datasets", "channelattribution-pathdata", "Data.csv");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path folder;
    static Path data;

    @BeforeAll
    static void simulateAndImport() throws Exception {
        data = folder.resolve("data");
        Path journeys = folder.resolve("journeys.jsonl");
        assertThat(CliRun.of("simulate", "--customers", "1500", "--seed", "3", "--out", journeys.toString()).exitCode())
                .isZero();
        Path map = folder.resolve("akwaba.yaml");
        Files.writeString(map, MapFiles.write(MapDocument.of(DemoWorkspaces.load().get(0))));
        assertThat(CliRun.of("map", "import", map.toString(), "--data", data.toString()).exitCode()).isZero();
        CliRun imported = CliRun.of("import", journeys.toString(), "--data", data.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
    }

    private static JsonNode json(String... args) throws Exception {
        String[] all = new String[args.length + 3];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data";
        all[args.length + 1] = data.toString();
        all[args.length + 2] = "--json";
        CliRun run = CliRun.of(all);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    @Test
    void theFunnelNarrowsStageByStageAndTheTableShowsIt() throws Exception {
        JsonNode funnel = json("analyze", "funnel", "--map", "amina-current");
        long previous = Long.MAX_VALUE;
        for (JsonNode stage : funnel.at("/all/stages")) {
            assertThat(stage.get("customers").asLong()).isLessThanOrEqualTo(previous);
            previous = stage.get("customers").asLong();
        }
        assertThat(funnel.at("/all/entered").asLong()).isPositive();
        CliRun table = CliRun.of("analyze", "funnel", "--map", "amina-current", "--data", data.toString());
        assertThat(table.out()).contains("stage", "pre-purchase", "of previous", "time to convert");
    }

    @Test
    void everyAnalysisAnswersOnSimulatedJourneys() throws Exception {
        JsonNode process = json("analyze", "process", "--min-frequency", "5");
        assertThat(process.get("cases").asLong()).isBetween(1_000L, 1_500L);
        assertThat(process.get("edges")).isNotEmpty();
        JsonNode attribution = json("analyze", "attribution", "--map", "amina-current", "--model", "shapley");
        assertThat(attribution.get("conversions").asDouble()).isPositive();
        double credited = 0;
        for (JsonNode credit : attribution.get("channels")) {
            credited += credit.get("conversions").asDouble();
        }
        assertThat(credited).isCloseTo(attribution.get("conversions").asDouble(), within(1e-6));
        JsonNode paths = json("analyze", "paths", "--map", "amina-current", "--steps", "4", "--nodes", "3");
        long entered = paths.get("paths").asLong();
        for (int position = 1; position <= 4; position++) {
            long sum = 0;
            for (JsonNode node : paths.get("nodes")) {
                sum += node.get("position").asInt() == position ? node.get("count").asLong() : 0;
            }
            assertThat(sum).as("position %d", position).isEqualTo(entered);
        }
        assertThat(json("analyze", "conformance", "--map", "amina-current").get("onMap").asLong()).isPositive();
        assertThat(json("analyze", "touchpoints", "--map", "amina-current").get("touchpoints")).isNotEmpty();
        JsonNode abandonment = json("analyze", "abandonment", "--map", "amina-current", "--intent", "cart");
        assertThat(abandonment.get("withIntent").asLong()).isPositive();
    }

    @Test
    void attributionOfAPathFileMatchesItsTotals() throws Exception {
        CliRun run = CliRun.of("analyze", "attribution", "--paths", PATHS.toString(), "--model", "first", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = JSON.readTree(run.out());
        double conversions = 0;
        List<String> lines = Files.readAllLines(PATHS);
        for (String line : lines.subList(1, lines.size())) {
            conversions += Double.parseDouble(line.split(";")[1]);
        }
        assertThat(result.get("conversions").asDouble()).isCloseTo(conversions, within(1e-6));
        assertThat(result.get("channels")).hasSize(12);
        CliRun markov = CliRun.of("analyze", "attribution", "--paths", PATHS.toString(), "--model", "markov");
        assertThat(markov.out()).contains("removal effect", "alpha");
    }

    @Test
    void badOptionsFailWithOneLine() {
        CliRun model = CliRun.of("analyze", "attribution", "--paths", PATHS.toString(), "--model", "u-shaped");
        assertThat(model.exitCode()).isEqualTo(3);
        assertThat(model.err().strip().lines()).hasSize(1);
        assertThat(model.err()).contains("position");
        CliRun decay = CliRun.of("analyze", "attribution", "--paths", PATHS.toString(), "--model", "time-decay");
        assertThat(decay.exitCode()).isEqualTo(3);
        assertThat(decay.err()).contains("time of each touch");
        CliRun noMap = CliRun.of("analyze", "funnel", "--data", data.toString());
        assertThat(noMap.exitCode()).isEqualTo(3);
        assertThat(noMap.err()).contains("needs a map");
        CliRun window = CliRun.of("analyze", "funnel", "--map", "amina-current", "--window-days", "0", "--data",
                data.toString());
        assertThat(window.exitCode()).isEqualTo(3);
        assertThat(window.err()).contains("windowDays must be a whole number from 1");
        CliRun missing = CliRun.of("analyze", "attribution", "--paths", "no-such.csv");
        assertThat(missing.exitCode()).isEqualTo(4);
    }
}
