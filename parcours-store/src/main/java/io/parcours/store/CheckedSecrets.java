package io.parcours.store;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Secrets already looked up in the database (write keys, API tokens), by the SHA-256 of the
 * secret, found or not: the hot paths of ingestion and the API ask the database once per secret.
 * {@link #forgetAll()}, called after a revocation commits, empties it; a look-up that read the
 * database before that and finishes after is not kept, so a revoked secret is refused from the
 * next request on. At most 10,000 are kept (then it starts again empty). Thread-safe.
 */
final class CheckedSecrets<V> {
    private static final int MAX = 10_000;
    private final ConcurrentHashMap<String, Optional<V>> known = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    /** What {@code hash} stands for, looked up with {@code lookUp} when not known yet. */
    Optional<V> get(String hash, Supplier<Optional<V>> lookUp) {
        Optional<V> cached = known.get(hash);
        if (cached != null) {
            return cached;
        }
        long before = generation.get();
        Optional<V> found = lookUp.get();
        if (known.size() > MAX) {
            known.clear();
        }
        known.put(hash, found);
        if (generation.get() != before) {
            known.remove(hash);
        }
        return found;
    }

    /** Forgets every secret: call it after the write that revokes or removes one has committed. */
    void forgetAll() {
        generation.incrementAndGet();
        known.clear();
    }
}
