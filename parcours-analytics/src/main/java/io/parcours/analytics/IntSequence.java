package io.parcours.analytics;

import java.util.Arrays;

/** A sequence of ints as a hash key (a variant's steps, a path's channels), compared by content. */
record IntSequence(int[] values) {
    @Override
    public boolean equals(Object other) {
        return other instanceof IntSequence sequence && Arrays.equals(values, sequence.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return Arrays.toString(values);
    }
}
