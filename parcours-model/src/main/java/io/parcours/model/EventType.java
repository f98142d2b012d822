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

    /** The id, made once: the loader asks for it for every event it stores. */
    private final String id = name().toLowerCase(Locale.ROOT);

    /** The type as Segment names it: {@code track}, {@code page}... */
    public String id() {
        return id;
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
