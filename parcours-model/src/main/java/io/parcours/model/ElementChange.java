package io.parcours.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * How one stage or touchpoint differs between two versions of a map: added, removed, moved (to
 * another position or stage, and nothing else), or changed (fields differ; it may have moved too).
 */
public record ElementChange(String key, String name, Kind kind, Optional<Move> move, List<FieldChange> fields) {

    /** What happened to the element. */
    public enum Kind {
        ADDED, REMOVED, MOVED, CHANGED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Where the element was and where it is: "position 2" to "position 4", or "stage purchase" to "stage retention". */
    public record Move(String from, String to) {
        public Move {
            requireNonNull(from, "from is null");
            requireNonNull(to, "to is null");
        }
    }

    public ElementChange {
        requireNonNull(key, "key is null");
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(move, "move is null");
        fields = List.copyOf(fields);
    }
}
