package io.parcours.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parcours.analytics.Attribution;
import io.parcours.analytics.measure.Estimate;
import io.parcours.analytics.measure.FrequentTerms;
import io.parcours.analytics.measure.KpiStatus;
import io.parcours.model.JourneyMap;
import io.parcours.model.MatchRule;
import io.parcours.model.Metric;
import io.parcours.model.Touchpoint;
import io.parcours.model.Workspace;
import io.parcours.store.AnswerFilter;
import io.parcours.store.HypothesisRecords;
import io.parcours.store.ParcoursStore;
import io.parcours.store.SurveyAnswer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the panel of one touchpoint shows when it is clicked on the map: its KPIs against their
 * targets, its scores week by week with their intervals, the frequent words and the latest
 * comments of its answers, drop-off after it, its share of the conversions, the open hypotheses
 * about it, the rules that match its events, and its owner. Public only because the compiled
 * templates read it; every text is escaped by the template.
 */
public record TouchpointPanel(String workspace, String map, String key, String name, String stage, String channel,
        String owner, String status, List<Kpi> kpis, String chart, List<String> words, List<Comment> comments,
        String attributionShare, List<Idea> hypotheses, List<String> rules, Matched matched) {

    /**
     * The events counted for the touchpoint: how many and from how many customers (in the page's
     * language), their most frequent names with counts, and the customers who met it last.
     */
    public record Matched(String events, String customers, List<Kpi> names, List<CustomerLink> latestCustomers) {}

    /** A customer and the address of their journey's timeline. */
    public record CustomerLink(String id, String path) {}

    /** One KPI line: its label, value, 95 % interval, target, status, and how many answers or customers. */
    public record Kpi(String label, String value, String interval, String target, String status, String count) {}

    /** One comment with its score and date. */
    public record Comment(String text, String score, String date) {}

    /** One open hypothesis about the touchpoint. */
    public record Idea(String key, String change, String state) {}

    /** How many weeks of scores the chart shows. */
    static final int WEEKS = 12;
    /** The fewest answers in a week for the chart to show its score. */
    static final int WEEKLY_MINIMUM_ANSWERS = 10;

    static TouchpointPanel build(ParcoursStore store, KpiTables kpis, JourneyAnalyses analyses, ObjectMapper json,
            Workspace workspace, JourneyMap map, Touchpoint touchpoint, Texts t, Instant now) {
        KpiTables.KpiTable table = kpis.table(workspace.key(), Map.of("map", map.key(), "by", "touchpoint"),
                FiguresCache.Freshness.RECENT);
        Optional<KpiTables.KpiRow> row = table.rows().stream().filter(r -> r.key().equals(touchpoint.key())).findFirst();
        List<Kpi> lines = new ArrayList<>();
        List<KpiStatus> statuses = new ArrayList<>();
        row.ifPresent(r -> r.kpis().forEach(kpi -> {
            statuses.add(kpi.status());
            lines.add(new Kpi(t.t("metric." + kpi.metric().id()),
                    kpi.estimate().map(e -> MapFigures.value(kpi.metric(), e.value(), t)).orElse(t.t("panel.notEnough")),
                    kpi.estimate().map(e -> MapFigures.value(kpi.metric(), e.low(), t) + " – "
                            + MapFigures.value(kpi.metric(), e.high(), t)).orElse(""),
                    kpi.target().map(target -> MapFigures.value(kpi.metric(), target, t)).orElse(""),
                    kpi.status().id(), t.number(kpi.answers())));
        }));
        String chart = weeklyScores(kpis, workspace.key(), map.key(), touchpoint.key(), t, now).toChartJson(json);
        List<String> words = kpis.terms(workspace.key(), Map.of("map", map.key(), "touchpoint", touchpoint.key(),
                "limit", "12"), FiguresCache.Freshness.RECENT).stream().flatMap(terms -> terms.words().stream()).map(FrequentTerms.Term::text).toList();
        List<Comment> comments = store.surveys().comments(new AnswerFilter(workspace.key(), Optional.of(map.key()),
                        Optional.of(touchpoint.key()), Instant.EPOCH, now.plusSeconds(1)), Optional.empty(), 5).stream()
                .map(answer -> comment(answer, t)).toList();
        List<Idea> ideas = store.hypotheses().all(workspace.key()).stream()
                .filter(stored -> stored.hypothesis().map().equals(map.key())
                        && stored.hypothesis().touchpoint().equals(touchpoint.key())
                        && stored.state() != HypothesisRecords.State.ENDED)
                .map(stored -> new Idea(stored.hypothesis().key(), stored.hypothesis().change(),
                        t.t("hypothesis." + stored.state().id())))
                .toList();
        List<String> rules = touchpoint.match().stream().map(TouchpointPanel::describe).toList();
        String owner = touchpoint.owner().map(team -> workspace.team(team).map(found -> found.name()
                + found.email().map(email -> " <" + email + ">").orElse("")).orElse(team)).orElse("");
        return new TouchpointPanel(workspace.key(), map.key(), touchpoint.key(), touchpoint.name(),
                map.stage(touchpoint.stage()).map(s -> s.name()).orElse(touchpoint.stage()),
                t.t("channel." + touchpoint.channel().id()), owner, MapFigures.worst(statuses).id(), lines, chart, words,
                comments, attributionShare(analyses, workspace.key(), map, touchpoint, t), ideas, rules,
                matched(analyses, workspace.key(), map.key(), touchpoint.key(), t));
    }

    private static Matched matched(JourneyAnalyses analyses, String workspace, String map, String touchpoint, Texts t) {
        JourneyAnalyses.MatchedEvents matched = analyses.matched(workspace, map, touchpoint, 5,
                FiguresCache.Freshness.RECENT);
        return new Matched(t.number(matched.events()), t.number(matched.customers()), matched.names().stream()
                .map(name -> new Kpi(name.getKey(), t.number(name.getValue()), "", "", "", "")).toList(),
                matched.latestCustomers().stream().map(id -> new CustomerLink(id, "/workspaces/" + workspace
                        + "/analytics/customers/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)
                        .replace("+", "%20"))).toList());
    }

    /** One survey metric's scores, one per week (empty where a week has too few answers), and its target. */
    record WeeklySeries(String name, List<Optional<Estimate>> scores, Optional<Double> target) {}

    /**
     * A touchpoint's survey scores week by week: what the panel's chart draws and what its CSV
     * download holds, so the two come from one reading of the answers.
     */
    record WeeklyScores(List<String> weeks, List<WeeklySeries> series) {
        /** The chart as the page's script reads it: weeks, and per metric its values and interval bounds. */
        String toChartJson(ObjectMapper json) {
            ObjectNode chart = json.createObjectNode();
            chart.put("kind", "scores");
            ArrayNode weekNodes = chart.putArray("weeks");
            weeks.forEach(weekNodes::add);
            ArrayNode seriesNodes = chart.putArray("series");
            for (WeeklySeries one : series) {
                ObjectNode node = seriesNodes.addObject();
                node.put("name", one.name());
                ArrayNode values = node.putArray("values");
                ArrayNode lows = node.putArray("lows");
                ArrayNode highs = node.putArray("highs");
                for (Optional<Estimate> score : one.scores()) {
                    if (score.isPresent()) {
                        values.add(round(score.get().value()));
                        lows.add(round(score.get().low()));
                        highs.add(round(score.get().high()));
                    } else {
                        values.addNull();
                        lows.addNull();
                        highs.addNull();
                    }
                }
                one.target().ifPresent(target -> node.put("target", target));
            }
            return chart.toString();
        }

        /** One line per week and metric, with the interval and the target. */
        Csv toCsv() {
            Csv csv = new Csv(List.of("week", "metric", "value", "low", "high", "target"));
            for (WeeklySeries one : series) {
                for (int i = 0; i < weeks.size(); i++) {
                    Optional<Estimate> score = one.scores().get(i);
                    csv.row(weeks.get(i), one.name(), score.map(e -> Double.toString(round(e.value()))).orElse(""),
                            score.map(e -> Double.toString(round(e.low()))).orElse(""),
                            score.map(e -> Double.toString(round(e.high()))).orElse(""),
                            one.target().map(String::valueOf).orElse(""));
                }
            }
            return csv;
        }
    }

    /** The touchpoint's survey scores over the last {@link #WEEKS} weeks. */
    static WeeklyScores weeklyScores(KpiTables kpis, String workspace, String map, String touchpoint, Texts t,
            Instant now) {
        // From the start of a day, so that every request of the day asks for the same (cached) table.
        Instant from = now.truncatedTo(java.time.temporal.ChronoUnit.DAYS).minus(java.time.Duration.ofDays(7L * WEEKS));
        // A week holds fewer answers than the whole period: the chart shows a score from 10 answers,
        // with its (wide) interval drawn around it, rather than leaving most weeks empty.
        KpiTables.KpiTable weekly = kpis.table(workspace, Map.of("map", map, "by", "touchpoint", "period", "week",
                "from", from.toString(), "minAnswers", Integer.toString(WEEKLY_MINIMUM_ANSWERS)),
                FiguresCache.Freshness.RECENT);
        List<KpiTables.KpiRow> rows = weekly.rows().stream().filter(r -> r.key().equals(touchpoint)).toList();
        List<String> weeks = rows.stream()
                .map(r -> r.period().map(Instant::toString).map(text -> text.substring(0, 10)).orElse("")).toList();
        List<WeeklySeries> series = new ArrayList<>();
        for (Metric metric : List.of(Metric.NPS, Metric.CSAT, Metric.CES)) {
            List<Optional<KpiTables.KpiValue>> values = rows.stream()
                    .map(r -> r.kpis().stream().filter(k -> k.metric() == metric).findFirst()).toList();
            if (values.stream().allMatch(Optional::isEmpty)) {
                continue;
            }
            series.add(new WeeklySeries(t.t("metric." + metric.id()),
                    values.stream().map(kpi -> kpi.flatMap(KpiTables.KpiValue::estimate)).toList(),
                    values.stream().flatMap(Optional::stream).map(KpiTables.KpiValue::target).flatMap(Optional::stream)
                            .findFirst()));
        }
        return new WeeklyScores(weeks, series);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static Comment comment(SurveyAnswer answer, Texts t) {
        return new Comment(answer.comment().orElse(""), answer.score().map(String::valueOf).orElse(""),
                t.dateTime(answer.answeredAt()));
    }

    /** The touchpoint's share of the conversions by linear attribution, or "" when nothing converted yet. */
    private static String attributionShare(JourneyAnalyses analyses, String workspace, JourneyMap map, Touchpoint touchpoint,
            Texts t) {
        if (map.conversion().isEmpty()) {
            return "";
        }
        Attribution.Result result = (Attribution.Result) analyses.run("attribution", workspace,
                Map.of("map", map.key(), "by", "touchpoint", "model", "linear"), FiguresCache.Freshness.RECENT);
        if (result.conversions() <= 0) {
            return "";
        }
        double credit = result.channels().stream().filter(c -> c.channel().equals(touchpoint.key()))
                .mapToDouble(Attribution.Credit::conversions).sum();
        return t.percent(credit / result.conversions());
    }

    static String describe(MatchRule rule) {
        StringBuilder text = new StringBuilder(rule.events().isEmpty() ? "*" : String.join(" | ", rule.events()));
        rule.type().ifPresent(type -> text.append(" (").append(type.id()).append(')'));
        rule.where().forEach((field, pattern) -> text.append(", ").append(field).append(" = ").append(pattern));
        return text.toString();
    }
}
