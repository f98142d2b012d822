package io.parcours.store;

import static java.util.Objects.requireNonNull;

import io.parcours.model.JourneyMap;
import java.time.Instant;

/** One saved version of a journey map: its number (1, 2, ...), when and by whom it was saved, why, and the map. */
public record MapVersion(String workspace, int version, Instant savedAt, String author, String message, JourneyMap map) {
    public MapVersion {
        requireNonNull(workspace, "workspace is null");
        requireNonNull(savedAt, "savedAt is null");
        requireNonNull(author, "author is null");
        requireNonNull(message, "message is null");
        requireNonNull(map, "map is null");
    }

    public VersionInfo info() {
        return new VersionInfo(version, savedAt, author, message);
    }
}
