package io.parcours.store;

import io.parcours.model.Role;
import java.time.Instant;
import java.util.Optional;

/**
 * An API token as stored: never the secret itself, only its id, name, role and dates. A personal
 * token belongs to a user ({@code userId}) and acts with that user's current role; a token made
 * from the command line has no user and acts with its own role.
 */
public record ApiToken(String id, String name, Role role, Instant createdAt, Optional<Instant> revokedAt,
        Optional<String> userId) {
    public boolean active() {
        return revokedAt.isEmpty();
    }
}
