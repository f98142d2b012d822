package io.parcours.io.imports;

import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import java.io.Closeable;
import java.io.IOException;
import java.util.NoSuchElementException;

/**
 * The shared part of the line-based readers: one item read ahead, the byte count for progress, and
 * closing the underlying file. A subclass reads the next item, or null at the end.
 */
abstract class LookaheadReader implements EventFileReader {
    private final CountingInputStream counting;
    private ImportItem next;
    private boolean ended;
    private long lastPosition;

    LookaheadReader(CountingInputStream counting) {
        this.counting = counting;
    }

    /** The next item of the file, or null when there is none. */
    abstract ImportItem readNext();

    /** What to close when reading is done. */
    abstract Closeable source();

    @Override
    public final boolean hasNext() {
        if (next == null && !ended) {
            try {
                next = readNext();
            } catch (java.io.UncheckedIOException e) {
                throw unreadable(e, lastPosition);
            }
            ended = next == null;
            if (next != null) {
                lastPosition = next.position();
            }
        }
        return next != null;
    }

    /** A damaged file (a cut or corrupt .gz) or a read error, refused with where reading stopped. */
    static ParcoursException unreadable(java.io.UncheckedIOException e, long afterLine) {
        return new ParcoursException(ErrorCode.INVALID_INPUT, "cannot read the file after line " + afterLine + ": "
                + e.getCause().getMessage(), e);
    }

    @Override
    public final ImportItem next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ImportItem item = next;
        next = null;
        return item;
    }

    @Override
    public final long bytesRead() {
        return counting.count();
    }

    @Override
    public final void close() {
        try {
            source().close();
        } catch (IOException ignored) {
            // closing a file we only read
        }
    }
}
