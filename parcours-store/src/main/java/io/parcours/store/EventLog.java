package io.parcours.store;

import io.parcours.model.ErrorCode;
import io.parcours.model.Event;
import io.parcours.model.ParcoursException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable, exactly-once log of events: a write-ahead {@link Journal} with group commit, and
 * the {@code events} table fed from it in large batches.
 *
 * <p><b>Writing.</b> Requests hand their events to {@link #append} and wait on the returned
 * future. One writer thread takes every request waiting at that moment, drops the messages already
 * accepted (same workspace, source and message id), gives the rest their sequence numbers (the
 * arrival order), appends them to the journal and forces it to disk once for the whole group, and
 * only then completes the futures: an acknowledged event is on disk, and one {@code fsync} serves
 * many requests. A database commit costs a millisecond or more whatever its size, so the database
 * is kept off this path.
 *
 * <p><b>Loading.</b> A loader thread appends the journaled events to the {@code events} table
 * with DuckDB's appender, in batches of up to {@link #MAX_LOAD_BATCH}, and records the last
 * sequence number loaded. At start, the journal is replayed from there, so nothing journaled is
 * lost or loaded twice. Reads that must see every acknowledged event call {@link #awaitLoaded}.
 *
 * <p><b>Exactly once.</b> Repeats are recognised by a 64-bit fingerprint of (workspace, source,
 * message id) kept in memory for every accepted event (8 to 16 bytes each), rebuilt at start from
 * the table and the journal. Two different messages share a fingerprint with a probability of about
 * n²/2⁶⁵ (3 in a million over ten million events); such a message would be taken for a repeat.
 *
 * <p><b>Back-pressure.</b> When more than {@code maxPendingEvents} events wait for the journal,
 * {@link #append} refuses at once with {@link ErrorCode#OVERLOADED}, so the HTTP layer answers 429
 * instead of queueing without bound. Thread-safe.
 */
public final class EventLog implements AutoCloseable {
    /** The most events one database load takes. */
    static final int MAX_LOAD_BATCH = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);

    /** Where the events of one request come from. */
    public record Origin(String workspace, String source) {}

    /** What one append did: how many events were accepted, and how many were repeats of accepted ones. */
    public record Appended(int stored, int duplicates) {}

    private record Request(Origin origin, List<Event> events, long[] fingerprints, CompletableFuture<Appended> done) {}

    /** SHA-256 per request thread: fingerprints are computed where the request runs, not on the writer. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    });

    private final DuckDBConnection connection;
    private final Journal journal;
    private final BlockingQueue<Request> requests = new ArrayBlockingQueue<>(100_000);
    private final BlockingQueue<List<Journal.Entry>> toLoad = new LinkedBlockingQueue<>();
    private final AtomicLong pendingEvents = new AtomicLong();
    private final long maxPendingEvents;
    private final LongHashSet fingerprints;
    private final AtomicLong accepted = new AtomicLong();
    private final Object loaded = new Object();
    private final Thread writer;
    private final Thread loader;
    private volatile boolean running = true;
    private volatile long journaledSeq;
    private volatile long loadedSeq;
    private long nextSeq;
    private DuckDBAppender appender;

    EventLog(DuckDBConnection connection, Path journalFolder, long maxPendingEvents) throws SQLException, IOException {
        this.connection = connection;
        this.maxPendingEvents = maxPendingEvents;
        long count;
        long maxSeq;
        long recorded;
        try (Statement statement = connection.createStatement()) {
            var result = statement.executeQuery("SELECT count(*), coalesce(max(seq), 0) FROM events");
            result.next();
            count = result.getLong(1);
            maxSeq = result.getLong(2);
            result = statement.executeQuery("SELECT loaded_seq FROM event_log_state WHERE id = 1");
            result.next();
            recorded = result.getLong(1);
        }
        // A crash between a load and the record of it leaves rows past the record: count them as loaded.
        loadedSeq = Math.max(recorded, maxSeq);
        fingerprints = new LongHashSet((int) Math.min(Integer.MAX_VALUE / 4, Math.max(1024, count + count / 4)));
        try (Statement statement = connection.createStatement();
                var result = statement.executeQuery("SELECT fingerprint FROM events")) {
            while (result.next()) {
                fingerprints.add(result.getLong(1));
            }
        }
        List<Journal.Entry> unloaded = new ArrayList<>();
        long[] lastSeq = {loadedSeq};
        journal = Journal.open(journalFolder, entry -> {
            lastSeq[0] = Math.max(lastSeq[0], entry.seq());
            if (entry.seq() > loadedSeq) {
                fingerprints.add(entry.fingerprint());
                unloaded.add(entry);
            }
        });
        nextSeq = lastSeq[0] + 1;
        journaledSeq = lastSeq[0];
        accepted.set(count + unloaded.size());
        if (!unloaded.isEmpty()) {
            LOG.info("loading {} journaled events that were not yet in the database", unloaded.size());
            for (int from = 0; from < unloaded.size(); from += MAX_LOAD_BATCH) {
                load(unloaded.subList(from, Math.min(unloaded.size(), from + MAX_LOAD_BATCH)));
            }
        }
        writer = new Thread(this::write, "parcours-event-journal");
        writer.setDaemon(true);
        loader = new Thread(this::loadLoop, "parcours-event-loader");
        loader.setDaemon(true);
        writer.start();
        loader.start();
    }

    /**
     * Queues events for storage; the future completes once they are on disk in the journal (or
     * fails with a storage error, after which sending them again is safe). Refuses at once when overloaded.
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
        long[] prints = new long[events.size()];
        for (int i = 0; i < prints.length; i++) {
            prints[i] = fingerprint(origin, events.get(i).messageId());
        }
        Request request = new Request(origin, List.copyOf(events), prints, new CompletableFuture<>());
        if (!requests.offer(request)) {
            pendingEvents.addAndGet(-events.size());
            throw new ParcoursException(ErrorCode.OVERLOADED,
                    "Parcours is receiving more requests than it can store right now: retry in a second");
        }
        return request.done();
    }

    /** How many events are accepted and on disk. */
    public long size() {
        return accepted.get();
    }

    /**
     * Waits until every event acknowledged so far is in the {@code events} table, so that a query
     * sees what a client was told is stored. Gives up after {@code timeoutMillis}.
     */
    public void awaitLoaded(long timeoutMillis) {
        long target = journaledSeq;
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (loaded) {
            while (loadedSeq < target && running) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new ParcoursException(ErrorCode.STORAGE, "the database is " + (target - loadedSeq)
                            + " events behind; try again shortly");
                }
                try {
                    loaded.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    // ---- the writer: journal and group commit -------------------------------------------------

    private void write() {
        List<Request> group = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.allocate(1024 * 1024);
        while (running || !requests.isEmpty()) {
            try {
                Request first = requests.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                requests.drainTo(group, 10_000);
                buffer = journalGroup(group, buffer);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } finally {
                group.clear();
            }
        }
    }

    private ByteBuffer journalGroup(List<Request> group, ByteBuffer buffer) {
        List<Journal.Entry> entries = new ArrayList<>();
        Appended[] outcomes = new Appended[group.size()];
        long firstSeq = nextSeq;
        buffer.clear();
        synchronized (fingerprints) {
            LongHashSet inThisGroup = new LongHashSet(64);
            for (int r = 0; r < group.size(); r++) {
                Request request = group.get(r);
                int storedHere = 0;
                for (int e = 0; e < request.events().size(); e++) {
                    long fingerprint = request.fingerprints()[e];
                    if (fingerprints.contains(fingerprint) || !inThisGroup.add(fingerprint)) {
                        continue;
                    }
                    Journal.Entry entry = new Journal.Entry(nextSeq++, fingerprint, request.origin(), request.events().get(e));
                    buffer = Journal.encode(entry, buffer);
                    entries.add(entry);
                    storedHere++;
                }
                outcomes[r] = new Appended(storedHere, request.events().size() - storedHere);
            }
            try {
                if (!entries.isEmpty()) {
                    buffer.flip();
                    journal.append(firstSeq, buffer);
                    journal.force();
                }
            } catch (IOException | RuntimeException e) {
                nextSeq = firstSeq;
                LOG.error("journaling {} events failed; none is acknowledged", entries.size(), e);
                ParcoursException failure = new ParcoursException(ErrorCode.STORAGE,
                        "the events could not be written to disk (" + e.getMessage() + "): send them again", e);
                finish(group, null, failure);
                return buffer;
            }
            for (Journal.Entry entry : entries) {
                fingerprints.add(entry.fingerprint());
            }
        }
        accepted.addAndGet(entries.size());
        if (!entries.isEmpty()) {
            journaledSeq = entries.get(entries.size() - 1).seq();
            toLoad.add(entries);
        }
        finish(group, outcomes, null);
        return buffer;
    }

    private void finish(List<Request> group, Appended[] outcomes, ParcoursException failure) {
        for (int r = 0; r < group.size(); r++) {
            Request request = group.get(r);
            pendingEvents.addAndGet(-request.events().size());
            if (failure != null) {
                request.done().completeExceptionally(failure);
            } else {
                request.done().complete(outcomes[r]);
            }
        }
    }

    // ---- the loader: journal to table -----------------------------------------------------------

    private void loadLoop() {
        List<Journal.Entry> batch = new ArrayList<>();
        while (running || !toLoad.isEmpty()) {
            try {
                List<Journal.Entry> first = toLoad.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.addAll(first);
                List<Journal.Entry> next;
                while (batch.size() < MAX_LOAD_BATCH && (next = toLoad.poll()) != null) {
                    batch.addAll(next);
                }
                loadWithRetry(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void loadWithRetry(List<Journal.Entry> batch) throws InterruptedException {
        while (true) {
            try {
                synchronized (fingerprints) {
                    load(batch);
                }
                journal.deleteLoaded(loadedSeq);
                return;
            } catch (SQLException | IOException | RuntimeException e) {
                // The events are safe in the journal; the database will take them when it can.
                LOG.error("loading {} events into the database failed; retrying in a second", batch.size(), e);
                closeAppender();
                Thread.sleep(1000);
                if (!running) {
                    return;
                }
            }
        }
    }

    /** Appends entries to the table, skipping any a failed earlier attempt already committed, and records how far. */
    private void load(List<Journal.Entry> entries) throws SQLException {
        long committed = loadedSeq;
        try (Statement statement = connection.createStatement();
                var result = statement.executeQuery("SELECT coalesce(max(seq), 0) FROM events")) {
            result.next();
            committed = Math.max(committed, result.getLong(1));
        }
        if (appender == null) {
            appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "events");
        }
        long last = committed;
        for (Journal.Entry entry : entries) {
            if (entry.seq() <= committed) {
                continue;
            }
            appendRow(entry);
            last = entry.seq();
        }
        appender.flush();
        try (PreparedStatement record = connection.prepareStatement("UPDATE event_log_state SET loaded_seq = ? WHERE id = 1")) {
            record.setLong(1, last);
            record.executeUpdate();
        }
        synchronized (loaded) {
            loadedSeq = Math.max(loadedSeq, last);
            loaded.notifyAll();
        }
    }

    private void appendRow(Journal.Entry entry) throws SQLException {
        Event event = entry.event();
        appender.beginRow();
        appender.append(entry.seq());
        appender.append(entry.fingerprint());
        appender.append(entry.origin().workspace());
        appender.append(entry.origin().source());
        appender.append(event.messageId());
        appender.append(event.type().id());
        appender.append(event.name());
        appendOptional(event.userId().orElse(null));
        appendOptional(event.anonymousId().orElse(null));
        appender.append(event.timestamp());
        appender.append(event.receivedAt());
        appender.append(event.properties());
        appender.append(event.traits());
        appender.append(event.context());
        appendOptional(event.previousId().orElse(null));
        appendOptional(event.groupId().orElse(null));
        appender.endRow();
    }

    private void appendOptional(String value) throws SQLException {
        if (value == null) {
            appender.appendNull();
        } else {
            appender.append(value);
        }
    }

    private void closeAppender() {
        if (appender != null) {
            try {
                appender.close();
            } catch (SQLException | RuntimeException e) {
                LOG.warn("closing the event appender failed", e);
            }
            appender = null;
        }
    }

    /**
     * Deletes every event of a workspace and forgets their fingerprints, so that the workspace can be
     * made again and fed the same messages. Waits until what is journaled is loaded first.
     */
    void deleteWorkspace(String workspace) {
        awaitLoaded(60_000);
        synchronized (fingerprints) {
            try (PreparedStatement select = connection.prepareStatement("SELECT fingerprint FROM events WHERE workspace_key = ?");
                    PreparedStatement delete = connection.prepareStatement("DELETE FROM events WHERE workspace_key = ?")) {
                select.setString(1, workspace);
                List<Long> forgotten = new ArrayList<>();
                try (var result = select.executeQuery()) {
                    while (result.next()) {
                        forgotten.add(result.getLong(1));
                    }
                }
                delete.setString(1, workspace);
                delete.executeUpdate();
                forgotten.forEach(fingerprints::remove);
                accepted.addAndGet(-forgotten.size());
            } catch (SQLException e) {
                throw new ParcoursException(ErrorCode.STORAGE, "deleting the events of '" + workspace + "' failed: "
                        + e.getMessage(), e);
            }
        }
    }

    /** 64 bits of SHA-256 over workspace, source and message id, each followed by a zero byte. */
    private static long fingerprint(Origin origin, String messageId) {
        MessageDigest sha256 = SHA256.get();
        sha256.reset();
        sha256.update(origin.workspace().getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        sha256.update(origin.source().getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        sha256.update(messageId.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(sha256.digest()).getLong();
    }

    /** Journals what is queued, loads what is journaled, then stops. */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
            loader.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (fingerprints) {
            closeAppender();
        }
        try {
            journal.close();
        } catch (IOException e) {
            LOG.warn("closing the journal failed", e);
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing: nothing left to do
        }
    }
}
