package io.parcours.analytics;

import java.util.Arrays;

/**
 * Distinct sequences of ints (the variants of a process, the channel paths of attribution), each
 * numbered from 0 in order of first appearance, so that callers keep their figures in plain arrays
 * by number. An open-addressing table keyed by a 64-bit hash of each sequence, every entry keeping
 * its sequence in one flat buffer, so that a hash match is confirmed by comparing the sequences
 * themselves (exact). Finding a sequence reads it twice, in order, and touches one table slot:
 * cheap even when most sequences are distinct. Not thread-safe.
 */
final class SequenceTable implements java.io.Serializable {
    private long[] hashes = new long[1024];
    private int[] entryOf = new int[1024];
    private int[] starts = new int[256];
    private int[] lengths = new int[256];
    private int entries;
    private int[] buffer = new int[4096];
    private int used;

    SequenceTable() {
        Arrays.fill(entryOf, -1);
    }

    /** The number of the sequence {@code values[from..from+length)}, added if new. */
    int entry(int[] values, int from, int length) {
        long hash = hash(values, from, length);
        int mask = hashes.length - 1;
        int slot = (int) (hash & mask);
        while (entryOf[slot] >= 0) {
            int entry = entryOf[slot];
            if (hashes[slot] == hash && lengths[entry] == length
                    && Arrays.equals(buffer, starts[entry], starts[entry] + length, values, from, from + length)) {
                return entry;
            }
            slot = (slot + 1) & mask;
        }
        if (entries == starts.length) {
            starts = Arrays.copyOf(starts, entries * 2);
            lengths = Arrays.copyOf(lengths, entries * 2);
        }
        if (used + length > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(used + length, buffer.length * 2));
        }
        System.arraycopy(values, from, buffer, used, length);
        starts[entries] = used;
        lengths[entries] = length;
        used += length;
        hashes[slot] = hash;
        entryOf[slot] = entries;
        if (++entries * 2 > hashes.length) {
            grow();
        }
        return entries - 1;
    }

    /** The number in this table of sequence {@code entry} of {@code other}, added if new. */
    int entryOf(SequenceTable other, int entry) {
        return entry(other.buffer, other.starts[entry], other.lengths[entry]);
    }

    /** How many distinct sequences. */
    int size() {
        return entries;
    }

    /** Sequence {@code entry}, as a fresh array. */
    int[] sequence(int entry) {
        return Arrays.copyOfRange(buffer, starts[entry], starts[entry] + lengths[entry]);
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
