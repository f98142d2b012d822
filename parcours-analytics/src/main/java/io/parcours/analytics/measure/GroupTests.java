package io.parcours.analytics.measure;

import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.distribution.continuous.TDistribution;

/**
 * Tests of a difference between two groups, each the textbook one for its metric, and the sample
 * sizes they need:
 *
 * <ul>
 *   <li>conversion and CSAT (shares): the two-proportion z-test with the pooled share, and the
 *       unpooled (Wald) interval of the difference;</li>
 *   <li>NPS: a z-test on the difference of two NPS, with the variance of each from
 *       {@link KpiStatistics#npsVariance};</li>
 *   <li>CES (means): Welch's t-test, with the Welch-Satterthwaite degrees of freedom.</li>
 * </ul>
 */
public final class GroupTests {
    private static final NormalDistribution NORMAL = new NormalDistribution();

    private GroupTests() {}

    /** B's share minus A's ({@code successesA} of {@code nA} against {@code successesB} of {@code nB}), in points of %. */
    public static Difference twoProportions(long successesA, long nA, long successesB, long nB) {
        if (nA <= 0 || nB <= 0) {
            throw new IllegalArgumentException("each group needs at least one case");
        }
        double pA = (double) successesA / nA;
        double pB = (double) successesB / nB;
        double pooled = (double) (successesA + successesB) / (nA + nB);
        double pooledError = Math.sqrt(pooled * (1 - pooled) * (1.0 / nA + 1.0 / nB));
        double difference = pB - pA;
        double z = pooledError == 0 ? 0 : difference / pooledError;
        double error = Math.sqrt(pA * (1 - pA) / nA + pB * (1 - pB) / nB);
        return new Difference(100 * difference, 100 * error, 100 * (difference - KpiStatistics.Z95 * error),
                100 * (difference + KpiStatistics.Z95 * error), z, twoSided(z), "two-proportion z-test");
    }

    /** B's NPS minus A's, in NPS points. */
    public static Difference nps(ScoreCounts a, ScoreCounts b) {
        Estimate npsA = KpiStatistics.nps(a);
        Estimate npsB = KpiStatistics.nps(b);
        double error = Math.hypot(npsA.standardError(), npsB.standardError());
        double difference = npsB.value() - npsA.value();
        double z = error == 0 ? 0 : difference / error;
        return new Difference(difference, error, difference - KpiStatistics.Z95 * error,
                difference + KpiStatistics.Z95 * error, z, twoSided(z), "z-test on the difference of NPS");
    }

    /** B's CSAT minus A's, in points of %. */
    public static Difference csat(ScoreCounts a, ScoreCounts b) {
        return twoProportions(a.countBetween(4, 5), a.total(), b.countBetween(4, 5), b.total());
    }

    /** B's mean minus A's (CES, or any rating): Welch's t-test. */
    public static Difference means(ScoreCounts a, ScoreCounts b) {
        long nA = a.total();
        long nB = b.total();
        if (nA < 2 || nB < 2) {
            throw new IllegalArgumentException("each group needs at least two answers");
        }
        double varianceA = a.variance() / nA;
        double varianceB = b.variance() / nB;
        double error = Math.sqrt(varianceA + varianceB);
        double difference = b.mean() - a.mean();
        if (error == 0) {
            double p = difference == 0 ? 1 : 0;
            return new Difference(difference, 0, difference, difference, difference == 0 ? 0 : Math.copySign(
                    Double.POSITIVE_INFINITY, difference), p, "Welch's t-test");
        }
        double freedom = (varianceA + varianceB) * (varianceA + varianceB)
                / (varianceA * varianceA / (nA - 1) + varianceB * varianceB / (nB - 1));
        TDistribution t = new TDistribution(freedom);
        double statistic = difference / error;
        double critical = t.inverseCumulativeProbability(0.975);
        double p = 2 * t.cumulativeProbability(-Math.abs(statistic));
        return new Difference(difference, error, difference - critical * error, difference + critical * error,
                statistic, Math.min(1, p), "Welch's t-test");
    }

    /**
     * The cases each group needs to detect a change of a share from {@code p1} to {@code p2}
     * (rates from 0 to 1) with a two-sided test at 5 % and 80 % power (Fleiss, Statistical Methods
     * for Rates and Proportions, formula 4.14 without continuity correction).
     */
    public static long sampleSizeProportions(double p1, double p2) {
        if (!(p1 >= 0 && p1 <= 1 && p2 >= 0 && p2 <= 1) || p1 == p2) {
            throw new IllegalArgumentException("shares must differ and lie in 0 to 1: " + p1 + ", " + p2);
        }
        double zAlpha = KpiStatistics.Z95;
        double zBeta = NORMAL.inverseCumulativeProbability(0.8);
        double mean = (p1 + p2) / 2;
        double numerator = zAlpha * Math.sqrt(2 * mean * (1 - mean)) + zBeta * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
        return (long) Math.ceil(numerator * numerator / ((p1 - p2) * (p1 - p2)));
    }

    /**
     * The answers each group needs to detect a change of {@code effect} in a mean (or an NPS, in
     * its own unit) whose per-answer variance is {@code variance}, at 5 % and 80 % power:
     * {@code 2 (z + z_power)² variance / effect²}.
     */
    public static long sampleSizeMeans(double variance, double effect) {
        if (!(variance > 0) || effect == 0 || !Double.isFinite(effect)) {
            throw new IllegalArgumentException("needs a positive variance and a non-zero effect");
        }
        double z = KpiStatistics.Z95 + NORMAL.inverseCumulativeProbability(0.8);
        return (long) Math.ceil(2 * z * z * variance / (effect * effect));
    }

    private static double twoSided(double z) {
        return Math.min(1, 2 * NORMAL.cumulativeProbability(-Math.abs(z)));
    }
}
