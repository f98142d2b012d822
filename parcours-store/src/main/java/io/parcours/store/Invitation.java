package io.parcours.store;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * An invitation to answer a survey: one customer, one survey of a map's touchpoint, due at a time
 * and open until it expires or is answered. Its token is the capability that lets the customer
 * answer without logging in: it names the invitation and is signed, so tokens cannot be guessed.
 */
public record Invitation(long id, String token, String workspace, String map, String survey, String touchpoint,
        String customer, Optional<Long> eventSeq, String locale, Optional<String> email, Instant createdAt,
        Instant dueAt, Instant expiresAt, Optional<Instant> sentAt, Optional<Instant> answeredAt) {

    /** Where an invitation stands at a time. */
    public enum Status {
        /** Made, but not due yet (a survey with a delay). */
        WAITING,
        /** Due and not answered: the page, the widget and e-mail offer it. */
        OPEN,
        ANSWERED,
        EXPIRED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Status status(Instant now) {
        if (answeredAt.isPresent()) {
            return Status.ANSWERED;
        }
        if (!now.isBefore(expiresAt)) {
            return Status.EXPIRED;
        }
        return now.isBefore(dueAt) ? Status.WAITING : Status.OPEN;
    }
}
