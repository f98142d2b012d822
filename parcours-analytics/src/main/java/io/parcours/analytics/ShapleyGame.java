package io.parcours.analytics;

import java.util.ArrayList;
import java.util.List;

/**
 * The cooperative game of attribution: a coalition S of channels is worth the conversion rate (or
 * value per path) of the paths whose channels all belong to S. Shapley values are exact: the worth
 * of every one of the 2^n coalitions is found by summing over subsets (a zeta transform, n 2^n
 * additions), then each channel's marginal contributions are weighed by |S|! (n - |S| - 1)! / n!.
 */
final class ShapleyGame {
    private final int n;
    private final double[] paths;
    private final double[] conversions;
    private final double[] value;

    private ShapleyGame(int n) {
        this.n = n;
        paths = new double[1 << n];
        conversions = new double[1 << n];
        value = new double[1 << n];
    }

    /** The channels that appear in some path, numbered from 0 in the game; the others get nothing. */
    private int[] channelOfPlayer = new int[0];

    static ShapleyGame of(AttributionPaths attributionPaths) {
        int[] playerOf = new int[attributionPaths.channels().size()];
        java.util.Arrays.fill(playerOf, -1);
        List<Integer> players = new ArrayList<>();
        attributionPaths.forEach(path -> {
            for (int channel : path.channels()) {
                if (playerOf[channel] < 0) {
                    playerOf[channel] = players.size();
                    players.add(channel);
                }
            }
        });
        int n = players.size();
        if (n > Attribution.SHAPLEY_LIMIT) {
            throw new IllegalArgumentException("the Shapley model takes at most " + Attribution.SHAPLEY_LIMIT
                    + " channels, and " + n + " appear in the paths: group channels, or use the Markov model");
        }
        ShapleyGame game = new ShapleyGame(n);
        game.channelOfPlayer = players.stream().mapToInt(Integer::intValue).toArray();
        attributionPaths.forEach(path -> {
            int set = 0;
            for (int channel : path.channels()) {
                set |= 1 << playerOf[channel];
            }
            game.paths[set] += path.conversions() + path.nulls();
            game.conversions[set] += path.conversions();
            game.value[set] += path.value();
        });
        for (double[] table : new double[][] {game.paths, game.conversions, game.value}) {
            for (int bit = 0; bit < n; bit++) {
                for (int set = 0; set < table.length; set++) {
                    if ((set & (1 << bit)) != 0) {
                        table[set] += table[set ^ (1 << bit)];
                    }
                }
            }
        }
        return game;
    }

    /** The worth of coalition {@code set}: its conversion rate, or value per path. */
    double worth(int set, boolean ofValue) {
        double total = paths[set];
        return total == 0 ? 0 : (ofValue ? value[set] : conversions[set]) / total;
    }

    /** The Shapley value of each of {@code channels} channels (0 for those in no path). */
    double[] values(boolean ofValue, int channels) {
        double[] byPlayer = playerValues(ofValue);
        double[] byChannel = new double[channels];
        for (int p = 0; p < byPlayer.length; p++) {
            byChannel[channelOfPlayer[p]] = byPlayer[p];
        }
        return byChannel;
    }

    private double[] playerValues(boolean ofValue) {
        double[] weights = new double[n];
        // weights[s] = s! (n - s - 1)! / n!, built as a product to stay exact in doubles.
        for (int s = 0; s < n; s++) {
            double w = 1.0 / n;
            for (int k = 1; k <= s; k++) {
                w *= (double) k / (n - k);
            }
            weights[s] = w;
        }
        double[] shapley = new double[n];
        for (int set = 0; set < (1 << n); set++) {
            double worth = worth(set, ofValue);
            int size = Integer.bitCount(set);
            for (int channel = 0; channel < n; channel++) {
                if ((set & (1 << channel)) == 0) {
                    shapley[channel] += weights[size] * (worth(set | (1 << channel), ofValue) - worth);
                }
            }
        }
        return shapley;
    }
}
