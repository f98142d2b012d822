package io.parcours.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A key performance indicator that a stage or touchpoint can have a target for. Survey scores
 * (NPS, CSAT, CES) come from answers; the others from the journeys. Each metric knows whether
 * higher is better, which decides whether its target is a floor or a ceiling, and which range a
 * target may take.
 */
public enum Metric {
    NPS("nps", "NPS", "Net Promoter Score (-100 to 100)", true, -100, 100),
    CSAT("csat", "CSAT %", "Customer satisfaction: % of 4 and 5 answers (0 to 100)", true, 0, 100),
    CES("ces", "CES", "Customer Effort Score: mean answer (1 to 7)", true, 1, 7),
    CONVERSION("conversion", "Conversion %", "Conversion rate in % (0 to 100)", true, 0, 100),
    DROP_OFF("drop-off", "Drop-off %", "Drop-off rate in % (0 to 100)", false, 0, 100),
    TIME_TO_NEXT_STAGE("time-to-next-stage", "Hours to next stage", "Median hours to the next stage", false, 0, Double.MAX_VALUE),
    VOLUME("volume", "Customers per day", "Customers reaching it per day", true, 0, Double.MAX_VALUE);

    private final String id;
    private final String label;
    private final String description;
    private final boolean higherIsBetter;
    private final double minimum;
    private final double maximum;

    Metric(String id, String label, String description, boolean higherIsBetter, double minimum, double maximum) {
        this.id = id;
        this.label = label;
        this.description = description;
        this.higherIsBetter = higherIsBetter;
        this.minimum = minimum;
        this.maximum = maximum;
    }

    public String id() {
        return id;
    }

    /** A short name for people: "NPS", "Conversion %". */
    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** True when the target is a floor ("at least"), false when it is a ceiling ("at most"). */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    public double minimum() {
        return minimum;
    }

    public double maximum() {
        return maximum;
    }

    public static Optional<Metric> fromId(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(metric -> metric.id.equals(wanted)).findFirst();
    }

    public static String ids() {
        return Arrays.stream(values()).map(Metric::id).collect(Collectors.joining(", "));
    }
}
