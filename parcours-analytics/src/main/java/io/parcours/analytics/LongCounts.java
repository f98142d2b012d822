package io.parcours.analytics;

import java.util.function.LongBinaryOperator;

/**
 * Counts per long key, in an open-addressing table: no boxing, for the hot loops of analyses
 * (directly-follows pairs, for example). Keys must not be {@link Long#MIN_VALUE}. Not thread-safe.
 */
final class LongCounts implements java.io.Serializable {
    private static final long FREE = Long.MIN_VALUE;
    private long[] keys;
    private long[] counts;
    private int size;

    LongCounts() {
        keys = new long[16];
        counts = new long[16];
        java.util.Arrays.fill(keys, FREE);
    }

    void add(long key, long count) {
        int mask = keys.length - 1;
        int slot = (int) mix(key) & mask;
        while (keys[slot] != FREE && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        if (keys[slot] == FREE) {
            keys[slot] = key;
            size++;
            counts[slot] = count;
            if (size * 2 > keys.length) {
                grow();
            }
        } else {
            counts[slot] += count;
        }
    }

    /** Adds every count of {@code other} into this one. */
    void addAll(LongCounts other) {
        for (int slot = 0; slot < other.keys.length; slot++) {
            if (other.keys[slot] != FREE) {
                add(other.keys[slot], other.counts[slot]);
            }
        }
    }

    /** Hands every key and its count to {@code visitor} (its result is ignored), in no particular order. */
    void forEach(LongBinaryOperator visitor) {
        for (int slot = 0; slot < keys.length; slot++) {
            if (keys[slot] != FREE) {
                visitor.applyAsLong(keys[slot], counts[slot]);
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldCounts = counts;
        keys = new long[oldKeys.length * 2];
        counts = new long[oldKeys.length * 2];
        java.util.Arrays.fill(keys, FREE);
        size = 0;
        for (int slot = 0; slot < oldKeys.length; slot++) {
            if (oldKeys[slot] != FREE) {
                add(oldKeys[slot], oldCounts[slot]);
            }
        }
    }

    private static long mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 32);
    }
}
