package io.parcours.analytics;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Runs a {@link JourneyAnalysis} over the journeys of a {@link JourneyIndex}: customers are cut
 * into slices, each slice accumulated by one worker into its own partial result, and the partial
 * results merged. With one worker, the journeys are added in customer order.
 */
public final class JourneyRunner {
    /** Customers per slice by default: large enough that a slice's overhead is nothing, small enough to balance. */
    private static final int SLICE = 8_192;

    private final int parallelism;
    private final int slice;

    private JourneyRunner(int parallelism, int slice) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
        }
        if (slice < 1) {
            throw new IllegalArgumentException("a slice must hold at least 1 customer, not " + slice);
        }
        this.parallelism = parallelism;
        this.slice = slice;
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
        return new JourneyRunner(parallelism, customers);
    }

    /** The analysis over the journeys of {@code steps}. */
    public <P, R> R run(JourneySteps steps, JourneyAnalysis<P, R> analysis) {
        int customers = steps.index().customerCount();
        int slices = Math.max(1, (customers + slice - 1) / slice);
        if (parallelism == 1 || slices == 1) {
            P partial = analysis.start();
            accumulate(steps, analysis, partial, 0, customers);
            return analysis.finish(partial);
        }
        ForkJoinPool pool = new ForkJoinPool(parallelism);
        try {
            P merged = pool.submit(() -> IntStream.range(0, slices).parallel()
                    .mapToObj(s -> {
                        P partial = analysis.start();
                        accumulate(steps, analysis, partial, s * slice, Math.min(customers, (s + 1) * slice));
                        return partial;
                    })
                    .reduce(analysis::merge).orElseGet(analysis::start)).get();
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
