package io.parcours.store;

import java.time.Instant;
import java.util.Optional;

/** An API token as stored: never the secret itself, only its id, name, role and dates. */
public record ApiToken(String id, String name, String role, Instant createdAt, Optional<Instant> revokedAt) {
    public boolean active() {
        return revokedAt.isEmpty();
    }
}
