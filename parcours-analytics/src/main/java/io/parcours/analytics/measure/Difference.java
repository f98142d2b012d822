package io.parcours.analytics.measure;

/**
 * The difference between two groups (B − A: variant against control, after against before), with
 * its standard error, a 95 % interval, the test statistic, the two-sided p-value and the name of
 * the test that gave them.
 */
public record Difference(double estimate, double standardError, double low, double high, double statistic,
        double pValue, String test) {

    /** Whether the difference is significant at the 5 % level. */
    public boolean significant() {
        return pValue < 1 - KpiStatistics.CONFIDENCE;
    }
}
