package io.parcours.analytics;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which touchpoints matter, from many journeys laid over each other. A journey converts when it
 * has a conversion event; it includes a touchpoint when it has an event of it before its first
 * conversion (anywhere, when it never converts). Per touchpoint: its reach (journeys including it),
 * the conversion rate of journeys including it and of those that do not, the journeys that ended
 * right after it without converting (their last event was it), and its share of the conversions by
 * an attribution model, when given. Ranked by impact: reach times the difference of the two rates,
 * the conversions associated with the touchpoint beyond the rate of the journeys without it.
 */
public final class KeyTouchpoints implements JourneyAnalysis<KeyTouchpoints.Partial, KeyTouchpoints.Result> {
    private final List<String> stepNames;
    private final boolean[] conversion;

    private KeyTouchpoints(List<String> stepNames, boolean[] conversion) {
        this.stepNames = stepNames;
        this.conversion = conversion;
    }

    /** Key touchpoints among the steps named {@code stepNames}; those in {@code conversionSteps} are conversions. */
    public static KeyTouchpoints of(List<String> stepNames, BitSet conversionSteps) {
        if (conversionSteps.isEmpty()) {
            throw new IllegalArgumentException("key touchpoints need a conversion step");
        }
        boolean[] conversion = new boolean[stepNames.size()];
        conversionSteps.stream().filter(s -> s < conversion.length).forEach(s -> conversion[s] = true);
        return new KeyTouchpoints(List.copyOf(stepNames), conversion);
    }

    /** The same over the steps of {@code steps}. */
    public static KeyTouchpoints of(JourneySteps steps, BitSet conversionSteps) {
        return of(steps.stepNames(), conversionSteps);
    }

    /**
     * A touchpoint: reach, conversion rate with and without it, the journeys that ended right
     * after it without converting (and their share of its reach), attribution share (null without
     * an attribution), and impact.
     */
    public record Touchpoint(String name, long reach, double conversionWith, double conversionWithout,
            long dropOffAfter, double dropOffRate, Double attributionShare, double impact) {}

    /** The touchpoints, highest impact first, with the journeys and conversions they were measured on. */
    public record Result(long journeys, long converted, List<Touchpoint> touchpoints) {
        /** The same, with each touchpoint's share of the conversions by an attribution (matched by name). */
        public Result withAttribution(Attribution.Result attribution) {
            Map<String, Double> shares = new java.util.HashMap<>();
            attribution.channels().forEach(credit -> shares.put(credit.channel(),
                    attribution.conversions() == 0 ? 0 : credit.conversions() / attribution.conversions()));
            return new Result(journeys, converted, touchpoints.stream()
                    .map(t -> new Touchpoint(t.name(), t.reach(), t.conversionWith(), t.conversionWithout(),
                            t.dropOffAfter(), t.dropOffRate(), shares.getOrDefault(t.name(), 0.0), t.impact()))
                    .toList());
        }
    }

    /** Counts of a share of the journeys. */
    public static final class Partial implements java.io.Serializable {
        private long journeys;
        private long converted;
        private final long[] reach;
        private final long[] convertedWith;
        private final long[] dropOffAfter;
        private final long[] seenIn;

        Partial(int steps) {
            reach = new long[steps];
            convertedWith = new long[steps];
            dropOffAfter = new long[steps];
            seenIn = new long[steps];
            java.util.Arrays.fill(seenIn, -1);
        }
    }

    @Override
    public Partial start() {
        return new Partial(stepNames.size());
    }

    @Override
    public void add(Partial partial, Journey journey) {
        long number = partial.journeys++;
        int size = journey.size();
        int end = size;
        for (int i = 0; i < size; i++) {
            if (conversion[journey.step(i)]) {
                end = i;
                break;
            }
        }
        boolean converted = end < size;
        if (converted) {
            partial.converted++;
        }
        for (int i = 0; i < end; i++) {
            int step = journey.step(i);
            if (partial.seenIn[step] != number) {
                partial.seenIn[step] = number;
                partial.reach[step]++;
                if (converted) {
                    partial.convertedWith[step]++;
                }
            }
        }
        if (!converted && size > 0) {
            partial.dropOffAfter[journey.step(size - 1)]++;
        }
    }

    @Override
    public Partial merge(Partial left, Partial right) {
        left.journeys += right.journeys;
        left.converted += right.converted;
        for (int s = 0; s < left.reach.length; s++) {
            left.reach[s] += right.reach[s];
            left.convertedWith[s] += right.convertedWith[s];
            left.dropOffAfter[s] += right.dropOffAfter[s];
        }
        return left;
    }

    @Override
    public Result finish(Partial partial) {
        List<Touchpoint> list = new ArrayList<>();
        for (int s = 0; s < stepNames.size(); s++) {
            if (conversion[s] || partial.reach[s] == 0) {
                continue;
            }
            long reach = partial.reach[s];
            double with = (double) partial.convertedWith[s] / reach;
            long others = partial.journeys - reach;
            double without = others == 0 ? 0 : (double) (partial.converted - partial.convertedWith[s]) / others;
            list.add(new Touchpoint(stepNames.get(s), reach, with, without, partial.dropOffAfter[s],
                    (double) partial.dropOffAfter[s] / reach, null, reach * (with - without)));
        }
        list.sort(Comparator.comparingDouble(Touchpoint::impact).reversed().thenComparing(Touchpoint::name));
        return new Result(partial.journeys, partial.converted, List.copyOf(list));
    }
}
