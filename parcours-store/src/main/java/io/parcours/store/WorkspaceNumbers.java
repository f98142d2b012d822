package io.parcours.store;

import io.parcours.model.StringDictionary;

/**
 * The numbers the event loader gives one workspace's ids (user, anonymous, alias previous ids)
 * and activities, in the order they were first seen; stored in {@code event_ids} and
 * {@code event_activities}, referred to by the events table, and shared with the journey index.
 */
public final class WorkspaceNumbers {
    private final String workspace;
    private final StringDictionary ids;
    private final StringDictionary activities = new StringDictionary();
    /** How many numbers of each dictionary are in the database; loader only. */
    int storedIds;
    int storedActivities;

    WorkspaceNumbers(String workspace) {
        this(workspace, 0);
    }

    /** The numbers of a workspace with room for {@code expectedIds} ids. */
    WorkspaceNumbers(String workspace, int expectedIds) {
        this.workspace = workspace;
        this.ids = new StringDictionary(expectedIds);
    }

    public String workspace() {
        return workspace;
    }

    public StringDictionary ids() {
        return ids;
    }

    public StringDictionary activities() {
        return activities;
    }
}
