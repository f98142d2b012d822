package io.parcours.store;

import java.time.Instant;
import java.util.Optional;

/** A write key as stored: never the secret, only its id, the source it writes for and its dates. */
public record WriteKey(String id, String workspace, String source, Instant createdAt, Optional<Instant> revokedAt) {
    public boolean active() {
        return revokedAt.isEmpty();
    }
}
