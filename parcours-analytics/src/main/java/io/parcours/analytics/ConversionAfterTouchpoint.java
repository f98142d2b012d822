package io.parcours.analytics;

import java.util.Arrays;

/**
 * Conversion from a touchpoint, per group of customers: of the customers who reached the
 * touchpoint (counted at their first event there that falls in a group), how many then reached the
 * conversion step within the window. The groups come from a {@link Grouper}: the variant a
 * customer was exposed to (from their exposure on), or the period the touch fell in (before or
 * after a change). This is what a hypothesis about "conversion from that touchpoint" measures.
 */
public final class ConversionAfterTouchpoint
        implements JourneyAnalysis<ConversionAfterTouchpoint.Counts, ConversionAfterTouchpoint.Counts> {

    /** Which group a customer's touch at a time belongs to; −1 for none. Thread-safe. */
    public interface Grouper {
        int groupOf(int customer, long time);
    }

    /** Customers who reached the touchpoint, and of them those who converted, per group. */
    public static final class Counts {
        final long[] reached;
        final long[] converted;

        Counts(int groups) {
            reached = new long[groups];
            converted = new long[groups];
        }

        public long reached(int group) {
            return reached[group];
        }

        public long converted(int group) {
            return converted[group];
        }

        public int groups() {
            return reached.length;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Counts that && Arrays.equals(reached, that.reached)
                    && Arrays.equals(converted, that.converted);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(reached) + Arrays.hashCode(converted);
        }

        @Override
        public String toString() {
            return "reached " + Arrays.toString(reached) + ", converted " + Arrays.toString(converted);
        }
    }

    private final int touchpoint;
    private final int conversion;
    private final long windowMillis;
    private final int groups;
    private final Grouper grouper;

    private ConversionAfterTouchpoint(int touchpoint, int conversion, long windowMillis, int groups, Grouper grouper) {
        this.touchpoint = touchpoint;
        this.conversion = conversion;
        this.windowMillis = windowMillis;
        this.groups = groups;
        this.grouper = grouper;
    }

    /** Conversion from step {@code touchpoint} to step {@code conversion} within {@code windowMillis}, in {@code groups} groups. */
    public static ConversionAfterTouchpoint of(int touchpoint, int conversion, long windowMillis, int groups,
            Grouper grouper) {
        if (groups < 1 || windowMillis <= 0) {
            throw new IllegalArgumentException("needs at least one group and a positive window");
        }
        return new ConversionAfterTouchpoint(touchpoint, conversion, windowMillis, groups, grouper);
    }

    @Override
    public Counts start() {
        return new Counts(groups);
    }

    @Override
    public void add(Counts partial, Journey journey) {
        int size = journey.size();
        for (int i = 0; i < size; i++) {
            if (journey.step(i) != touchpoint) {
                continue;
            }
            long time = journey.time(i);
            int group = grouper.groupOf(journey.customer(), time);
            if (group < 0) {
                continue;
            }
            partial.reached[group]++;
            long deadline = time + windowMillis;
            for (int j = i + 1; j < size && journey.time(j) <= deadline; j++) {
                if (journey.step(j) == conversion) {
                    partial.converted[group]++;
                    break;
                }
            }
            return;
        }
    }

    @Override
    public Counts merge(Counts left, Counts right) {
        for (int g = 0; g < groups; g++) {
            left.reached[g] += right.reached[g];
            left.converted[g] += right.converted[g];
        }
        return left;
    }

    @Override
    public Counts finish(Counts partial) {
        return partial;
    }
}
