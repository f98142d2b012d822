package io.parcours.io.simulate;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A buffered writer of the bytes of JSON lines, with the few values that change from event to
 * event (numbers, hexadecimal ids, ISO-8601 times) written digit by digit into the buffer: no
 * string, formatter or encoder on the way, which is what lets the simulator write hundreds of
 * thousands of events a second. Everything else arrives as bytes encoded once, when the plan is
 * made. Not thread-safe.
 */
final class ByteSink {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final long DAY_MILLIS = 86_400_000L;

    private final OutputStream out;
    private final byte[] buffer;
    private int position;
    private long written;

    ByteSink(OutputStream out, int size) {
        this.out = out;
        this.buffer = new byte[size];
    }

    /** How many bytes were written so far, flushed or not. */
    long written() {
        return written + position;
    }

    void write(byte[] bytes) {
        if (position + bytes.length > buffer.length) {
            drain();
            if (bytes.length > buffer.length) {
                try {
                    out.write(bytes);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                written += bytes.length;
                return;
            }
        }
        System.arraycopy(bytes, 0, buffer, position, bytes.length);
        position += bytes.length;
    }

    void writeByte(char c) {
        room(1);
        buffer[position++] = (byte) c;
    }

    /** A non-negative whole number in decimal. */
    void writeNumber(long value) {
        room(20);
        if (value == 0) {
            buffer[position++] = '0';
            return;
        }
        int digits = 0;
        for (long rest = value; rest > 0; rest /= 10) {
            digits++;
        }
        int at = position + digits;
        for (long rest = value; rest > 0; rest /= 10) {
            buffer[--at] = (byte) ('0' + rest % 10);
        }
        position += digits;
    }

    /** An amount in hundredths, such as {@code 129.90} for 12990. */
    void writeCents(long cents) {
        writeNumber(cents / 100);
        room(3);
        long rest = cents % 100;
        buffer[position++] = '.';
        buffer[position++] = (byte) ('0' + rest / 10);
        buffer[position++] = (byte) ('0' + rest % 10);
    }

    /** The 16 hexadecimal digits of {@code value}, or the last {@code digits} of them. */
    void writeHex(long value, int digits) {
        room(digits);
        for (int i = digits - 1; i >= 0; i--) {
            buffer[position + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
        position += digits;
    }

    /** A time in milliseconds since 1970 as ISO-8601 UTC with milliseconds: {@code 2025-11-22T14:05:17.319Z}. */
    void writeTimestamp(long millis) {
        room(24);
        long days = Math.floorDiv(millis, DAY_MILLIS);
        int ofDay = (int) Math.floorMod(millis, DAY_MILLIS);
        // H. Hinnant's civil_from_days: the proleptic Gregorian date of a day number.
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long shiftedMonth = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
        int month = (int) (shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        digits(year, 4);
        buffer[position++] = '-';
        digits(month, 2);
        buffer[position++] = '-';
        digits(day, 2);
        buffer[position++] = 'T';
        digits(ofDay / 3_600_000, 2);
        buffer[position++] = ':';
        digits(ofDay / 60_000 % 60, 2);
        buffer[position++] = ':';
        digits(ofDay / 1000 % 60, 2);
        buffer[position++] = '.';
        digits(ofDay % 1000, 3);
        buffer[position++] = 'Z';
    }

    private void digits(int value, int count) {
        for (int i = count - 1; i >= 0; i--) {
            buffer[position + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        position += count;
    }

    private void room(int bytes) {
        if (position + bytes > buffer.length) {
            drain();
        }
    }

    private void drain() {
        try {
            out.write(buffer, 0, position);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        written += position;
        position = 0;
    }

    /** Writes out what the buffer holds and flushes the stream. */
    void flush() {
        drain();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
