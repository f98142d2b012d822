package io.parcours.model;

/**
 * A target for one metric: "NPS at least 30", "drop-off at most 40 %". Whether the value is a
 * floor or a ceiling follows from {@link Metric#higherIsBetter()}.
 */
public record KpiTarget(Metric metric, double target) {
    public KpiTarget {
        Checks.present("metric", metric);
        if (Double.isNaN(target) || target < metric.minimum() || target > metric.maximum()) {
            String range = metric.maximum() == Double.MAX_VALUE
                    ? "at least " + format(metric.minimum())
                    : "from " + format(metric.minimum()) + " to " + format(metric.maximum());
            throw ParcoursException.invalid("target",
                    "target " + format(target) + " for " + metric.id() + " is out of range: it must be " + range);
        }
    }

    /** "at least 30" or "at most 40". */
    public String describe() {
        return (metric.higherIsBetter() ? "at least " : "at most ") + format(target);
    }

    static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
