package io.parcours.analytics;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * Journeys that showed intent (an add to cart, a quote request) and did not convert: for each
 * journey with an intent event, its latest one is looked at. It converted when a conversion event
 * follows it within the window; it is still open when the window has not yet passed at the time of
 * the analysis; otherwise it is abandoned, and its last touchpoint is that of its last event within
 * the window. The abandoned customers are listed (the first ones by number, up to a limit), for
 * the team to act on.
 */
public final class Abandonment implements JourneyAnalysis<Abandonment.Partial, Abandonment.Result> {
    private final List<String> stepNames;
    private final boolean[] intent;
    private final boolean[] conversion;
    private final long window;
    private final long asOf;
    private final int customerLimit;

    private Abandonment(List<String> stepNames, boolean[] intent, boolean[] conversion, long window, long asOf,
            int customerLimit) {
        this.stepNames = stepNames;
        this.intent = intent;
        this.conversion = conversion;
        this.window = window;
        this.asOf = asOf;
        this.customerLimit = customerLimit;
    }

    /**
     * Abandonment after the {@code intentSteps}, for lack of the {@code conversionSteps} within
     * {@code windowMillis}, as of the instant {@code asOfMillis}, listing up to {@code customerLimit}
     * abandoned customers.
     */
    public static Abandonment of(List<String> stepNames, BitSet intentSteps, BitSet conversionSteps, long windowMillis,
            long asOfMillis, int customerLimit) {
        if (intentSteps.isEmpty() || conversionSteps.isEmpty()) {
            throw new IllegalArgumentException("abandonment needs an intent step and a conversion step");
        }
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("the window must be positive");
        }
        if (customerLimit < 0) {
            throw new IllegalArgumentException("the customer limit cannot be negative");
        }
        return new Abandonment(List.copyOf(stepNames), flags(intentSteps, stepNames.size()),
                flags(conversionSteps, stepNames.size()), windowMillis, asOfMillis, customerLimit);
    }

    /** The same over the steps of {@code steps}. */
    public static Abandonment of(JourneySteps steps, BitSet intentSteps, BitSet conversionSteps, long windowMillis,
            long asOfMillis, int customerLimit) {
        return of(steps.stepNames(), intentSteps, conversionSteps, windowMillis, asOfMillis, customerLimit);
    }

    private static boolean[] flags(BitSet set, int size) {
        boolean[] flags = new boolean[size];
        set.stream().filter(s -> s < size).forEach(s -> flags[s] = true);
        return flags;
    }

    /** A last touchpoint before abandoning, and how many abandoned journeys ended there. */
    public record LastTouchpoint(String name, long journeys) {}

    /**
     * Abandonment: journeys with intent, converted, still open, abandoned (and its share of those
     * decided), the last touchpoints of the abandoned journeys, most frequent first, and the first
     * abandoned customers by number in the index.
     */
    public record Result(long withIntent, long converted, long open, long abandoned, double abandonmentRate,
            List<LastTouchpoint> lastTouchpoints, int[] customers) {}

    /** Counts of a share of the journeys. */
    public static final class Partial implements java.io.Serializable {
        private long withIntent;
        private long converted;
        private long open;
        private long abandoned;
        private final long[] lastStep;
        private int[] customers = new int[0];

        Partial(int steps) {
            lastStep = new long[steps];
        }
    }

    @Override
    public Partial start() {
        return new Partial(stepNames.size());
    }

    @Override
    public void add(Partial partial, Journey journey) {
        int latest = -1;
        for (int i = journey.size() - 1; i >= 0; i--) {
            if (intent[journey.step(i)]) {
                latest = i;
                break;
            }
        }
        if (latest < 0) {
            return;
        }
        partial.withIntent++;
        long deadline = journey.time(latest) + window;
        int last = latest;
        for (int i = latest + 1; i < journey.size() && journey.time(i) <= deadline; i++) {
            if (conversion[journey.step(i)]) {
                partial.converted++;
                return;
            }
            last = i;
        }
        if (deadline > asOf) {
            partial.open++;
            return;
        }
        partial.abandoned++;
        partial.lastStep[journey.step(last)]++;
        // Keep the smallest customer numbers, whatever order journeys come in (on Spark, by id).
        int[] kept = partial.customers;
        int customer = journey.customer();
        if (kept.length < customerLimit || (kept.length > 0 && customer < kept[kept.length - 1])) {
            int at = java.util.Arrays.binarySearch(kept, customer);
            at = at < 0 ? -at - 1 : at;
            int[] grown = new int[Math.min(customerLimit, kept.length + 1)];
            System.arraycopy(kept, 0, grown, 0, at);
            grown[at] = customer;
            System.arraycopy(kept, at, grown, at + 1, grown.length - at - 1);
            partial.customers = grown;
        }
    }

    @Override
    public Partial merge(Partial left, Partial right) {
        left.withIntent += right.withIntent;
        left.converted += right.converted;
        left.open += right.open;
        left.abandoned += right.abandoned;
        for (int s = 0; s < left.lastStep.length; s++) {
            left.lastStep[s] += right.lastStep[s];
        }
        int[] both = new int[left.customers.length + right.customers.length];
        System.arraycopy(left.customers, 0, both, 0, left.customers.length);
        System.arraycopy(right.customers, 0, both, left.customers.length, right.customers.length);
        java.util.Arrays.sort(both);
        left.customers = java.util.Arrays.copyOf(both, Math.min(both.length, customerLimit));
        return left;
    }

    @Override
    public Result finish(Partial partial) {
        List<LastTouchpoint> last = new ArrayList<>();
        for (int s = 0; s < stepNames.size(); s++) {
            if (partial.lastStep[s] > 0) {
                last.add(new LastTouchpoint(stepNames.get(s), partial.lastStep[s]));
            }
        }
        last.sort(Comparator.comparingLong(LastTouchpoint::journeys).reversed().thenComparing(LastTouchpoint::name));
        long decided = partial.converted + partial.abandoned;
        return new Result(partial.withIntent, partial.converted, partial.open, partial.abandoned,
                decided == 0 ? 0 : (double) partial.abandoned / decided, List.copyOf(last), partial.customers.clone());
    }
}
