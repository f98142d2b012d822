package io.parcours.spark;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import static io.parcours.spark.SparkTestData.parcours;
import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every analysis on Spark gives exactly the embedded engine's answer on real event logs from
 * ../shared/datasets, imported by {@code parcours import}: the 13,087 loan applications (262,200
 * events, with many ties in time) of the BPI Challenge 2012, mapped by src/test/resources/loan.yaml,
 * and, in a second workspace of the same data folder, pm4py's help desk tickets, both exports read
 * together as one set of event files.
 */
class SparkRealLogsTest {
    @TempDir
    static Path folder;

    static Path mapFile;
    static SparkTestData.Engines engines;

    @BeforeAll
    static void importAndExport() throws Exception {
        Path data = folder.resolve("data");
        mapFile = Path.of("src", "test", "resources", "loan.yaml");
        parcours("map", "import", mapFile.toString(), "--data", data.toString());
        parcours("import", SparkTestData.DATASETS.resolve("pm4py-bpic2012").resolve("bpic2012.xes.gz").toString(),
                "--data", data.toString());
        // A second real log, in a second workspace of the same folder.
        Path helpdesk = folder.resolve("helpdesk.yaml");
        java.nio.file.Files.writeString(helpdesk, "parcours: 1\nworkspace: {key: helpdesk, name: Help desk}\n");
        parcours("map", "import", helpdesk.toString(), "--data", data.toString());
        parcours("import", SparkTestData.DATASETS.resolve("pm4py-helpdesk").resolve("helpdesk.xes.gz").toString(),
                "--data", data.toString(), "--workspace", "helpdesk");
        // Spark reads both exports at once, and keeps each workspace's events apart by their workspace column.
        engines = SparkTestData.Engines.of(data, SparkTestData.exportParquet(data, "bank", folder.resolve("bpic2012.parquet")),
                SparkTestData.exportParquet(data, "helpdesk", folder.resolve("helpdesk.parquet")));
    }

    @AfterAll
    static void close() {
        if (engines != null) {
            engines.close();
        }
    }

    static Stream<List<String>> requests() {
        return Stream.of(
                List.of("process"),
                List.of("paths", "start=A_SUBMITTED", "steps=6"),
                List.of("funnel", "map=loan", "breakdown=property.case:AMOUNT_REQ", "top=4"),
                List.of("funnel", "map=loan", "strict=true", "windowDays=10"),
                List.of("paths", "map=loan", "end=approved", "collapse=true"),
                List.of("process", "map=loan", "from=2011-12-01", "to=2012-01-31"),
                List.of("attribution", "map=loan", "valueProperty=case:AMOUNT_REQ"),
                List.of("attribution", "map=loan", "by=touchpoint", "model=shapley", "valueProperty=case:AMOUNT_REQ"),
                List.of("conformance", "map=loan"),
                List.of("touchpoints", "map=loan", "model=last", "property=org:resource=10138"),
                List.of("abandonment", "map=loan", "intent=offer-sent", "windowDays=30", "limit=20"));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void sparkGivesTheEmbeddedAnswerOnTheRealLog(List<String> asked) {
        SparkAnalyses.Outcome outcome = engines.assertSameAnswer(asked, mapFile, "bank");
        assertThat(outcome.events()).as("every event of the log, and only its events, reached the executors")
                .isEqualTo(262_200);
    }

    static Stream<List<String>> helpdeskRequests() {
        return Stream.of(List.of("process"), List.of("process", "minFrequency=10", "variants=5"),
                List.of("paths", "collapse=true", "steps=7", "nodes=4"), List.of("paths", "sessionMinutes=1440"));
    }

    /** The help desk tickets of pm4py's test data, in the workspace 'helpdesk' of the same event files: activities, no map. */
    @ParameterizedTest
    @MethodSource("helpdeskRequests")
    void sparkGivesTheEmbeddedAnswerOnASecondWorkspaceOfTheSameFiles(List<String> asked) {
        SparkAnalyses.Outcome outcome = engines.assertSameAnswer(asked, mapFile, "helpdesk");
        assertThat(outcome.events()).isLessThan(262_200).isPositive();
    }
}
