package io.parcours.server;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON shapes the API answers with, besides the map format's own objects and the store's records. */
final class ApiViews {
    private ApiViews() {}

    /** A workspace with its teams, personas and a summary of each map. */
    record WorkspaceView(String key, String name, String description, List<Map<String, Object>> teams,
            List<Map<String, Object>> personas, List<MapSummary> maps) {}

    /** One map as listed: key, name, persona, state, its latest version and its size. */
    record MapSummary(String key, String name, String persona, String state, int latestVersion, int stages,
            int touchpoints) {}

    /** The outcome of saving a map: the version it now has, and whether the save changed anything. */
    record SavedMap(String map, int version, boolean changed, Instant savedAt, String author, String message) {}

    /** The body of {@code POST /api/workspaces} and {@code PUT /api/workspaces/{ws}}. */
    record WorkspaceFields(String key, String name, String description) {}

    /** The body of {@code POST /api/workspaces/{ws}/sources}. */
    record SourceFields(String key, String name) {}

    /** A write key just created, with its secret, shown this once. */
    record NewWriteKey(String id, String source, String secret) {}

    /** An event as the API shows it: its payloads as JSON objects, its times in ISO-8601. */
    record EventView(long seq, String source, String messageId, String type, String name,
            java.util.Optional<String> userId, java.util.Optional<String> anonymousId, Instant timestamp, Instant receivedAt,
            com.fasterxml.jackson.databind.JsonNode properties, com.fasterxml.jackson.databind.JsonNode traits,
            com.fasterxml.jackson.databind.JsonNode context, List<TouchpointRef> touchpoints) {}

    /** A touchpoint an event matched, with its stage. */
    record TouchpointRef(String key, String name, String stage) {}

    /** An event name that no touchpoint of a map takes, with how often it was seen. */
    record UnmatchedEvent(String type, String name, long events, long customers) {}

    /** One visit: events no more than the session gap apart. */
    record SessionView(Instant start, Instant end, List<EventView> events) {}

    /** One customer's journey: the customer, all the ids stitched into it, and their events by session. */
    record JourneyView(String customer, List<String> ids, java.util.Optional<String> persona,
            Map<String, String> traits, int events, List<SessionView> sessions) {}

    /** One activity of the journey index: how often it happened, and to how many customers. */
    record ActivityCount(String activity, long events, long customers) {}

    /** The journey index of a workspace at a glance. */
    record JourneysSummary(int events, int customers, int activities, double bytesPerEvent, List<ActivityCount> top) {}

    /** What {@code /health} answers. */
    record Health(String status, String version) {}

    /** Whether the instance should get traffic ({@code ready} or {@code unavailable}), and why not. */
    record Readiness(String status, String version, long eventsPending, long eventsLoadLag,
            java.util.Optional<String> reason) {}
}
