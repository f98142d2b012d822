package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A customer's events are found in the stretch of the events table the journey index points to,
 * even when another workspace's events arrive in between, and a journey read that way is whole.
 */
class JourneyRangeTest {
    @TempDir
    Path data;
    ServerTestSupport parcours;

    @BeforeEach
    void start() {
        parcours = new ServerTestSupport(data);
    }

    @AfterEach
    void stop() {
        parcours.close();
    }

    private String keyOf(String workspace) {
        parcours.post("/api/workspaces", "{\"key\": \"" + workspace + "\", \"name\": \"" + workspace + "\"}");
        parcours.post("/api/workspaces/" + workspace + "/sources", "{\"key\": \"web\", \"name\": \"Web\"}");
        return parcours.post("/api/workspaces/" + workspace + "/sources/web/keys", "").json().get("secret").asText();
    }

    private static String track(String id, String event, int minute) {
        return "{\"type\": \"track\", \"anonymousId\": \"" + id + "\", \"event\": \"" + event
                + "\", \"timestamp\": \"2026-03-01T10:" + String.format("%02d", minute) + ":00Z\"}";
    }

    @Test
    void theIndexPointsToAStretchThatHoldsEveryEventOfTheCustomer() {
        String first = keyOf("first");
        String second = keyOf("second");
        for (int round = 0; round < 5; round++) {
            AnalyticsApiTest.send(parcours, first, "{\"batch\": [" + track("ana", "Visit " + round, round) + ", "
                    + track("ben", "Visit " + round, round) + "]}");
            AnalyticsApiTest.send(parcours, second, "{\"batch\": [" + track("ana", "Elsewhere", round) + "]}");
            AnalyticsApiTest.send(parcours, first, "{\"batch\": [" + track("chloe", "Visit " + round, 30 + round) + "]}");
        }
        // An identify that stitches a device to ana: her journey is both ids' events.
        AnalyticsApiTest.send(parcours, first, "{\"batch\": [{\"type\": \"identify\", \"userId\": \"ana\", "
                + "\"anonymousId\": \"ana-phone\", \"timestamp\": \"2026-03-01T11:00:00Z\"}, "
                + track("ana-phone", "App opened", 59) + "]}");
        try (Journeys journeys = Journeys.follow(parcours.store)) {
            for (String customer : List.of("ana", "ben", "chloe")) {
                Journeys.EventRange range = journeys.rangeOf("first", customer).orElseThrow();
                List<String> ids = journeys.idsOf("first", customer);
                int all = parcours.store.eventsOf("first", ids, 1000).size();
                assertThat(range.events()).as(customer).isEqualTo(all);
                assertThat(parcours.store.eventsOf("first", ids, 1000, range.first(), range.last())).as(customer)
                        .hasSize(all);
            }
            assertThat(journeys.rangeOf("first", "ana").orElseThrow().events()).isEqualTo(7);
            assertThat(journeys.rangeOf("first", "nobody")).isEmpty();
        }
        // The API's journey, read through the range, is whole and in time order.
        var journey = parcours.get("/api/workspaces/first/customers/ana/journey").json();
        assertThat(journey.get("events").asInt()).isEqualTo(7);
    }
}
