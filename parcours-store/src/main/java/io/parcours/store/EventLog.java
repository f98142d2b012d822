package io.parcours.store;

import io.parcours.model.ErrorCode;
import io.parcours.model.Event;
import io.parcours.model.ParcoursException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable, exactly-once log of events, with group commit.
 *
 * <p>Requests hand their events to {@link #append} and wait on the returned future. One writer
 * thread takes every request waiting at that moment (up to {@link #MAX_EVENTS_PER_COMMIT} events),
 * drops the messages already stored (same workspace, source and message id), appends the rest to
 * the {@code events} table with DuckDB's appender, which commits them when it is closed, and only
 * then completes the requests' futures: an acknowledged event is on disk, and many requests share one
 * commit, which is what makes durable ingestion fast.
 *
 * <p>Duplicates are recognised by a 64-bit fingerprint of (workspace, source, message id) kept in
 * memory for every stored event (8 to 16 bytes each) and loaded from the table at start. Two
 * different messages share a fingerprint with a probability of about n²/2⁶⁵ (3 in a million over
 * ten million events); such a message would be taken for a duplicate.
 *
 * <p>Back-pressure: when more than {@code maxPendingEvents} events wait, {@link #append} refuses
 * at once with {@link ErrorCode#OVERLOADED}, so the HTTP layer answers 429 instead of queueing
 * without bound. Thread-safe.
 */
public final class EventLog implements AutoCloseable {
    /** The most events one commit takes. */
    static final int MAX_EVENTS_PER_COMMIT = 50_000;
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);

    /** Where the events of one request come from. */
    public record Origin(String workspace, String source) {}

    /** What one append did: how many events were stored, and how many were repeats of stored ones. */
    public record Appended(int stored, int duplicates) {}

    private record Request(Origin origin, List<Event> events, CompletableFuture<Appended> done) {}

    private final DuckDBConnection connection;
    private final BlockingQueue<Request> queue = new ArrayBlockingQueue<>(100_000);
    private final AtomicLong pendingEvents = new AtomicLong();
    private final long maxPendingEvents;
    private final LongHashSet fingerprints;
    private final MessageDigest sha256;
    private final Thread writer;
    private final AtomicLong stored = new AtomicLong();
    private volatile boolean running = true;
    private long nextSeq;

    EventLog(DuckDBConnection connection, long maxPendingEvents) throws SQLException {
        this.connection = connection;
        this.maxPendingEvents = maxPendingEvents;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        long count;
        try (Statement statement = connection.createStatement();
                var result = statement.executeQuery("SELECT count(*) FROM events")) {
            result.next();
            count = result.getLong(1);
        }
        fingerprints = new LongHashSet((int) Math.min(Integer.MAX_VALUE / 4, Math.max(1024, count + count / 4)));
        reloadFromTable();
        stored.set(count);
        writer = new Thread(this::run, "parcours-event-log");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Queues events for storage; the future completes once they are committed to disk (or fails
     * with a storage error, in which case none of them was stored). Refuses at once when overloaded.
     */
    public CompletableFuture<Appended> append(Origin origin, List<Event> events) {
        if (!running) {
            throw new ParcoursException(ErrorCode.STORAGE, "Parcours is shutting down: send the events again shortly");
        }
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(new Appended(0, 0));
        }
        long pending = pendingEvents.addAndGet(events.size());
        if (pending > maxPendingEvents) {
            pendingEvents.addAndGet(-events.size());
            throw new ParcoursException(ErrorCode.OVERLOADED,
                    "Parcours is receiving more events than it can store right now: retry in a second");
        }
        Request request = new Request(origin, List.copyOf(events), new CompletableFuture<>());
        if (!queue.offer(request)) {
            pendingEvents.addAndGet(-events.size());
            throw new ParcoursException(ErrorCode.OVERLOADED,
                    "Parcours is receiving more requests than it can store right now: retry in a second");
        }
        return request.done();
    }

    /** Makes the fingerprints, the next sequence number and the count match the table exactly. */
    private void reloadFromTable() throws SQLException {
        fingerprints.clear();
        long count = 0;
        long maxSeq = 0;
        try (Statement statement = connection.createStatement();
                var result = statement.executeQuery("SELECT fingerprint, seq FROM events")) {
            while (result.next()) {
                fingerprints.add(result.getLong(1));
                maxSeq = Math.max(maxSeq, result.getLong(2));
                count++;
            }
        }
        nextSeq = maxSeq + 1;
        stored.set(count);
    }

    /**
     * Deletes every event of a workspace and forgets their fingerprints, so that the workspace can be
     * made again and fed the same messages. Waits for the commit under way.
     */
    void deleteWorkspace(String workspace) {
        synchronized (fingerprints) {
            try (var statement = connection.prepareStatement("DELETE FROM events WHERE workspace_key = ?")) {
                statement.setString(1, workspace);
                statement.executeUpdate();
                reloadFromTable();
            } catch (SQLException e) {
                throw new ParcoursException(ErrorCode.STORAGE, "deleting the events of '" + workspace + "' failed: "
                        + e.getMessage(), e);
            }
        }
    }

    /** How many events are stored. */
    public long size() {
        return stored.get();
    }

    private void run() {
        List<Request> group = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Request first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                int events = first.events().size();
                while (events < MAX_EVENTS_PER_COMMIT) {
                    Request next = queue.poll();
                    if (next == null) {
                        break;
                    }
                    group.add(next);
                    events += next.events().size();
                }
                commit(group, events);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } finally {
                group.clear();
            }
        }
    }

    private void commit(List<Request> group, int eventCount) {
        synchronized (fingerprints) {
            commitLocked(group, eventCount);
        }
    }

    private void commitLocked(List<Request> group, int eventCount) {
        List<Long> added = new ArrayList<>(eventCount);
        LongHashSet inThisCommit = new LongHashSet(eventCount);
        Appended[] outcomes = new Appended[group.size()];
        try {
            appendAll(group, added, inThisCommit, outcomes);
        } catch (SQLException | RuntimeException e) {
            // The appender commits each chunk it flushes, so part of the group may be stored. Learn
            // from the table exactly what is, so that the client's retry stores each event once.
            LOG.error("storing {} events failed; retries are safe", eventCount, e);
            try {
                reloadFromTable();
            } catch (SQLException again) {
                LOG.error("re-reading the event table failed too; ingestion stops", again);
                running = false;
            }
            ParcoursException failure = new ParcoursException(ErrorCode.STORAGE,
                    "the events could not all be stored (" + e.getMessage() + "): send them again; events already "
                            + "stored will not be stored twice", e);
            for (Request request : group) {
                pendingEvents.addAndGet(-request.events().size());
                request.done().completeExceptionally(failure);
            }
            return;
        }
        for (long fingerprint : added) {
            fingerprints.add(fingerprint);
        }
        stored.addAndGet(added.size());
        for (int r = 0; r < group.size(); r++) {
            pendingEvents.addAndGet(-group.get(r).events().size());
            group.get(r).done().complete(outcomes[r]);
        }
    }

    /**
     * Appends the new events of a group with DuckDB's appender; closing it flushes and commits them
     * (each flushed chunk commits on its own, which is why a failure reloads the fingerprints).
     */
    private void appendAll(List<Request> group, List<Long> added, LongHashSet inThisCommit, Appended[] outcomes)
            throws SQLException {
        try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "events")) {
            for (int r = 0; r < group.size(); r++) {
                Request request = group.get(r);
                int storedHere = 0;
                for (Event event : request.events()) {
                    long fingerprint = fingerprint(request.origin(), event.messageId());
                    if (fingerprints.contains(fingerprint) || !inThisCommit.add(fingerprint)) {
                        continue;
                    }
                    append(appender, nextSeq++, fingerprint, request.origin(), event);
                    added.add(fingerprint);
                    storedHere++;
                }
                outcomes[r] = new Appended(storedHere, request.events().size() - storedHere);
            }
            // Closing the appender flushes and commits the rows: after this they are on disk.
        }
    }

    private static void append(DuckDBAppender appender, long seq, long fingerprint, Origin origin, Event event)
            throws SQLException {
        appender.beginRow();
        appender.append(seq);
        appender.append(fingerprint);
        appender.append(origin.workspace());
        appender.append(origin.source());
        appender.append(event.messageId());
        appender.append(event.type().id());
        appender.append(event.name());
        appendOptional(appender, event.userId().orElse(null));
        appendOptional(appender, event.anonymousId().orElse(null));
        appender.append(event.timestamp());
        appender.append(event.receivedAt());
        appender.append(event.properties());
        appender.append(event.traits());
        appender.append(event.context());
        appendOptional(appender, event.previousId().orElse(null));
        appendOptional(appender, event.groupId().orElse(null));
        appender.endRow();
    }

    private static void appendOptional(DuckDBAppender appender, String value) throws SQLException {
        if (value == null) {
            appender.appendNull();
        } else {
            appender.append(value);
        }
    }

    /** 64 bits of SHA-256 over workspace, source and message id, each followed by a zero byte. */
    private long fingerprint(Origin origin, String messageId) {
        sha256.reset();
        sha256.update(origin.workspace().getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        sha256.update(origin.source().getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        sha256.update(messageId.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(sha256.digest()).getLong();
    }

    /** Stores what is queued, then stops the writer. */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing: nothing left to do
        }
    }
}
