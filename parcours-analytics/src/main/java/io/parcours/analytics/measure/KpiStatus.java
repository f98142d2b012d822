package io.parcours.analytics.measure;

import io.parcours.model.KpiTarget;
import java.util.Locale;
import java.util.Optional;

/**
 * How a touchpoint stands against its target, as the dashboard colours it: red when the KPI misses
 * the target with confidence (its whole 95 % interval is on the wrong side), amber when the
 * interval holds the target, green otherwise; grey when there are not enough answers to tell, and
 * none when no target is set.
 */
public enum KpiStatus {
    RED, AMBER, GREEN, GREY, NONE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status of {@code estimate} (empty: not enough answers) against {@code target} (empty: none set). */
    public static KpiStatus of(Optional<Estimate> estimate, Optional<KpiTarget> target) {
        if (target.isEmpty()) {
            return NONE;
        }
        if (estimate.isEmpty()) {
            return GREY;
        }
        Estimate e = estimate.get();
        double goal = target.get().target();
        boolean missed = target.get().metric().higherIsBetter() ? e.below(goal) : e.above(goal);
        if (missed) {
            return RED;
        }
        boolean met = target.get().metric().higherIsBetter() ? e.low() >= goal : e.high() <= goal;
        return met ? GREEN : AMBER;
    }
}
