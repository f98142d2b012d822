package io.parcours.model;

import java.util.Locale;
import java.util.Optional;

/** Whether a journey map shows the journey as it is today or as the team wants it to become. */
public enum MapState {
    CURRENT("current"),
    FUTURE("future");

    private final String id;

    MapState(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<MapState> fromId(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        for (MapState state : values()) {
            if (state.id.equals(wanted)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
