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

/**
 * Reads a file of Segment messages, one JSON object per line, with exactly the checks of the HTTP
 * API ({@link SegmentMessages#line}). Blank lines are skipped.
 */
final class JsonLinesReader extends LookaheadReader {
    private final BufferedReader lines;
    private final long receivedAt;
    private long lineNumber;

    JsonLinesReader(InputStream in, long receivedAt) {
        this(new CountingInputStream(in), receivedAt);
    }

    private JsonLinesReader(CountingInputStream counting, long receivedAt) {
        super(counting);
        this.lines = new BufferedReader(new InputStreamReader(counting, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
        this.receivedAt = receivedAt;
    }

    @Override
    ImportItem readNext() {
        while (true) {
            String line;
            try {
                line = lines.readLine();
            } catch (java.nio.charset.CharacterCodingException e) {
                throw ParcoursException.invalid("", "line " + (lineNumber + 1) + " is not valid UTF-8: save the file as UTF-8");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (line == null) {
                return null;
            }
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                return new ImportItem.Accepted(lineNumber, SegmentMessages.line(line, receivedAt));
            } catch (ParcoursException e) {
                return new ImportItem.Rejected(lineNumber, e.getMessage());
            }
        }
    }

    @Override
    java.io.Closeable source() {
        return lines;
    }
}
