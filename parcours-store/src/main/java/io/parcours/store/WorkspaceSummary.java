package io.parcours.store;

/** A workspace as listed: key, name, description and how many maps it holds. */
public record WorkspaceSummary(String key, String name, String description, int maps) {}
