package io.parcours.spark;

import static io.parcours.spark.SparkTestData.parcours;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parcours.analytics.AnalysisRequest;
import io.parcours.io.Json;
import io.parcours.server.JourneyAnalyses;
import io.parcours.server.Journeys;
import io.parcours.store.ParcoursStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every analysis on Spark gives exactly the embedded engine's answer on a real event log: the
 * 13,087 loan applications (262,200 events, with many ties in time) of the BPI Challenge 2012, in
 * ../shared/datasets, imported by {@code parcours import} and mapped by src/test/resources/loan.yaml.
 */
class SparkRealLogsTest {
    @TempDir
    static Path folder;

    static SparkAnalyses analyses;
    static Dataset<Row> events;
    static Path mapFile;
    static ParcoursStore store;
    static JourneyAnalyses embedded;

    @BeforeAll
    static void importAndExport() throws Exception {
        Path data = folder.resolve("data");
        mapFile = Path.of("src", "test", "resources", "loan.yaml");
        parcours("map", "import", mapFile.toString(), "--data", data.toString());
        parcours("import", SparkTestData.DATASETS.resolve("pm4py-bpic2012").resolve("bpic2012.xes.gz").toString(),
                "--data", data.toString());
        analyses = new SparkAnalyses(SharedSpark.session(), 4);
        events = analyses.events(SparkTestData.exportParquet(data, folder.resolve("bpic2012.parquet")).toString());
        store = ParcoursStore.open(data);
        embedded = new JourneyAnalyses(store, Journeys.follow(store));
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
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
        String kind = asked.get(0);
        Map<String, String> parameters = new LinkedHashMap<>();
        asked.subList(1, asked.size()).forEach(p -> parameters.put(p.substring(0, p.indexOf('=')), p.substring(p.indexOf('=') + 1)));
        JsonNode expected = Json.mapper().valueToTree(embedded.run(kind, "bank", parameters));

        AnalysisRequest request = AnalysisRequest.of(kind, parameters);
        SparkAnalyses.Outcome outcome = analyses.run(events, request,
                MapSource.fromFile(mapFile, request.mapKey(), Optional.empty()));

        assertThat(Json.mapper().<JsonNode>valueToTree(outcome.result())).as("%s on Spark", asked).isEqualTo(expected);
        assertThat(expected.toString()).as("the answer counts something").containsPattern(":[1-9]");
        assertThat(outcome.events()).as("every event of the log reached the executors").isEqualTo(262_200);
    }
}
