package io.parcours.store;

import static java.util.Objects.requireNonNull;

import io.parcours.model.Role;
import java.time.Instant;
import java.util.Optional;

/**
 * A person who logs in to the dashboard: an e-mail address (kept in lower case, unique), a name, a
 * role, the language they chose for the pages (empty: the browser's), and whether an admin disabled
 * them. The password hash never leaves the store in this record.
 */
public record User(String id, String email, String name, Role role, Optional<String> language, Instant createdAt,
        Optional<Instant> disabledAt) {
    public User {
        requireNonNull(id, "id is null");
        requireNonNull(email, "email is null");
        requireNonNull(name, "name is null");
        requireNonNull(role, "role is null");
        requireNonNull(language, "language is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(disabledAt, "disabledAt is null");
    }

    public boolean active() {
        return disabledAt.isEmpty();
    }
}
