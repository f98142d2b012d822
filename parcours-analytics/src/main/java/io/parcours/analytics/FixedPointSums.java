package io.parcours.analytics;

import java.util.Arrays;

/**
 * Sums of doubles that come out the same whatever the order of adding: each one is a 128-bit
 * fixed-point number (64 bits below the point), each value added is cut to that grid (towards
 * zero) and then added exactly. Money and shares summed over journeys therefore give the same
 * answer on every engine, however the journeys are split into partial results and merged (the
 * embedded engine's slices, Spark's partitions), down to the last bit. Values from 2^-64 to 2^62
 * in magnitude are kept; a sum beyond 2^63 in magnitude fails.
 */
final class FixedPointSums implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Two longs per sum: the high half (signed), then the low half (unsigned). */
    private long[] halves;

    FixedPointSums(int count) {
        halves = new long[2 * count];
    }

    int size() {
        return halves.length / 2;
    }

    /** Makes room for at least {@code count} sums (new ones are 0). */
    void ensure(int count) {
        if (2 * count > halves.length) {
            halves = Arrays.copyOf(halves, Math.max(2 * count, halves.length * 2));
        }
    }

    /** Adds {@code value} to sum {@code i}. */
    void add(int i, double value) {
        if (value == 0) {
            return;
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("only finite values can be summed, not " + value);
        }
        long bits = Double.doubleToRawLongBits(value);
        int exponent = (int) ((bits >>> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) {
            exponent = 1;
        } else {
            mantissa |= 1L << 52;
        }
        // value = mantissa * 2^(exponent - 1075); on the grid: mantissa * 2^(exponent - 1075 + 64).
        int shift = exponent - 1075 + 64;
        long high;
        long low;
        if (shift >= 64) {
            if (shift > 64 + 10) {
                throw new IllegalArgumentException("a value of " + value + " is too large to sum");
            }
            high = mantissa << (shift - 64);
            low = 0;
        } else if (shift > 0) {
            high = mantissa >>> (64 - shift);
            low = mantissa << shift;
        } else if (shift > -64) {
            high = 0;
            low = mantissa >>> -shift;
        } else {
            return;
        }
        if (value < 0) {
            // Two's complement of the 128-bit magnitude.
            low = ~low + 1;
            high = ~high + (low == 0 ? 1 : 0);
        }
        addHalves(i, high, low);
    }

    private void addHalves(int i, long high, long low) {
        long before = halves[2 * i + 1];
        long after = before + low;
        long carry = Long.compareUnsigned(after, before) < 0 ? 1 : 0;
        halves[2 * i] = Math.addExact(Math.addExact(halves[2 * i], high), carry);
        halves[2 * i + 1] = after;
    }

    /** Adds sum {@code j} of {@code other} to sum {@code i} of these. */
    void add(int i, FixedPointSums other, int j) {
        addHalves(i, other.halves[2 * j], other.halves[2 * j + 1]);
    }

    /** Adds every sum of {@code other} to the sum of the same number here. */
    void addAll(FixedPointSums other) {
        ensure(other.size());
        for (int i = 0; i < other.size(); i++) {
            add(i, other, i);
        }
    }

    /** Sum {@code i}, as the nearest double (or next to it). */
    double get(int i) {
        long high = halves[2 * i];
        long low = halves[2 * i + 1];
        if (high < 0) {
            low = ~low + 1;
            high = ~high + (low == 0 ? 1 : 0);
            return -(high + (low >>> 11) * 0x1.0p-53);
        }
        return high + (low >>> 11) * 0x1.0p-53;
    }
}
