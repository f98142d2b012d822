package io.parcours.store;

/** A token just created: the stored record and the secret, which is shown this once and never again. */
public record CreatedToken(ApiToken token, String secret) {}
