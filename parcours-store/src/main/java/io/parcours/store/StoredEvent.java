package io.parcours.store;

import io.parcours.model.Event;

/** An event as stored: its place in the arrival order, the source it came from, and the event. */
public record StoredEvent(long seq, String source, Event event) {}
