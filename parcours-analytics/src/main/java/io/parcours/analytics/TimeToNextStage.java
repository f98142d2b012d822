package io.parcours.analytics;

import java.util.Arrays;

/**
 * How long customers take from a touchpoint to the next stage of the map: for each touchpoint, at
 * each customer's first event there, the time until their next event in the following stage (none
 * when they never get there: they are not counted). The median per touchpoint comes with a
 * distribution-free 95 % interval from order statistics (Conover, Practical Nonparametric
 * Statistics, 3rd ed., 3.2: the ranks n/2 ± 1.96 √n / 2), so that it can be judged against a target
 * like any other KPI. Durations are kept per touchpoint, 8 bytes per customer who moved on.
 */
public final class TimeToNextStage implements JourneyAnalysis<TimeToNextStage.Partial, TimeToNextStage.Result> {
    private final int[] stageOfStep;

    private TimeToNextStage(int[] stageOfStep) {
        this.stageOfStep = stageOfStep.clone();
    }

    /** Over steps that are touchpoints, {@code stageOfStep[t]} the position of touchpoint t's stage (−1: none). */
    public static TimeToNextStage of(int[] stageOfStep) {
        return new TimeToNextStage(stageOfStep);
    }

    /** The durations gathered so far, per touchpoint. */
    public static final class Partial {
        final long[][] durations;
        final int[] counts;

        Partial(int touchpoints) {
            durations = new long[touchpoints][];
            counts = new int[touchpoints];
        }

        void add(int touchpoint, long duration) {
            long[] values = durations[touchpoint];
            if (values == null) {
                values = durations[touchpoint] = new long[16];
            } else if (counts[touchpoint] == values.length) {
                values = durations[touchpoint] = Arrays.copyOf(values, values.length * 2);
            }
            values[counts[touchpoint]++] = duration;
        }
    }

    /** Per touchpoint: how many moved on, the median in milliseconds and its 95 % interval (all −1 when none). */
    public record Result(long[] customers, long[] medianMillis, long[] lowMillis, long[] highMillis) {}

    @Override
    public Partial start() {
        return new Partial(stageOfStep.length);
    }

    @Override
    public void add(Partial partial, Journey journey) {
        int size = journey.size();
        boolean[] seen = new boolean[stageOfStep.length];
        for (int i = 0; i < size; i++) {
            int touchpoint = journey.step(i);
            if (touchpoint >= stageOfStep.length || seen[touchpoint] || stageOfStep[touchpoint] < 0) {
                continue;
            }
            seen[touchpoint] = true;
            int next = stageOfStep[touchpoint] + 1;
            for (int j = i + 1; j < size; j++) {
                int step = journey.step(j);
                if (step < stageOfStep.length && stageOfStep[step] == next) {
                    partial.add(touchpoint, journey.time(j) - journey.time(i));
                    break;
                }
            }
        }
    }

    @Override
    public Partial merge(Partial left, Partial right) {
        for (int t = 0; t < stageOfStep.length; t++) {
            for (int k = 0; k < right.counts[t]; k++) {
                left.add(t, right.durations[t][k]);
            }
        }
        return left;
    }

    @Override
    public Result finish(Partial partial) {
        int touchpoints = stageOfStep.length;
        long[] customers = new long[touchpoints];
        long[] median = new long[touchpoints];
        long[] low = new long[touchpoints];
        long[] high = new long[touchpoints];
        for (int t = 0; t < touchpoints; t++) {
            int n = partial.counts[t];
            customers[t] = n;
            if (n == 0) {
                median[t] = low[t] = high[t] = -1;
                continue;
            }
            long[] sorted = Arrays.copyOf(partial.durations[t], n);
            Arrays.sort(sorted);
            median[t] = Durations.quantile(sorted, 0.5);
            double spread = 1.959964 * Math.sqrt(n) / 2;
            int lowRank = (int) Math.max(1, Math.floor(n / 2.0 - spread));
            int highRank = (int) Math.min(n, Math.ceil(n / 2.0 + 1 + spread));
            low[t] = Math.min(sorted[lowRank - 1], median[t]);
            high[t] = Math.max(sorted[highRank - 1], median[t]);
        }
        return new Result(customers, median, low, high);
    }
}
