package io.parcours.store;

/**
 * Follows the events as they are stored, by numbers (see {@link WorkspaceNumbers}): first every
 * event already in the database, then each one loaded, in arrival order per workspace, once, in
 * chunks. Called from one thread at a time; implementations must be quick and must not keep the
 * chunk, which is reused.
 */
public interface JourneyListener {
    /** Stored events of one workspace, in arrival order. */
    void arrived(WorkspaceNumbers numbers, EventChunk chunk);

    /** The workspace and all its events were deleted, or are about to be handed over again from the start. */
    void forgotten(String workspace);
}
