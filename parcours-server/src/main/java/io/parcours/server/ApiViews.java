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

    /** What {@code /health} answers. */
    record Health(String status, String version) {}
}
