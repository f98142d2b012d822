package io.parcours.analytics;

/**
 * The first-order Markov chain of attribution paths: transient states start (0) and each channel
 * (1..n), absorbing states conversion and null. Paths have consecutive repeats collapsed; each path
 * moves start to its first channel, channel to channel, and its last channel to conversion (as
 * many times as it converted) and to null (as many times as it did not).
 *
 * <p>Removal effects are exact: with N = (I - Q)^-1 the fundamental matrix of the transient part,
 * the probability of converting from start is x = N r, and removing channel c (its visits lead to
 * null) leaves x_start - (N[start][c] / N[c][c]) x_c, since N[s][c] / N[c][c] is the probability of
 * ever reaching c from s. Value works the same, each conversion earning its value at the state it
 * converts from (the mean value of conversions from there).
 */
public final class MarkovChain implements java.io.Serializable {
    private final int n;
    private final double[][] counts;
    private final double[] conversions;
    /** The value of the conversions after each state, summed in any order to the same (counts are whole numbers). */
    private final FixedPointSums conversionValue;
    private final double[] rowTotals;

    private MarkovChain(int channels) {
        n = channels;
        counts = new double[channels + 1][channels + 1];
        conversions = new double[channels + 1];
        conversionValue = new FixedPointSums(channels + 1);
        rowTotals = new double[channels + 1];
    }

    /** A chain without transitions over {@code channels} channels, to count transitions into. */
    public static MarkovChain empty(int channels) {
        if (channels > Attribution.MARKOV_LIMIT) {
            throw new IllegalArgumentException("the Markov model takes at most " + Attribution.MARKOV_LIMIT
                    + " channels, not " + channels + ": group them (channels rather than touchpoints, for example)");
        }
        return new MarkovChain(channels);
    }

    /** Counts {@code count} moves from start ({@code from} = -1) or channel {@code from} to channel {@code to}. */
    public void addMove(int from, int to, double count) {
        counts[from + 1][to + 1] += count;
        rowTotals[from + 1] += count;
    }

    /** Counts {@code count} conversions, worth {@code value} in all, right after channel {@code from}. */
    public void addConversion(int from, double count, double value) {
        conversions[from + 1] += count;
        conversionValue.add(from + 1, value);
        rowTotals[from + 1] += count;
    }

    /** Counts {@code count} paths that ended without conversion right after channel {@code from}. */
    public void addNull(int from, double count) {
        rowTotals[from + 1] += count;
    }

    /** The conversions counted, and their value. */
    double[] totals() {
        double[] totals = new double[2];
        for (int s = 0; s < conversions.length; s++) {
            totals[0] += conversions[s];
            totals[1] += conversionValue.get(s);
        }
        return totals;
    }

    /** The chain of these paths. */
    static MarkovChain of(AttributionPaths paths) {
        MarkovChain chain = empty(paths.channels().size());
        paths.forEach(path -> chain.countPath(path.channels(), 0, path.channels().length, path.conversions(),
                path.value(), path.nulls()));
        return chain;
    }

    /**
     * Counts the path {@code channels[from..to)}, consecutive repeats collapsed, that converted
     * {@code conversions} times (worth {@code value}) and ended without conversion {@code nulls} times.
     */
    void countPath(int[] channels, int from, int to, double conversions, double value, double nulls) {
        double weight = conversions + nulls;
        if (weight == 0) {
            return;
        }
        int state = 0;
        int previous = -1;
        for (int i = from; i < to; i++) {
            int channel = channels[i];
            if (channel == previous) {
                continue;
            }
            counts[state][channel + 1] += weight;
            rowTotals[state] += weight;
            state = channel + 1;
            previous = channel;
        }
        this.conversions[state] += conversions;
        conversionValue.add(state, value);
        rowTotals[state] += weight;
    }

    /** Adds the counts of another chain over the same channels. */
    void addAll(MarkovChain other) {
        for (int i = 0; i <= n; i++) {
            for (int j = 0; j <= n; j++) {
                counts[i][j] += other.counts[i][j];
            }
            conversions[i] += other.conversions[i];
            conversionValue.add(i, other.conversionValue, i);
            rowTotals[i] += other.rowTotals[i];
        }
    }

    /** Removal effects per channel, for conversions and for value. */
    record Effects(double[] conversion, double[] value) {}

    Effects removalEffects() {
        int size = n + 1;
        // I - Q, over the states that are ever left (the others cannot be reached).
        double[][] matrix = new double[size][size];
        double[] r = new double[size];
        double[] rv = new double[size];
        for (int i = 0; i < size; i++) {
            matrix[i][i] = 1;
            if (rowTotals[i] == 0) {
                continue;
            }
            for (int j = 0; j < size; j++) {
                matrix[i][j] -= counts[i][j] / rowTotals[i];
            }
            r[i] = conversions[i] / rowTotals[i];
            rv[i] = conversionValue.get(i) / rowTotals[i];
        }
        double[][] fundamental = invert(matrix);
        double[] x = multiply(fundamental, r);
        double[] y = multiply(fundamental, rv);
        double[] conversionEffects = new double[n];
        double[] valueEffects = new double[n];
        for (int c = 1; c < size; c++) {
            double reach = fundamental[0][c] / fundamental[c][c];
            conversionEffects[c - 1] = x[0] == 0 ? 0 : reach * x[c] / x[0];
            valueEffects[c - 1] = y[0] == 0 ? 0 : reach * y[c] / y[0];
        }
        return new Effects(conversionEffects, valueEffects);
    }

    private static double[] multiply(double[][] matrix, double[] vector) {
        double[] result = new double[vector.length];
        for (int i = 0; i < vector.length; i++) {
            double sum = 0;
            for (int j = 0; j < vector.length; j++) {
                sum += matrix[i][j] * vector[j];
            }
            result[i] = sum;
        }
        return result;
    }

    /** The inverse, by Gauss-Jordan elimination with partial pivoting. */
    static double[][] invert(double[][] matrix) {
        int size = matrix.length;
        double[][] a = new double[size][];
        double[][] inverse = new double[size][size];
        for (int i = 0; i < size; i++) {
            a[i] = matrix[i].clone();
            inverse[i][i] = 1;
        }
        for (int column = 0; column < size; column++) {
            int pivot = column;
            for (int row = column + 1; row < size; row++) {
                if (Math.abs(a[row][column]) > Math.abs(a[pivot][column])) {
                    pivot = row;
                }
            }
            if (Math.abs(a[pivot][column]) < 1e-300) {
                throw new ArithmeticException("the chain's matrix is singular");
            }
            double[] swap = a[column];
            a[column] = a[pivot];
            a[pivot] = swap;
            swap = inverse[column];
            inverse[column] = inverse[pivot];
            inverse[pivot] = swap;
            double scale = 1 / a[column][column];
            for (int j = 0; j < size; j++) {
                a[column][j] *= scale;
                inverse[column][j] *= scale;
            }
            for (int row = 0; row < size; row++) {
                double factor = a[row][column];
                if (row == column || factor == 0) {
                    continue;
                }
                for (int j = 0; j < size; j++) {
                    a[row][j] -= factor * a[column][j];
                    inverse[row][j] -= factor * inverse[column][j];
                }
            }
        }
        return inverse;
    }
}
