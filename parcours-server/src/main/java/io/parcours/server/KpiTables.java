package io.parcours.server;

import io.parcours.analytics.KeyTouchpoints;
import io.parcours.analytics.measure.Estimate;
import io.parcours.analytics.measure.FrequentTerms;
import io.parcours.analytics.measure.KpiStatistics;
import io.parcours.analytics.measure.KpiStatus;
import io.parcours.analytics.measure.ScoreCounts;
import io.parcours.model.JourneyMap;
import io.parcours.model.KpiTarget;
import io.parcours.model.Metric;
import io.parcours.model.ParcoursException;
import io.parcours.model.Stage;
import io.parcours.model.Survey;
import io.parcours.model.SurveyType;
import io.parcours.model.TextParameters;
import io.parcours.model.Touchpoint;
import io.parcours.model.Workspace;
import io.parcours.store.AnswerFilter;
import io.parcours.store.CountRow;
import io.parcours.store.ParcoursStore;
import io.parcours.store.ScoreRow;
import io.parcours.store.SurveyRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The KPI tables of a workspace: the survey KPIs (NPS, CSAT, CES) of every touchpoint, stage,
 * map, persona or channel, over a date range, by day, week or month when asked, each with its
 * answers, response rate, 95 % interval, target and status (red, amber, green, grey); for the
 * touchpoints of a map, beside them, the behavioural KPIs of the analytics (conversion and
 * drop-off after the touchpoint). Answers are counted per score by DuckDB in one scan; the
 * statistics come from {@link KpiStatistics}. Touchpoints, stages, channels and personas are
 * those of the latest version of each map.
 */
public final class KpiTables {
    /** What a table is grouped by. */
    enum GroupBy {
        TOUCHPOINT, STAGE, MAP, PERSONA, CHANNEL;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One KPI of one group (and period). */
    public record KpiValue(Metric metric, long answers, Optional<Long> invited, Optional<Double> responseRate,
            Optional<Estimate> estimate, Optional<Double> target, KpiStatus status) {}

    /** One group (a touchpoint, a stage...), in one period when the table is by period. */
    public record KpiRow(String key, String name, Optional<String> map, Optional<Instant> period, List<KpiValue> kpis) {}

    /** A KPI table. */
    public record KpiTable(String workspace, Optional<String> map, String by, Instant from, Instant to, Optional<String> period,
            int minimumAnswers, List<KpiRow> rows) {}

    /** The frequent terms of one touchpoint's free-text answers. */
    public record TouchpointTerms(String map, String touchpoint, long answers, List<FrequentTerms.Term> words,
            List<FrequentTerms.Term> phrases) {}

    private static final Instant BEGINNING = Instant.EPOCH;
    private static final Instant END = Instant.parse("9999-12-31T00:00:00Z");

    private final ParcoursStore store;
    private final JourneyAnalyses analyses;

    public KpiTables(ParcoursStore store, JourneyAnalyses analyses) {
        this.store = store;
        this.analyses = analyses;
    }

    /**
     * Computes, in the background, the figures every map page shows first (each map's KPI table by
     * touchpoint, with the journeys' columns it needs), so that the first person to open a map after
     * a start does not wait for them. On millions of events this takes a minute or more.
     */
    void warmUp() {
        Thread warming = new Thread(() -> {
            for (io.parcours.store.WorkspaceSummary summary : store.workspaces()) {
                store.workspace(summary.key()).ifPresent(ws -> ws.maps().forEach(map -> {
                    try {
                        table(ws.key(), Map.of("map", map.key(), "by", "touchpoint"), FiguresCache.Freshness.RECENT);
                    } catch (RuntimeException skipped) {
                        // The page that asks for it shows the problem; warming up is only a head start.
                    }
                }));
            }
        }, "parcours-warm-up");
        warming.setDaemon(true);
        warming.setPriority(Thread.MIN_PRIORITY);
        warming.start();
    }

    /** The figures cache these tables share with the analyses, for pages that keep other figures in it. */
    FiguresCache figures() {
        return analyses.figures();
    }

    /** The KPI table of a workspace for the parameters of {@code GET /kpis} (map, by, from, to, period, minAnswers). */
    public KpiTable table(String workspace, Map<String, String> query) {
        return table(workspace, query, FiguresCache.Freshness.EXACT);
    }

    /** The same, computed once per state of the data (see {@link FiguresCache}). */
    KpiTable table(String workspace, Map<String, String> query, FiguresCache.Freshness freshness) {
        return tableFigures(workspace, query, freshness).value();
    }

    /** The same, with the moment the data they describe was read (for the API's Age header). */
    FiguresCache.Figures<KpiTable> tableFigures(String workspace, Map<String, String> query,
            FiguresCache.Freshness freshness) {
        Map<String, String> copy = Map.copyOf(query);
        return analyses.figures().figures(FiguresCache.key("kpis", workspace, copy), freshness,
                () -> computeTable(workspace, copy));
    }

    private KpiTable computeTable(String workspace, Map<String, String> query) {
        TextParameters p = new TextParameters(query);
        Workspace ws = store.requireWorkspace(workspace);
        Optional<JourneyMap> map = p.text("map").map(key -> store.requireLatestMap(workspace, key).map());
        GroupBy by = p.text("by").map(text -> groupBy(text)).orElse(map.isPresent() ? GroupBy.TOUCHPOINT : GroupBy.MAP);
        if ((by == GroupBy.TOUCHPOINT || by == GroupBy.STAGE) && map.isEmpty()) {
            throw ParcoursException.invalid("map", "KPIs by " + by.id() + " need a map: give its key as map");
        }
        Optional<SurveyRecords.Period> period = p.text("period").map(text -> SurveyRecords.Period.fromId(text)
                .orElseThrow(() -> ParcoursException.invalid("period", "period must be day, week or month, not '" + text + "'")));
        Instant from = p.instant("from", false).orElse(BEGINNING);
        Instant to = p.instant("to", true).orElse(END);
        if (!from.isBefore(to)) {
            throw ParcoursException.invalid("to", "to must come after from");
        }
        int minimum = (int) p.number("minAnswers", KpiStatistics.DEFAULT_MINIMUM_ANSWERS, 2, 1_000_000);
        AnswerFilter filter = new AnswerFilter(workspace, map.map(JourneyMap::key), Optional.empty(), from, to);
        List<ScoreRow> scores = store.surveys().scoreCounts(filter, period);
        List<CountRow> invitations = store.surveys().invitationCounts(filter, period);

        Map<String, JourneyMap> maps = new HashMap<>();
        ws.maps().forEach(m -> maps.put(m.key(), m));
        Map<String, Group> groups = new LinkedHashMap<>();
        declareGroups(by, ws, map, groups);
        Map<GroupKey, Cell> cells = new TreeMap<>();
        for (ScoreRow row : scores) {
            Optional<Group> group = groupOf(by, maps.get(row.map()), row.map(), row.touchpoint(), groups);
            Optional<Metric> metric = row.type().metric();
            if (group.isEmpty() || metric.isEmpty()) {
                continue;
            }
            Cell cell = cells.computeIfAbsent(new GroupKey(group.get().order, group.get().key, row.period()), k -> new Cell());
            cell.counts.computeIfAbsent(metric.get(), m -> new ScoreCounts()).add(row.score(), row.answers());
            cell.answered.merge(metric.get(), row.invited(), Long::sum);
        }
        for (CountRow row : invitations) {
            JourneyMap of = maps.get(row.map());
            Optional<Group> group = groupOf(by, of, row.map(), row.touchpoint(), groups);
            Optional<Metric> metric = Optional.ofNullable(of).flatMap(m -> m.touchpointOfSurvey(row.survey()))
                    .flatMap(t -> t.survey(row.survey())).map(Survey::type).flatMap(SurveyType::metric);
            if (group.isEmpty() || metric.isEmpty()) {
                continue;
            }
            Cell cell = cells.computeIfAbsent(new GroupKey(group.get().order, group.get().key, row.period()), k -> new Cell());
            cell.invited.merge(metric.get(), row.count(), Long::sum);
        }
        if (period.isEmpty() && (by == GroupBy.TOUCHPOINT || by == GroupBy.STAGE)) {
            // every touchpoint or stage of the map has its row, grey when it has no answers
            for (Group group : groups.values()) {
                cells.computeIfAbsent(new GroupKey(group.order, group.key, Optional.empty()), k -> new Cell());
            }
        }
        Map<String, KeyTouchpoints.Touchpoint> behaviour = by == GroupBy.TOUCHPOINT && period.isEmpty()
                ? behaviour(workspace, map.orElseThrow(), query) : Map.of();
        Map<String, StageTime> nextStage = by == GroupBy.TOUCHPOINT && period.isEmpty()
                ? timeToNextStage(workspace, map.orElseThrow(), from, to, minimum) : Map.of();
        List<KpiRow> rows = new ArrayList<>();
        for (Map.Entry<GroupKey, Cell> entry : cells.entrySet()) {
            Group group = groups.get(entry.getKey().key());
            List<KpiValue> kpis = new ArrayList<>();
            for (Metric metric : List.of(Metric.NPS, Metric.CSAT, Metric.CES)) {
                Cell cell = entry.getValue();
                ScoreCounts counts = cell.counts.getOrDefault(metric, new ScoreCounts());
                long invited = cell.invited.getOrDefault(metric, 0L);
                if (counts.total() == 0 && invited == 0 && !group.targets.containsKey(metric)) {
                    continue;
                }
                Optional<Estimate> estimate = KpiStatistics.estimate(metric, counts, minimum);
                Optional<KpiTarget> target = Optional.ofNullable(group.targets.get(metric));
                Optional<Double> rate = invited == 0 ? Optional.empty()
                        : Optional.of(100.0 * cell.answered.getOrDefault(metric, 0L) / invited);
                kpis.add(new KpiValue(metric, counts.total(), invited == 0 ? Optional.empty() : Optional.of(invited), rate,
                        estimate, target.map(KpiTarget::target), KpiStatus.of(estimate, target)));
            }
            KeyTouchpoints.Touchpoint measured = behaviour.get(group.key);
            if (measured != null) {
                addRate(kpis, Metric.CONVERSION, Math.round(measured.reach() * measured.conversionWith()), measured.reach(),
                        group, minimum);
                addRate(kpis, Metric.DROP_OFF, measured.dropOffAfter(), measured.reach(), group, minimum);
            }
            StageTime stageTime = nextStage.get(group.key);
            if (stageTime != null) {
                Optional<KpiTarget> target = Optional.ofNullable(group.targets.get(Metric.TIME_TO_NEXT_STAGE));
                kpis.add(new KpiValue(Metric.TIME_TO_NEXT_STAGE, stageTime.customers(), Optional.empty(), Optional.empty(),
                        stageTime.hours(), target.map(KpiTarget::target), KpiStatus.of(stageTime.hours(), target)));
            }
            if (!kpis.isEmpty() || by == GroupBy.TOUCHPOINT || by == GroupBy.STAGE) {
                rows.add(new KpiRow(group.key, group.name, group.map, entry.getKey().period(), kpis));
            }
        }
        return new KpiTable(workspace, map.map(JourneyMap::key), by.id(), from, to, period.map(SurveyRecords.Period::id),
                minimum, rows);
    }

    /** The frequent words and phrases of free-text answers, per touchpoint of a map (or of all maps). */
    public List<TouchpointTerms> terms(String workspace, Map<String, String> query) {
        return terms(workspace, query, FiguresCache.Freshness.EXACT);
    }

    /** The same, computed once per state of the data (see {@link FiguresCache}). */
    List<TouchpointTerms> terms(String workspace, Map<String, String> query, FiguresCache.Freshness freshness) {
        Map<String, String> copy = Map.copyOf(query);
        return analyses.figures().get(FiguresCache.key("terms", workspace, copy), freshness,
                () -> computeTerms(workspace, copy));
    }

    private List<TouchpointTerms> computeTerms(String workspace, Map<String, String> query) {
        TextParameters p = new TextParameters(query);
        store.requireWorkspace(workspace);
        Optional<String> map = p.text("map").map(key -> store.requireLatestMap(workspace, key).map().key());
        Optional<String> touchpoint = p.text("touchpoint");
        Instant from = p.instant("from", false).orElse(BEGINNING);
        Instant to = p.instant("to", true).orElse(END);
        int limit = (int) p.number("limit", 20, 1, 200);
        Map<String, FrequentTerms> byTouchpoint = new TreeMap<>();
        store.surveys().forEachComment(new AnswerFilter(workspace, map, touchpoint, from, to),
                (where, comment) -> byTouchpoint.computeIfAbsent(where, k -> new FrequentTerms()).add(comment));
        List<TouchpointTerms> views = new ArrayList<>();
        byTouchpoint.forEach((where, terms) -> {
            int slash = where.indexOf('/');
            views.add(new TouchpointTerms(where.substring(0, slash), where.substring(slash + 1), terms.answers(),
                    terms.topWords(limit), terms.topPhrases(limit)));
        });
        return views;
    }

    private static void addRate(List<KpiValue> kpis, Metric metric, long successes, long reach, Group group, int minimum) {
        Optional<Estimate> estimate = reach >= minimum ? Optional.of(KpiStatistics.rate(successes, reach)) : Optional.empty();
        Optional<KpiTarget> target = Optional.ofNullable(group.targets.get(metric));
        kpis.add(new KpiValue(metric, reach, Optional.empty(), Optional.empty(), estimate, target.map(KpiTarget::target),
                KpiStatus.of(estimate, target)));
    }

    /** Conversion and drop-off after each touchpoint of the map, from the journeys, over the same dates. */
    private Map<String, KeyTouchpoints.Touchpoint> behaviour(String workspace, JourneyMap map, Map<String, String> query) {
        if (map.conversion().isEmpty()) {
            return Map.of();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("map", map.key());
        Optional.ofNullable(query.get("from")).ifPresent(value -> parameters.put("from", value));
        Optional.ofNullable(query.get("to")).ifPresent(value -> parameters.put("to", value));
        KeyTouchpoints.Result result = (KeyTouchpoints.Result) analyses.run("touchpoints", workspace, parameters);
        Map<String, KeyTouchpoints.Touchpoint> byKey = new HashMap<>();
        result.touchpoints().forEach(touchpoint -> byKey.put(touchpoint.name(), touchpoint));
        return byKey;
    }

    /** How many customers moved on from a touchpoint to the next stage, and the median hours it took (empty: too few). */
    private record StageTime(long customers, Optional<Estimate> hours) {}

    /**
     * Median hours from each touchpoint to the next stage, with the interval of the median, over
     * journeys within the dates; below {@code minimum} customers who moved on no estimate is given.
     */
    private Map<String, StageTime> timeToNextStage(String workspace, JourneyMap map, Instant from, Instant to, int minimum) {
        if (map.stages().size() < 2) {
            return Map.of();
        }
        List<Touchpoint> touchpoints = map.touchpoints();
        int[] stageOf = new int[touchpoints.size()];
        for (int t = 0; t < stageOf.length; t++) {
            stageOf[t] = map.stages().indexOf(map.stage(touchpoints.get(t).stage()).orElseThrow());
        }
        io.parcours.analytics.JourneySteps steps = analyses.touchpointStepsNow(workspace, map.key());
        if (!from.equals(BEGINNING) || !to.equals(END)) {
            steps = steps.between(from.toEpochMilli(), to.toEpochMilli());
        }
        io.parcours.analytics.TimeToNextStage.Result result = io.parcours.analytics.JourneyRunner.allCores()
                .run(steps, io.parcours.analytics.TimeToNextStage.of(stageOf));
        Map<String, StageTime> times = new HashMap<>();
        for (int t = 0; t < stageOf.length; t++) {
            long customers = result.customers()[t];
            if (customers == 0) {
                continue;
            }
            Optional<Estimate> hours = Optional.empty();
            if (customers >= minimum) {
                double low = result.lowMillis()[t] / 3_600_000.0;
                double high = result.highMillis()[t] / 3_600_000.0;
                hours = Optional.of(new Estimate(result.medianMillis()[t] / 3_600_000.0, (high - low) / (2 * KpiStatistics.Z95),
                        low, high));
            }
            times.put(touchpoints.get(t).key(), new StageTime(customers, hours));
        }
        return times;
    }

    private static GroupBy groupBy(String text) {
        for (GroupBy by : GroupBy.values()) {
            if (by.id().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return by;
            }
        }
        throw ParcoursException.invalid("by", "by must be touchpoint, stage, map, persona or channel, not '" + text + "'");
    }

    /** A group of a table: its key, name, place in the order, map, and targets. */
    private static final class Group {
        final String key;
        final String name;
        final int order;
        final Optional<String> map;
        final Map<Metric, KpiTarget> targets = new HashMap<>();

        Group(String key, String name, int order, Optional<String> map, List<KpiTarget> targets) {
            this.key = key;
            this.name = name;
            this.order = order;
            this.map = map;
            targets.forEach(target -> this.targets.put(target.metric(), target));
        }
    }

    private record GroupKey(int order, String key, Optional<Instant> period) implements Comparable<GroupKey> {
        @Override
        public int compareTo(GroupKey other) {
            return Comparator.comparingInt(GroupKey::order).thenComparing(GroupKey::key)
                    .thenComparing(k -> k.period().orElse(Instant.MIN)).compare(this, other);
        }
    }

    private static final class Cell {
        final Map<Metric, ScoreCounts> counts = new HashMap<>();
        final Map<Metric, Long> invited = new HashMap<>();
        final Map<Metric, Long> answered = new HashMap<>();
    }

    private static void declareGroups(GroupBy by, Workspace ws, Optional<JourneyMap> map, Map<String, Group> groups) {
        switch (by) {
            case TOUCHPOINT -> {
                List<Touchpoint> touchpoints = map.orElseThrow().touchpoints();
                for (int i = 0; i < touchpoints.size(); i++) {
                    Touchpoint t = touchpoints.get(i);
                    groups.put(t.key(), new Group(t.key(), t.name(), i, map.map(JourneyMap::key), t.targets()));
                }
            }
            case STAGE -> {
                List<Stage> stages = map.orElseThrow().stages();
                for (int i = 0; i < stages.size(); i++) {
                    Stage s = stages.get(i);
                    groups.put(s.key(), new Group(s.key(), s.name(), i, map.map(JourneyMap::key), s.targets()));
                }
            }
            case MAP -> {
                for (int i = 0; i < ws.maps().size(); i++) {
                    JourneyMap m = ws.maps().get(i);
                    groups.put(m.key(), new Group(m.key(), m.name(), i, Optional.of(m.key()), List.of()));
                }
            }
            case PERSONA -> {
                for (int i = 0; i < ws.personas().size(); i++) {
                    groups.put(ws.personas().get(i).key(), new Group(ws.personas().get(i).key(), ws.personas().get(i).name(),
                            i, Optional.empty(), List.of()));
                }
            }
            case CHANNEL -> {
                io.parcours.model.Channel[] channels = io.parcours.model.Channel.values();
                for (int i = 0; i < channels.length; i++) {
                    groups.put(channels[i].id(), new Group(channels[i].id(), channels[i].id(), i, Optional.empty(), List.of()));
                }
            }
            default -> throw new IllegalStateException("unknown grouping " + by);
        }
    }

    /** The group of answers at a touchpoint of a map; empty when the touchpoint is no longer in the map. */
    private static Optional<Group> groupOf(GroupBy by, JourneyMap map, String mapKey, String touchpointKey,
            Map<String, Group> groups) {
        if (map == null && by != GroupBy.MAP) {
            return Optional.empty();
        }
        Optional<Touchpoint> touchpoint = map == null ? Optional.empty() : map.touchpoint(touchpointKey);
        String key = switch (by) {
            case TOUCHPOINT -> touchpointKey;
            case STAGE -> touchpoint.map(Touchpoint::stage).orElse(null);
            case MAP -> mapKey;
            case PERSONA -> map.persona();
            case CHANNEL -> touchpoint.map(t -> t.channel().id()).orElse(null);
        };
        return Optional.ofNullable(key == null ? null : groups.get(key));
    }
}
