package io.parcours.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a person or a token may do in Parcours. Each role includes the ones below it: a viewer reads
 * maps, analyses and results; an editor also changes maps, surveys and hypotheses; an admin also
 * manages users, write keys and settings.
 */
public enum Role {
    VIEWER, EDITOR, ADMIN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this role may do what {@code needed} may do. */
    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    public static Optional<Role> fromId(String id) {
        return Arrays.stream(values()).filter(role -> role.id().equals(id)).findFirst();
    }

    /** The role named {@code id}, or an input error that lists the roles. */
    public static Role parse(String field, String id) {
        return fromId(id == null ? "" : id.trim().toLowerCase(Locale.ROOT)).orElseThrow(() -> ParcoursException.invalid(field,
                "unknown role '" + id + "': use viewer (reads), editor (also changes maps, surveys and hypotheses) "
                        + "or admin (also manages users, write keys and settings)"));
    }
}
