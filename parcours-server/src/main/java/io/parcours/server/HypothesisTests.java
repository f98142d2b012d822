package io.parcours.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.parcours.analytics.ConversionAfterTouchpoint;
import io.parcours.analytics.JourneyIndex;
import io.parcours.analytics.JourneyRunner;
import io.parcours.analytics.JourneySteps;
import io.parcours.analytics.measure.Difference;
import io.parcours.analytics.measure.Estimate;
import io.parcours.analytics.measure.GroupTests;
import io.parcours.analytics.measure.KpiStatistics;
import io.parcours.analytics.measure.ScoreCounts;
import io.parcours.model.Hypothesis;
import io.parcours.model.JourneyMap;
import io.parcours.model.Keys;
import io.parcours.model.Metric;
import io.parcours.model.ParcoursException;
import io.parcours.model.Suggestions;
import io.parcours.model.Touchpoint;
import io.parcours.store.AnswerFilter;
import io.parcours.store.HypothesisRecords;
import io.parcours.store.ParcoursStore;
import io.parcours.store.SurveyRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates a hypothesis from the data: the metric in each group (the variants of an A/B test, or
 * the windows before and after the change), each group against the first (B − A) with the test
 * that fits the metric ({@link GroupTests}), the cases each group needs to detect the expected
 * effect, and a verdict. Conversion is conversion from the hypothesis's touchpoint to the map's
 * goal within the window ({@link ConversionAfterTouchpoint}); in an A/B test a customer counts
 * from their first exposure on, in the variant recorded then; answers count the same way.
 *
 * <p>The verdict: <b>supported</b> when a group differs from the first significantly (p &lt; 0.05)
 * in the expected direction; <b>refuted</b> when it differs significantly the other way, or when
 * every group has the cases needed to see the expected effect and none does; otherwise <b>not
 * enough data</b>. A before/after comparison is always labelled weaker evidence.
 */
public final class HypothesisTests {
    /** The metric in one group, with its 95 % interval ({@code low} to {@code high}). */
    public record Group(String name, long cases, Optional<Double> value, Optional<Double> low, Optional<Double> high) {
        static Group of(String name, long cases, Optional<Estimate> estimate) {
            return new Group(name, cases, estimate.map(Estimate::value), estimate.map(Estimate::low),
                    estimate.map(Estimate::high));
        }
    }

    /** One group against the first. */
    public record Comparison(String group, Difference difference, String verdict) {}

    /** A hypothesis's evaluation. */
    public record Evaluation(String hypothesis, String test, String evidence, String metric, double expectedEffect,
            String state, List<Group> groups, List<Comparison> comparisons, Optional<Long> neededPerGroup, String verdict,
            Optional<String> mapVersionSavedAt) {}

    private final ParcoursStore store;
    private final Journeys journeys;
    private final JourneyAnalyses analyses;

    public HypothesisTests(ParcoursStore store, Journeys journeys, JourneyAnalyses analyses) {
        this.store = store;
        this.journeys = journeys;
        this.analyses = analyses;
    }

    /** The evaluation of hypothesis {@code key}, computed once per state of the data (see {@link FiguresCache}): the board's cards. */
    Evaluation evaluate(String workspace, String key, FiguresCache.Freshness freshness) {
        return analyses.figures().get(FiguresCache.key("hypothesis", workspace, Map.of("key", key)), freshness,
                () -> evaluateNow(workspace, key));
    }

    /** The evaluation of hypothesis {@code key}, from the data as it is now, every event acknowledged so far included. */
    public Evaluation evaluate(String workspace, String key) {
        journeys.awaitLoaded();
        return evaluateNow(workspace, key);
    }

    /** The same from the events taken in so far, without waiting for those being loaded. */
    private Evaluation evaluateNow(String workspace, String key) {
        HypothesisRecords.Stored stored = store.hypotheses().require(workspace, key);
        Hypothesis hypothesis = stored.hypothesis();
        JourneyMap map = store.requireLatestMap(workspace, hypothesis.map()).map();
        if (map.touchpoint(hypothesis.touchpoint()).isEmpty()) {
            throw ParcoursException.invalid("touchpoint", "map '" + map.key() + "' no longer has touchpoint '"
                    + hypothesis.touchpoint() + "'");
        }
        long window = Duration.ofDays(hypothesis.windowDays()).toMillis();
        List<String> names = new ArrayList<>();
        Map<String, Long> exposedAt = new HashMap<>();
        Map<String, Integer> groupOf = new HashMap<>();
        long from;
        long to;
        if (hypothesis.test() == Hypothesis.Test.AB) {
            hypothesis.variants().forEach(variant -> names.add(variant.key()));
            for (ParcoursStore.Exposure exposure : store.exposures(workspace, hypothesis.key())) {
                String customer = journeys.customerOfNow(workspace, exposure.id());
                int group = names.indexOf(exposure.variant());
                if (group >= 0 && !groupOf.containsKey(customer)) {
                    groupOf.put(customer, group);
                    exposedAt.put(customer, exposure.time());
                }
            }
            from = stored.startedAt().map(Instant::toEpochMilli).orElse(Long.MIN_VALUE);
            to = stored.endedAt().map(Instant::toEpochMilli).orElse(Long.MAX_VALUE);
        } else {
            names.add("before");
            names.add("after");
            long change = hypothesis.changedAt().orElseThrow().toEpochMilli();
            from = change - window;
            to = change + window;
        }
        List<Group> groups = new ArrayList<>();
        List<Comparison> comparisons = new ArrayList<>();
        Optional<Long> needed;
        if (hypothesis.metric() == Metric.CONVERSION) {
            long[][] counts = conversion(workspace, map, hypothesis, names.size(), groupOf, exposedAt, from, to, window);
            for (int g = 0; g < names.size(); g++) {
                groups.add(Group.of(names.get(g), counts[0][g], counts[0][g] == 0 ? Optional.empty()
                        : Optional.of(KpiStatistics.rate(counts[1][g], counts[0][g]))));
            }
            for (int g = 1; g < names.size(); g++) {
                if (counts[0][0] > 0 && counts[0][g] > 0) {
                    comparisons.add(new Comparison(names.get(g), GroupTests.twoProportions(counts[1][0], counts[0][0],
                            counts[1][g], counts[0][g]), ""));
                }
            }
            needed = counts[0][0] == 0 ? Optional.empty() : sampleSize(Metric.CONVERSION, hypothesis.expectedEffect(),
                    (double) counts[1][0] / counts[0][0], 0);
        } else {
            ScoreCounts[] scores = scores(workspace, hypothesis, names.size(), groupOf, exposedAt, from, to);
            for (int g = 0; g < names.size(); g++) {
                groups.add(Group.of(names.get(g), scores[g].total(), KpiStatistics.estimate(hypothesis.metric(), scores[g], 2)));
            }
            for (int g = 1; g < names.size(); g++) {
                if (scores[0].total() >= 2 && scores[g].total() >= 2) {
                    Difference difference = switch (hypothesis.metric()) {
                        case NPS -> GroupTests.nps(scores[0], scores[g]);
                        case CSAT -> GroupTests.csat(scores[0], scores[g]);
                        default -> GroupTests.means(scores[0], scores[g]);
                    };
                    comparisons.add(new Comparison(names.get(g), difference, ""));
                }
            }
            needed = scores[0].total() < 2 ? Optional.empty() : sampleSize(hypothesis.metric(), hypothesis.expectedEffect(),
                    hypothesis.metric() == Metric.CSAT ? (double) scores[0].countBetween(4, 5) / scores[0].total() : 0,
                    hypothesis.metric() == Metric.NPS ? 10_000 * KpiStatistics.npsVariance(scores[0]) : scores[0].variance());
        }
        List<Comparison> judged = new ArrayList<>();
        for (Comparison comparison : comparisons) {
            judged.add(new Comparison(comparison.group(), comparison.difference(), verdict(hypothesis, comparison.difference(),
                    groups, needed)));
        }
        String overall = judged.stream().anyMatch(c -> c.verdict().equals("supported")) ? "supported"
                : !judged.isEmpty() && judged.stream().allMatch(c -> c.verdict().equals("refuted")) ? "refuted"
                : "not-enough-data";
        Optional<String> versionSaved = hypothesis.mapVersion().flatMap(version -> {
            try {
                return Optional.of(store.version(workspace, hypothesis.map(), version).savedAt().toString());
            } catch (ParcoursException e) {
                return Optional.empty();
            }
        });
        return new Evaluation(hypothesis.key(), hypothesis.test().id(), hypothesis.test() == Hypothesis.Test.AB
                ? "experiment" : "before/after comparison: weaker evidence, anything else that changed meanwhile counts too",
                hypothesis.metric().id(), hypothesis.expectedEffect(), stored.state().id(), groups, judged, needed, overall,
                versionSaved);
    }

    private static String verdict(Hypothesis hypothesis, Difference difference, List<Group> groups, Optional<Long> needed) {
        boolean expectedUp = hypothesis.expectedEffect() > 0;
        if (difference.significant()) {
            return (difference.estimate() > 0) == expectedUp ? "supported" : "refuted";
        }
        boolean enough = needed.isPresent() && groups.stream().allMatch(group -> group.cases() >= needed.get());
        return enough ? "refuted" : "not-enough-data";
    }

    /** The cases per group to detect the expected effect at 5 % and 80 % power, from the first group's figures. */
    private static Optional<Long> sampleSize(Metric metric, double effect, double share, double variance) {
        try {
            if (metric == Metric.CONVERSION || metric == Metric.CSAT) {
                double target = share + effect / 100;
                if (target <= 0 || target >= 1) {
                    return Optional.empty();
                }
                return Optional.of(GroupTests.sampleSizeProportions(share, target));
            }
            return variance > 0 ? Optional.of(GroupTests.sampleSizeMeans(variance, effect)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private long[][] conversion(String workspace, JourneyMap map, Hypothesis hypothesis, int groups,
            Map<String, Integer> groupOf, Map<String, Long> exposedAt, long from, long to, long window) {
        String goal = map.conversion().orElseThrow(() -> ParcoursException.invalid("map", "map '" + map.key()
                + "' has no conversion goal: set 'conversion' to the touchpoint that counts as success"));
        int touchpoint = map.touchpoints().indexOf(map.touchpoint(hypothesis.touchpoint()).orElseThrow());
        int conversion = map.touchpoints().indexOf(map.touchpoint(goal).orElseThrow());
        JourneySteps steps = analyses.touchpointStepsNow(workspace, map.key());
        JourneyIndex index = journeys.indexNow(workspace);
        int[] group = new int[index.customerCount()];
        long[] since = new long[index.customerCount()];
        boolean ab = hypothesis.test() == Hypothesis.Test.AB;
        for (int c = 0; c < group.length; c++) {
            String name = index.customer(c);
            group[c] = ab ? groupOf.getOrDefault(name, -1) : 0;
            since[c] = ab ? exposedAt.getOrDefault(name, Long.MAX_VALUE) : Long.MIN_VALUE;
        }
        long split = ab ? 0 : hypothesis.changedAt().orElseThrow().toEpochMilli();
        ConversionAfterTouchpoint.Grouper grouper = (customer, time) -> {
            if (time < from || time >= to || time < since[customer] || group[customer] < 0) {
                return -1;
            }
            return ab ? group[customer] : time < split ? 0 : 1;
        };
        ConversionAfterTouchpoint.Counts counts = JourneyRunner.allCores().run(steps,
                ConversionAfterTouchpoint.of(touchpoint, conversion, window, groups, grouper));
        long[][] result = new long[2][groups];
        for (int g = 0; g < groups; g++) {
            result[0][g] = counts.reached(g);
            result[1][g] = counts.converted(g);
        }
        return result;
    }

    private ScoreCounts[] scores(String workspace, Hypothesis hypothesis, int groups, Map<String, Integer> groupOf,
            Map<String, Long> exposedAt, long from, long to) {
        ScoreCounts[] counts = new ScoreCounts[groups];
        for (int g = 0; g < groups; g++) {
            counts[g] = new ScoreCounts();
        }
        AnswerFilter filter = new AnswerFilter(workspace, Optional.of(hypothesis.map()), Optional.of(hypothesis.touchpoint()),
                Instant.ofEpochMilli(Math.max(from, 0)), Instant.ofEpochMilli(Math.min(to, Instant.parse("9999-12-31T00:00:00Z")
                .toEpochMilli())));
        boolean ab = hypothesis.test() == Hypothesis.Test.AB;
        long split = ab ? 0 : hypothesis.changedAt().orElseThrow().toEpochMilli();
        for (SurveyRecords.Scored answer : store.surveys().scored(filter)) {
            if (answer.type().metric().orElse(null) != hypothesis.metric()) {
                continue;
            }
            long at = answer.answeredAt().toEpochMilli();
            int group;
            if (ab) {
                String customer = journeys.customerOfNow(workspace, answer.customer());
                Integer variant = groupOf.get(customer);
                if (variant == null || at < exposedAt.get(customer)) {
                    continue;
                }
                group = variant;
            } else {
                group = at < split ? 0 : 1;
            }
            counts[group].add(answer.score());
        }
        return counts;
    }

    /** A hypothesis read from its JSON (the body of PUT .../hypotheses/{key}), checked against the workspace's maps. */
    public static Hypothesis read(ParcoursStore store, String workspace, String key, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ParcoursException.invalid("", "send a JSON object with map, touchpoint, change, metric, expectedEffect "
                    + "and test");
        }
        String mapKey = requiredText(body, "map");
        JourneyMap map = store.requireLatestMap(workspace, mapKey).map();
        String touchpoint = requiredText(body, "touchpoint");
        if (map.touchpoint(touchpoint).isEmpty()) {
            throw ParcoursException.invalid("touchpoint", "map '" + mapKey + "' has no touchpoint '" + touchpoint + "'"
                    + Suggestions.hint(touchpoint, map.touchpoints().stream().map(Touchpoint::key).toList()));
        }
        io.parcours.model.Metric metric = io.parcours.model.Metric.fromId(requiredText(body, "metric"))
                .orElseThrow(() -> ParcoursException.invalid("metric", "metric must be conversion, nps, csat or ces"));
        if (metric == io.parcours.model.Metric.CONVERSION && map.conversion().isEmpty()) {
            throw ParcoursException.invalid("metric", "map '" + mapKey + "' has no conversion goal to measure conversion to");
        }
        JsonNode effect = body.get("expectedEffect");
        if (effect == null || !effect.isNumber()) {
            throw ParcoursException.invalid("expectedEffect", "expectedEffect must be a number in the metric's unit, such as 5");
        }
        Hypothesis.Test test = Hypothesis.Test.fromId(requiredText(body, "test"))
                .orElseThrow(() -> ParcoursException.invalid("test", "test must be ab or before-after"));
        List<Hypothesis.Variant> variants = new ArrayList<>();
        JsonNode given = body.get("variants");
        if (given != null && !given.isNull()) {
            if (!given.isArray()) {
                throw ParcoursException.invalid("variants", "variants must be a list such as [{\"key\": \"control\"}, "
                        + "{\"key\": \"new\", \"weight\": 1}]");
            }
            for (JsonNode variant : given) {
                JsonNode weight = variant.get("weight");
                if (!variant.isObject() || !variant.has("key") || weight != null && !weight.isNumber()) {
                    throw ParcoursException.invalid("variants", "each variant is {\"key\": \"...\", \"weight\": 1}");
                }
                variants.add(new Hypothesis.Variant(variant.get("key").asText(), weight == null ? 1 : weight.asDouble()));
            }
        }
        Optional<java.time.Instant> changedAt = Optional.ofNullable(body.get("changedAt")).filter(n -> !n.isNull()).map(n -> {
            try {
                return java.time.Instant.parse(n.asText());
            } catch (java.time.format.DateTimeParseException e) {
                throw ParcoursException.invalid("changedAt", "changedAt must be an instant such as 2026-10-01T08:00:00Z");
            }
        });
        Optional<Integer> mapVersion = Optional.ofNullable(body.get("mapVersion")).filter(n -> !n.isNull()).map(n -> {
            if (!n.canConvertToInt()) {
                throw ParcoursException.invalid("mapVersion", "mapVersion must be a version number of the map");
            }
            store.version(workspace, mapKey, n.asInt());
            return n.asInt();
        });
        JsonNode window = body.get("windowDays");
        if (window != null && !window.canConvertToInt()) {
            throw ParcoursException.invalid("windowDays", "windowDays must be a whole number of days");
        }
        return new Hypothesis(Keys.require("key", key), mapKey, touchpoint, requiredText(body, "change"), metric,
                effect.asDouble(), test, variants, changedAt, mapVersion, window == null ? 28 : window.asInt());
    }

    private static String requiredText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw ParcoursException.invalid(field, field + " is missing: it must be text");
        }
        return value.asText();
    }
}
