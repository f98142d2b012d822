package io.parcours.model;

import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of message of the Segment Tracking API: what a customer did ({@code track}), a page or
 * app screen seen, who they are ({@code identify}), a group they belong to, and an alias linking two
 * of their ids.
 */
public enum EventType {
    TRACK, PAGE, SCREEN, IDENTIFY, GROUP, ALIAS;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<EventType> fromId(String id) {
        for (EventType type : values()) {
            if (type.id().equals(id)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
