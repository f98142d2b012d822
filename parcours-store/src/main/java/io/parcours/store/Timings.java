package io.parcours.store;

import java.util.concurrent.atomic.LongAdder;

/**
 * Durations counted in buckets, as a Prometheus histogram shows them: how many took at most each
 * bound, how many in all, and their sum. Thread-safe; recording one costs a few atomic additions
 * and no allocation, so it may sit on a hot path.
 */
public final class Timings {
    private final double[] boundSeconds;
    private final long[] boundNanos;
    /** Per bucket, not cumulative; the last one holds what took longer than every bound. */
    private final LongAdder[] buckets;
    private final LongAdder sumNanos = new LongAdder();

    /** Buckets up to each of {@code boundSeconds}, in increasing order, and one beyond the last. */
    public Timings(double... boundSeconds) {
        if (boundSeconds.length == 0) {
            throw new IllegalArgumentException("timings need at least one bucket bound");
        }
        this.boundSeconds = boundSeconds.clone();
        this.boundNanos = new long[boundSeconds.length];
        for (int b = 0; b < boundSeconds.length; b++) {
            if (b > 0 && boundSeconds[b] <= boundSeconds[b - 1]) {
                throw new IllegalArgumentException("bucket bounds must increase: " + java.util.Arrays.toString(boundSeconds));
            }
            boundNanos[b] = Math.round(boundSeconds[b] * 1e9);
        }
        this.buckets = new LongAdder[boundSeconds.length + 1];
        for (int b = 0; b < buckets.length; b++) {
            buckets[b] = new LongAdder();
        }
    }

    /** Counts one duration, in nanoseconds. */
    public void record(long nanos) {
        int b = 0;
        while (b < boundNanos.length && nanos > boundNanos[b]) {
            b++;
        }
        buckets[b].increment();
        sumNanos.add(nanos);
    }

    /** The bucket bounds, in seconds. */
    public double[] bounds() {
        return boundSeconds.clone();
    }

    /**
     * How many durations took at most each bound (cumulative, as Prometheus's {@code _bucket}
     * samples), then, last, how many there were in all.
     */
    public long[] cumulativeCounts() {
        long[] counts = new long[buckets.length];
        long sum = 0;
        for (int b = 0; b < buckets.length; b++) {
            sum += buckets[b].sum();
            counts[b] = sum;
        }
        return counts;
    }

    /** The sum of every duration counted, in nanoseconds. */
    public long sumNanos() {
        return sumNanos.sum();
    }
}
