package io.parcours.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One field that differs between two versions: its name (such as {@code emotion.score} or
 * {@code pains}), its value before and after as text, and for list fields the items added and removed.
 */
public record FieldChange(String field, String before, String after, List<String> added, List<String> removed) {
    public FieldChange {
        requireNonNull(field, "field is null");
        requireNonNull(before, "before is null");
        requireNonNull(after, "after is null");
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }
}
