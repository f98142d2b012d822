package io.parcours.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per client: each client (an IP address) may make {@code burst} requests at once,
 * then one every {@code 1 / perSecond} seconds. The buckets of at most {@code maxClients} clients
 * are kept, the least recently seen dropped first, so that a flood of addresses cannot exhaust
 * memory (a dropped client starts again with a full bucket). Thread-safe.
 */
final class RateLimiter {
    private final double burst;
    private final double perNano;
    private final int maxClients;
    private final LongSupplier nanos;
    private final Map<String, Bucket> buckets;

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    /** The rate of one request every {@code interval}. */
    static double perSecond(java.time.Duration interval) {
        return 1e9 / interval.toNanos();
    }

    RateLimiter(int burst, double perSecond, int maxClients, LongSupplier nanos) {
        this.burst = burst;
        this.perNano = perSecond / 1e9;
        this.maxClients = maxClients;
        this.nanos = nanos;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > RateLimiter.this.maxClients;
            }
        };
    }

    /** Takes a request from the client's bucket; false when it is empty. */
    synchronized boolean allow(String client) {
        long now = nanos.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(burst, now));
        bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * perNano);
        bucket.at = now;
        if (bucket.tokens < 1) {
            return false;
        }
        bucket.tokens -= 1;
        return true;
    }

    /** Whether the client's bucket is empty now, without taking from it (for limits that count only failures). */
    synchronized boolean exhausted(String client) {
        Bucket bucket = buckets.get(client);
        if (bucket == null) {
            return false;
        }
        long now = nanos.getAsLong();
        bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * perNano);
        bucket.at = now;
        return bucket.tokens < 1;
    }

    /** Seconds until the client may try again. */
    synchronized long retryAfterSeconds(String client) {
        Bucket bucket = buckets.get(client);
        if (bucket == null || bucket.tokens >= 1) {
            return 0;
        }
        return (long) Math.ceil((1 - bucket.tokens) / perNano / 1e9);
    }
}
