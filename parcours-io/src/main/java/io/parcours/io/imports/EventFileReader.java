package io.parcours.io.imports;

import java.util.Iterator;

/**
 * Reads a file of events one at a time, streaming, so that a file larger than memory imports. A
 * bad row is returned as {@link ImportItem.Rejected} and reading goes on. Not thread-safe.
 */
public interface EventFileReader extends Iterator<ImportItem>, AutoCloseable {
    /** How many bytes of the file have been read, for progress. */
    long bytesRead();

    /** What {@link ImportItem#position()} counts, for messages: "line" or "event". */
    default String positionName() {
        return "line";
    }

    @Override
    void close();
}
