package io.parcours.model;

import static java.util.Objects.requireNonNull;

/**
 * A place in a text input: the source (a file name, or "request body"), and a 1-based line and column.
 */
public record SourceLocation(String source, int line, int column) {
    public SourceLocation {
        requireNonNull(source, "source is null");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column start at 1");
        }
    }

    @Override
    public String toString() {
        return source + ":" + line + ":" + column;
    }
}
