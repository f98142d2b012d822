package io.parcours.analytics.measure;

import java.util.Arrays;

/**
 * How many answers gave each score from 0 to 10: all that the NPS, CSAT and CES and their
 * intervals need, in eleven counters. Counts add up, so partial counts (per day, per touchpoint,
 * per worker) merge into the count of their union. Not thread-safe.
 */
public final class ScoreCounts {
    /** The highest score any survey scale reaches. */
    public static final int MAX_SCORE = 10;

    private final long[] counts = new long[MAX_SCORE + 1];

    /** Counts one answer with this score. */
    public ScoreCounts add(int score) {
        return add(score, 1);
    }

    /** Counts {@code answers} answers with this score. */
    public ScoreCounts add(int score, long answers) {
        if (score < 0 || score > MAX_SCORE) {
            throw new IllegalArgumentException("score " + score + " is outside 0 to " + MAX_SCORE);
        }
        if (answers < 0) {
            throw new IllegalArgumentException("answers " + answers + " is negative");
        }
        counts[score] += answers;
        return this;
    }

    /** Adds the counts of {@code other} to these. */
    public ScoreCounts merge(ScoreCounts other) {
        for (int score = 0; score <= MAX_SCORE; score++) {
            counts[score] += other.counts[score];
        }
        return this;
    }

    public static ScoreCounts of(int... scores) {
        ScoreCounts counts = new ScoreCounts();
        for (int score : scores) {
            counts.add(score);
        }
        return counts;
    }

    public long count(int score) {
        return counts[score];
    }

    /** Answers with a score from {@code low} to {@code high}, both included. */
    public long countBetween(int low, int high) {
        long total = 0;
        for (int score = Math.max(0, low); score <= Math.min(MAX_SCORE, high); score++) {
            total += counts[score];
        }
        return total;
    }

    public long total() {
        return countBetween(0, MAX_SCORE);
    }

    public double mean() {
        long total = total();
        if (total == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int score = 0; score <= MAX_SCORE; score++) {
            sum += (double) score * counts[score];
        }
        return sum / total;
    }

    /** The sample variance (divided by n - 1); NaN with fewer than two answers. */
    public double variance() {
        long total = total();
        if (total < 2) {
            return Double.NaN;
        }
        double mean = mean();
        double squares = 0;
        for (int score = 0; score <= MAX_SCORE; score++) {
            double deviation = score - mean;
            squares += deviation * deviation * counts[score];
        }
        return squares / (total - 1);
    }

    /** The counts as an array indexed by score. */
    public long[] toArray() {
        return counts.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ScoreCounts that && Arrays.equals(counts, that.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "ScoreCounts" + Arrays.toString(counts);
    }
}
