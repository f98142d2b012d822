package io.parcours.store;

import io.parcours.model.EventType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Journal records held as the bytes they were written as ({@link Journal}'s frames: length,
 * checksum, payload), for the loader: one array per group of events instead of a score of objects
 * per event, which the collector would otherwise trace and copy again and again while the events
 * wait for a load. Read field by field through a {@link Reader}, without making an event.
 */
final class JournalRecords {
    /** The texts of a record, in the order they are written. */
    static final int WORKSPACE = 0;
    static final int SOURCE = 1;
    static final int MESSAGE_ID = 2;
    static final int NAME = 3;
    static final int USER_ID = 4;
    static final int ANONYMOUS_ID = 5;
    static final int PROPERTIES = 6;
    static final int TRAITS = 7;
    static final int CONTEXT = 8;
    static final int PREVIOUS_ID = 9;
    static final int GROUP_ID = 10;
    static final int TEXTS = 11;
    /** The bytes of a payload before its texts: seq, fingerprint, type, timestamp, receivedAt. */
    static final int FIXED_BYTES = 8 + 8 + 1 + 8 + 8;
    /** The bytes of a frame before its payload: length and checksum. */
    static final int FRAME_BYTES = 8;

    private static final EventType[] TYPES = EventType.values();
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] bytes;
    private final int from;
    private final int to;
    private final int count;

    /** The {@code count} framed records in {@code bytes} from {@code from} up to {@code to}; the array is not copied. */
    JournalRecords(byte[] bytes, int from, int to, int count) {
        this.bytes = bytes;
        this.from = from;
        this.to = to;
        this.count = count;
    }

    /** How many records these are. */
    int count() {
        return count;
    }

    /** The records after the first {@code n} ({@code 0 < n < count()}); {@link #first} has the others. */
    JournalRecords after(int n) {
        int cut = offsetOf(n);
        return new JournalRecords(bytes, cut, to, count - n);
    }

    /** The first {@code n} records ({@code 0 < n < count()}). */
    JournalRecords first(int n) {
        return new JournalRecords(bytes, from, offsetOf(n), n);
    }

    private int offsetOf(int n) {
        if (n <= 0 || n >= count) {
            throw new IllegalArgumentException("cannot cut " + count + " records after " + n);
        }
        int position = from;
        for (int i = 0; i < n; i++) {
            position += FRAME_BYTES + readInt(bytes, position);
        }
        return position;
    }

    /** The seq of the payload (no frame) at the start of {@code payload}. */
    static long seqOf(byte[] payload) {
        return readLong(payload, 0);
    }

    /** The fingerprint of the payload (no frame) at the start of {@code payload}. */
    static long fingerprintOf(byte[] payload) {
        return readLong(payload, 8);
    }

    /** A reader placed before the first record. */
    Reader reader() {
        return new Reader(bytes, from, to);
    }

    /**
     * Reads records one after the other ({@link #next}), and the fields of the current one. Texts
     * come as strings, as copies of their UTF-8 bytes (what DuckDB's appender takes for a text
     * column), or are compared as bytes. Not thread-safe.
     */
    static final class Reader {
        private final byte[] bytes;
        private final int to;
        private int next;
        private final int[] start = new int[TEXTS];
        private final int[] length = new int[TEXTS];
        private long seq;
        private long fingerprint;
        private EventType type;
        private long timestamp;
        private long receivedAt;

        Reader(byte[] bytes, int from, int to) {
            this.bytes = bytes;
            this.next = from;
            this.to = to;
        }

        /** Moves to the next framed record; false when there is none. */
        boolean next() {
            if (next >= to) {
                return false;
            }
            int payloadLength = readInt(bytes, next);
            payload(next + FRAME_BYTES);
            next += FRAME_BYTES + payloadLength;
            return true;
        }

        /** Reads the payload (no frame) that starts at {@code at}. */
        void payload(int at) {
            seq = readLong(bytes, at);
            fingerprint = readLong(bytes, at + 8);
            type = TYPES[bytes[at + 16]];
            timestamp = readLong(bytes, at + 17);
            receivedAt = readLong(bytes, at + 25);
            int position = at + FIXED_BYTES;
            for (int field = 0; field < TEXTS; field++) {
                int size = readInt(bytes, position);
                position += 4;
                start[field] = position;
                length[field] = size;
                if (size > 0) {
                    position += size;
                }
            }
        }

        long seq() {
            return seq;
        }

        long fingerprint() {
            return fingerprint;
        }

        EventType type() {
            return type;
        }

        long timestamp() {
            return timestamp;
        }

        long receivedAt() {
            return receivedAt;
        }

        /** Whether the text is there (absent: an optional id not sent). */
        boolean present(int field) {
            return length[field] >= 0;
        }

        /** Whether the text is absent or empty. */
        boolean blank(int field) {
            return length[field] <= 0;
        }

        /** The text, or null when absent. */
        String text(int field) {
            int size = length[field];
            return size < 0 ? null : new String(bytes, start[field], size, StandardCharsets.UTF_8);
        }

        /** A copy of the text's UTF-8 bytes, or null when absent. */
        byte[] utf8(int field) {
            int size = length[field];
            return size < 0 ? null : Arrays.copyOfRange(bytes, start[field], start[field] + size);
        }

        /** Whether the text is there and has exactly these UTF-8 bytes. */
        boolean sameText(int field, byte[] utf8) {
            int size = length[field];
            return size >= 0 && utf8 != null && Arrays.equals(bytes, start[field], start[field] + size, utf8, 0, utf8.length);
        }
    }

    /** The big-endian int at {@code at}, as a {@link java.nio.ByteBuffer} writes it. */
    static int readInt(byte[] bytes, int at) {
        return (int) INT.get(bytes, at);
    }

    static long readLong(byte[] bytes, int at) {
        return (long) LONG.get(bytes, at);
    }
}
