package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.parcours.model.Event;
import io.parcours.model.EventType;
import io.parcours.store.EventLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The KPI table's time from a touchpoint to the next stage, from real events on a real server. */
class TimeToNextStageApiTest {
    @TempDir
    Path data;

    @Test
    void theMedianHoursToTheNextStageAreJudgedAgainstTheirTarget() {
        try (ServerTestSupport parcours = new ServerTestSupport(data)) {
            parcours.akwabaWithMap("""
                    key: shop
                    name: Shop
                    persona: amina
                    stages:
                      - key: browse
                        name: Browse
                        touchpoints:
                          - {key: product-page, name: Product page, channel: web, match: [Product Viewed],
                             targets: {time-to-next-stage: 24}}
                      - key: buy
                        name: Buy
                        touchpoints:
                          - {key: order, name: Order, channel: web, match: [Order Completed]}
                    """);
            parcours.store.createSource("akwaba", "web", "Web");
            List<Event> events = new ArrayList<>();
            long start = 1_790_000_000_000L;
            for (int k = 1; k <= 40; k++) {
                events.add(new Event("v" + k, EventType.TRACK, "Product Viewed", Optional.of("c" + k), Optional.empty(), start,
                        start, "{}", "{}", "{}", Optional.empty(), Optional.empty()));
                long ordered = start + k * 3_600_000L;
                events.add(new Event("o" + k, EventType.TRACK, "Order Completed", Optional.of("c" + k), Optional.empty(),
                        ordered, ordered, "{}", "{}", "{}", Optional.empty(), Optional.empty()));
            }
            parcours.store.events().append(new EventLog.Origin("akwaba", "web"), events).join();
            parcours.store.events().awaitLoaded(30_000);
            JsonNode table = parcours.get("/api/workspaces/akwaba/kpis?map=shop").json();
            JsonNode time = null;
            for (JsonNode kpi : table.at("/rows/0/kpis")) {
                if (kpi.get("metric").asText().equals("time-to-next-stage")) {
                    time = kpi;
                }
            }
            assertThat(time).as(table.toString()).isNotNull();
            // 1 to 40 hours: the median is the 20th, its interval the 13th to the 28th (20 ± 6.2, rounded outwards)
            assertThat(time.get("answers").asLong()).isEqualTo(40);
            assertThat(time.at("/estimate/value").asDouble()).isCloseTo(20, within(1e-9));
            assertThat(time.at("/estimate/low").asDouble()).isCloseTo(13, within(1e-9));
            assertThat(time.at("/estimate/high").asDouble()).isCloseTo(28, within(1e-9));
            assertThat(time.get("status").asText()).as("24 hours lies inside the interval").isEqualTo("amber");
            JsonNode fewer = parcours.get("/api/workspaces/akwaba/kpis?map=shop&minAnswers=50").json();
            assertThat(fewer.at("/rows/0/kpis/0/status").asText()).isEqualTo("grey");
        }
    }
}
