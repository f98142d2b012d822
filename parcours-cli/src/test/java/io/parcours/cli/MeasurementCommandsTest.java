package io.parcours.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parcours.model.SurveyType;
import io.parcours.store.ParcoursStore;
import io.parcours.store.SurveyAnswer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parcours survey} and {@code parcours hypothesis} on a real data folder. */
class MeasurementCommandsTest {
    @TempDir
    Path folder;

    @Test
    void surveysAndHypothesesFromTheCommandLine() throws Exception {
        Path data = ShopFolder.with(folder, """
                          - {key: order, name: Order, channel: web, surveys: [{key: nps, type: nps}]}
                """);
        List<SurveyAnswer> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            boolean after = i >= 100;
            int score = after ? 10 : (i % 2 == 0 ? 10 : 2);
            answers.add(new SurveyAnswer(Optional.empty(), "akwaba", "shop", "nps", "order", SurveyType.NPS, "c" + i, "fr",
                    Optional.of(score), Optional.of(after ? "Livraison rapide" : "Livraison lente"),
                    "{}", Instant.parse(after ? "2026-10-05T10:00:00Z" : "2026-09-25T10:00:00Z")));
        }
        try (ParcoursStore store = ParcoursStore.open(data)) {
            store.surveys().appendAnswers("akwaba", answers);
        }
        String[] dataFlag = {"--data", data.toString()};
        CliRun terms = CliRun.of(join(new String[] {"survey", "terms", "--map", "shop"}, dataFlag));
        assertThat(terms.out()).contains("shop/order (200 comments)", "livraison 200", "livraison lente 100");
        CliRun search = CliRun.of(join(new String[] {"survey", "answers", "--search", "RAPIDE", "--limit", "5"}, dataFlag));
        assertThat(search.out().lines()).hasSize(5).allMatch(line -> line.endsWith("Livraison rapide"));
        assertThat(CliRun.of(join(new String[] {"survey", "throttle", "14"}, dataFlag)).out()).contains("once every 14 days");
        assertThat(CliRun.of(join(new String[] {"survey", "throttle", "-3"}, dataFlag)).exitCode()).isEqualTo(3);

        Path hypothesis = folder.resolve("faster.json");
        Files.writeString(hypothesis, """
                {"map": "shop", "touchpoint": "order", "change": "Delivery in 24 hours", "metric": "nps",
                 "expectedEffect": 10, "test": "before-after", "changedAt": "2026-10-01T00:00:00Z", "windowDays": 14}""");
        CliRun saved = CliRun.of(join(new String[] {"hypothesis", "save", "faster", "--from", hypothesis.toString()}, dataFlag));
        assertThat(saved.exitCode()).as(saved.err()).isZero();
        assertThat(saved.out()).contains("faster", "to-test", "before-after");
        CliRun evaluated = CliRun.of(join(new String[] {"hypothesis", "evaluate", "faster", "--json"}, dataFlag));
        JsonNode evaluation = new ObjectMapper().readTree(evaluated.out());
        assertThat(evaluation.get("verdict").asText()).isEqualTo("supported");
        assertThat(CliRun.of(join(new String[] {"hypothesis", "evaluate", "faster"}, dataFlag)).out())
                .contains("faster: supported (before/after comparison: weaker evidence", "after", "z-test");
        assertThat(CliRun.of(join(new String[] {"hypothesis", "start", "faster"}, dataFlag)).out()).contains("running");
        CliRun twice = CliRun.of(join(new String[] {"hypothesis", "start", "faster"}, dataFlag));
        assertThat(twice.exitCode()).isEqualTo(5);
        assertThat(twice.err().strip().lines()).hasSize(1);
        Files.writeString(hypothesis, "{\"map\": \"shop\"");
        CliRun broken = CliRun.of(join(new String[] {"hypothesis", "save", "bad", "--from", hypothesis.toString()}, dataFlag));
        assertThat(broken.exitCode()).isEqualTo(3);
        assertThat(broken.err()).contains("is not valid JSON");
        assertThat(CliRun.of(join(new String[] {"hypothesis", "list"}, dataFlag)).out().lines()).hasSize(1);
    }

    private static String[] join(String[] first, String[] second) {
        String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
