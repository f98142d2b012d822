package io.parcours.store;

import java.time.Instant;
import java.util.Optional;

/** An invitation the survey triggers decided to make, before the store numbers and signs it. */
public record NewInvitation(String map, String survey, String touchpoint, String customer, Optional<Long> eventSeq,
        String locale, Optional<String> email, Instant createdAt, Instant dueAt, Instant expiresAt) {}
