package io.parcours.analytics.measure;

/**
 * A KPI measured on a sample: its value, its standard error and a 95 % confidence interval
 * ({@code low} to {@code high}), in the KPI's own unit (NPS points, % of satisfied answers, mean
 * effort score, % converted).
 */
public record Estimate(double value, double standardError, double low, double high) {
    public Estimate {
        if (!(low <= value && value <= high)) {
            throw new IllegalArgumentException("the interval " + low + " to " + high + " does not hold " + value);
        }
    }

    /** Whether the whole interval lies below {@code target}. */
    public boolean below(double target) {
        return high < target;
    }

    /** Whether the whole interval lies above {@code target}. */
    public boolean above(double target) {
        return low > target;
    }
}
