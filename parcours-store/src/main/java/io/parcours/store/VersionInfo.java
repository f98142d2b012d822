package io.parcours.store;

import java.time.Instant;

/** What a list of a map's versions shows for each: its number, when, who and why. */
public record VersionInfo(int version, Instant savedAt, String author, String message) {}
