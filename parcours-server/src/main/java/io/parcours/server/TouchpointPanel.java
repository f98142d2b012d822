package io.parcours.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parcours.analytics.Attribution;
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
        String attributionShare, List<Idea> hypotheses, List<String> rules) {

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
        KpiTables.KpiTable table = kpis.table(workspace.key(), Map.of("map", map.key(), "by", "touchpoint"));
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
        String chart = chart(kpis, json, workspace.key(), map.key(), touchpoint.key(), t, now);
        List<String> words = kpis.terms(workspace.key(), Map.of("map", map.key(), "touchpoint", touchpoint.key(),
                "limit", "12")).stream().flatMap(terms -> terms.words().stream()).map(FrequentTerms.Term::text).toList();
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
                comments, attributionShare(analyses, workspace.key(), map, touchpoint, t), ideas, rules);
    }

    /** The weekly scores as the chart script reads them: weeks, and per metric its values and interval bounds. */
    private static String chart(KpiTables kpis, ObjectMapper json, String workspace, String map, String touchpoint,
            Texts t, Instant now) {
        Instant from = now.minus(java.time.Duration.ofDays(7L * WEEKS));
        // A week holds fewer answers than the whole period: the chart shows a score from 10 answers,
        // with its (wide) interval drawn around it, rather than leaving most weeks empty.
        KpiTables.KpiTable weekly = kpis.table(workspace, Map.of("map", map, "by", "touchpoint", "period", "week",
                "from", from.toString(), "minAnswers", Integer.toString(WEEKLY_MINIMUM_ANSWERS)));
        ObjectNode chart = json.createObjectNode();
        chart.put("kind", "scores");
        ArrayNode weeks = chart.putArray("weeks");
        List<KpiTables.KpiRow> rows = weekly.rows().stream().filter(r -> r.key().equals(touchpoint)).toList();
        rows.forEach(r -> weeks.add(r.period().map(Instant::toString).map(text -> text.substring(0, 10)).orElse("")));
        ArrayNode series = chart.putArray("series");
        for (Metric metric : List.of(Metric.NPS, Metric.CSAT, Metric.CES)) {
            boolean any = rows.stream().anyMatch(r -> r.kpis().stream().anyMatch(k -> k.metric() == metric));
            if (!any) {
                continue;
            }
            ObjectNode one = series.addObject();
            one.put("name", t.t("metric." + metric.id()));
            ArrayNode values = one.putArray("values");
            ArrayNode lows = one.putArray("lows");
            ArrayNode highs = one.putArray("highs");
            for (KpiTables.KpiRow r : rows) {
                Optional<KpiTables.KpiValue> kpi = r.kpis().stream().filter(k -> k.metric() == metric).findFirst();
                Optional<io.parcours.analytics.measure.Estimate> estimate = kpi.flatMap(KpiTables.KpiValue::estimate);
                if (estimate.isPresent()) {
                    values.add(round(estimate.get().value()));
                    lows.add(round(estimate.get().low()));
                    highs.add(round(estimate.get().high()));
                } else {
                    values.addNull();
                    lows.addNull();
                    highs.addNull();
                }
                kpi.flatMap(KpiTables.KpiValue::target).ifPresent(target -> one.put("target", target));
            }
        }
        return chart.toString();
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
                Map.of("map", map.key(), "by", "touchpoint", "model", "linear"));
        if (result.conversions() <= 0) {
            return "";
        }
        double credit = result.channels().stream().filter(c -> c.channel().equals(touchpoint.key()))
                .mapToDouble(Attribution.Credit::conversions).sum();
        return t.percent(credit / result.conversions());
    }

    private static String describe(MatchRule rule) {
        StringBuilder text = new StringBuilder(rule.events().isEmpty() ? "*" : String.join(" | ", rule.events()));
        rule.type().ifPresent(type -> text.append(" (").append(type.id()).append(')'));
        rule.where().forEach((field, pattern) -> text.append(", ").append(field).append(" = ").append(pattern));
        return text.toString();
    }
}
