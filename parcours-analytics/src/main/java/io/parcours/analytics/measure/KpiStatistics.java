package io.parcours.analytics.measure;

import io.parcours.model.Metric;
import java.util.Optional;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.distribution.continuous.TDistribution;

/**
 * The survey KPIs and their 95 % confidence intervals, from the counts of answers per score.
 *
 * <ul>
 *   <li><b>NPS</b> = % promoters (9-10) − % detractors (0-6). Each answer is +1, 0 or −1, so the
 *       NPS is 100 times the mean of those values; its variance per answer is
 *       {@code p + d − (p − d)²} (p and d the shares of promoters and detractors), its standard
 *       error 100·√(variance / n), and the interval NPS ± 1.96 standard errors, clamped to ±100
 *       (the normal approximation of Rocks, "Understanding the Net Promoter Score", 2016).</li>
 *   <li><b>CSAT</b> = % of answers of 4 or 5 on the 1-5 scale, with the Wilson score interval
 *       (Wilson 1927), which stays within 0-100 % and behaves with small samples and shares
 *       near 0 or 100 %, where the Wald interval does not.</li>
 *   <li><b>CES</b> = the mean answer on the 1-7 scale, with Student's t interval on n − 1 degrees
 *       of freedom.</li>
 * </ul>
 *
 * Below {@code minimumAnswers} answers, no estimate is given: the KPI is "not enough answers".
 */
public final class KpiStatistics {
    /** The confidence level of every interval. */
    public static final double CONFIDENCE = 0.95;
    /** z for a two-sided 95 % interval: 1.959964... */
    public static final double Z95 = new NormalDistribution().inverseCumulativeProbability(0.975);
    /** The fewest answers for a KPI when none is asked for: below it a KPI is "not enough answers". */
    public static final int DEFAULT_MINIMUM_ANSWERS = 30;

    private KpiStatistics() {}

    /** The KPI of a survey metric, or empty below {@code minimumAnswers} answers (never below 2). */
    public static Optional<Estimate> estimate(Metric metric, ScoreCounts counts, int minimumAnswers) {
        if (counts.total() < Math.max(2, minimumAnswers)) {
            return Optional.empty();
        }
        return Optional.of(switch (metric) {
            case NPS -> nps(counts);
            case CSAT -> csat(counts);
            case CES -> ces(counts);
            default -> throw new IllegalArgumentException(metric.id() + " is not a survey score");
        });
    }

    /** The NPS of answers on the 0-10 scale. */
    public static Estimate nps(ScoreCounts counts) {
        long n = requireAnswers(counts, 1);
        double promoters = (double) counts.countBetween(9, 10) / n;
        double detractors = (double) counts.countBetween(0, 6) / n;
        double value = 100 * (promoters - detractors);
        double standardError = 100 * Math.sqrt(npsVariance(counts) / n);
        return new Estimate(value, standardError, Math.max(-100, value - Z95 * standardError),
                Math.min(100, value + Z95 * standardError));
    }

    /** The variance of one answer's NPS value (+1, 0, −1): {@code p + d − (p − d)²}. */
    public static double npsVariance(ScoreCounts counts) {
        long n = requireAnswers(counts, 1);
        double promoters = (double) counts.countBetween(9, 10) / n;
        double detractors = (double) counts.countBetween(0, 6) / n;
        double difference = promoters - detractors;
        return promoters + detractors - difference * difference;
    }

    /** The CSAT (% of 4 and 5) of answers on the 1-5 scale, with its Wilson interval. */
    public static Estimate csat(ScoreCounts counts) {
        long n = requireAnswers(counts, 1);
        long satisfied = counts.countBetween(4, 5);
        double[] interval = wilson(satisfied, n, Z95);
        double share = (double) satisfied / n;
        // min and max absorb rounding: with every answer satisfied the bound is 99.99999999999999
        return new Estimate(100 * share, 100 * Math.sqrt(share * (1 - share) / n), Math.min(100 * share, 100 * interval[0]),
                Math.max(100 * share, 100 * interval[1]));
    }

    /** The CES (mean answer) of answers on the 1-7 scale, with its t interval. */
    public static Estimate ces(ScoreCounts counts) {
        long n = requireAnswers(counts, 2);
        double mean = counts.mean();
        double standardError = Math.sqrt(counts.variance() / n);
        double t = new TDistribution(n - 1).inverseCumulativeProbability(0.975);
        return new Estimate(mean, standardError, mean - t * standardError, mean + t * standardError);
    }

    /** A share with its Wilson score interval ({@code successes} of {@code n}), as a rate from 0 to 1. */
    public static double[] wilson(long successes, long n, double z) {
        if (n <= 0 || successes < 0 || successes > n) {
            throw new IllegalArgumentException(successes + " successes of " + n);
        }
        double p = (double) successes / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    /** A rate (converted, dropped off) in % with its Wilson interval: a behavioural KPI beside the survey ones. */
    public static Estimate rate(long successes, long n) {
        requirePositive(n);
        double share = (double) successes / n;
        double[] interval = wilson(successes, n, Z95);
        return new Estimate(100 * share, 100 * Math.sqrt(share * (1 - share) / n),
                Math.min(100 * share, 100 * interval[0]), Math.max(100 * share, 100 * interval[1]));
    }

    private static long requireAnswers(ScoreCounts counts, int fewest) {
        long n = counts.total();
        if (n < fewest) {
            throw new IllegalArgumentException("needs at least " + fewest + " answers, has " + n);
        }
        return n;
    }

    private static void requirePositive(long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("needs at least one case");
        }
    }
}
