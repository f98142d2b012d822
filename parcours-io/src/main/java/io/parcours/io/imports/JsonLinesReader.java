package io.parcours.io.imports;

import io.parcours.io.segment.SegmentMessages;
import io.parcours.model.ParcoursException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a file of Segment messages, one JSON object per line, with exactly the checks of the HTTP
 * API ({@link SegmentMessages#line}). Blank lines are skipped.
 *
 * <p>Lines are cut by hand rather than by {@link java.io.BufferedReader#readLine}: a line longer
 * than a message may be is rejected without being held in memory (a file without line breaks, such
 * as a JSON array on one line, cannot exhaust it), and bytes that are not UTF-8 are reported at the
 * line that holds them, since the decoder hands over every character before them first.
 */
final class JsonLinesReader extends LookaheadReader {
    private final InputStream in;
    private final long receivedAt;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] bytes = new byte[1 << 16];
    private final ByteBuffer input = ByteBuffer.wrap(bytes).limit(0);
    private final CharBuffer chars = CharBuffer.allocate(1 << 16).limit(0);
    private boolean endOfFile;
    /** The bytes after the characters decoded so far are not UTF-8. */
    private boolean malformed;
    /** The line {@link #readLine} stopped in holds those bytes. */
    private boolean notUtf8;
    private long lineNumber;
    /** The line being read, up to one character more than a message may hold. */
    private final StringBuilder line = new StringBuilder();
    /** How long the line being read is, in characters, even beyond what is kept. */
    private long lineLength;
    private boolean afterCarriageReturn;

    JsonLinesReader(InputStream in, long receivedAt) {
        this(new CountingInputStream(in), receivedAt);
    }

    private JsonLinesReader(CountingInputStream counting, long receivedAt) {
        super(counting);
        this.in = counting;
        this.receivedAt = receivedAt;
    }

    @Override
    ImportItem readNext() {
        while (true) {
            try {
                if (!readLine()) {
                    return null;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            lineNumber++;
            if (notUtf8) {
                throw ParcoursException.invalid("", "line " + lineNumber + " is not valid UTF-8: save the file as UTF-8");
            }
            if (lineLength > SegmentMessages.MAX_MESSAGE_BYTES) {
                return new ImportItem.Rejected(lineNumber, "the line is " + lineLength + " characters long; a message may be "
                        + "at most " + SegmentMessages.MAX_MESSAGE_BYTES + " bytes (32 KB): write one message per line");
            }
            String text = line.toString();
            if (text.isBlank()) {
                continue;
            }
            try {
                return new ImportItem.Accepted(lineNumber, SegmentMessages.line(text, receivedAt));
            } catch (ParcoursException e) {
                return new ImportItem.Rejected(lineNumber, e.getMessage());
            }
        }
    }

    /**
     * Reads the next line (ended by LF, CR or CRLF, as {@link java.io.BufferedReader#readLine} does)
     * into {@code line}, keeping at most one character more than a message may hold; false at the
     * end of the file. Stops early, returning true, where the bytes stop being UTF-8.
     */
    private boolean readLine() throws IOException {
        line.setLength(0);
        lineLength = 0;
        boolean any = false;
        while (true) {
            if (!chars.hasRemaining() && !fill()) {
                notUtf8 = malformed;
                return any || malformed;
            }
            char c = chars.get();
            if (afterCarriageReturn) {
                afterCarriageReturn = false;
                if (c == '\n') {
                    continue;
                }
            }
            if (c == '\n' || c == '\r') {
                afterCarriageReturn = c == '\r';
                return true;
            }
            any = true;
            if (lineLength++ <= SegmentMessages.MAX_MESSAGE_BYTES) {
                line.append(c);
            }
        }
    }

    /** Decodes the next characters into {@code chars}; false when there are none (the end, or bytes that are not UTF-8). */
    private boolean fill() throws IOException {
        chars.clear();
        while (chars.position() == 0 && !malformed) {
            CoderResult result = decoder.decode(input, chars, endOfFile);
            if (result.isError()) {
                malformed = true;
            } else if (result.isOverflow() || endOfFile) {
                break;
            } else {
                input.compact();
                int read = in.read(bytes, input.position(), input.remaining());
                if (read < 0) {
                    endOfFile = true;
                } else {
                    input.position(input.position() + read);
                }
                input.flip();
            }
        }
        chars.flip();
        return chars.hasRemaining();
    }

    @Override
    java.io.Closeable source() {
        return in;
    }
}
