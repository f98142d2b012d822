package io.parcours.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One thing wrong with an input: the field it concerns as a path such as
 * {@code maps[0].touchpoints[3].owner} (empty for the input as a whole), a message that says what
 * to change, and where it stands in the source text when the input came from a file or request body.
 */
public record Problem(String field, String message, Optional<SourceLocation> location) {
    public Problem {
        requireNonNull(field, "field is null");
        requireNonNull(message, "message is null");
        requireNonNull(location, "location is null");
    }

    public static Problem of(String field, String message) {
        return new Problem(field, message, Optional.empty());
    }

    /** The same problem with its field path put under {@code prefix}, for example {@code maps[2]}. */
    public Problem under(String prefix) {
        if (prefix.isEmpty()) {
            return this;
        }
        String path = field.isEmpty() ? prefix : field.startsWith("[") ? prefix + field : prefix + "." + field;
        return new Problem(path, message, location);
    }

    public Problem at(SourceLocation where) {
        return new Problem(field, message, Optional.of(where));
    }

    /** One line for a person: {@code file:3:7: message} or {@code field: message}. */
    @Override
    public String toString() {
        if (location.isPresent()) {
            return location.get() + ": " + message;
        }
        return field.isEmpty() ? message : field + ": " + message;
    }
}
