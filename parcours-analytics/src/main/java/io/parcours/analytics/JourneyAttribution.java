package io.parcours.analytics;

import java.util.Arrays;
import java.util.List;

/**
 * Turns journeys into attribution paths: each conversion event closes a path made of the channel
 * touches since the previous conversion that happened within the lookback window before it; the
 * touches after a journey's last conversion make a path that ended without one (conversion events
 * are never touches themselves). A conversion with no touch before it is unattributed. Alongside, it credits each conversion by the time-decay model,
 * which needs the touches' times. The answer feeds {@link Attribution#attribute}.
 */
public final class JourneyAttribution implements JourneyAnalysis<JourneyAttribution.Partial, JourneyAttribution.Result> {
    /** The default lookback window: touches more than 30 days before a conversion do not count for it. */
    public static final long DEFAULT_LOOKBACK_MILLIS = 30L * 24 * 60 * 60 * 1000;
    /** The default half-life of the time-decay model: 7 days. */
    public static final long DEFAULT_HALF_LIFE_MILLIS = 7L * 24 * 60 * 60 * 1000;

    private final int[] channelOfStep;
    private final boolean[] conversionStep;
    private final List<String> channels;
    private final long lookback;
    private final long halfLife;
    private final boolean chainOnly;

    private JourneyAttribution(int[] channelOfStep, boolean[] conversionStep, List<String> channels, long lookback,
            long halfLife, boolean chainOnly) {
        this.channelOfStep = channelOfStep;
        this.conversionStep = conversionStep;
        this.channels = channels;
        this.lookback = lookback;
        this.halfLife = halfLife;
        this.chainOnly = chainOnly;
    }

    /**
     * The same, counting only the Markov chain's transitions instead of keeping every path: much
     * faster, and its answer serves the Markov model only.
     */
    public JourneyAttribution markovOnly() {
        MarkovChain.empty(channels.size()); // refuses too many channels now rather than in every worker
        return new JourneyAttribution(channelOfStep, conversionStep, channels, lookback, halfLife, true);
    }

    /**
     * Paths over {@code channels}: {@code channelOfStep[s]} is the channel a step touches (-1 for
     * none), and the steps set in {@code conversionSteps} are conversions.
     */
    public static JourneyAttribution of(List<String> stepNames, int[] channelOfStep, List<String> channels,
            java.util.BitSet conversionSteps, long lookbackMillis, long halfLifeMillis) {
        if (channelOfStep.length != stepNames.size()) {
            throw new IllegalArgumentException("a channel is needed for each of the " + stepNames.size() + " steps");
        }
        for (int channel : channelOfStep) {
            if (channel < -1 || channel >= channels.size()) {
                throw new IllegalArgumentException("channel " + channel + " is not among the " + channels.size());
            }
        }
        if (conversionSteps.isEmpty()) {
            throw new IllegalArgumentException("attribution needs a conversion step");
        }
        if (lookbackMillis <= 0 || halfLifeMillis <= 0) {
            throw new IllegalArgumentException("the lookback window and the half-life must be positive");
        }
        boolean[] conversion = new boolean[stepNames.size()];
        conversionSteps.stream().filter(s -> s < conversion.length).forEach(s -> conversion[s] = true);
        return new JourneyAttribution(channelOfStep.clone(), conversion, List.copyOf(channels), lookbackMillis,
                halfLifeMillis, false);
    }

    /** The same over the steps of {@code steps}. */
    public static JourneyAttribution of(JourneySteps steps, int[] channelOfStep, List<String> channels,
            java.util.BitSet conversionSteps, long lookbackMillis, long halfLifeMillis) {
        return of(steps.stepNames(), channelOfStep, channels, conversionSteps, lookbackMillis, halfLifeMillis);
    }

    /**
     * The paths and the time-decay credits per channel (conversions in [0], value in [1]); or, when
     * only the Markov chain was counted, the chain and the conversions no touch preceded.
     */
    public record Result(AttributionPaths paths, double[][] timeDecay, MarkovChain chain, List<String> channels,
            double unattributedConversions, double unattributedValue) {
        /** The attribution by {@code model}. */
        public Attribution.Result attribute(Attribution.Model model) {
            if (chain != null) {
                if (model != Attribution.Model.MARKOV) {
                    throw new IllegalArgumentException("only the Markov chain was counted: it gives the Markov model only");
                }
                return Attribution.markov(chain, channels, unattributedConversions, unattributedValue);
            }
            return Attribution.attribute(paths, model, timeDecay);
        }
    }

    /** Paths and time-decay credits of a share of the journeys. */
    public static final class Partial implements java.io.Serializable {
        private final AttributionPaths paths;
        private final MarkovChain chain;
        /** Time-decay credits: conversions (0..channels-1), then value (channels..2*channels-1). */
        private final FixedPointSums timeDecay;
        /** Conversions and value no touch preceded, with the chain only. */
        private final FixedPointSums unattributed = new FixedPointSums(2);
        private int[] touches = new int[64];
        private long[] times = new long[64];

        Partial(List<String> channels, boolean chainOnly) {
            paths = chainOnly ? null : new AttributionPaths(channels);
            chain = chainOnly ? MarkovChain.empty(channels.size()) : null;
            timeDecay = new FixedPointSums(2 * channels.size());
        }
    }

    @Override
    public Partial start() {
        return new Partial(channels, chainOnly);
    }

    @Override
    public void add(Partial partial, Journey journey) {
        int count = 0;
        for (int i = 0; i < journey.size(); i++) {
            int step = journey.step(i);
            long time = journey.time(i);
            if (conversionStep[step]) {
                int first = 0;
                while (first < count && time - partial.times[first] > lookback) {
                    first++;
                }
                double value = journey.value(i);
                if (first == count) {
                    if (chainOnly) {
                        partial.unattributed.add(0, 1);
                        partial.unattributed.add(1, value);
                    } else {
                        partial.paths.addUnattributed(1, value);
                    }
                } else if (chainOnly) {
                    partial.chain.countPath(partial.touches, first, count, 1, value, 0);
                } else {
                    partial.paths.add(partial.touches, first, count - first, 1, value, 0);
                    // Weights relative to the newest touch: the same shares, without underflow to 0 / 0.
                    long newest = partial.times[count - 1];
                    double total = 0;
                    for (int t = first; t < count; t++) {
                        total += decay(newest - partial.times[t]);
                    }
                    for (int t = first; t < count; t++) {
                        double share = decay(newest - partial.times[t]) / total;
                        partial.timeDecay.add(partial.touches[t], share);
                        partial.timeDecay.add(channels.size() + partial.touches[t], share * value);
                    }
                }
                count = 0;
            }
            int channel = channelOfStep[step];
            if (channel >= 0 && !conversionStep[step]) {
                if (count == partial.touches.length) {
                    partial.touches = Arrays.copyOf(partial.touches, count * 2);
                    partial.times = Arrays.copyOf(partial.times, count * 2);
                }
                partial.touches[count] = channel;
                partial.times[count++] = time;
            }
        }
        if (count > 0) {
            if (chainOnly) {
                partial.chain.countPath(partial.touches, 0, count, 0, 0, 1);
            } else {
                partial.paths.add(partial.touches, 0, count, 0, 0, 1);
            }
        }
    }

    private double decay(long age) {
        return Math.pow(2, -(double) age / halfLife);
    }

    @Override
    public Partial merge(Partial left, Partial right) {
        if (chainOnly) {
            left.chain.addAll(right.chain);
            left.unattributed.addAll(right.unattributed);
            return left;
        }
        left.paths.addAll(right.paths);
        left.timeDecay.addAll(right.timeDecay);
        return left;
    }

    @Override
    public Result finish(Partial partial) {
        double[][] timeDecay = new double[2][channels.size()];
        for (int c = 0; c < channels.size(); c++) {
            timeDecay[0][c] = partial.timeDecay.get(c);
            timeDecay[1][c] = partial.timeDecay.get(channels.size() + c);
        }
        return new Result(partial.paths, timeDecay, partial.chain, channels, partial.unattributed.get(0),
                partial.unattributed.get(1));
    }
}
