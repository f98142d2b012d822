package io.parcours.analytics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Attribution of conversions and their value to the channels (or touchpoints) of the paths that led
 * to them, by one of the classic models. The definitions, in {@code docs/analytics.md}:
 *
 * <ul>
 *   <li>first touch, last touch: all of a conversion to the first, or last, touch of its path;
 *   <li>linear: an equal share to every touch, repeats included;
 *   <li>position-based: 40% to the first touch, 40% to the last, 20% shared by those between (one
 *       touch takes all, two take half each);
 *   <li>time decay: shares proportional to 2^(-age / half-life), the age being the time from the
 *       touch to the conversion (needs event times: journeys, not path files);
 *   <li>Markov: a first-order Markov chain over start, channels, conversion and null, with
 *       consecutive repeats of a channel collapsed; a channel's removal effect is the share of the
 *       conversion probability lost when it is removed (its visits lead to null); conversions go to
 *       channels in proportion to their removal effects. Computed exactly from the absorbing chain;
 *       value likewise, with each conversion's value earned where it converts;
 *   <li>Shapley: the Shapley value of the game where a coalition S of channels is worth the
 *       conversion rate of the paths whose channels all belong to S; credits are the shares of the
 *       overall rate, times the conversions (a channel whose presence lowers the rate gets a
 *       negative credit). Exact over every coalition, for at most {@value #SHAPLEY_LIMIT} channels
 *       appearing in the paths.
 * </ul>
 */
public final class Attribution {
    /** The most channels the Shapley model accepts: it weighs every one of the 2^n coalitions. */
    public static final int SHAPLEY_LIMIT = 20;

    /** The most channels the Markov model accepts: it inverts a matrix of that size. */
    public static final int MARKOV_LIMIT = 2_000;

    private Attribution() {}

    /** An attribution model. */
    public enum Model {
        FIRST("first"), LAST("last"), LINEAR("linear"), TIME_DECAY("time-decay"), POSITION("position"),
        MARKOV("markov"), SHAPLEY("shapley");

        private final String id;

        Model(String id) {
            this.id = id;
        }

        /** The model's name on the command line and in the API. */
        public String id() {
            return id;
        }

        /** The model named {@code id}; an IllegalArgumentException naming the models otherwise. */
        public static Model of(String id) {
            for (Model model : values()) {
                if (model.id.equals(id.toLowerCase(Locale.ROOT))) {
                    return model;
                }
            }
            throw new IllegalArgumentException("'" + id + "' is not an attribution model: use first, last, linear, "
                    + "time-decay, position, markov or shapley");
        }
    }

    /**
     * What a channel is credited with; {@code removalEffect} is set by the Markov model only (the
     * removal effect for conversions, from 0 to 1).
     */
    public record Credit(String channel, double conversions, double value, Double removalEffect) {}

    /**
     * An attribution: the model, the conversions and value attributed (the totals of the paths) and
     * those with no touch before them, and each channel's credit, largest first.
     */
    public record Result(String model, double conversions, double value, double unattributedConversions,
            double unattributedValue, List<Credit> channels) {}

    /**
     * Attributes the conversions of {@code paths} by {@code model}; {@code timeDecay} holds the
     * credits of the time-decay model worked out from event times (null when there are none, as
     * with a path file).
     */
    public static Result attribute(AttributionPaths paths, Model model, double[][] timeDecay) {
        int n = paths.channels().size();
        double[] conversions = new double[n];
        double[] value = new double[n];
        double[] totals = new double[2];
        paths.forEach(path -> {
            totals[0] += path.conversions();
            totals[1] += path.value();
        });
        switch (model) {
            case FIRST, LAST, LINEAR, POSITION -> paths.forEach(path -> {
                if (path.conversions() == 0 && path.value() == 0) {
                    return;
                }
                int[] touches = path.channels();
                int k = touches.length;
                for (int i = 0; i < k; i++) {
                    double weight = weight(model, i, k);
                    conversions[touches[i]] += path.conversions() * weight;
                    value[touches[i]] += path.value() * weight;
                }
            });
            case TIME_DECAY -> {
                if (timeDecay == null) {
                    throw new IllegalArgumentException("the time-decay model needs the time of each touch: "
                            + "it works on journeys, not on a path file");
                }
                System.arraycopy(timeDecay[0], 0, conversions, 0, n);
                System.arraycopy(timeDecay[1], 0, value, 0, n);
            }
            case MARKOV -> {
                return markov(MarkovChain.of(paths), paths.channels(), paths.unattributedConversions(),
                        paths.unattributedValue());
            }
            case SHAPLEY -> {
                ShapleyGame game = ShapleyGame.of(paths);
                share(game.values(false, n), totals[0], conversions);
                share(game.values(true, n), totals[1], value);
            }
            default -> throw new IllegalStateException("unknown model " + model);
        }
        List<Credit> credits = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            credits.add(new Credit(paths.channels().get(c), conversions[c], value[c], null));
        }
        credits.sort(Comparator.comparingDouble(Credit::conversions).reversed().thenComparing(Credit::channel));
        return new Result(model.id(), totals[0], totals[1], paths.unattributedConversions(), paths.unattributedValue(),
                List.copyOf(credits));
    }

    /**
     * The Markov attribution of a chain whose transitions were counted elsewhere (by SQL, for a
     * comparison): the same answer as {@link #attribute} with {@link Model#MARKOV} on the paths
     * that gave those counts.
     */
    public static Result markov(MarkovChain chain, List<String> channels) {
        return markov(chain, channels, 0, 0);
    }

    /** The same, with the conversions (and their value) that no touch preceded. */
    static Result markov(MarkovChain chain, List<String> channels, double unattributedConversions,
            double unattributedValue) {
        MarkovChain.Effects effects = chain.removalEffects();
        double[] totals = chain.totals();
        int n = channels.size();
        double[] conversions = new double[n];
        double[] value = new double[n];
        share(effects.conversion(), totals[0], conversions);
        share(effects.value(), totals[1], value);
        List<Credit> credits = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            credits.add(new Credit(channels.get(c), conversions[c], value[c], effects.conversion()[c]));
        }
        credits.sort(Comparator.comparingDouble(Credit::conversions).reversed().thenComparing(Credit::channel));
        return new Result(Model.MARKOV.id(), totals[0], totals[1], unattributedConversions, unattributedValue,
                List.copyOf(credits));
    }

    /** The share of a conversion the touch at {@code i} of {@code k} gets under a heuristic model. */
    static double weight(Model model, int i, int k) {
        return switch (model) {
            case FIRST -> i == 0 ? 1 : 0;
            case LAST -> i == k - 1 ? 1 : 0;
            case LINEAR -> 1.0 / k;
            case POSITION -> {
                if (k == 1) {
                    yield 1;
                }
                if (k == 2) {
                    yield 0.5;
                }
                yield i == 0 || i == k - 1 ? 0.4 : 0.2 / (k - 2);
            }
            default -> throw new IllegalArgumentException(model + " is not a positional model");
        };
    }

    /** {@code total} split in proportion to {@code weights} (nothing when they add up to 0). */
    private static void share(double[] weights, double total, double[] into) {
        double sum = 0;
        for (double weight : weights) {
            sum += weight;
        }
        if (sum == 0) {
            return;
        }
        for (int c = 0; c < weights.length; c++) {
            into[c] = total * weights[c] / sum;
        }
    }
}
