package io.parcours.server;

import io.parcours.analytics.JourneyIndex;
import io.parcours.analytics.LiveJourneys;
import io.parcours.model.StringDictionary;
import io.parcours.store.EventChunk;
import io.parcours.store.JourneyListener;
import io.parcours.store.ParcoursStore;
import io.parcours.store.WorkspaceNumbers;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every workspace's live journeys (identity graph and journey index), rebuilt from the database
 * when made and kept up to date with each event the store loads. Reads of journeys see every
 * event acknowledged before them (they wait, 30 s at most, for the loader); the cheap questions
 * asked by pages and metrics ({@link #isEmpty}, {@link #taken}, {@link #built}) do not wait. Thread-safe.
 */
public final class Journeys implements JourneyListener, AutoCloseable {
    private static final long LOADED_WITHIN_MILLIS = 30_000;

    private final ParcoursStore store;
    private final ConcurrentHashMap<String, LiveJourneys> workspaces = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();
    private final ConcurrentHashMap<String, NumbersSeen> numbers = new ConcurrentHashMap<>();

    private Journeys(ParcoursStore store) {
        this.store = store;
    }

    /** Rebuilds the journeys of every workspace from {@code store}, and follows its events from then on. */
    public static Journeys follow(ParcoursStore store) {
        Journeys journeys = new Journeys(store);
        store.events().follow(journeys);
        return journeys;
    }

    @Override
    public void arrived(WorkspaceNumbers numbers, EventChunk chunk) {
        workspaces.computeIfAbsent(numbers.workspace(), ws -> new LiveJourneys(numbers.ids(), numbers.activities()))
                .arrive(chunk.size(), chunk.anonymousColumn(), chunk.previousColumn(), chunk.userColumn(),
                        chunk.timeColumn(), chunk.activityColumn());
        changes.incrementAndGet();
    }

    /** How many times the journeys changed (events arrived, a workspace was forgotten): grows with every change. */
    public long changes() {
        return changes.get();
    }

    @Override
    public void forgotten(String workspace) {
        workspaces.remove(workspace);
        changes.incrementAndGet();
    }

    /** The journey index of a workspace, with every event acknowledged so far (empty without events). */
    public JourneyIndex index(String workspace) {
        awaitLoaded();
        return indexNow(workspace);
    }

    /**
     * The journey index of a workspace with every event taken in so far, without waiting for the
     * events being loaded: for figures, which say when they were computed (exact ones wait for the
     * loader before they start, see {@link FiguresCache}), so that a page never waits for a loader
     * that a flood of events keeps behind.
     */
    public JourneyIndex indexNow(String workspace) {
        LiveJourneys live = workspaces.get(workspace);
        return live == null ? JourneyIndex.empty(new StringDictionary(), new StringDictionary()) : live.index();
    }

    /**
     * Whether a workspace has no events yet, without building its index. Waits for the events
     * being loaded only when none is in yet: under a flood of events, the loader may be seconds
     * behind, and a page that only asks whether there are events need not wait for it.
     */
    public boolean isEmpty(String workspace) {
        LiveJourneys known = workspaces.get(workspace);
        if (known != null && !known.isEmpty()) {
            return false;
        }
        LiveJourneys live = live(workspace);
        return live == null || live.isEmpty();
    }

    /** The events of a workspace taken in so far, without building its index or waiting for those being loaded (for metrics). */
    public long taken(String workspace) {
        LiveJourneys live = workspaces.get(workspace);
        return live == null ? 0 : live.taken();
    }

    /** Waits (30 s at most) until every event acknowledged so far is taken in. */
    public void awaitLoaded() {
        store.events().awaitLoaded(LOADED_WITHIN_MILLIS);
    }

    /** A workspace's index as last built, without the events that arrived since, and without waiting (cheap: for metrics). */
    public JourneyIndex built(String workspace) {
        LiveJourneys live = workspaces.get(workspace);
        return live == null ? JourneyIndex.empty(new StringDictionary(), new StringDictionary()) : live.built();
    }

    /** Every id of the customer {@code id} belongs to, in the order they were first seen. */
    public List<String> idsOf(String workspace, String id) {
        LiveJourneys live = live(workspace);
        return live == null ? List.of(id) : live.idsOf(id);
    }

    /** Every id of a workspace stitched to a customer named by another id, with that customer's name. */
    public java.util.Map<String, String> stitchedIds(String workspace) {
        LiveJourneys live = live(workspace);
        return live == null ? java.util.Map.of() : live.stitchedIds();
    }

    /**
     * The id that names the customer {@code id} belongs to, as {@link #customerOf}, without waiting
     * for the events being loaded: for figures (see {@link #indexNow}), which look up the customers
     * of many events and would otherwise wait once per event while events keep arriving.
     */
    public String customerOfNow(String workspace, String id) {
        LiveJourneys live = workspaces.get(workspace);
        return live == null ? id : live.customerOf(id);
    }

    /** The id that names the customer {@code id} belongs to ({@code id} itself when unknown). */
    public String customerOf(String workspace, String id) {
        awaitLoaded();
        return customerOfNow(workspace, id);
    }

    /**
     * Where a customer's events lie in the events table: the range of event numbers (seq) that
     * holds all of them, and how many they are, from the index's arrival ranks (ordinals) and the
     * workspace's first and last event number. The events of a workspace are numbered in arrival
     * order, so the event of rank {@code r} has a number at least {@code first + r} and at most
     * {@code last - (count - 1 - r)}. Empty when the customer has no events in the index.
     */
    public Optional<EventRange> rangeOf(String workspace, String id) {
        LiveJourneys live = live(workspace);
        if (live == null) {
            return Optional.empty();
        }
        JourneyIndex index = live.index();
        String customer = live.customerOf(id);
        int c = index.findCustomer(customer);
        if (c < 0 || c >= index.customerCount()) {
            return Optional.empty();
        }
        int lowest = Integer.MAX_VALUE;
        int highest = -1;
        for (int e = index.start(c); e < index.end(c); e++) {
            lowest = Math.min(lowest, index.ordinal(e));
            highest = Math.max(highest, index.ordinal(e));
        }
        long[] numbers = eventNumbers(workspace);
        if (highest < 0 || numbers[2] <= highest) {
            return Optional.empty();
        }
        return Optional.of(new EventRange(numbers[0] + lowest, numbers[1] - (numbers[2] - 1 - highest),
                index.end(c) - index.start(c)));
    }

    /** The workspace's first and last event numbers and count, read again only after events arrived. */
    private long[] eventNumbers(String workspace) {
        long now = changes.get();
        NumbersSeen seen = numbers.get(workspace);
        if (seen != null && seen.changes() == now) {
            return seen.numbers();
        }
        long[] read = store.eventNumbers(workspace);
        numbers.put(workspace, new NumbersSeen(now, read));
        return read;
    }

    private record NumbersSeen(long changes, long[] numbers) {}

    /** The event numbers from {@code first} to {@code last} hold a customer's {@code events} events. */
    public record EventRange(long first, long last, int events) {}

    private LiveJourneys live(String workspace) {
        awaitLoaded();
        return workspaces.get(workspace);
    }

    /** Stops following the store's events. */
    @Override
    public void close() {
        store.events().unfollow(this);
    }
}
