package io.parcours.store;

import io.parcours.model.ErrorCode;
import io.parcours.model.Event;
import io.parcours.model.ParcoursException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import io.parcours.model.StringDictionary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * with DuckDB's appender, in batches of up to a row group ({@link #MAX_LOAD_BATCH}), and records the last
 * sequence number loaded, in the same transaction; listeners and readers learn of a load only
 * once it is committed. While events keep arriving it loads at most once per load interval
 * (100 ms by default), since each commit also forces DuckDB's log to disk, and when they arrive
 * fast enough to fill a whole row group within the row group wait (5 s by default), it waits for
 * one, which DuckDB writes straight to its file instead of to its log; a read waiting for
 * the load has it load at once. At start, the journal is replayed from there, so nothing journaled is
 * lost or loaded twice. Reads that must see every acknowledged event call {@link #awaitLoaded}.
 *
 * <p><b>Numbers for journeys.</b> The loader also numbers each event's ids and activity per
 * workspace ({@link WorkspaceNumbers}, stored in {@code event_ids} and {@code event_activities}
 * before the events that use them) and hands every loaded event, by numbers, to the
 * {@link JourneyListener}s that {@link #follow} it, which first receive every event already
 * stored: read from integer columns, that is fast enough to rebuild journeys at each start.
 *
 * <p><b>Exactly once.</b> Repeats are recognised by a 64-bit fingerprint of (workspace, source,
 * message id) kept in memory for every accepted event (11 to 21 bytes each: 8-byte slots of
 * thousands of small tables kept at most three quarters full, each doubling as it fills), rebuilt
 * at start from the table and the journal. Two different messages share a fingerprint with a
 * probability of about n²/2⁶⁵ (3 in a million over ten million events); such a message would be
 * taken for a repeat.
 *
 * <p><b>Back-pressure.</b> When more than {@code maxPendingEvents} events wait for the journal,
 * {@link #append} refuses at once with {@link ErrorCode#OVERLOADED}, so the HTTP layer answers 429
 * instead of queueing without bound. Thread-safe.
 */
public final class EventLog implements AutoCloseable {
    /**
     * DuckDB's row group, in rows. A transaction that appends at least this many rows writes them
     * straight to the database file, compressed (about 24 bytes an event in the soak's shop), and
     * its commit logs only where they are; a smaller one writes each row to DuckDB's log
     * uncompressed (about 200 bytes an event), to be written again at the next checkpoint.
     */
    static final int DUCKDB_ROW_GROUP = 122_880;
    /** The most events one database load takes: a whole row group, so that a load catching up writes no log. */
    static final int MAX_LOAD_BATCH = DUCKDB_ROW_GROUP;
    static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
    /** The rows of imported_rows in the workspace given as parameter: those of its imports (schema 15). */
    private static final String IMPORTED_IN_WORKSPACE = "import_ref IN (SELECT ref FROM event_imports WHERE workspace_key = ?)";

    /** Where the events of one request come from. */
    public record Origin(String workspace, String source) {}

    /** What one append did: how many events were accepted, and how many were repeats of accepted ones. */
    public record Appended(int stored, int duplicates) {}

    /** A row of an imported file that was refused: its line, and why. */
    public record Refusal(long line, String reason) {}

    /**
     * What a bulk import did: rows read, events stored, rows already stored (repeats), rows
     * refused, and the first refusals, by line.
     */
    public record Imported(long read, long stored, long duplicates, long refused, List<Refusal> firstRefusals) {
        public Imported {
            firstRefusals = List.copyOf(firstRefusals);
        }
    }

    /** The database could not read a file for a bulk import; nothing was stored, and the file can be imported row by row. */
    public static final class StagingFailed extends RuntimeException {
        StagingFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Request(Origin origin, List<Event> events, long[] fingerprints, CompletableFuture<Appended> done) {}

    private final DuckDBConnection connection;
    private final Journal journal;
    private final BlockingQueue<Request> requests = new ArrayBlockingQueue<>(100_000);
    /** Journaled groups of events, as their bytes, in seq order, for the loader. */
    private final BlockingQueue<JournalRecords> toLoad = new LinkedBlockingQueue<>();
    private final AtomicLong pendingEvents = new AtomicLong();
    private final long maxPendingEvents;
    /** Fingerprints of every stored or journaled event; held by the writer while it journals a group. */
    private final LongHashSet fingerprints;
    /**
     * Held by the loader while it loads, and by {@link #follow} and {@link #deleteWorkspace} so that
     * no load runs meanwhile. Apart from {@code fingerprints}, so that journaling the next events
     * and loading the previous ones overlap. Taken before {@code fingerprints} when both are needed.
     */
    private final Object loading = new Object();
    /**
     * Held by whatever removes events ({@link #deleteWorkspace}, {@link #eraseCustomer},
     * {@link #purgeBefore}), one at a time: they take {@code fingerprints} and {@code loading} in
     * different orders, which only this lock makes safe.
     */
    private final Object removing = new Object();
    private final AtomicLong accepted = new AtomicLong();
    private final Object loaded = new Object();
    private final Timings journalSyncs = new Timings(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5);
    /**
     * The least time between two loads into the database while events keep arriving (property
     * {@code parcours.loadIntervalMillis}, the setting {@code store.load-interval}: 100 ms; 0 loads
     * whatever has arrived as soon as the last load ends).
     */
    private final long loadIntervalNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0,
            Long.getLong("parcours.loadIntervalMillis", 100)));
    /**
     * How long events may wait for a whole row group ({@link #DUCKDB_ROW_GROUP}) when they arrive
     * fast enough to fill one in that time (property {@code parcours.rowGroupWaitMillis}, the
     * setting {@code store.row-group-wait}: 5 s, so from about 25,000 events a second; 0 never waits).
     */
    private final long rowGroupWaitNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0,
            Long.getLong("parcours.rowGroupWaitMillis", 5_000)));
    /**
     * How long the writer gathers requests into a group before it writes and syncs it, from the
     * moment it takes the first (property {@code parcours.groupCommitWaitMicros}, the setting
     * {@code store.group-commit-wait}: 1 ms; 0 syncs whatever is waiting at once). Every sync costs
     * the kernel about 0.1 ms of a core here, and single tracks arriving 2,000 a second made about
     * 1,400 a second without it; a group that already holds {@link #GROUP_COMMIT_EVENTS} events is
     * written at once.
     */
    private final long groupCommitWaitNanos = TimeUnit.MICROSECONDS.toNanos(Math.max(0,
            Long.getLong("parcours.groupCommitWaitMicros", 1_000)));
    /** The events in a group past which the writer stops gathering and writes it. */
    static final int GROUP_COMMIT_EVENTS = 1_000;
    private final Timings loads = new Timings(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10);
    /** Reads waiting in {@link #awaitLoaded}: while there are any, the loader loads what it has at once. */
    private final java.util.concurrent.atomic.AtomicInteger awaitingLoad = new java.util.concurrent.atomic.AtomicInteger();
    private final Thread writer;
    private final Thread loader;
    private volatile boolean running = true;
    private volatile long journaledSeq;
    private volatile long loadedSeq;
    private long nextSeq;
    private DuckDBAppender appender;
    private final RowFingerprints rowFingerprints;
    private final ConcurrentHashMap<String, WorkspaceNumbers> numbers = new ConcurrentHashMap<>();
    /** The disk under the journal: ingestion stops while it is full. */
    private final DiskSpace disk;
    /** Why the writer thread stopped, for good (until a restart); null while it runs. */
    private volatile String writerFailure;
    /** Why the last load into the database failed, until one succeeds; null when loads work. */
    private volatile String loadFailure;
    /** Whether the writer refuses events for want of space, or failed its last write: to log once per episode. */
    private boolean writesFailing;
    private final List<JourneyListener> listeners = new CopyOnWriteArrayList<>();
    /** The events of one load handed to the listeners; loader only. */
    private final EventChunk loadedChunk = new EventChunk();

    EventLog(DuckDBConnection connection, Path journalFolder, long maxPendingEvents) throws SQLException, IOException {
        this.connection = connection;
        this.maxPendingEvents = maxPendingEvents;
        long count;
        long maxSeq;
        long recorded;
        try (Statement statement = connection.createStatement()) {
            var result = statement.executeQuery("SELECT count(*), coalesce(max(seq), 0) FROM (SELECT seq FROM event_rows "
                    + "UNION ALL SELECT seq FROM imported_rows)");
            result.next();
            count = result.getLong(1);
            maxSeq = result.getLong(2);
            result = statement.executeQuery("SELECT loaded_seq FROM event_log_state WHERE id = 1");
            result.next();
            recorded = result.getLong(1);
        }
        rowFingerprints = RowFingerprints.of(connection);
        // Loads commit with their record; a data folder of an earlier release may have rows past it.
        loadedSeq = Math.max(recorded, maxSeq);
        fingerprints = new LongHashSet((int) Math.min(Integer.MAX_VALUE / 4, Math.max(1024, count + count / 4)),
                LongHashSet.MANY_SEGMENTS);
        // Read a million at a time, each million added on two threads (the set's random writes cost
        // more than reading).
        long[] batch = new long[1 << 20];
        boolean[] added = new boolean[batch.length];
        int[] batched = {0};
        ImportedPrint adding = (seq, fingerprint, ref) -> {
            batch[batched[0]++] = fingerprint;
            if (batched[0] == batch.length) {
                claim(batch, batched[0], added);
                batched[0] = 0;
            }
        };
        try (Statement statement = connection.createStatement();
                var result = statement.executeQuery("SELECT fingerprint FROM event_rows UNION ALL SELECT fingerprint "
                        + "FROM erased_fingerprints")) {
            while (result.next()) {
                adding.accept(0, result.getLong(1), -1);
            }
        }
        importedFingerprints("TRUE", null, false, adding);
        claim(batch, batched[0], added);
        Replay replay = new Replay(loadedSeq);
        try {
            journal = Journal.open(journalFolder, replay);
            replay.loadRest();
            if (replay.loaded > 0) {
                LOG.info("loaded {} journaled events that were not yet in the database", replay.loaded);
            }
        } catch (Replay.LoadFailed e) {
            throw e.cause;
        }
        // A DuckDB appender serves only the thread that made it: the loader thread makes its own.
        closeAppender();
        disk = new DiskSpace(journalFolder.toAbsolutePath().getParent());
        nextSeq = replay.lastSeq + 1;
        journaledSeq = replay.lastSeq;
        accepted.set(count + replay.loaded);
        writer = new Thread(this::write, "parcours-journal");
        writer.setDaemon(true);
        loader = new Thread(this::loadLoop, "parcours-loader");
        loader.setDaemon(true);
        writer.start();
        loader.start();
    }

    /**
     * At the start, takes the journal's records that are not in the database yet and loads them,
     * a row group at a time, as they are read.
     */
    private final class Replay implements Journal.RecordConsumer {
        /** A failed load, carried out of the journal's reading. */
        static final class LoadFailed extends RuntimeException {
            final SQLException cause;

            LoadFailed(SQLException cause) {
                super(cause);
                this.cause = cause;
            }
        }

        /** The most bytes of records held for one load: a row group of large events would not fit an array. */
        static final int REPLAY_BYTES = 64 << 20;

        private final long loadedBefore;
        private ByteBuffer records = ByteBuffer.allocate(1 << 20);
        private int waiting;
        long lastSeq;
        long loaded;

        Replay(long loadedBefore) {
            this.loadedBefore = loadedBefore;
            this.lastSeq = loadedBefore;
        }

        @Override
        public void accept(byte[] payload, int length, int crc) {
            long seq = JournalRecords.seqOf(payload);
            lastSeq = Math.max(lastSeq, seq);
            // A record whose message is already stored is one left by a write that failed, sent again since.
            if (seq > loadedBefore && fingerprints.add(JournalRecords.fingerprintOf(payload))) {
                // Kept as read, without decoding it into an event and encoding it again.
                records = Journal.appendFrame(payload, length, crc, records);
                if (++waiting == MAX_LOAD_BATCH || records.position() >= REPLAY_BYTES) {
                    loadRest();
                }
            }
        }

        void loadRest() {
            if (waiting == 0) {
                return;
            }
            try {
                load(LoadBatch.of(new JournalRecords(records.array(), 0, records.position(), waiting)));
            } catch (SQLException e) {
                throw new LoadFailed(e);
            }
            loaded += waiting;
            waiting = 0;
            records.clear();
        }
    }

    /**
     * Queues events for storage; the future completes once they are on disk in the journal (or
     * fails with a storage error, after which sending them again is safe). Refuses at once when overloaded.
     */
    public CompletableFuture<Appended> append(Origin origin, List<Event> events) {
        if (!running) {
            throw new ParcoursException(ErrorCode.STORAGE, "Parcours is shutting down: send the events again shortly");
        }
        if (writerFailure != null) {
            throw new ParcoursException(ErrorCode.STORAGE, writerFailure);
        }
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(new Appended(0, 0));
        }
        for (Event event : events) {
            Journal.checkRecordSize(origin, event);
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
     * The event log at a glance, for metrics and readiness: events stored (on disk), events waiting
     * to be written (the queue), the most that may wait before senders are told to retry, events
     * written to the journal but not yet loaded into the database table, and whether it still runs.
     */
    public record Stats(long stored, long pending, long maxPending, long loadLag, boolean running) {}

    /**
     * How long each group commit took to write its events to the journal and force them to disk:
     * what every sender of the group waited for, and the first place a slow disk shows.
     */
    public Timings journalSyncs() {
        return journalSyncs;
    }

    /** The least time between two loads into the database while events keep arriving. */
    public java.time.Duration loadInterval() {
        return java.time.Duration.ofNanos(loadIntervalNanos);
    }

    /** How long events may wait for a whole row group of the database when they arrive fast enough to fill one. */
    public java.time.Duration rowGroupWait() {
        return java.time.Duration.ofNanos(rowGroupWaitNanos);
    }

    /** How long each load of journaled events into the database took, its commit included; the count is the loads. */
    public Timings loads() {
        return loads;
    }

    public Stats stats() {
        return new Stats(accepted.get(), pendingEvents.get(), maxPendingEvents, Math.max(0, journaledSeq - loadedSeq),
                running);
    }

    /**
     * What keeps events from being stored now, in plain words, if anything: the disk is full or
     * read-only, a write to the journal failed lately, or loads into the database fail. For readiness.
     */
    public Optional<String> storageProblem() {
        return Optional.ofNullable(writerFailure).or(disk::problem).or(() -> Optional.ofNullable(loadFailure));
    }

    /** The disk under the journal and the database: free space and the reserve kept for the database. */
    public DiskSpace disk() {
        return disk;
    }

    /** Runs {@code work} with no load into the database running: the table and how far it goes hold still. */
    <T> T whileNotLoading(java.util.concurrent.Callable<T> work) throws Exception {
        synchronized (loading) {
            return work.call();
        }
    }

    /**
     * Waits until every event acknowledged so far is in the {@code events} table, so that a query
     * sees what a client was told is stored. Gives up after {@code timeoutMillis}.
     */
    public void awaitLoaded(long timeoutMillis) {
        awaitLoaded(journaledSeq, timeoutMillis);
    }

    /** Waits until the table holds every event up to {@code target}; refuses with a storage error after the timeout. */
    private void awaitLoaded(long target, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        awaitingLoad.incrementAndGet();
        try {
            awaitLoadedUntil(target, deadline);
        } finally {
            awaitingLoad.decrementAndGet();
        }
    }

    private void awaitLoadedUntil(long target, long deadline) {
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

    /**
     * Hands {@code listener} every event stored so far, then every event loaded from now on, by
     * numbers, in arrival order per workspace. Loading waits meanwhile.
     */
    public void follow(JourneyListener listener) {
        synchronized (loading) {
            try {
                List<String> stored = new ArrayList<>();
                try (Statement statement = connection.createStatement();
                        var result = statement.executeQuery("SELECT workspace_key FROM event_rows UNION "
                                + "SELECT workspace_key FROM event_imports ORDER BY 1")) {
                    while (result.next()) {
                        stored.add(result.getString(1));
                    }
                }
                for (String key : stored) {
                    long started = System.nanoTime();
                    WorkspaceNumbers known = numbers.get(key);
                    if (known != null) {
                        replayAll(known, listener, IdStrings.complete(known.ids()));
                    } else {
                        numberWhileReplaying(key, listener);
                    }
                    LOG.info("events of '{}' replayed to the journey index in {} ms", key,
                            (System.nanoTime() - started) / 1_000_000);
                }
            } catch (SQLException e) {
                throw new ParcoursException(ErrorCode.STORAGE, "reading the events for the journey index failed: "
                        + e.getMessage(), e);
            }
            listeners.add(listener);
        }
    }

    /**
     * Imports the events of a file that the database reads itself ({@link StagedEvents}): many
     * times faster than {@link #append}, with the same outcome (a message already stored is not
     * stored again; ids and activities are numbered; followers hear of every event stored). Waits
     * until every journaled event is loaded, then holds off ingestion and loading until done: meant
     * for imports from the command line, not for a busy server. Stores in transactions of up to two
     * million rows, each durable once committed; a failure keeps the ones before it, and importing
     * the file again is safe. When some rows are refused and {@code storeIfRefused} is false,
     * stores nothing and says why. {@code progress} hears the fraction done.
     *
     * @throws StagingFailed when the database cannot read the file (nothing is stored)
     */
    public Imported importStaged(Origin origin, StagedEvents staged, long receivedAt, boolean storeIfRefused,
            java.util.function.DoubleConsumer progress) {
        return importStaged(origin, staged, receivedAt, storeIfRefused, progress, StagedImport.CHUNK_ROWS);
    }

    /** {@link #importStaged} in transactions of at most {@code chunkRows} rows. */
    Imported importStaged(Origin origin, StagedEvents staged, long receivedAt, boolean storeIfRefused,
            java.util.function.DoubleConsumer progress, int chunkRows) {
        while (true) {
            if (!running || writerFailure != null) {
                throw new ParcoursException(ErrorCode.STORAGE, writerFailure != null ? writerFailure
                        : "Parcours is shutting down: import the file again later");
            }
            awaitLoaded(600_000);
            synchronized (loading) {
                synchronized (fingerprints) {
                    if (journaledSeq == loadedSeq) {
                        closeAppender();
                        try {
                            return new StagedImport(this, connection, origin, staged, chunkRows).run(receivedAt,
                                    storeIfRefused, progress);
                        } catch (SQLException e) {
                            throw new ParcoursException(ErrorCode.STORAGE, "the import failed (" + DiskSpace.explain(e)
                                    + "); what it stored before stays, and importing the file again is safe", e);
                        }
                    }
                }
            }
        }
    }

    /**
     * Takes the fingerprints {@code prints[0..count)} for messages about to be stored by a bulk
     * import, in order: {@code claimed[i]} is false for one whose message is stored or taken
     * already (by an earlier one of these). With {@code fingerprints} held; {@link #unclaim} gives
     * them back when the import fails. Large batches are shared between two threads, each taking
     * the fingerprints of half the set's segments (the same fingerprint always falls in the same
     * half, so the earlier of two is the one taken).
     */
    void claim(long[] prints, int count, boolean[] claimed) {
        if (count < 65_536) {
            fingerprints.addPart(prints, count, claimed, 0, 1);
            return;
        }
        java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
        Thread helper = new Thread(() -> {
            try {
                fingerprints.addPart(prints, count, claimed, 1, 2);
            } catch (Throwable e) {
                failed.set(e);
            }
        }, "parcours-import-claims");
        helper.start();
        try {
            fingerprints.addPart(prints, count, claimed, 0, 2);
        } catch (RuntimeException | Error e) {
            failed.compareAndSet(null, e);
        }
        boolean interrupted = false;
        while (true) {
            try {
                helper.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failed.get() != null) {
            for (int i = 0; i < count; i++) {
                if (claimed[i]) {
                    fingerprints.remove(prints[i]);
                }
            }
            if (failed.get() instanceof Error error) {
                throw error;
            }
            throw failed.get() instanceof RuntimeException e ? e : new IllegalStateException(failed.get());
        }
    }

    /** Makes room for the fingerprints of {@code rows} more messages, about to be {@link #claim}ed; with {@code fingerprints} held. */
    void reserveClaims(long rows) {
        fingerprints.reserve(rows);
    }

    /** Gives back the first {@code count} of fingerprints {@link #claim}ed, whose messages were not stored. */
    void unclaim(long[] prints, int count) {
        for (int i = 0; i < count; i++) {
            fingerprints.remove(prints[i]);
        }
    }

    /** The sequence number the next stored event gets; with {@code fingerprints} held. */
    long nextSeq() {
        return nextSeq;
    }

    /**
     * After a bulk import committed events {@code firstSeq} to {@code lastSeq} of one workspace
     * (their fingerprints {@link #claim}ed before): hands them to the followers, and tells readers. With
     * {@code loading} and {@code fingerprints} held.
     */
    void committedStaged(WorkspaceNumbers book, int count, long firstSeq, long lastSeq) {
        nextSeq = lastSeq + 1;
        accepted.addAndGet(count);
        journaledSeq = lastSeq;
        for (JourneyListener listener : listeners) {
            try {
                if (!replay(book, listener, true, firstSeq)) {
                    throw new SQLException("rows out of order");
                }
            } catch (SQLException e) {
                // Stored and durable; the follower catches up at the next start.
                LOG.error("handing {} imported events to a follower failed; they are stored, and the journeys show "
                        + "them after a restart", count, e);
            }
        }
        synchronized (loaded) {
            loadedSeq = Math.max(loadedSeq, lastSeq);
            loaded.notifyAll();
        }
    }

    /** Stops handing events to {@code listener}. */
    public void unfollow(JourneyListener listener) {
        listeners.remove(listener);
    }

    // ---- numbers --------------------------------------------------------------------------------

    /**
     * The numbers of a workspace, read from the database the first time they are needed (by the
     * loader or by {@link #follow}), so that commands that never touch events do not pay for them.
     * Called by the loader's thread or with loading held (a bulk import holds it).
     */
    WorkspaceNumbers numbersOf(String key) throws SQLException {
        WorkspaceNumbers known = numbers.get(key);
        if (known != null) {
            return known;
        }
        WorkspaceNumbers workspace = new WorkspaceNumbers(key);
        workspace.storedIds = loadDictionary(connection, key, "event_ids", "id", workspace.ids());
        workspace.storedActivities = loadDictionary(connection, key, "event_activities", "activity", workspace.activities());
        numbers.put(key, workspace);
        return workspace;
    }

    /** Hands a workspace's stored events to a listener, sorted by arrival if the table's order is not. */
    private void replayAll(WorkspaceNumbers workspace, JourneyListener listener, IdStrings ids) throws SQLException {
        if (!replay(workspace, listener, false, Long.MIN_VALUE, ids)) {
            // Rows out of arrival order (never seen: the loader appends in order): start again, sorted.
            listener.forgotten(workspace.workspace());
            replay(workspace, listener, true, Long.MIN_VALUE, ids);
        }
    }

    /**
     * The ids a replay may refer to ({@code count} of them), and their strings, which may still be
     * coming in from a second thread: a chunk of events goes to a listener only once every id it
     * refers to has its string, so that listeners may read them at once.
     */
    private static final class IdStrings {
        private final StringDictionary dictionary;
        private final int count;
        private volatile boolean finished;

        IdStrings(StringDictionary dictionary, int count, boolean finished) {
            this.dictionary = dictionary;
            this.count = count;
            this.finished = finished;
        }

        /** Every id of a dictionary already read. */
        static IdStrings complete(StringDictionary dictionary) {
            return new IdStrings(dictionary, dictionary.size(), true);
        }

        /** Wakes the replay: more strings came in, or (when {@code done}) no more will. */
        synchronized void progressed(boolean done) {
            finished |= done;
            notifyAll();
        }

        /** Waits until ids {@code 0} to {@code highest} have their strings. */
        void await(int highest) throws SQLException, InterruptedException {
            if (dictionary.size() > highest) {
                return;
            }
            synchronized (this) {
                while (dictionary.size() <= highest && !finished) {
                    wait();
                }
            }
            if (dictionary.size() <= highest) {
                throw new SQLException("an event refers to id " + highest + " but event_ids holds only "
                        + dictionary.size() + " ids");
            }
        }
    }

    /**
     * Numbers a workspace (as {@link #numbersOf}) while its events are handed to {@code listener}:
     * a second connection reads the strings of its ids (a million of them take most of a second)
     * meanwhile, in the order they were numbered, the order the events need them in. The workspace
     * is known to the loader only once both are done.
     */
    private void numberWhileReplaying(String key, JourneyListener listener) throws SQLException {
        int count;
        try (PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM event_ids WHERE workspace_key = ?")) {
            select.setString(1, key);
            try (var result = select.executeQuery()) {
                result.next();
                count = result.getInt(1);
            }
        }
        WorkspaceNumbers workspace = new WorkspaceNumbers(key, count);
        workspace.storedActivities = loadDictionary(connection, key, "event_activities", "activity", workspace.activities());
        IdStrings ids = new IdStrings(workspace.ids(), count, false);
        java.util.concurrent.FutureTask<Integer> reading = new java.util.concurrent.FutureTask<>(() -> {
            try (DuckDBConnection second = (DuckDBConnection) connection.duplicate()) {
                return loadDictionary(second, key, "event_ids", "id", workspace.ids(), () -> ids.progressed(false));
            } finally {
                ids.progressed(true);
            }
        });
        Thread reader = new Thread(reading, "parcours-id-dictionary");
        reader.start();
        SQLException failed = null;
        try {
            replayAll(workspace, listener, ids);
        } catch (SQLException | RuntimeException e) {
            failed = e instanceof SQLException sql ? sql : new SQLException(e.getMessage(), e);
        }
        try {
            workspace.storedIds = reading.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while reading the ids of '" + key + "'", e);
        } catch (java.util.concurrent.ExecutionException e) {
            SQLException idsFailed = new SQLException("reading the ids of '" + key + "' failed: "
                    + e.getCause().getMessage(), e.getCause());
            if (failed != null) {
                failed.addSuppressed(idsFailed);
                throw failed;
            }
            throw idsFailed;
        }
        if (failed != null) {
            throw failed;
        }
        if (workspace.storedIds != count) {
            throw new SQLException("event_ids of workspace '" + key + "' changed while it was read");
        }
        numbers.put(key, workspace);
    }

    /**
     * Hands a workspace's stored events from {@code fromSeq} on to a listener in chunks, a second
     * thread reading the rows while the listener takes the chunks before; false when rows came out
     * of arrival order (the listener then has part of them).
     */
    private boolean replay(WorkspaceNumbers workspace, JourneyListener listener, boolean sorted, long fromSeq)
            throws SQLException {
        return replay(workspace, listener, sorted, fromSeq, IdStrings.complete(workspace.ids()));
    }

    /** The same, with the ids' strings perhaps still coming in. */
    private boolean replay(WorkspaceNumbers workspace, JourneyListener listener, boolean sorted, long fromSeq,
            IdStrings ids) throws SQLException {
        BlockingQueue<EventChunk> filled = new ArrayBlockingQueue<>(4);
        BlockingQueue<EventChunk> free = new ArrayBlockingQueue<>(4);
        for (int i = 0; i < 3; i++) {
            free.add(new EventChunk());
        }
        EventChunk end = new EventChunk();
        java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean inOrder = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            try {
                read(workspace, sorted, fromSeq, ids.count, filled, free, inOrder);
            } catch (SQLException | InterruptedException | RuntimeException e) {
                failure.set(e);
            } finally {
                try {
                    filled.put(end);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "parcours-journey-replay");
        reader.start();
        try {
            for (EventChunk chunk = filled.take(); chunk != end; chunk = filled.take()) {
                if (failure.get() == null) {
                    try {
                        ids.await(chunk.highestId);
                        listener.arrived(workspace, chunk);
                    } catch (SQLException e) {
                        failure.compareAndSet(null, e);
                    }
                }
                chunk.clear();
                free.put(chunk);
            }
            reader.join();
        } catch (InterruptedException e) {
            reader.interrupt();
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while reading the events of '" + workspace.workspace() + "'", e);
        }
        if (failure.get() instanceof SQLException e) {
            throw e;
        } else if (failure.get() != null) {
            throw new SQLException("reading the events of '" + workspace.workspace() + "' failed: " + failure.get(),
                    failure.get());
        }
        return inOrder.get();
    }

    private void read(WorkspaceNumbers workspace, boolean sorted, long fromSeq, int ids, BlockingQueue<EventChunk> filled,
            BlockingQueue<EventChunk> free, java.util.concurrent.atomic.AtomicBoolean inOrder)
            throws SQLException, InterruptedException {
        int activities = workspace.activities().size();
        // Two numbers per column (each plus one, zero for none): half the calls through JDBC. The two
        // tables' rows are merged by number (each comes in that order, unless rows were moved).
        String order = sorted ? " ORDER BY seq" : "";
        // The workspace's imports, named: a filter keeps the table's order, where a join to event_imports might not.
        StringJoiner imports = new StringJoiner(", ", "import_ref IN (", ")").setEmptyValue("FALSE");
        try (PreparedStatement select = connection.prepareStatement("SELECT ref FROM event_imports WHERE workspace_key = ?")) {
            select.setString(1, workspace.workspace());
            try (var refs = select.executeQuery()) {
                while (refs.next()) {
                    imports.add(Integer.toString(refs.getInt(1)));
                }
            }
        }
        try (PreparedStatement wide = connection.prepareStatement("""
                SELECT seq, event_time,
                       coalesce(anonymous_ref + 1, 0)::BIGINT * 4294967296 + coalesce(user_ref + 1, 0),
                       coalesce(previous_ref + 1, 0)::BIGINT * 4294967296 + coalesce(activity_ref + 1, 0)
                FROM event_rows WHERE workspace_key = ? AND seq >= ?""" + order);
                PreparedStatement narrow = connection.prepareStatement("""
                        SELECT seq, event_time, user_ref::BIGINT + 1, activity_ref::BIGINT + 1
                        FROM imported_rows WHERE %s AND seq >= ?""".formatted(imports) + order)) {
            wide.setString(1, workspace.workspace());
            wide.setLong(2, fromSeq);
            narrow.setLong(1, fromSeq);
            try (var wideRows = wide.executeQuery(); var narrowRows = narrow.executeQuery()) {
                EventChunk chunk = free.take();
                long last = Long.MIN_VALUE;
                // The number of each table's next row, or Long.MAX_VALUE when it has no more.
                long wideSeq = wideRows.next() ? wideRows.getLong(1) : Long.MAX_VALUE;
                long narrowSeq = narrowRows.next() ? narrowRows.getLong(1) : Long.MAX_VALUE;
                while (wideSeq != Long.MAX_VALUE || narrowSeq != Long.MAX_VALUE) {
                    boolean fromWide = wideSeq < narrowSeq;
                    var rows = fromWide ? wideRows : narrowRows;
                    long seq = fromWide ? wideSeq : narrowSeq;
                    if (seq < last) {
                        inOrder.set(false);
                        break;
                    }
                    last = seq;
                    long time = rows.getLong(2);
                    long senders = rows.getLong(3);
                    long rest = rows.getLong(4);
                    if (fromWide) {
                        wideSeq = wideRows.next() ? wideRows.getLong(1) : Long.MAX_VALUE;
                    } else {
                        narrowSeq = narrowRows.next() ? narrowRows.getLong(1) : Long.MAX_VALUE;
                    }
                    int anonymous = (int) (senders >>> 32) - 1;
                    int user = (int) senders - 1;
                    int previous = (int) (rest >>> 32) - 1;
                    int activity = (int) rest - 1;
                    if (activity < 0 || anonymous >= ids || previous >= ids || user >= ids || activity >= activities
                            || (anonymous < 0 && user < 0)) {
                        throw new SQLException("event " + seq + " of workspace '" + workspace.workspace()
                                + "' refers to an id or activity missing from event_ids or event_activities");
                    }
                    chunk.add(anonymous, previous, user, time, activity);
                    if (chunk.full()) {
                        filled.put(chunk);
                        chunk = free.take();
                    }
                }
                if (chunk.size > 0) {
                    filled.put(chunk);
                } else {
                    free.put(chunk);
                }
            }
        }
    }

    /**
     * Reads a dictionary of a workspace, in chunks of strings joined in the database (one string
     * per row through JDBC is slow), each written as its length in bytes, a colon and its UTF-8.
     */
    private static int loadDictionary(Connection connection, String workspace, String table, String column,
            StringDictionary into) throws SQLException {
        return loadDictionary(connection, workspace, table, column, into, () -> {});
    }

    /** The same, calling {@code progressed} after each chunk of strings. */
    private static int loadDictionary(Connection connection, String workspace, String table, String column,
            StringDictionary into, Runnable progressed) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT count(*), min(ref), max(ref),
                       encode(string_agg(strlen(value)::VARCHAR || ':' || value, '' ORDER BY ref))
                FROM (SELECT ref, first(%s) AS value FROM %s WHERE workspace_key = ? GROUP BY ref)
                GROUP BY ref // 65536 ORDER BY min(ref)""".formatted(column, table))) {
            select.setString(1, workspace);
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    if (rows.getInt(2) != into.size() || rows.getInt(3) - rows.getInt(2) + 1 != rows.getInt(1)) {
                        throw new SQLException(table + " of workspace '" + workspace + "' has a gap in its numbers near "
                                + into.size());
                    }
                    byte[] joined = rows.getBytes(4);
                    int at = 0;
                    while (at < joined.length) {
                        int length = 0;
                        while (joined[at] != ':') {
                            length = length * 10 + (joined[at++] - '0');
                        }
                        at++;
                        try {
                            into.append(new String(joined, at, length, StandardCharsets.UTF_8));
                        } catch (IllegalArgumentException twice) {
                            throw new SQLException(table + " of workspace '" + workspace + "' is damaged: "
                                    + twice.getMessage(), twice);
                        }
                        at += length;
                    }
                    progressed.run();
                }
            }
        }
        return into.size();
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
                requests.drainTo(group, MAX_GROUP);
                gather(group);
                if (writerFailure != null) {
                    // Requests that slipped past append's check before the writer stopped are refused too.
                    finish(group, null, new ParcoursException(ErrorCode.STORAGE, writerFailure));
                } else {
                    buffer = journalGroup(group, buffer);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (RuntimeException | Error e) {
                // Out of memory, or a bug: which events of the group reached the journal is unknown, so
                // none is acknowledged and no more are journaled. Nothing acknowledged is lost (it is in
                // the journal, and a restart loads it); /ready and every sender are told, instead of waiting.
                writerFailure = "the event writer stopped (" + e + "): restart Parcours; every acknowledged event "
                        + "is safe, and events not acknowledged can be sent again";
                LOG.error("the event writer stopped; no more events are taken until Parcours restarts", e);
                finish(group, null, new ParcoursException(ErrorCode.STORAGE, writerFailure));
            } finally {
                group.clear();
            }
        }
    }

    /** The fingerprints of the events the writer is journaling, in seq order; writer only. */
    private long[] writtenFingerprints = new long[GROUP_COMMIT_EVENTS];

    /** The most requests written in one group. */
    private static final int MAX_GROUP = 10_000;

    /**
     * Waits up to {@link #groupCommitWaitNanos} for more requests to join the group, unless it
     * already holds {@link #GROUP_COMMIT_EVENTS} events: one write and one sync for all of them.
     */
    private void gather(List<Request> group) {
        if (groupCommitWaitNanos == 0) {
            return;
        }
        long deadline = System.nanoTime() + groupCommitWaitNanos;
        int events = 0;
        for (Request request : group) {
            events += request.events().size();
        }
        while (events < GROUP_COMMIT_EVENTS && group.size() < MAX_GROUP && running) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Request next;
            try {
                next = requests.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                // As the write loop does when interrupted: stop taking requests after this group,
                // which is written (the interrupt is not kept: it would close the journal's channel).
                running = false;
                return;
            }
            if (next == null) {
                return;
            }
            int before = group.size();
            group.add(next);
            requests.drainTo(group, MAX_GROUP - group.size());
            for (int r = before; r < group.size(); r++) {
                events += group.get(r).events().size();
            }
        }
    }

    /** How long the writer gathers requests before a sync (see {@code store.group-commit-wait}). */
    public java.time.Duration groupCommitWait() {
        return java.time.Duration.ofNanos(groupCommitWaitNanos);
    }

    private ByteBuffer journalGroup(List<Request> group, ByteBuffer buffer) {
        int written = 0;
        JournalRecords forLoader = null;
        Appended[] outcomes = new Appended[group.size()];
        long firstSeq = nextSeq;
        buffer.clear();
        synchronized (fingerprints) {
            int events = 0;
            for (Request request : group) {
                events += request.fingerprints().length;
            }
            LongHashSet inThisGroup = new LongHashSet(events);
            for (int r = 0; r < group.size(); r++) {
                Request request = group.get(r);
                int storedHere = 0;
                for (int e = 0; e < request.events().size(); e++) {
                    long fingerprint = request.fingerprints()[e];
                    if (fingerprints.contains(fingerprint) || !inThisGroup.add(fingerprint)) {
                        continue;
                    }
                    buffer = Journal.encode(nextSeq++, fingerprint, request.origin(), request.events().get(e), buffer);
                    if (written == writtenFingerprints.length) {
                        writtenFingerprints = Arrays.copyOf(writtenFingerprints, 2 * written);
                    }
                    writtenFingerprints[written++] = fingerprint;
                    storedHere++;
                }
                outcomes[r] = new Appended(storedHere, request.events().size() - storedHere);
            }
            try {
                if (written > 0) {
                    Optional<String> shortage = disk.shortage();
                    if (shortage.isPresent()) {
                        journal.releaseSpare();
                        writeFailed("ingestion paused: " + shortage.get(), null);
                        finish(group, null, new ParcoursException(ErrorCode.STORAGE, shortage.get()
                                + ": the events were not stored; send them again once space is freed"));
                        return buffer;
                    }
                    buffer.flip();
                    long syncStarted = System.nanoTime();
                    journal.appendDurably(firstSeq, buffer);
                    journalSyncs.record(System.nanoTime() - syncStarted);
                    // A copy of just the group's bytes (the buffer is the writer's, and may be far
                    // larger), made before anything records the group as journaled: should it fail
                    // for want of memory, the group is not acknowledged, and the journal replays it.
                    forLoader = new JournalRecords(Arrays.copyOf(buffer.array(), buffer.limit()), 0, buffer.limit(), written);
                    disk.succeeded();
                    if (writesFailing) {
                        writesFailing = false;
                        LOG.info("the journal takes events again");
                    }
                }
            } catch (IOException | RuntimeException e) {
                // The sequence numbers are not given again: a record the journal could not cut off
                // stays behind its own, and is told apart from the repeat by its fingerprint.
                disk.failed("writing events to the journal", e);
                writeFailed("journaling " + written + " events failed, none is acknowledged: "
                        + DiskSpace.explain(e), e);
                finish(group, null, new ParcoursException(ErrorCode.STORAGE, "the events could not be written to disk ("
                        + DiskSpace.explain(e) + "): send them again", e));
                return buffer;
            }
            for (int i = 0; i < written; i++) {
                fingerprints.add(writtenFingerprints[i]);
            }
            // Inside the lock, so that whoever holds it next sees how far the journal goes (removals wait for it).
            accepted.addAndGet(written);
            if (forLoader != null) {
                journaledSeq = nextSeq - 1;
                toLoad.add(forLoader);
            }
        }
        finish(group, outcomes, null);
        return buffer;
    }

    /** Logs the first failure of an episode with its cause, the next ones only when debugging. */
    private void writeFailed(String message, Throwable cause) {
        if (!writesFailing) {
            writesFailing = true;
            LOG.error(message, cause);
        } else {
            LOG.debug(message, cause);
        }
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
        LoadBatch batch = new LoadBatch();
        // What a load left for the next one: a load takes at most a row group.
        JournalRecords carried = null;
        long lastLoad = System.nanoTime() - loadIntervalNanos;
        while (running || !toLoad.isEmpty() || carried != null) {
            try {
                if (carried == null) {
                    JournalRecords first = toLoad.poll(50, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                } else {
                    batch.add(carried);
                    carried = null;
                }
                gather(batch, lastLoad);
                carried = batch.cutAfter(MAX_LOAD_BATCH);
                lastLoad = System.nanoTime();
                long started = lastLoad;
                if (!loadWithRetry(batch)) {
                    // Closing while loads fail: whatever is left stays in the journal for the next
                    // start. Loading later events past this batch would record the table as going
                    // beyond it, and the next start would skip it.
                    return;
                }
                loads.record(System.nanoTime() - started);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Error e) {
                // Out of memory: the events are safe in the journal, and a restart loads them.
                loadFailure = "the event loader stopped (" + e + "): restart Parcours; every acknowledged event is "
                        + "safe in the journal and is loaded at the restart";
                LOG.error("the event loader stopped; events are journaled but not loaded until Parcours restarts", e);
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Adds what else waits to be loaded to {@code batch}, until it holds a row group
     * ({@link #MAX_LOAD_BATCH}; the caller keeps what goes beyond for the next load), and under a
     * steady flow keeps gathering for a while after the last load, which began at
     * {@code lastLoad} (nanoTime):
     * <ul>
     * <li>until the load interval ends ({@link #loadIntervalNanos}): each load commits in DuckDB,
     * which forces its own log to disk, so fewer, larger commits leave the disk to the journal's
     * syncs, which senders wait for, and cost less per event;
     * <li>then, if events came fast enough to fill a row group within {@link #rowGroupWaitNanos}
     * of the last load, until the row group is full or that wait ends: a whole row group goes
     * straight to the database file, compressed, instead of through DuckDB's log, and so is
     * written once instead of twice, and about a ninth as many bytes.
     * </ul>
     * Gathering stops at once when a read waits for the load ({@link #awaitLoaded}) or the log
     * closes, so no read waits for it.
     */
    private void gather(LoadBatch batch, long lastLoad) throws InterruptedException {
        long until = lastLoad + loadIntervalNanos;
        boolean forRowGroup = false;
        while (batch.size() < MAX_LOAD_BATCH) {
            JournalRecords next = toLoad.poll();
            if (next == null) {
                if (awaitingLoad.get() > 0 || !running) {
                    return;
                }
                long now = System.nanoTime();
                if (now >= until) {
                    // At this rate, would a row group be full within the wait? Then wait for it.
                    if (forRowGroup || (double) batch.size() * rowGroupWaitNanos < (double) MAX_LOAD_BATCH * (now - lastLoad)) {
                        return;
                    }
                    forRowGroup = true;
                    until = lastLoad + rowGroupWaitNanos;
                    continue;
                }
                next = toLoad.poll(Math.min(until - now, TimeUnit.MILLISECONDS.toNanos(5)), TimeUnit.NANOSECONDS);
            }
            if (next != null) {
                batch.add(next);
            }
        }
    }

    /** Loads the batch, retrying every second while loads fail; false when the log closed before it was loaded. */
    private boolean loadWithRetry(LoadBatch batch) throws InterruptedException {
        long failures = 0;
        while (true) {
            try {
                synchronized (loading) {
                    load(batch);
                }
                if (loadFailure != null) {
                    LOG.info("loading events into the database works again");
                    loadFailure = null;
                }
                journal.deleteLoaded(loadedSeq);
                return true;
            } catch (SQLException | IOException | RuntimeException e) {
                // The events are safe in the journal; the database will take them when it can.
                String why = DiskSpace.explain(e);
                loadFailure = "loading events into the database fails (" + why + ")"
                        + (why.contains("invalidated") ? ": the database stopped after a failed write; restart Parcours once the disk is fixed" : "");
                if (failures++ % 60 == 0) {
                    LOG.error("loading {} events into the database failed ({} times); retrying every second", batch.size(),
                            failures, e);
                }
                closeAppender();
                Thread.sleep(1000);
                if (!running) {
                    return false;
                }
            }
        }
    }

    /**
     * Appends entries, all past {@code loadedSeq} and in seq order, to the table and records how
     * far it goes, in one transaction: new numbers, rows and the record commit together or not at
     * all, so a retry starts from a table that ends exactly at {@code loadedSeq}. Listeners and
     * readers hear of the load only after the commit.
     */
    private void load(LoadBatch batch) throws SQLException {
        Map<WorkspaceNumbers, int[]> storedBefore = new HashMap<>();
        numbers.values().forEach(book -> storedBefore.put(book, new int[] {book.storedIds, book.storedActivities}));
        int[] refs = new int[batch.size() * REFS];
        WorkspaceNumbers[] books = new WorkspaceNumbers[batch.size()];
        long[] times = new long[batch.size()];
        long[] last = new long[1];
        try {
            inTransaction(() -> last[0] = store(batch, books, refs, times));
        } catch (SQLException | RuntimeException e) {
            // The dictionaries' new rows went with the transaction: store them again next time.
            storedBefore.forEach((book, stored) -> {
                book.storedIds = stored[0];
                book.storedActivities = stored[1];
            });
            // Workspaces first read in this load are read again from the database next time.
            numbers.values().removeIf(book -> !storedBefore.containsKey(book));
            throw e;
        }
        publish(books, refs, times, last[0]);
    }

    /** Work on the connection that must commit together. */
    interface Transactional {
        void run() throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction, rolled back if it fails. An explicit BEGIN, since
     * DuckDB's appender commits on its own under JDBC's {@code setAutoCommit(false)}.
     */
    void inTransaction(Transactional work) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN TRANSACTION");
            try {
                work.run();
                statement.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                try {
                    statement.execute("ROLLBACK");
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        }
    }

    /**
     * Numbers the records' ids and activities (into {@code books} and {@code refs}, their times
     * into {@code times}), stores new numbers, the records and how far the table goes; the last seq stored.
     */
    private long store(LoadBatch batch, WorkspaceNumbers[] books, int[] refs, long[] times) throws SQLException {
        Set<WorkspaceNumbers> touched = new LinkedHashSet<>();
        WorkspaceNumbers book = null;
        byte[] bookName = null;
        int i = 0;
        for (JournalRecords records : batch.blocks) {
            JournalRecords.Reader record = records.reader();
            while (record.next()) {
                // Records come in runs of one workspace: look it up when it changes.
                if (book == null || !record.sameText(JournalRecords.WORKSPACE, bookName)) {
                    book = numbersOf(record.text(JournalRecords.WORKSPACE));
                    bookName = record.utf8(JournalRecords.WORKSPACE);
                    touched.add(book);
                }
                books[i] = book;
                times[i] = record.timestamp();
                number(record, book, refs, i * REFS);
                i++;
            }
        }
        for (WorkspaceNumbers touchedBook : touched) {
            storeDictionaries(touchedBook);
        }
        if (appender == null) {
            appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "event_rows");
        }
        long last = -1;
        i = 0;
        for (JournalRecords records : batch.blocks) {
            JournalRecords.Reader record = records.reader();
            while (record.next()) {
                appendRow(record, refs, i * REFS);
                last = record.seq();
                i++;
            }
        }
        appender.flush();
        try (PreparedStatement update = connection.prepareStatement("UPDATE event_log_state SET loaded_seq = ? WHERE id = 1")) {
            update.setLong(1, last);
            update.executeUpdate();
        }
        return last;
    }

    /** After the commit: hands the loaded events to the listeners, then tells readers how far the table goes. */
    private void publish(WorkspaceNumbers[] books, int[] refs, long[] times, long last) {
        WorkspaceNumbers current = null;
        for (int i = 0; i < books.length; i++) {
            if (books[i] != current || loadedChunk.full()) {
                notify(current);
                current = books[i];
            }
            int at = i * REFS;
            loadedChunk.add(refs[at], refs[at + 1], refs[at + 2], times[i], refs[at + 3]);
        }
        notify(current);
        synchronized (loaded) {
            loadedSeq = Math.max(loadedSeq, last);
            loaded.notifyAll();
        }
    }

    private void notify(WorkspaceNumbers workspace) {
        if (workspace != null && loadedChunk.size > 0) {
            for (JourneyListener listener : listeners) {
                listener.arrived(workspace, loadedChunk);
            }
        }
        loadedChunk.clear();
    }

    /** Numbers per event: anonymous id, alias previous id, user id (-1 when absent), activity. */
    private static final int REFS = 4;

    private static void number(JournalRecords.Reader record, WorkspaceNumbers book, int[] refs, int at) {
        StringDictionary ids = book.ids();
        refs[at] = numberOf(ids, record, JournalRecords.ANONYMOUS_ID);
        refs[at + 1] = record.type() == io.parcours.model.EventType.ALIAS
                ? numberOf(ids, record, JournalRecords.PREVIOUS_ID) : -1;
        refs[at + 2] = numberOf(ids, record, JournalRecords.USER_ID);
        // As Event.activity(): the name, else the type.
        refs[at + 3] = book.activities().intern(record.blank(JournalRecords.NAME) ? record.type().id()
                : record.text(JournalRecords.NAME));
    }

    private static int numberOf(StringDictionary ids, JournalRecords.Reader record, int field) {
        return record.present(field) ? ids.intern(record.text(field)) : -1;
    }

    void storeDictionaries(WorkspaceNumbers book) throws SQLException {
        book.storedIds = storeDictionary(book.workspace(), "event_ids", book.ids(), book.storedIds);
        book.storedActivities = storeDictionary(book.workspace(), "event_activities", book.activities(),
                book.storedActivities);
    }

    private int storeDictionary(String workspace, String table, StringDictionary dictionary, int stored) throws SQLException {
        int size = dictionary.size();
        if (size == stored) {
            return stored;
        }
        try (DuckDBAppender rows = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
            for (int ref = stored; ref < size; ref++) {
                rows.beginRow();
                rows.append(workspace);
                rows.append(ref);
                rows.append(dictionary.get(ref));
                rows.endRow();
            }
            rows.flush();
        }
        return size;
    }

    private void appendRow(JournalRecords.Reader record, int[] refs, int at) throws SQLException {
        appender.beginRow();
        appender.append(record.seq());
        appender.append(record.fingerprint());
        appendText(record, JournalRecords.WORKSPACE);
        appendText(record, JournalRecords.SOURCE);
        appendText(record, JournalRecords.MESSAGE_ID);
        appender.append(record.type().id());
        appendText(record, JournalRecords.NAME);
        appendText(record, JournalRecords.USER_ID);
        appendText(record, JournalRecords.ANONYMOUS_ID);
        appender.append(record.timestamp());
        appender.append(record.receivedAt());
        appendText(record, JournalRecords.PROPERTIES);
        appendText(record, JournalRecords.TRAITS);
        appendText(record, JournalRecords.CONTEXT);
        appendText(record, JournalRecords.PREVIOUS_ID);
        appendText(record, JournalRecords.GROUP_ID);
        for (int r = 0; r < REFS; r++) {
            if (refs[at + r] < 0) {
                appender.appendNull();
            } else {
                appender.append(refs[at + r]);
            }
        }
        appender.appendNull(); // row_digest and row_line: only a bulk import leaves out message ids
        appender.appendNull();
        appender.endRow();
    }

    /** A text column, as the UTF-8 bytes the journal holds (what the appender makes of a string), or null. */
    private void appendText(JournalRecords.Reader record, int field) throws SQLException {
        byte[] utf8 = record.utf8(field);
        if (utf8 == null) {
            appender.appendNull();
        } else {
            appender.append(utf8);
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
        synchronized (removing) {
            deleteWorkspaceEvents(workspace);
        }
    }

    private void deleteWorkspaceEvents(String workspace) {
        synchronized (loading) {
            closeAppender();
            synchronized (fingerprints) {
                List<Long> forgotten = new ArrayList<>();
                try {
                    inTransaction(() -> {
                        try (PreparedStatement select = connection.prepareStatement("SELECT fingerprint FROM event_rows "
                                + "WHERE workspace_key = ?")) {
                            select.setString(1, workspace);
                            try (var result = select.executeQuery()) {
                                while (result.next()) {
                                    forgotten.add(result.getLong(1));
                                }
                            }
                        }
                        importedFingerprints(IMPORTED_IN_WORKSPACE, workspace, false,
                                (seq, fingerprint, ref) -> forgotten.add(fingerprint));
                        // The imported rows first, found by their imports.
                        for (String table : List.of("event_rows", "imported_rows", "event_imports", "event_ids", "event_activities")) {
                            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table
                                    + " WHERE " + (table.equals("imported_rows") ? IMPORTED_IN_WORKSPACE : "workspace_key = ?"))) {
                                delete.setString(1, workspace);
                                delete.executeUpdate();
                            }
                        }
                    });
                } catch (SQLException e) {
                    throw new ParcoursException(ErrorCode.STORAGE, "deleting the events of '" + workspace + "' failed: "
                            + e.getMessage(), e);
                }
                numbers.remove(workspace);
                listeners.forEach(listener -> listener.forgotten(workspace));
                forgotten.forEach(fingerprints::remove);
                accepted.addAndGet(-forgotten.size());
            }
        }
    }

    // ---- removing events: erasure and retention ------------------------------------------------

    /** What a removal took away: events, and the ids whose strings were erased (their numbers stay). */
    public record Removed(long events, int ids) {}

    /** The prefix of the string an erased id's number is given instead of the id. */
    public static final String ERASED_ID = "erased:";

    /**
     * Erases a customer: every event that carries one of {@code ids} (all the ids stitched to the
     * customer), from the table and from the journal, and the ids themselves from the numbering,
     * whose numbers stay so that the other events keep theirs. The erased events' fingerprints are
     * kept, without anything else, so that a client retrying one of their messages is told it is a
     * repeat instead of bringing it back. Then the listeners get the workspace again from the start.
     */
    public Removed eraseCustomer(String workspace, java.util.Collection<String> ids) {
        synchronized (removing) {
            return remove(workspace, book -> {
                int[] refs = ids.stream().mapToInt(id -> book.ids().find(id)).filter(ref -> ref >= 0).distinct().sorted()
                        .toArray();
                if (refs.length == 0) {
                    return null;
                }
                String list = java.util.Arrays.stream(refs).mapToObj(Integer::toString)
                        .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
                return new Selection("(anonymous_ref IN " + list + " OR user_ref IN " + list + " OR previous_ref IN "
                        + list + ")", "user_ref IN " + list, true, statement -> refs);
            });
        }
    }

    /**
     * Removes the events of a workspace that happened before {@code before} (epoch milliseconds),
     * and erases the ids that no remaining event carries: what a retention period asks. Their
     * fingerprints are forgotten, so memory shrinks with the table.
     */
    public Removed purgeBefore(String workspace, long before) {
        synchronized (removing) {
            return remove(workspace, book -> new Selection("event_time < " + before, "event_time < " + before, false,
                    statement -> {
                List<Integer> unused = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement("""
                        SELECT DISTINCT ref FROM event_ids
                        WHERE workspace_key = ? AND NOT starts_with(id, ?) AND ref NOT IN (
                            SELECT anonymous_ref FROM event_rows WHERE workspace_key = ? AND anonymous_ref IS NOT NULL
                            UNION ALL SELECT user_ref FROM event_rows WHERE workspace_key = ? AND user_ref IS NOT NULL
                            UNION ALL SELECT previous_ref FROM event_rows WHERE workspace_key = ? AND previous_ref IS NOT NULL
                            UNION ALL SELECT user_ref FROM imported_rows WHERE %s)
                        ORDER BY ref""".formatted(IMPORTED_IN_WORKSPACE))) {
                    select.setString(1, workspace);
                    select.setString(2, ERASED_ID);
                    select.setString(3, workspace);
                    select.setString(4, workspace);
                    select.setString(5, workspace);
                    select.setString(6, workspace);
                    try (var rows = select.executeQuery()) {
                        while (rows.next()) {
                            unused.add(rows.getInt(1));
                        }
                    }
                }
                return unused.stream().mapToInt(Integer::intValue).toArray();
            }));
        }
    }

    /**
     * Which events to remove: {@code condition} over event_rows, {@code importedCondition} the same
     * over imported_rows (whose rows carry only a user id and an activity).
     */
    private record Selection(String condition, String importedCondition, boolean keepFingerprints, IdsToErase ids) {}

    /** The numbers of the ids to erase, found once the events are deleted, in the same transaction. */
    private interface IdsToErase {
        int[] find(Statement statement) throws SQLException;
    }

    /**
     * Removes what {@code selecting} picks from a workspace's events. Blocks the writer (so nothing
     * new is journaled), waits until every journaled event is loaded, deletes the journal's
     * segments (every record in them is then in the table: nothing acknowledged is lost, and the
     * removed events' raw JSON is gone from the disk with them), deletes the rows and erases the ids
     * in one transaction, and checkpoints, so that the write-ahead log of the database does not keep
     * them either. Then hands the workspace to the listeners again, from the start, with the writer
     * free again: the journey index is rebuilt without the removed events.
     */
    private Removed remove(String workspace, java.util.function.Function<WorkspaceNumbers, Selection> selecting) {
        long started = System.nanoTime();
        WorkspaceNumbers book;
        long[] events = new long[1];
        int[][] erased = {new int[0]};
        String[][] names = {new String[0]};
        long target;
        List<java.nio.file.Path> closedSegments;
        try {
            synchronized (fingerprints) {
                // The writer is held off for a moment only: what it journals from now on goes to a new
                // segment, and the segments closed here hold nothing past target.
                closedSegments = journal.closeSegment();
                target = journaledSeq;
            }
            awaitLoaded(target, 60_000);
            if (loadedSeq < target) {
                // Shutting down before the loader caught up: the closed segments must stay.
                throw new ParcoursException(ErrorCode.STORAGE, "Parcours is shutting down: remove the events again later");
            }
            synchronized (loading) {
                book = numbersOf(workspace);
                Selection selection = selecting.apply(book);
                if (selection == null) {
                    return new Removed(0, 0);
                }
                closeAppender(); // the loader's appender keeps a transaction of its own open
                List<Long> prints = new ArrayList<>();
                inTransaction(() -> {
                    // One scan finds the rows; the others read only the stretch of event numbers they lie in.
                    events[0] = 0;
                    for (String[] table : List.of(new String[] {"event_rows", selection.condition()},
                            new String[] {"imported_rows", selection.importedCondition()})) {
                        String where = " WHERE " + (table[0].equals("imported_rows") ? IMPORTED_IN_WORKSPACE
                                : "workspace_key = ?") + " AND seq <= " + target + " AND " + table[1];
                        long[] range = {Long.MAX_VALUE, Long.MIN_VALUE};
                        int before = prints.size();
                        // The imports whose rows here store no fingerprint.
                        java.util.Set<Integer> keyed = new java.util.TreeSet<>();
                        if (table[0].equals("imported_rows")) {
                            importedFingerprints(IMPORTED_IN_WORKSPACE + " AND seq <= " + target + " AND " + table[1], workspace,
                                    true, (seq, fingerprint, ref) -> {
                                        range[0] = Math.min(range[0], seq);
                                        range[1] = Math.max(range[1], seq);
                                        prints.add(fingerprint);
                                        if (ref >= 0) {
                                            keyed.add(ref);
                                        }
                                    });
                        } else {
                            try (PreparedStatement select = connection.prepareStatement("SELECT seq, fingerprint FROM "
                                    + table[0] + where)) {
                                select.setString(1, workspace);
                                try (var rows = select.executeQuery()) {
                                    while (rows.next()) {
                                        range[0] = Math.min(range[0], rows.getLong(1));
                                        range[1] = Math.max(range[1], rows.getLong(1));
                                        prints.add(rows.getLong(2));
                                    }
                                }
                            }
                        }
                        if (prints.size() == before) {
                            continue;
                        }
                        String within = where + " AND seq BETWEEN " + range[0] + " AND " + range[1];
                        if (selection.keepFingerprints()) {
                            try (PreparedStatement keep = connection.prepareStatement("INSERT INTO erased_fingerprints "
                                    + "SELECT fingerprint FROM " + table[0] + within + " AND fingerprint IS NOT NULL")) {
                                keep.setString(1, workspace);
                                keep.executeUpdate();
                            }
                            Map<Integer, Origin> origins = importOrigins();
                            for (int ref : keyed) {
                                // As the set has them: made from digest and line, in SQL here, where they may be many.
                                try (PreparedStatement keep = connection.prepareStatement("INSERT INTO erased_fingerprints "
                                        + "SELECT kept FROM (" + rowFingerprints.sql(origins.get(ref), "SELECT row_digest, "
                                        + "row_line FROM " + table[0] + within + " AND fingerprint IS NULL AND import_ref = "
                                        + ref, "row_digest", "row_line", "kept") + ")")) {
                                    keep.setString(1, workspace);
                                    keep.executeUpdate();
                                }
                            }
                        }
                        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table[0] + within)) {
                            delete.setString(1, workspace);
                            events[0] += delete.executeUpdate();
                        }
                    }
                    if (prints.isEmpty()) {
                        return;
                    }
                    try (Statement statement = connection.createStatement()) {
                        erased[0] = selection.ids().find(statement);
                    }
                    names[0] = rename(workspace, erased[0]);
                });
                if (prints.isEmpty()) {
                    return new Removed(0, 0);
                }
                // Every record of the closed segments is in the table now: delete them, and with them
                // the raw copies of the removed events.
                journal.delete(closedSegments);
                checkpoint();
                for (int i = 0; i < erased[0].length; i++) {
                    if (erased[0][i] < book.ids().size() && names[0][i] != null) {
                        book.ids().replace(erased[0][i], names[0][i]);
                    }
                }
                if (!selection.keepFingerprints()) {
                    synchronized (fingerprints) {
                        prints.forEach(fingerprints::remove);
                    }
                }
                accepted.addAndGet(-events[0]);
                long removedAt = System.nanoTime();
                for (JourneyListener listener : listeners) {
                    listener.forgotten(workspace);
                    if (!replay(book, listener, false, Long.MIN_VALUE)) {
                        listener.forgotten(workspace);
                        replay(book, listener, true, Long.MIN_VALUE);
                    }
                }
                LOG.info("removed {} events and erased {} ids of workspace '{}' in {} ms, then gave its journeys again "
                        + "in {} ms", events[0], erased[0].length, workspace, (removedAt - started) / 1_000_000,
                        (System.nanoTime() - removedAt) / 1_000_000);
            }
        } catch (SQLException | IOException e) {
            throw new ParcoursException(ErrorCode.STORAGE, "removing events of '" + workspace + "' failed: "
                    + e.getMessage() + "; nothing was removed, or the removal finished: try again", e);
        }
        return new Removed(events[0], erased[0].length);
    }

    /**
     * Folds the database's write-ahead log into its file, so that the log no longer holds deleted
     * rows. DuckDB refuses while another connection writes: then the next automatic checkpoint
     * does it, and the removal stands.
     */
    private void checkpoint() {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        } catch (SQLException e) {
            LOG.info("no checkpoint after removing events ({}); the next one folds the removal into the file",
                    e.getMessage());
        }
    }

    /** Gives ids {@code refs} of a workspace new names, {@link #ERASED_ID} and a random UUID; returns them, in order. */
    private String[] rename(String workspace, int[] refs) throws SQLException {
        String[] names = new String[refs.length];
        if (refs.length == 0) {
            return names;
        }
        String list = java.util.Arrays.stream(refs).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
        try (PreparedStatement rename = connection.prepareStatement("UPDATE event_ids SET id = ? || gen_random_uuid() "
                + "WHERE workspace_key = ? AND ref IN " + list)) {
            rename.setString(1, ERASED_ID);
            rename.setString(2, workspace);
            rename.executeUpdate();
        }
        java.util.Map<Integer, String> named = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT ref, first(id) FROM event_ids WHERE workspace_key = ? AND ref IN " + list + " GROUP BY ref")) {
            select.setString(1, workspace);
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    named.put(rows.getInt(1), rows.getString(2));
                }
            }
        }
        for (int i = 0; i < refs.length; i++) {
            names[i] = named.get(refs[i]);
        }
        return names;
    }

    /** One imported row's fingerprint: its seq (when asked for), and its import when the row stores none, else -1. */
    private interface ImportedPrint {
        void accept(long seq, long fingerprint, int keyedRef);
    }

    /**
     * Reads the fingerprints of the imported rows that {@code condition} selects (over
     * imported_rows, with at most one parameter, a string): the one stored with a row that has a
     * message id, else the one its digest and line make with the keys of its import's workspace
     * and source (schema 15), as the bulk import made it.
     */
    private void importedFingerprints(String condition, String parameter, boolean withSeq, ImportedPrint sink)
            throws SQLException {
        String seq = withSeq ? "seq" : "0";
        try (PreparedStatement select = connection.prepareStatement("SELECT " + seq + ", fingerprint FROM imported_rows "
                + "WHERE (" + condition + ") AND fingerprint IS NOT NULL")) {
            if (parameter != null) {
                select.setString(1, parameter);
            }
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    sink.accept(rows.getLong(1), rows.getLong(2), -1);
                }
            }
        }
        Map<Integer, Origin> origins = null;
        long[] keys = null;
        int originRef = -1;
        try (PreparedStatement select = connection.prepareStatement("SELECT " + seq + ", " + RowFingerprints.SIGNED_DIGEST
                + ", row_line, import_ref FROM imported_rows WHERE (" + condition + ") AND fingerprint IS NULL")) {
            if (parameter != null) {
                select.setString(1, parameter);
            }
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    long digest = rows.getLong(2);
                    long line = rows.getLong(3);
                    if (rows.wasNull()) {
                        throw new SQLException("an imported row has neither a fingerprint nor a line: the database is damaged");
                    }
                    int ref = rows.getInt(4);
                    if (ref != originRef) {
                        origins = origins == null ? importOrigins() : origins;
                        Origin origin = origins.get(ref);
                        if (origin == null) {
                            throw new SQLException("imported rows refer to import " + ref + ", which event_imports lacks");
                        }
                        keys = rowFingerprints.keysFor(origin);
                        originRef = ref;
                    }
                    sink.accept(rows.getLong(1), RowFingerprints.keyed(keys, digest, line), ref);
                }
            }
        }
    }

    /** The workspace and source of every bulk import, by its number. */
    private Map<Integer, Origin> importOrigins() throws SQLException {
        Map<Integer, Origin> origins = new HashMap<>();
        try (Statement statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT ref, workspace_key, source_key FROM event_imports")) {
            while (rows.next()) {
                origins.put(rows.getInt(1), new Origin(rows.getString(2), rows.getString(3)));
            }
        }
        return origins;
    }

    /** The fingerprint of a message (see {@link RowFingerprints}). */
    private long fingerprint(Origin origin, String messageId) {
        return rowFingerprints.of(origin, messageId);
    }

    /** How the fingerprints of CSV rows are made, for a bulk import. */
    RowFingerprints rowFingerprints() {
        return rowFingerprints;
    }

    /**
     * Whether files imported into this source keep the CSV message ids of earlier releases
     * ({@code csv-<SHA-256>-<line>}), because the source holds rows imported with them: a file
     * imported again is then recognised. Every other source gets {@code csv2-} ids.
     */
    public boolean keepsLegacyRowIds(Origin origin) {
        synchronized (loading) {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT count(*) FROM legacy_row_id_sources WHERE workspace_key = ? AND source_key = ?")) {
                select.setString(1, origin.workspace());
                select.setString(2, origin.source());
                try (var result = select.executeQuery()) {
                    result.next();
                    return result.getLong(1) > 0;
                }
            } catch (SQLException e) {
                throw new ParcoursException(ErrorCode.STORAGE, "reading the sources' message ids failed: " + e.getMessage(), e);
            }
        }
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
        synchronized (loading) {
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
