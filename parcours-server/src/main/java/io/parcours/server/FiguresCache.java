package io.parcours.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Figures (analyses, KPI tables) computed once per state of the data and kept until the data
 * changes, so that the pages and API calls that ask for the same figures do not compute them again.
 * The state of the data is a number that grows with every write of events, answers or maps.
 *
 * <p>Two freshnesses. {@link Freshness#EXACT} ({@code ?fresh=true} on the API, the command line)
 * always answers for the data as it is: a changed state means computing again, once for all the
 * requests that ask at the same time. {@link Freshness#RECENT} (the pages, the API by default) does
 * the same when the figures are cheap (they took less than {@code cheapNanos}, see {@link Entry});
 * when they are expensive, it answers with the last figures at once and computes the new ones in
 * the background, so that a request never waits for a long analysis while events keep arriving. Every entry is computed again after {@code maxAgeNanos}
 * at the latest (figures that depend on today's date), and at most {@code capacity} entries are
 * kept, the least recently used leaving first.
 *
 * <p>The background refreshes are paced so that, while events keep arriving, they cannot take the
 * cores ingestion and the pages need: one refresher thread, at a lower CPU priority
 * ({@link io.parcours.store.BackgroundPriority}), its analyses on at most half the cores
 * ({@link #BACKGROUND_WORKERS}), each set of figures asked for at most once until it is computed,
 * and after a refresh that took {@code t} the thread rests {@code t * (1 - refreshShare) / refreshShare}
 * before the next one, with half the share when the machine's cores were at least {@link #BUSY}
 * busy meanwhile (ingestion and the requests queueing for them). Under steady ingestion the
 * figures a page shows are then as old as one round of refreshes; {@link Figures#computedAt()}
 * says how old, and the API sends it as the {@code Age} header.
 */
final class FiguresCache {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FiguresCache.class);
    /** How fresh the figures asked for must be (see the class comment). */
    enum Freshness { EXACT, RECENT }

    /**
     * Figures as computed for one state of the data; {@code computedAt} on the cache's clock,
     * {@code startedAt} in wall time. {@code costNanos} is what deciding cheap or expensive goes by:
     * the time this computation took, or half the cost before it when that is more, so that figures
     * which once waited long (for the journey index, or the map's columns, being brought up to date
     * by a refresh) are computed a few more times in the background before a page computes them in
     * the open again.
     */
    private record Entry(Object value, long version, long computedAt, long computeNanos, java.time.Instant startedAt,
            long costNanos) {}

    /** Figures and the moment the data they describe was read: they count every event stored then. */
    record Figures<T>(T value, java.time.Instant computedAt) {
        /** Whole seconds since then, as the HTTP {@code Age} header counts them. */
        long ageSeconds(java.time.Instant now) {
            return Math.max(0, java.time.Duration.between(computedAt, now).getSeconds());
        }
    }

    private final LongSupplier version;
    /** Waits until the version counts every write acknowledged so far (events still being loaded); before EXACT reads. */
    private final Runnable settle;
    private final LongSupplier nanoTime;
    private final long cheapNanos;
    private final long maxAgeNanos;
    private final Map<String, Entry> entries;
    private final ConcurrentHashMap<String, CompletableFuture<Entry>> computing = new ConcurrentHashMap<>();
    private final ExecutorService refresher;
    private final double refreshShare;
    private final java.time.Clock clock;
    private final java.util.function.DoubleSupplier machineBusy;
    /** The keys whose refresh is queued or running: each is asked for once until it is computed. */
    private final java.util.Set<String> refreshing = ConcurrentHashMap.newKeySet();

    FiguresCache(LongSupplier version, LongSupplier nanoTime, long cheapNanos, long maxAgeNanos, int capacity) {
        this(version, nanoTime, cheapNanos, maxAgeNanos, capacity, 1.0, java.time.Clock.systemUTC());
    }

    FiguresCache(LongSupplier version, LongSupplier nanoTime, long cheapNanos, long maxAgeNanos, int capacity,
            double refreshShare, java.time.Clock clock) {
        this(version, () -> {}, nanoTime, cheapNanos, maxAgeNanos, capacity, refreshShare, clock);
    }

    FiguresCache(LongSupplier version, Runnable settle, LongSupplier nanoTime, long cheapNanos, long maxAgeNanos,
            int capacity, double refreshShare, java.time.Clock clock) {
        this(version, settle, nanoTime, cheapNanos, maxAgeNanos, capacity, refreshShare, clock, () -> Double.NaN);
    }

    /**
     * {@code machineBusy}: how busy the machine's cores were lately, from 0 to 1 (NaN when unknown);
     * at {@link #BUSY} or more, refreshes take half their share of the time.
     */
    FiguresCache(LongSupplier version, Runnable settle, LongSupplier nanoTime, long cheapNanos, long maxAgeNanos,
            int capacity, double refreshShare, java.time.Clock clock, java.util.function.DoubleSupplier machineBusy) {
        if (!(refreshShare > 0 && refreshShare <= 1)) {
            throw new IllegalArgumentException("the share of time spent refreshing must be above 0 and at most 1, not "
                    + refreshShare);
        }
        this.version = version;
        this.settle = settle;
        this.nanoTime = nanoTime;
        this.cheapNanos = cheapNanos;
        this.maxAgeNanos = maxAgeNanos;
        this.refreshShare = refreshShare;
        this.clock = clock;
        this.machineBusy = machineBusy;
        this.entries = java.util.Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        });
        // One background thread, a short queue: a refresh that finds the queue full is dropped and
        // asked again by the next page that finds its figures old.
        this.refresher = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(64), runnable -> {
            // At a lower priority: a refresh gives way to the requests and to ingestion when the cores are busy.
            Thread thread = new Thread(() -> {
                io.parcours.store.BackgroundPriority.lowerCurrentThread();
                runnable.run();
            }, "parcours-figures");
            thread.setDaemon(true);
            return thread;
        }, (runnable, executor) -> ((Refresh) runnable).dropped());
        ((ThreadPoolExecutor) refresher).allowCoreThreadTimeOut(true);
    }

    /** How many sets of figures are kept, and how old one may get, unless configured otherwise. */
    static final int ENTRIES = 500;
    static final java.time.Duration MAX_AGE = java.time.Duration.ofMinutes(10);

    /**
     * The share of the refresher's time spent computing while the data keeps changing: a half. Its
     * analyses use half the cores ({@link #BACKGROUND_WORKERS}), so refreshing takes a quarter of
     * the machine on average and never more than half of it at once: on two cores, never the core
     * that ingestion and the requests are using.
     */
    static final double REFRESH_SHARE = 0.5;

    /**
     * The most threads an analysis computed in the background uses: half the cores, at least one.
     * With every core, a refresh of figures over tens of millions of events takes both cores of a
     * small machine for seconds, and single tracks queue behind it.
     */
    static final int BACKGROUND_WORKERS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

    /**
     * A cache of at most {@code entries} sets of figures, each at most {@code maxAge} old; cheap below 100 ms.
     * {@code settle} waits until {@code version} counts every write acknowledged so far: exact figures
     * are read after it, so that they count the events acknowledged before the request.
     */
    static FiguresCache of(LongSupplier version, Runnable settle, int entries, java.time.Duration maxAge) {
        return new FiguresCache(version, settle, System::nanoTime, TimeUnit.MILLISECONDS.toNanos(100), maxAge.toNanos(),
                entries, REFRESH_SHARE, java.time.Clock.systemUTC(), FiguresCache::machineCpuLoad);
    }

    /**
     * How busy the machine's cores must have been since the last refresh for the next rest to be
     * longer: nine tenths. The requests and ingestion then queue for the cores, and a refresh
     * computing beside them makes their wait longer.
     */
    static final double BUSY = 0.9;

    /** The machine's CPU load since the last call (0 to 1, as the JVM reads it; NaN when it cannot). */
    private static double machineCpuLoad() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            double load = os.getCpuLoad();
            return load < 0 ? Double.NaN : load;
        }
        return Double.NaN;
    }

    /** The figures for {@code key}, computed by {@code compute} when they must be (see the class comment). */
    <T> T get(String key, Freshness freshness, Supplier<T> compute) {
        return figures(key, freshness, compute).value();
    }

    /** The same, with the moment the data they describe was read. */
    @SuppressWarnings("unchecked")
    <T> Figures<T> figures(String key, Freshness freshness, Supplier<T> compute) {
        if (freshness == Freshness.EXACT) {
            settle.run();
        }
        long now = version.getAsLong();
        Entry entry = entries.get(key);
        if (entry != null) {
            boolean old = entry.version() != now || tooOld(entry);
            // Expensive figures for older data, or too old (today's date moved): kept ones at once, new ones in the background.
            if (old && freshness == Freshness.RECENT && entry.costNanos() >= cheapNanos) {
                if (refreshing.add(key)) {
                    refresher.execute(new Refresh(key, compute));
                }
                return new Figures<>((T) entry.value(), entry.startedAt());
            }
            if (!old) {
                return new Figures<>((T) entry.value(), entry.startedAt());
            }
        }
        long asked = System.nanoTime();
        Entry computed = computeOnce(key, compute);
        long waited = System.nanoTime() - asked;
        if (waited > TimeUnit.MILLISECONDS.toNanos(100)) {
            // Why a page or a call was slow: it waited for figures (none kept yet, cheap ones, or fresh=true).
            LOG.debug("a request waited {} ms for figures {} ({}, {})", waited / 1_000_000, key.replace('\u0000', ' '),
                    freshness, entry == null ? "none kept" : "kept ones were for older data");
        }
        return new Figures<>((T) computed.value(), computed.startedAt());
    }

    /** How many sets of figures wait for their background refresh or are being refreshed. */
    int refreshing() {
        return refreshing.size();
    }

    /** A refresh in the background: computes, then rests so that refreshing takes at most its share of the time. */
    private final class Refresh implements Runnable {
        private final String key;
        private final Supplier<?> compute;

        Refresh(String key, Supplier<?> compute) {
            this.key = key;
            this.compute = compute;
        }

        @Override
        public void run() {
            long took = 0;
            try {
                Entry entry = entries.get(key);
                // Computed in the open since it was asked for (a cheap read, the API): nothing to do.
                if (entry == null || entry.version() != version.getAsLong() || tooOld(entry)) {
                    took = io.parcours.analytics.JourneyRunner.withAtMost(BACKGROUND_WORKERS,
                            () -> computeOnce(key, compute)).computeNanos();
                }
            } catch (RuntimeException failed) {
                // The kept figures stay; the next request that finds them old asks again, and an
                // EXACT one (fresh=true) computes in the open and shows the error.
                LOG.debug("refreshing figures {} failed", key.replace('\u0000', ' '), failed);
            } finally {
                refreshing.remove(key);
            }
            double busy = took > 0 ? machineBusy.getAsDouble() : Double.NaN;
            double share = busy >= BUSY ? refreshShare / 2 : refreshShare;
            long rest = (long) (took * (1 - share) / share);
            if (took > 0) {
                LOG.debug("refreshed figures {} in {} ms; machine {}% busy; resting {} ms", key.replace('\u0000', ' '),
                        took / 1_000_000, Double.isNaN(busy) ? "?" : Math.round(busy * 100),
                        Math.min(rest, TimeUnit.MINUTES.toNanos(5)) / 1_000_000);
            }
            if (rest > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(Math.min(rest, TimeUnit.MINUTES.toNanos(5)));
            }
        }

        /** The queue was full: the next page that finds these figures old asks again. */
        void dropped() {
            refreshing.remove(key);
        }
    }

    private boolean tooOld(Entry entry) {
        return nanoTime.getAsLong() - entry.computedAt() > maxAgeNanos;
    }

    /** Computes the figures, once for every caller that asks while they are being computed. */
    private Entry computeOnce(String key, Supplier<?> compute) {
        CompletableFuture<Entry> mine = new CompletableFuture<>();
        CompletableFuture<Entry> running = computing.putIfAbsent(key, mine);
        if (running != null) {
            return await(running);
        }
        try {
            // The state is read before computing: data that arrives meanwhile makes the entry old at once.
            long state = version.getAsLong();
            java.time.Instant startedAt = clock.instant();
            long start = nanoTime.getAsLong();
            Object value = compute.get();
            long end = nanoTime.getAsLong();
            Entry before = entries.get(key);
            long took = end - start;
            Entry entry = new Entry(value, state, end, took, startedAt, before == null ? took
                    : Math.max(took, before.costNanos() / 2));
            entries.put(key, entry);
            mine.complete(entry);
            return entry;
        } catch (RuntimeException | Error failure) {
            mine.completeExceptionally(failure);
            throw failure;
        } finally {
            computing.remove(key, mine);
        }
    }

    private static Entry await(CompletableFuture<Entry> running) {
        try {
            return running.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for figures", interrupted);
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failed.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(failed.getCause());
        }
    }

    /** The key of a query: its parameters in name order, so that the same query in another order is the same key. */
    static String key(String kind, String workspace, Map<String, String> parameters) {
        StringBuilder key = new StringBuilder(kind).append('\u0000').append(workspace);
        new java.util.TreeMap<>(parameters).forEach((name, value) -> key.append('\u0000').append(name).append('=')
                .append(value));
        return key.toString();
    }
}
