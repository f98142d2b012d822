package io.parcours.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parcours.model.SurveyType;
import io.parcours.store.ParcoursStore;
import io.parcours.store.SurveyAnswer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parcours kpi} on a real data folder with answers. */
class KpiCommandTest {
    @TempDir
    Path folder;

    @Test
    void theTableAndTheJsonShowEachTouchpointsScore() throws Exception {
        Path data = ShopFolder.with(folder, """
                          - {key: order, name: Order, channel: web, targets: {nps: 30}, surveys: [{key: nps-order, type: nps}]}
                          - {key: shop, name: Shop visit, channel: store}
                """);
        List<SurveyAnswer> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(new SurveyAnswer(Optional.empty(), "akwaba", "shop", "nps-order", "order", SurveyType.NPS, "c" + i,
                    "en", Optional.of(i < 35 ? 10 : 2), Optional.empty(), "{}", Instant.parse("2026-10-01T10:00:00Z")));
        }
        try (ParcoursStore store = ParcoursStore.open(data)) {
            store.surveys().appendAnswers("akwaba", answers);
        }
        CliRun json = CliRun.of("kpi", "--map", "shop", "--data", data.toString(), "--json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode table = new ObjectMapper().readTree(json.out());
        JsonNode nps = table.at("/rows/0/kpis/0");
        // 35 promoters, 15 detractors of 50: NPS 40
        assertThat(nps.at("/estimate/value").asDouble()).isCloseTo(40, within(1e-9));
        assertThat(nps.get("status").asText()).isEqualTo("amber");

        CliRun text = CliRun.of("kpi", "--map", "shop", "--data", data.toString());
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).contains("KPIs of akwaba, map shop, by touchpoint", "Order", "NPS", "40.0", "amber",
                "Shop visit", "no answers");

        CliRun bad = CliRun.of("kpi", "--map", "shop", "--period", "year", "--data", data.toString());
        assertThat(bad.exitCode()).isEqualTo(3);
        assertThat(bad.err().strip().lines()).hasSize(1);
        assertThat(bad.err()).contains("day, week or month");
    }
}
