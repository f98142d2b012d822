package io.parcours.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One interaction of a customer, as received: a Segment-style message with its ids, name, time and
 * payloads. Times are milliseconds since the epoch (UTC): {@code timestamp} is when it happened
 * (corrected for the sender's clock), {@code receivedAt} when Parcours received it. Properties,
 * traits and context are kept as the JSON text that was sent, so nothing a source sends is lost.
 *
 * @param name the event name of a {@code track}, the page or screen name, or empty
 */
public record Event(
        String messageId,
        EventType type,
        String name,
        Optional<String> userId,
        Optional<String> anonymousId,
        long timestamp,
        long receivedAt,
        String properties,
        String traits,
        String context,
        Optional<String> previousId,
        Optional<String> groupId) {

    /** The longest id (message, user, anonymous, group) accepted. */
    public static final int MAX_ID_LENGTH = 256;

    public Event {
        requireNonNull(type, "type is null");
        messageId = id("messageId", messageId);
        name = name == null ? "" : name;
        userId = optionalId("userId", userId);
        anonymousId = optionalId("anonymousId", anonymousId);
        previousId = optionalId("previousId", previousId);
        groupId = optionalId("groupId", groupId);
        properties = properties == null ? "{}" : properties;
        traits = traits == null ? "{}" : traits;
        context = context == null ? "{}" : context;
        if (userId.isEmpty() && anonymousId.isEmpty()) {
            throw ParcoursException.invalid("userId", "a message needs a userId or an anonymousId: send the customer's id");
        }
        if (type == EventType.TRACK && name.isBlank()) {
            throw ParcoursException.invalid("event", "a track message needs 'event', the name of what the customer did");
        }
        if (name.length() > 1000) {
            throw ParcoursException.invalid(type == EventType.TRACK ? "event" : "name",
                    "the event name is " + name.length() + " characters long; the limit is 1000");
        }
        wholeCharacters(type == EventType.TRACK ? "event" : "name", name);
        if (type == EventType.ALIAS && previousId.isEmpty()) {
            throw ParcoursException.invalid("previousId", "an alias message needs 'previousId', the id it links to userId");
        }
        if (type == EventType.GROUP && groupId.isEmpty()) {
            throw ParcoursException.invalid("groupId", "a group message needs 'groupId'");
        }
    }

    /** The id that names the customer: the user id when known, else the anonymous id. */
    public String customerId() {
        return userId.orElseGet(anonymousId::orElseThrow);
    }

    /**
     * What the customer did, as a step of their journey: a track's event name, a page's or screen's
     * name; the type ({@code page}, {@code identify}...) for a message without a name.
     */
    public String activity() {
        return name.isEmpty() ? type.id() : name;
    }

    private static String id(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw ParcoursException.invalid(field, field + " is missing");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw ParcoursException.invalid(field, field + " is " + value.length() + " characters long; the limit is "
                    + MAX_ID_LENGTH);
        }
        wholeCharacters(field, value);
        return value;
    }

    /**
     * Refuses half of a UTF-16 surrogate pair on its own (a JSON escape can carry one):
     * UTF-8, in which the journal and the database keep texts, cannot hold it, so the id would be
     * stored as "?" and two different ids would become one.
     */
    private static void wholeCharacters(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ParcoursException.invalid(field, field + " holds half a character (\\u" + Integer.toHexString(c)
                        + ", a lone UTF-16 surrogate) at position " + (i + 1) + ": send whole characters");
            }
        }
    }

    private static Optional<String> optionalId(String field, Optional<String> value) {
        if (value == null || value.isEmpty() || value.get().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(id(field, value.get()));
    }
}
