package io.parcours.analytics;

import java.util.Arrays;

/** A growable list of longs without boxing, for the durations and similar figures of partial results. Not thread-safe. */
final class LongList implements java.io.Serializable {
    private long[] values = new long[16];
    private int size;

    void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    void addAll(LongList other) {
        if (size + other.size > values.length) {
            values = Arrays.copyOf(values, Math.max(size + other.size, size * 2));
        }
        System.arraycopy(other.values, 0, values, size, other.size);
        size += other.size;
    }

    int size() {
        return size;
    }

    /** The values, sorted (a copy). */
    long[] sorted() {
        long[] copy = Arrays.copyOf(values, size);
        Arrays.sort(copy);
        return copy;
    }
}
