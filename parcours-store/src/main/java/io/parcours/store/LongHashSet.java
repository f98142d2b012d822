package io.parcours.store;

/**
 * A set of longs in open-addressing tables (linear probing), 8 bytes per slot at most three
 * quarters full (11 to 21 bytes a value): the fingerprints of every stored message, so that a
 * repeated message is recognised without a database lookup. Zero marks an empty slot, so the value zero is stored as one. Not thread-safe:
 * the event log's writer thread owns it.
 *
 * <p>The values are spread over {@code segments} tables by the top bits of their hash, each of
 * which doubles on its own as it fills. With many segments no table is ever big: growing one
 * copies a few hundred kilobytes, never stops ingestion, and never asks the heap for one huge
 * block. (One table of 2²⁷ slots, a gigabyte asked for in one piece past 33 million events, is
 * what a 4 GB heap refused in the soak test, and the writer thread died of it.)
 */
final class LongHashSet {
    /** The segments of a set meant to hold millions: its tables stay small whatever it holds. */
    static final int MANY_SEGMENTS = 4096;

    private final long[][] tables;
    private final int segmentShift;
    private final int[] sizes;

    /** A set of one table, for a few thousand values. */
    LongHashSet(int expected) {
        this(expected, 1);
    }

    /** A set of {@code segments} tables (a power of two), sized for {@code expected} values. */
    LongHashSet(int expected, int segments) {
        if (Integer.bitCount(segments) != 1) {
            throw new IllegalArgumentException("segments must be a power of two: " + segments);
        }
        tables = new long[segments][];
        sizes = new int[segments];
        segmentShift = 64 - Integer.numberOfTrailingZeros(segments);
        long perSegment = Math.max(8, (long) expected / segments);
        int capacity = 16;
        while (capacity < 1 << 30 && capacity * 3L < perSegment * 4) {
            capacity *= 2;
        }
        for (int s = 0; s < segments; s++) {
            tables[s] = new long[capacity];
        }
    }

    int size() {
        int size = 0;
        for (int segmentSize : sizes) {
            size += segmentSize;
        }
        return size;
    }

    /** The bytes the tables hold, for memory figures. */
    long bytes() {
        long bytes = 0;
        for (long[] table : tables) {
            bytes += 8L * table.length;
        }
        return bytes;
    }

    boolean contains(long value) {
        long key = key(value);
        long hash = hash(key);
        return find(tables[segment(hash)], key, hash) >= 0;
    }

    /** Adds the value; false when it was already there. */
    boolean add(long value) {
        long key = key(value);
        long hash = hash(key);
        return addTo(segment(hash), key, hash);
    }

    /** Adds a key of this hash to its segment {@code s}, growing it first when full; false when it was there. */
    private boolean addTo(int s, long key, long hash) {
        if ((sizes[s] + 1) * 4L > tables[s].length * 3L) {
            grow(s);
        }
        if (!insert(tables[s], key, hash)) {
            return false;
        }
        sizes[s]++;
        return true;
    }

    /**
     * Adds, in order, the values of {@code values[0..count)} whose segment lies in part
     * {@code part} of {@code parts} (segments dealt out by their number), and marks each value
     * added in {@code added}: the same as {@link #add} for those values. Calls for different parts
     * may run at once on different threads (they touch different segments and different elements
     * of {@code added}), with nothing else using the set meanwhile.
     */
    void addPart(long[] values, int count, boolean[] added, int part, int parts) {
        for (int i = 0; i < count; i++) {
            long key = key(values[i]);
            long hash = hash(key);
            int s = segment(hash);
            if (s % parts == part) {
                added[i] = addTo(s, key, hash);
            }
        }
    }

    /**
     * Grows the tables once so that about {@code more} values can be added besides those held
     * without growing them again (each table doubling several times as it fills copies more): a
     * bulk import knows how many rows it brings.
     */
    void reserve(long more) {
        long perSegment = more / tables.length + 1;
        // Values do not spread quite evenly: an eighth more, and a few.
        perSegment += perSegment / 8 + 8;
        for (int s = 0; s < tables.length; s++) {
            while ((sizes[s] + perSegment) * 4L > tables[s].length * 3L && tables[s].length < 1 << 30) {
                grow(s);
            }
        }
    }

    /** Removes the value; false when it was not there. */
    boolean remove(long value) {
        long key = key(value);
        long hash = hash(key);
        int s = segment(hash);
        long[] table = tables[s];
        int mask = table.length - 1;
        int i = find(table, key, hash);
        if (i < 0) {
            return false;
        }
        table[i] = 0;
        sizes[s]--;
        for (int j = (i + 1) & mask; table[j] != 0; j = (j + 1) & mask) {
            long entry = table[j];
            int home = (int) hash(entry) & mask;
            // Move the entry into the hole when the hole lies between its home and where it is.
            boolean between = i <= j ? (home <= i || home > j) : (home <= i && home > j);
            if (between) {
                table[i] = entry;
                table[j] = 0;
                i = j;
            }
        }
        return true;
    }

    /** Moves a segment to a table twice as big. */
    private void grow(int s) {
        long[] old = tables[s];
        long[] bigger = new long[old.length * 2];
        for (long entry : old) {
            if (entry != 0) {
                insert(bigger, entry, hash(entry));
            }
        }
        tables[s] = bigger;
    }

    private int segment(long hash) {
        // The top bits pick the segment, the low bits the slot: independent for a good mix.
        return segmentShift == 64 ? 0 : (int) (hash >>> segmentShift);
    }

    /** Where the key is in the table, or -1. */
    private static int find(long[] table, long key, long hash) {
        int mask = table.length - 1;
        for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
            long slot = table[i];
            if (slot == 0) {
                return -1;
            }
            if (slot == key) {
                return i;
            }
        }
    }

    /** Puts the key in the first free slot of its run; false when it is there already. */
    private static boolean insert(long[] table, long key, long hash) {
        int mask = table.length - 1;
        for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
            long slot = table[i];
            if (slot == 0) {
                table[i] = key;
                return true;
            }
            if (slot == key) {
                return false;
            }
        }
    }

    private static long key(long value) {
        return value == 0 ? 1 : value;
    }

    /** A 64-bit mix of the key (the finaliser of MurmurHash3), its top and bottom bits both well spread. */
    private static long hash(long key) {
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93fe53cd1a5L;
        h ^= h >>> 33;
        return h;
    }
}
