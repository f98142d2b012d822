package io.parcours.store;

/**
 * Follows the events as they are stored, by numbers (see {@link WorkspaceNumbers}): first every
 * event already in the database, then each one loaded, in arrival order per workspace, once.
 * Called from the event loader's thread; implementations must be quick.
 */
public interface JourneyListener {
    /**
     * One stored event: the numbers of its anonymous id, alias previous id and user id (-1 when
     * absent), its time (epoch milliseconds) and the number of its activity.
     */
    void arrived(WorkspaceNumbers numbers, int anonymous, int previous, int user, long time, int activity);

    /** The workspace and all its events were deleted. */
    void forgotten(String workspace);
}
