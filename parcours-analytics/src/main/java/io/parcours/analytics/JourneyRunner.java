package io.parcours.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Runs a {@link JourneyAnalysis} over the journeys of a {@link JourneyIndex}: customers are cut
 * into slices, which the workers take one after the other (so that a slow slice does not hold the
 * others up), each worker adding its slices into its own partial result; the workers' partial
 * results are then merged. With one worker, the journeys are added in customer order. For tests,
 * {@link #partialPerSlice} gives each slice its own partial result, so that merging is exercised
 * as much as possible.
 */
public final class JourneyRunner {
    /** Customers per slice by default: large enough that a slice's overhead is nothing, small enough to balance. */
    private static final int SLICE = 8_192;

    private final int parallelism;
    private final int slice;
    private final boolean partialPerSlice;

    private JourneyRunner(int parallelism, int slice) {
        this(parallelism, slice, false);
    }

    private JourneyRunner(int parallelism, int slice, boolean partialPerSlice) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
        }
        if (slice < 1) {
            throw new IllegalArgumentException("a slice must hold at least 1 customer, not " + slice);
        }
        this.parallelism = parallelism;
        this.slice = slice;
        this.partialPerSlice = partialPerSlice;
    }

    /** A runner using every core. */
    public static JourneyRunner allCores() {
        return new JourneyRunner(Runtime.getRuntime().availableProcessors(), SLICE);
    }

    /** A runner using at most {@code workers} threads. */
    public static JourneyRunner withWorkers(int workers) {
        return new JourneyRunner(workers, SLICE);
    }

    /** The same runner, with {@code customers} per slice (small slices make many partial results to merge). */
    public JourneyRunner slicedBy(int customers) {
        return new JourneyRunner(parallelism, customers, partialPerSlice);
    }

    /** The same runner, starting a partial result for every slice and merging them all (slower; for tests). */
    public JourneyRunner partialPerSlice() {
        return new JourneyRunner(parallelism, slice, true);
    }

    /**
     * The most workers an analysis run by the current thread may use, whatever its runner's
     * parallelism: set by {@link #withAtMost} for work that must leave cores to others.
     */
    private static final ThreadLocal<Integer> WORKER_CAP = ThreadLocal.withInitial(() -> Integer.MAX_VALUE);

    /**
     * Computes {@code work} on the current thread with every analysis it runs limited to at most
     * {@code workers} threads (the lower of this and the runner's parallelism): for figures
     * computed in the background, which must not take every core from ingestion and requests.
     */
    public static <T> T withAtMost(int workers, java.util.function.Supplier<T> work) {
        if (workers < 1) {
            throw new IllegalArgumentException("at least 1 worker, not " + workers);
        }
        Integer before = WORKER_CAP.get();
        WORKER_CAP.set(Math.min(before, workers));
        try {
            return work.get();
        } finally {
            WORKER_CAP.set(before);
        }
    }

    /** The analysis over the journeys of {@code steps}. */
    public <P, R> R run(JourneySteps steps, JourneyAnalysis<P, R> analysis) {
        int customers = steps.index().customerCount();
        int slices = Math.max(1, (customers + slice - 1) / slice);
        int threads = Math.min(parallelism, WORKER_CAP.get());
        if ((threads == 1 && !partialPerSlice) || slices == 1) {
            P partial = analysis.start();
            accumulate(steps, analysis, partial, 0, customers);
            return analysis.finish(partial);
        }
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            P merged;
            if (partialPerSlice) {
                merged = pool.submit(() -> IntStream.range(0, slices).parallel()
                        .mapToObj(s -> {
                            P partial = analysis.start();
                            accumulate(steps, analysis, partial, s * slice, Math.min(customers, (s + 1) * slice));
                            return partial;
                        })
                        .reduce(analysis::merge).orElseGet(analysis::start)).get();
            } else {
                AtomicInteger next = new AtomicInteger();
                List<Callable<P>> workers = new ArrayList<>();
                for (int w = 0; w < Math.min(threads, slices); w++) {
                    workers.add(() -> {
                        P partial = analysis.start();
                        for (int s = next.getAndIncrement(); s < slices; s = next.getAndIncrement()) {
                            accumulate(steps, analysis, partial, s * slice, Math.min(customers, (s + 1) * slice));
                        }
                        return partial;
                    });
                }
                merged = null;
                for (Future<P> done : pool.invokeAll(workers)) {
                    merged = merged == null ? done.get() : analysis.merge(merged, done.get());
                }
            }
            return analysis.finish(merged);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the analysis was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    private static <P> void accumulate(JourneySteps steps, JourneyAnalysis<P, ?> analysis, P partial, int from, int to) {
        JourneySteps.View view = steps.view();
        for (int customer = from; customer < to; customer++) {
            if (view.select(customer)) {
                analysis.add(partial, view);
            }
        }
    }
}
