package io.parcours.io.imports;

import io.parcours.model.Event;

/** One row, line or event of an imported file: an event to store, or a rejection with its reason. */
public sealed interface ImportItem {
    /** Where it stands in the file: a line number (CSV, JSON lines) or an event number (XES). */
    long position();

    /** An event read from the file. */
    record Accepted(long position, Event event) implements ImportItem {}

    /** A row that cannot become an event, and why. */
    record Rejected(long position, String reason) implements ImportItem {}
}
