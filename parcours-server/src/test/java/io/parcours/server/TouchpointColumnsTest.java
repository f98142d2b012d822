package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.analytics.JourneyRunner;
import io.parcours.analytics.JourneySteps;
import io.parcours.analytics.TouchpointMatcher;
import io.parcours.model.Channel;
import io.parcours.model.Event;
import io.parcours.model.EventType;
import io.parcours.model.JourneyMap;
import io.parcours.model.MapState;
import io.parcours.model.MatchRule;
import io.parcours.model.Stage;
import io.parcours.model.Touchpoint;
import io.parcours.store.EventLog;
import io.parcours.store.ParcoursStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The touchpoint of every stored event, as the analyses find it (fields extracted by DuckDB), is
 * the one the matcher finds on the whole event: strings, escapes, numbers and booleans as written,
 * globs with SQL's special characters, nested fields, nulls, objects and missing fields.
 */
class TouchpointColumnsTest {
    @TempDir
    Path data;

    private static Touchpoint touchpoint(String key, String stage, Optional<String> parent, MatchRule... rules) {
        return new Touchpoint(key, key, stage, Channel.WEB, Optional.empty(), parent, "", List.of(), List.of(rules));
    }

    private static MatchRule where(String event, Map<String, String> conditions) {
        return new MatchRule(event == null ? List.of() : List.of(event), Optional.empty(), conditions);
    }

    @Test
    void theAnalysesSeeEachEventAtTheTouchpointTheMatcherGivesIt() {
        JourneyMap map = new JourneyMap("m", "M", "p", MapState.CURRENT, "", Optional.empty(), Optional.empty(),
                List.of(Stage.of("s1", "S1"), Stage.of("s2", "S2")),
                List.of(touchpoint("site", "s1", Optional.empty(), new MatchRule(List.of(), Optional.of(EventType.PAGE), Map.of())),
                        touchpoint("promo", "s1", Optional.of("site"), where(null, Map.of("context.campaign.name", "50%_off*"))),
                        touchpoint("price", "s2", Optional.empty(), where("Viewed", Map.of("properties.price", "120.50"))),
                        touchpoint("flag", "s2", Optional.empty(), where("Viewed", Map.of("properties.gift", "true"))),
                        touchpoint("quote", "s2", Optional.empty(), where("Said", Map.of("properties.text", "a \"b\" c"))),
                        touchpoint("deep", "s2", Optional.empty(), where(null, Map.of("traits.address.city", "Ly*")))));
        List<String[]> messages = List.of(
                new String[] {"page", "Home", "{}", "{\"campaign\": {\"name\": \"50%_off summer\"}}", "{}"},
                new String[] {"page", "Home", "{}", "{\"campaign\": {\"name\": \"50% off\"}}", "{}"},
                new String[] {"page", "Home", "{}", "{\"campaign\": {\"name\": \"50x_off\"}}", "{}"},
                new String[] {"track", "Viewed", "{\"price\": 120.50}", "{}", "{}"},
                new String[] {"track", "Viewed", "{\"price\": 120.5}", "{}", "{}"},
                new String[] {"track", "Viewed", "{\"price\": \"120.50\"}", "{}", "{}"},
                new String[] {"track", "Viewed", "{\"gift\": true}", "{}", "{}"},
                new String[] {"track", "Viewed", "{\"gift\": \"true\"}", "{}", "{}"},
                new String[] {"track", "Viewed", "{\"gift\": null, \"price\": {\"amount\": 120.50}}", "{}", "{}"},
                new String[] {"track", "Said", "{\"text\": \"a \\\"b\\\" c\"}", "{}", "{}"},
                new String[] {"track", "Said", "{\"text\": \"a \\u0022b\\u0022 c\"}", "{}", "{}"},
                new String[] {"track", "Moved", "{}", "{}", "{\"address\": {\"city\": \"Lyon\"}}"},
                new String[] {"track", "Moved", "{}", "{}", "{\"address\": \"Lyon\"}"},
                new String[] {"track", "Moved", "{}", "{}", "{\"address\": {\"city\": [\"Lyon\"]}}"},
                new String[] {"track", "Nothing", "{}", "{}", "{}"});
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            String[] m = messages.get(i);
            events.add(new Event("m" + i, EventType.fromId(m[0]).orElseThrow(), m[1], Optional.of("u" + i),
                    Optional.empty(), 1_000L * i, 1_000L * i, m[2], m[4], m[3], Optional.empty(), Optional.empty()));
        }
        try (ParcoursStore store = ParcoursStore.open(data)) {
            store.createWorkspace("w", "W", "");
            store.createSource("w", "web", "Web");
            store.savePersona("w", new io.parcours.model.Persona("p", "P", "", List.of(), List.of(), List.of()));
            store.saveMap("w", map, "test", "");
            store.events().append(new EventLog.Origin("w", "web"), events).join();
            try (Journeys journeys = Journeys.follow(store)) {
                JourneySteps steps = new JourneyAnalyses(store, journeys).touchpointSteps("w", "m");
                Map<String, String> seen = new LinkedHashMap<>();
                Map<String, String> expected = new LinkedHashMap<>();
                TouchpointMatcher matcher = TouchpointMatcher.of(map);
                for (Event event : events) {
                    List<String> matched = matcher.match(event);
                    String chosen = matched.contains("promo") ? "promo" : matched.isEmpty() ? "-" : matched.get(0);
                    expected.put(event.userId().orElseThrow(), chosen);
                    seen.put(event.userId().orElseThrow(), "-");
                }
                JourneyRunner.withWorkers(1).run(steps, new io.parcours.analytics.JourneyAnalysis<Object, Object>() {
                    @Override
                    public Object start() {
                        return null;
                    }

                    @Override
                    public void add(Object partial, io.parcours.analytics.Journey journey) {
                        seen.put(steps.index().customer(journey.customer()), steps.stepNames().get(journey.step(0)));
                    }

                    @Override
                    public Object merge(Object left, Object right) {
                        return null;
                    }

                    @Override
                    public Object finish(Object partial) {
                        return null;
                    }
                });
                assertThat(seen).isEqualTo(expected);
                // And the cases that make these checks worth it, by hand.
                assertThat(expected).containsEntry("u0", "promo").containsEntry("u1", "site").containsEntry("u2", "site")
                        .containsEntry("u3", "price").containsEntry("u4", "-").containsEntry("u5", "price")
                        .containsEntry("u6", "flag").containsEntry("u7", "flag").containsEntry("u8", "-")
                        .containsEntry("u9", "quote").containsEntry("u10", "quote").containsEntry("u11", "deep")
                        .containsEntry("u12", "-").containsEntry("u13", "-").containsEntry("u14", "-");
            }
        }
    }
}
