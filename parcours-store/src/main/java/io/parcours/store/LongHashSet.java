package io.parcours.store;

/**
 * A set of longs in one open-addressing array (linear probing), 8 bytes per slot at most half
 * full: the fingerprints of every stored message, so that a repeated message is recognised without
 * a database lookup. Zero marks an empty slot, so the value zero is stored as one. Not thread-safe:
 * the event log's writer thread owns it.
 */
final class LongHashSet {
    private long[] slots;
    private int size;

    LongHashSet(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        slots = new long[capacity];
    }

    void clear() {
        java.util.Arrays.fill(slots, 0);
        size = 0;
    }

    int size() {
        return size;
    }

    boolean contains(long value) {
        long key = value == 0 ? 1 : value;
        int mask = slots.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            long slot = slots[i];
            if (slot == 0) {
                return false;
            }
            if (slot == key) {
                return true;
            }
        }
    }

    /** Adds the value; false when it was already there. */
    boolean add(long value) {
        long key = value == 0 ? 1 : value;
        if ((size + 1) * 2L > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            long slot = slots[i];
            if (slot == 0) {
                slots[i] = key;
                size++;
                return true;
            }
            if (slot == key) {
                return false;
            }
        }
    }

    /** Removes the value; false when it was not there. Shifts later entries back so probing stays correct. */
    boolean remove(long value) {
        long key = value == 0 ? 1 : value;
        int mask = slots.length - 1;
        int i = mix(key) & mask;
        while (slots[i] != key) {
            if (slots[i] == 0) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = 0;
        size--;
        for (int j = (i + 1) & mask; slots[j] != 0; j = (j + 1) & mask) {
            long moved = slots[j];
            int home = mix(moved) & mask;
            // Move the entry into the hole when the hole lies between its home and where it is.
            boolean between = i <= j ? (home <= i || home > j) : (home <= i && home > j);
            if (between) {
                slots[i] = moved;
                slots[j] = 0;
                i = j;
            }
        }
        return true;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        for (long value : old) {
            if (value != 0) {
                add(value);
            }
        }
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
