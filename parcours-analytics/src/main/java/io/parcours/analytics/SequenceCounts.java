package io.parcours.analytics;

import java.util.Arrays;

/**
 * Counts of distinct sequences of ints (the variants of a process): an open-addressing table keyed
 * by a 64-bit hash of each sequence, every entry keeping its sequence in one flat buffer, so that a
 * hash match is confirmed by comparing the sequences themselves (the counts are exact). Adding a
 * sequence reads it twice, in order, and touches one table slot: cheap even when most sequences are
 * distinct. Tables of different workers merge entry by entry. Not thread-safe.
 */
final class SequenceCounts {
    private long[] hashes = new long[1024];
    private int[] entryOf = new int[1024];
    private int[] starts = new int[256];
    private int[] lengths = new int[256];
    private long[] counts = new long[256];
    private int entries;
    private int[] buffer = new int[4096];
    private int used;

    SequenceCounts() {
        Arrays.fill(entryOf, -1);
    }

    /** Counts {@code count} more of the sequence {@code values[0..length)}. */
    void add(int[] values, int length, long count) {
        add(values, 0, length, hash(values, 0, length), count);
    }

    private void add(int[] values, int from, int length, long hash, long count) {
        int mask = hashes.length - 1;
        int slot = (int) (hash & mask);
        while (entryOf[slot] >= 0) {
            int entry = entryOf[slot];
            if (hashes[slot] == hash && lengths[entry] == length
                    && Arrays.equals(buffer, starts[entry], starts[entry] + length, values, from, from + length)) {
                counts[entry] += count;
                return;
            }
            slot = (slot + 1) & mask;
        }
        if (entries == starts.length) {
            starts = Arrays.copyOf(starts, entries * 2);
            lengths = Arrays.copyOf(lengths, entries * 2);
            counts = Arrays.copyOf(counts, entries * 2);
        }
        if (used + length > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(used + length, buffer.length * 2));
        }
        System.arraycopy(values, from, buffer, used, length);
        starts[entries] = used;
        lengths[entries] = length;
        counts[entries] = count;
        used += length;
        hashes[slot] = hash;
        entryOf[slot] = entries++;
        if (entries * 2 > hashes.length) {
            grow();
        }
    }

    /** How many distinct sequences. */
    int distinct() {
        return entries;
    }

    /** Adds every sequence of {@code other}. */
    void addAll(SequenceCounts other) {
        for (int e = 0; e < other.entries; e++) {
            add(other.buffer, other.starts[e], other.lengths[e],
                    hash(other.buffer, other.starts[e], other.lengths[e]), other.counts[e]);
        }
    }

    /** What to do with each sequence and its count. */
    interface SequenceAction {
        void accept(int[] values, long count);
    }

    /** Every sequence (a fresh array each) with its count, in no particular order. */
    void forEach(SequenceAction action) {
        for (int e = 0; e < entries; e++) {
            action.accept(Arrays.copyOfRange(buffer, starts[e], starts[e] + lengths[e]), counts[e]);
        }
    }

    private static long hash(int[] values, int from, int length) {
        long h = 0x9E3779B97F4A7C15L ^ length;
        for (int i = from; i < from + length; i++) {
            h = (h + values[i]) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return h;
    }

    private void grow() {
        long[] oldHashes = hashes;
        int[] oldEntries = entryOf;
        hashes = new long[oldHashes.length * 2];
        entryOf = new int[oldHashes.length * 2];
        Arrays.fill(entryOf, -1);
        int mask = hashes.length - 1;
        for (int i = 0; i < oldHashes.length; i++) {
            if (oldEntries[i] >= 0) {
                int slot = (int) (oldHashes[i] & mask);
                while (entryOf[slot] >= 0) {
                    slot = (slot + 1) & mask;
                }
                hashes[slot] = oldHashes[i];
                entryOf[slot] = oldEntries[i];
            }
        }
    }
}
