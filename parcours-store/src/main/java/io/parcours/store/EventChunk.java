package io.parcours.store;

/**
 * Stored events by numbers, as columns: for event {@code i < size()}, the numbers of its anonymous
 * id, alias previous id and user id (-1 when absent), its time (epoch milliseconds) and the
 * number of its activity. Reused from one chunk to the next.
 */
public final class EventChunk {
    /** How many events a chunk holds at most. */
    public static final int CAPACITY = 1 << 16;

    final int[] anonymous = new int[CAPACITY];
    final int[] previous = new int[CAPACITY];
    final int[] user = new int[CAPACITY];
    final long[] time = new long[CAPACITY];
    final int[] activity = new int[CAPACITY];
    int size;
    /** The highest id number any event here refers to (-1 without events). */
    int highestId = -1;

    public int size() {
        return size;
    }

    public int anonymous(int i) {
        return anonymous[i];
    }

    public int previous(int i) {
        return previous[i];
    }

    public int user(int i) {
        return user[i];
    }

    public long time(int i) {
        return time[i];
    }

    public int activity(int i) {
        return activity[i];
    }

    /** The columns themselves, for loops over many events: read only, and only the first {@link #size()}. */
    public int[] anonymousColumn() {
        return anonymous;
    }

    public int[] previousColumn() {
        return previous;
    }

    public int[] userColumn() {
        return user;
    }

    public long[] timeColumn() {
        return time;
    }

    public int[] activityColumn() {
        return activity;
    }

    boolean full() {
        return size == CAPACITY;
    }

    /** Empties the chunk for reuse. */
    void clear() {
        size = 0;
        highestId = -1;
    }

    void add(int anonymousId, int previousId, int userId, long when, int what) {
        highestId = Math.max(highestId, Math.max(anonymousId, Math.max(previousId, userId)));
        anonymous[size] = anonymousId;
        previous[size] = previousId;
        user[size] = userId;
        time[size] = when;
        activity[size++] = what;
    }
}
