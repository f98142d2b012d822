package io.parcours.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Which answers (or invitations) to read: one workspace, optionally one map and one touchpoint,
 * answered (or due) from {@code from} included to {@code to} excluded.
 */
public record AnswerFilter(String workspace, Optional<String> map, Optional<String> touchpoint, Instant from,
        Instant to) {
    public static AnswerFilter all(String workspace) {
        return new AnswerFilter(workspace, Optional.empty(), Optional.empty(), Instant.EPOCH,
                Instant.parse("9999-12-31T00:00:00Z"));
    }
}
