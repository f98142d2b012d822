package io.parcours.model;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * "Changing touchpoint T will move metric M by X": the change a team believes in, the metric it
 * should move (conversion from the touchpoint, or the touchpoint's NPS, CSAT or CES), the expected
 * effect in the metric's unit (points of %, NPS points, CES points; negative for a fall), and how it
 * is tested: an A/B experiment that splits customers between variants by a hash of their id, or a
 * before/after comparison around the date the change went live (weaker evidence: anything else that
 * changed meanwhile counts too). It names the map version that introduced the change.
 */
public record Hypothesis(String key, String map, String touchpoint, String change, Metric metric, double expectedEffect,
        Test test, List<Variant> variants, Optional<Instant> changedAt, Optional<Integer> mapVersion, int windowDays) {

    /** How a hypothesis is tested. */
    public enum Test {
        AB, BEFORE_AFTER;

        public String id() {
            return this == AB ? "ab" : "before-after";
        }

        public static Optional<Test> fromId(String id) {
            return switch (id.trim().toLowerCase(Locale.ROOT)) {
                case "ab", "a/b" -> Optional.of(AB);
                case "before-after", "before/after" -> Optional.of(BEFORE_AFTER);
                default -> Optional.empty();
            };
        }
    }

    /** One arm of an A/B experiment: its key and its share of the customers (weights need not add to 1). */
    public record Variant(String key, double weight) {
        public Variant {
            Keys.require("variant", key);
            if (!(weight > 0) || weight > 1_000) {
                throw ParcoursException.invalid("variants", "the weight of variant '" + key + "' must be above 0");
            }
        }
    }

    /** The metrics a hypothesis can be about. */
    public static final List<Metric> METRICS = List.of(Metric.CONVERSION, Metric.NPS, Metric.CSAT, Metric.CES);

    public Hypothesis {
        Keys.require("key", key);
        Keys.require("map", map);
        Keys.require("touchpoint", touchpoint);
        if (change == null || change.isBlank()) {
            throw ParcoursException.invalid("change", "say what changes, such as 'a size guide on the product page'");
        }
        change = Checks.text("change", change.strip());
        Checks.present("metric", metric);
        if (!METRICS.contains(metric)) {
            throw ParcoursException.invalid("metric", "a hypothesis is about conversion, nps, csat or ces, not " + metric.id());
        }
        if (!Double.isFinite(expectedEffect) || expectedEffect == 0) {
            throw ParcoursException.invalid("expectedEffect", "the expected effect must be a number other than 0, in the "
                    + "metric's unit (5 for five more points)");
        }
        Checks.present("test", test);
        variants = Checks.list("variants", variants);
        changedAt = Checks.optional(changedAt);
        mapVersion = Checks.optional(mapVersion);
        if (test == Test.AB) {
            if (variants.size() < 2 || variants.size() > 10) {
                throw ParcoursException.invalid("variants", "an A/B test needs 2 to 10 variants, the first being the "
                        + "control: such as [{\"key\": \"control\"}, {\"key\": \"size-guide\"}]");
            }
            Set<String> seen = new HashSet<>();
            for (Variant variant : variants) {
                if (!seen.add(variant.key())) {
                    throw ParcoursException.invalid("variants", "variant '" + variant.key() + "' is listed twice");
                }
            }
        } else {
            if (!variants.isEmpty()) {
                throw ParcoursException.invalid("variants", "a before/after test has no variants");
            }
            if (changedAt.isEmpty()) {
                throw ParcoursException.invalid("changedAt", "a before/after test needs the time the change went live, "
                        + "as changedAt");
            }
        }
        mapVersion.ifPresent(version -> {
            if (version < 1) {
                throw ParcoursException.invalid("mapVersion", "map versions start at 1");
            }
        });
        if (windowDays < 1 || windowDays > 366) {
            throw ParcoursException.invalid("windowDays", "windowDays must be from 1 to 366, not " + windowDays);
        }
    }

    /** The variant an id gets: a hash of the hypothesis key and the id, laid over the variants' weights. */
    public Variant variantOf(String id) {
        double total = variants.stream().mapToDouble(Variant::weight).sum();
        double point = Keys.uniformHash(key + "\u0000" + id) * total;
        double cumulative = 0;
        for (Variant variant : variants) {
            cumulative += variant.weight();
            if (point < cumulative) {
                return variant;
            }
        }
        return variants.get(variants.size() - 1);
    }
}
