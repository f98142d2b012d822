package io.parcours.store;

/**
 * A set of longs in one open-addressing array (linear probing), 8 bytes per slot at most half
 * full: the fingerprints of every stored message, so that a repeated message is recognised without
 * a database lookup. Zero marks an empty slot, so the value zero is stored as one. Not thread-safe:
 * the event log's writer thread owns it.
 *
 * <p>The table doubles as it fills, and moves its entries to the bigger table a few at a time, with
 * each addition ({@link #MOVED_PER_ADD} old slots each), rather than all at once: the writer holds
 * the set while it journals, and moving 33 million fingerprints in one go stopped ingestion for
 * seconds. Meanwhile both tables are looked in, and both are held (the same 1.5 times the new
 * table's size that a move in one go needs); the move ends long before the new table is half full.
 */
final class LongHashSet {
    /** The slots of the previous table moved into the new one at each addition while the table grows. */
    static final int MOVED_PER_ADD = 64;

    private long[] slots;
    /** While the table grows: the previous table, whose slots from {@link #moved} on are still to move. */
    private long[] previous;
    private int moved;
    private int size;

    LongHashSet(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        slots = new long[capacity];
    }

    void clear() {
        java.util.Arrays.fill(slots, 0);
        previous = null;
        size = 0;
    }

    int size() {
        return size;
    }

    boolean contains(long value) {
        long key = key(value);
        // An entry moved is still in the previous table too: found in either, it is in the set.
        return find(slots, key) >= 0 || previous != null && find(previous, key) >= 0;
    }

    /** Adds the value; false when it was already there. */
    boolean add(long value) {
        long key = key(value);
        if ((size + 1) * 2L > slots.length) {
            grow();
        }
        if (previous != null) {
            if (find(previous, key) >= 0) {
                return false;
            }
            moveSome();
        }
        if (!insert(slots, key)) {
            return false;
        }
        size++;
        return true;
    }

    /**
     * Removes the value; false when it was not there. Finishes a move first (removals are rare: a
     * workspace deleted), so that no copy is left behind in the previous table.
     */
    boolean remove(long value) {
        long key = key(value);
        finishMoving();
        int mask = slots.length - 1;
        int i = find(slots, key);
        if (i < 0) {
            return false;
        }
        slots[i] = 0;
        size--;
        for (int j = (i + 1) & mask; slots[j] != 0; j = (j + 1) & mask) {
            long entry = slots[j];
            int home = mix(entry) & mask;
            // Move the entry into the hole when the hole lies between its home and where it is.
            boolean between = i <= j ? (home <= i || home > j) : (home <= i && home > j);
            if (between) {
                slots[i] = entry;
                slots[j] = 0;
                i = j;
            }
        }
        return true;
    }

    /** Starts moving to a table twice as big (after finishing a move still under way, which a full table never has). */
    private void grow() {
        finishMoving();
        previous = slots;
        slots = new long[previous.length * 2];
        moved = 0;
    }

    private void moveSome() {
        int end = Math.min(previous.length, moved + MOVED_PER_ADD);
        for (; moved < end; moved++) {
            if (previous[moved] != 0) {
                insert(slots, previous[moved]);
            }
        }
        if (moved == previous.length) {
            previous = null;
        }
    }

    private void finishMoving() {
        while (previous != null) {
            moveSome();
        }
    }

    /** Where the key is in the table, or -1. */
    private static int find(long[] table, long key) {
        int mask = table.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
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
    private static boolean insert(long[] table, long key) {
        int mask = table.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
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

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
