package io.parcours.spark;

import com.fasterxml.jackson.databind.JsonNode;
import io.parcours.analytics.AnalysisRequest;
import io.parcours.io.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import static io.parcours.spark.SparkTestData.parcours;
import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every analysis on Spark ({@code local[2]}, bound to 127.0.0.1) gives exactly the embedded
 * engine's answer, on simulated journeys of the demo workspace (1,500 customers, identities
 * stitched across devices, personas from traits, revenue on orders) plus one bot with 3,000 events:
 * the same data folder, exported to Parquet by {@code parcours export}.
 */
class SparkAnalysesTest {
    @TempDir
    static Path folder;

    static Path mapFile;
    static SparkTestData.Engines engines;

    @BeforeAll
    static void simulateImportAndExport() throws Exception {
        StringBuilder bot = new StringBuilder();
        for (int i = 0; i < 3_000; i++) {
            bot.append(String.format("{\"type\":\"page\",\"name\":\"Web site\",\"messageId\":\"bot-%d\",\"anonymousId\":\"bot-1\","
                    + "\"timestamp\":\"2025-11-02T10:%02d:%02d.%03dZ\",\"context\":{\"page\":{\"path\":\"/crawl-%d\"}}}%n",
                    i, i / 60 % 60, i % 60, i % 1000, i));
        }
        SparkTestData.Simulated simulated = SparkTestData.simulated(folder, 1500, 3, bot.toString());
        mapFile = folder.resolve("exported.yaml");
        parcours("map", "export", "--data", simulated.data().toString(), "--out", mapFile.toString());

        engines = SparkTestData.Engines.of(simulated.data(), simulated.parquet());
    }

    @AfterAll
    static void close() {
        if (engines != null) {
            engines.close();
        }
    }

    static Stream<List<String>> requests() {
        return Stream.of(
                List.of("funnel", "map=amina-current"),
                List.of("funnel", "map=amina-current", "breakdown=channel", "windowDays=7", "strict=true"),
                List.of("funnel", "map=amina-current", "breakdown=touchpoint", "top=3"),
                List.of("funnel", "map=amina-current", "breakdown=persona"),
                List.of("funnel", "map=amina-current", "breakdown=trait.segment"),
                List.of("funnel", "map=amina-current", "breakdown=property.campaign"),
                List.of("funnel", "map=amina-current", "from=2025-11-01", "to=2025-12-15"),
                List.of("paths"),
                List.of("paths", "map=amina-current", "start=website", "collapse=true", "steps=4", "nodes=5"),
                List.of("paths", "map=amina-current", "end=order-placed", "sessionMinutes=30"),
                List.of("process"),
                List.of("process", "map=amina-current", "minFrequency=5", "variants=20"),
                List.of("process", "maxJourneyEvents=1000"),
                List.of("attribution", "map=amina-current"),
                List.of("attribution", "map=amina-current", "model=shapley", "by=touchpoint"),
                List.of("attribution", "map=amina-current", "model=linear", "lookbackDays=14"),
                List.of("attribution", "map=amina-current", "model=time-decay", "halfLifeDays=3"),
                List.of("attribution", "map=amina-current", "model=first", "channel=web"),
                List.of("conformance", "map=amina-current"),
                List.of("conformance", "map=amina-current", "persona=marc"),
                List.of("touchpoints", "map=amina-current"),
                List.of("touchpoints", "map=amina-current", "model=position", "trait=buys_gifts=true"),
                List.of("abandonment", "map=amina-current", "intent=cart"),
                List.of("abandonment", "map=amina-current", "intent=checkout", "windowDays=2", "limit=7",
                        "property=campaign=forgotten-cart"),
                List.of("process", "map=amina-current", "source=import", "valueProperty=revenue"));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void sparkGivesTheEmbeddedAnswer(List<String> asked) {
        SparkAnalyses.Outcome outcome = engines.assertSameAnswer(asked, mapFile, "akwaba");
        assertThat(outcome.journeys()).isPositive();
    }

    @Test
    void sparkListensOnLoopbackOnly() {
        org.apache.spark.SparkContext context = SharedSpark.session().sparkContext();
        assertThat(context.getConf().get("spark.driver.host")).isEqualTo("127.0.0.1");
        assertThat(context.getConf().get("spark.driver.bindAddress")).isEqualTo("127.0.0.1");
        assertThat(org.apache.spark.SparkEnv.get().blockManager().blockManagerId().host()).isEqualTo("127.0.0.1");
        assertThat(context.master()).isEqualTo("local[2]");
    }

    @Test
    void aGiantJourneyIsLeftOutAsTheEmbeddedEngineLeavesItOut() {
        Map<String, String> parameters = Map.of("maxJourneyEvents", "1000");
        SparkAnalyses.Outcome capped = engines.spark().run(engines.events(), AnalysisRequest.of("process", parameters),
                MapSource.fromFile(mapFile, Optional.empty(), Optional.empty()));
        SparkAnalyses.Outcome all = engines.spark().run(engines.events(), AnalysisRequest.of("process", Map.of()),
                MapSource.fromFile(mapFile, Optional.empty(), Optional.empty()));

        assertThat(capped.leftOut()).containsExactly(new SparkAnalyses.GiantJourney("bot-1", 3_000));
        assertThat(all.leftOut()).isEmpty();
        assertThat(all.journeys() - capped.journeys()).as("only the bot is left out").isEqualTo(1);
        assertThat(all.events() - capped.events()).as("its events never reach the journeys").isEqualTo(3_000);
        JsonNode cappedJson = Json.mapper().valueToTree(capped.result());
        assertThat(cappedJson.get("cases").asLong()).isEqualTo(all.journeys() - 1);
        assertThat(cappedJson).isEqualTo(Json.mapper().valueToTree(engines.embedded().run("process", "akwaba", parameters)));
    }
}
