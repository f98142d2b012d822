package io.parcours.store;

/** A write key just created: the stored record and the secret, shown this once. */
public record CreatedWriteKey(WriteKey key, String secret) {}
