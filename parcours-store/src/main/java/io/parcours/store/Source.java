package io.parcours.store;

import java.time.Instant;

/** A source of events in a workspace (the web shop, the app, the store tills), with its key, name and creation time. */
public record Source(String workspace, String key, String name, Instant createdAt) {}
