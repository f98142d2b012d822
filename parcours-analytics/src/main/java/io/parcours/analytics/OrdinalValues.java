package io.parcours.analytics;

import java.util.Arrays;

/**
 * A number per event, for the few events that carry one (a purchase's revenue, for example), by
 * the event's ordinal in the index: an open-addressing table of int keys to double values, so that
 * millions of events without a value cost nothing. Filled by one thread, then read by many once
 * handed over (not changed afterwards: {@link #copy} makes the next one).
 */
public final class OrdinalValues {
    private static final int FREE = -1;
    private int[] keys = new int[16];
    private double[] values = new double[16];
    private int size;

    public OrdinalValues() {
        Arrays.fill(keys, FREE);
    }

    /** An independent copy, to extend while this one is read. */
    public OrdinalValues copy() {
        OrdinalValues copy = new OrdinalValues();
        copy.keys = keys.clone();
        copy.values = values.clone();
        copy.size = size;
        return copy;
    }

    /** Sets the value of the event with this ordinal (from 0). */
    public void put(int ordinal, double value) {
        if (ordinal < 0) {
            throw new IllegalArgumentException("an ordinal is at least 0, not " + ordinal);
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a value must be a finite number, not " + value);
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int slot = slot(ordinal);
        if (keys[slot] == FREE) {
            keys[slot] = ordinal;
            size++;
        }
        values[slot] = value;
    }

    /** The value of the event with this ordinal, 0 when it has none. */
    public double get(int ordinal) {
        if (size == 0) {
            return 0;
        }
        int slot = slot(ordinal);
        return keys[slot] == FREE ? 0 : values[slot];
    }

    /** How many events have a value. */
    public int size() {
        return size;
    }

    private int slot(int ordinal) {
        int mask = keys.length - 1;
        int slot = (ordinal * 0x9E3779B9) >>> 7 & mask;
        while (keys[slot] != FREE && keys[slot] != ordinal) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        int[] oldKeys = keys;
        double[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new double[oldKeys.length * 2];
        Arrays.fill(keys, FREE);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != FREE) {
                int slot = slot(oldKeys[i]);
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
                size++;
            }
        }
    }
}
