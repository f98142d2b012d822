package io.parcours.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A logged-in browser: its user, the token that every form and script must send back (against
 * cross-site request forgery), and when it ends. Only the SHA-256 of the session's secret is
 * stored, so a copy of the database opens no session.
 */
public record UserSession(String sessionHash, User user, String csrfToken, Instant createdAt, Instant expiresAt) {
    public UserSession {
        requireNonNull(sessionHash, "sessionHash is null");
        requireNonNull(user, "user is null");
        requireNonNull(csrfToken, "csrfToken is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
    }
}
