package io.parcours.server;

import io.parcours.model.JourneyMap;
import io.parcours.model.Workspace;
import java.util.List;
import java.util.Map;

/**
 * One customer's journey as the timeline page shows it: the ids stitched into them, their traits
 * and persona, and their sessions with each event in time order, its source and the touchpoints
 * (with their stages) it matched. Made from the API's journey view, so the two always agree.
 * Public only because the compiled templates read it; every text is escaped by the template.
 *
 * @param persona the persona's name, or "" when no persona's rules match the traits
 */
public record CustomerTimeline(String customer, List<String> ids, String persona, Map<String, String> traits,
        int events, List<Session> sessions) {

    /** A visit: when it began and ended, and its events. */
    public record Session(String start, String end, List<Line> events) {}

    /**
     * One event.
     *
     * @param touchpoints each touchpoint it matched, as "name · stage"
     * @param properties its properties as compact JSON, or "" when it has none
     */
    public record Line(String time, String type, String name, String source, List<String> touchpoints,
            String properties) {}

    static CustomerTimeline of(ApiViews.JourneyView journey, Workspace workspace, java.util.Optional<JourneyMap> map,
            Texts t) {
        List<Session> sessions = journey.sessions().stream().map(session -> new Session(t.dateTime(session.start()),
                t.dateTime(session.end()), session.events().stream().map(event -> new Line(t.dateTime(event.timestamp()),
                        event.type(), event.name(), event.source(), event.touchpoints().stream()
                                .map(touchpoint -> touchpoint.name() + " · " + map.flatMap(m -> m.stage(touchpoint.stage()))
                                        .map(stage -> stage.name()).orElse(touchpoint.stage()))
                                .toList(),
                        event.properties() == null || event.properties().isEmpty() ? "" : event.properties().toString()))
                        .toList())).toList();
        String persona = journey.persona().map(key -> workspace.persona(key).map(p -> p.name()).orElse(key)).orElse("");
        return new CustomerTimeline(journey.customer(), journey.ids(), persona, journey.traits(), journey.events(),
                sessions);
    }
}
