package io.parcours.io.imports;

import io.parcours.io.segment.SegmentMessages;
import io.parcours.model.ParcoursException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;

/**
 * Reads a file of Segment messages, one JSON object per line, with exactly the checks of the HTTP
 * API ({@link SegmentMessages#line}). Blank lines are skipped.
 */
final class JsonLinesReader implements EventFileReader {
    private final CountingInputStream counting;
    private final BufferedReader lines;
    private final long receivedAt;
    private long lineNumber;
    private ImportItem next;

    JsonLinesReader(InputStream in, long receivedAt) {
        this.counting = new CountingInputStream(in);
        this.lines = new BufferedReader(new InputStreamReader(counting, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
        this.receivedAt = receivedAt;
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            String line;
            try {
                line = lines.readLine();
            } catch (java.nio.charset.CharacterCodingException e) {
                throw ParcoursException.invalid("", "line " + (lineNumber + 1) + " is not valid UTF-8: save the file as UTF-8");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (line == null) {
                return false;
            }
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                next = new ImportItem.Accepted(lineNumber, SegmentMessages.line(line, receivedAt));
            } catch (ParcoursException e) {
                next = new ImportItem.Rejected(lineNumber, e.getMessage());
            }
        }
        return true;
    }

    @Override
    public ImportItem next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ImportItem item = next;
        next = null;
        return item;
    }

    @Override
    public long bytesRead() {
        return counting.count();
    }

    @Override
    public void close() {
        try {
            lines.close();
        } catch (IOException ignored) {
            // closing a file we only read
        }
    }
}
