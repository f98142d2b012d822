package io.parcours.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.parcours.analytics.measure.Estimate;
import io.parcours.analytics.measure.FrequentTerms;
import io.parcours.model.DurationText;
import io.parcours.model.JourneyMap;
import io.parcours.model.Metric;
import io.parcours.model.ParcoursException;
import io.parcours.model.Role;
import io.parcours.model.Survey;
import io.parcours.model.Touchpoint;
import io.parcours.model.Workspace;
import io.parcours.store.Alert;
import io.parcours.store.AnswerFilter;
import io.parcours.store.ParcoursStore;
import io.parcours.store.ScoreRow;
import io.parcours.store.SurveyAnswer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The measurement pages of a workspace: every survey with its current figures, one survey's
 * results (scores week by week, their spread, frequent words, comments, each chart's data as CSV),
 * and the alerts sent to the owner teams, which editors acknowledge. The survey builder and the
 * hypotheses board are their own classes, listed here too. Everything is read through the same
 * code the API answers with (the KPI tables, the store), never by calling the API.
 */
final class MeasurementPages {
    private static final byte[] SCRIPT = ParcoursServer.resource("/assets/measurement.js");

    /** The most comments a survey's page lists. */
    static final int COMMENTS = 20;

    private final Dashboard dashboard;
    private final ParcoursStore store;
    private final KpiTables kpis;
    private final ObjectMapper json;
    private final Clock clock;
    private final SurveyBuilder builder;
    private final HypothesisBoard hypotheses;

    MeasurementPages(Dashboard dashboard, KpiTables kpis, HypothesisTests tests, ObjectMapper json, Clock clock) {
        this.dashboard = dashboard;
        this.store = dashboard.store();
        this.kpis = kpis;
        this.json = json;
        this.clock = clock;
        this.builder = new SurveyBuilder(dashboard);
        this.hypotheses = new HypothesisBoard(dashboard, tests, clock);
    }

    List<PageRoute> routes() {
        String survey = "/workspaces/{ws}/maps/{map}/surveys/{survey}";
        List<PageRoute> routes = new ArrayList<>(List.of(
                PageRoute.get("/workspaces/{ws}/surveys", Role.VIEWER, this::surveys),
                PageRoute.get(survey, Role.VIEWER, this::results),
                PageRoute.get(survey + "/scores.csv", Role.VIEWER, this::scoresCsv),
                PageRoute.get(survey + "/distribution.csv", Role.VIEWER, this::distributionCsv),
                PageRoute.get("/workspaces/{ws}/alerts", Role.VIEWER, this::alerts),
                PageRoute.post("/workspaces/{ws}/alerts/{alert}/acknowledge", Role.EDITOR, this::acknowledge),
                // the builder's script, for the pages that load it (all behind a login)
                PageRoute.get("/assets/measurement.js", Role.VIEWER, ctx -> ctx.contentType("text/javascript; charset=utf-8")
                        .result(SCRIPT))));
        routes.addAll(builder.routes());
        routes.addAll(hypotheses.routes());
        return routes;
    }

    // ---- shared by the measurement pages --------------------------------------------------------

    /** The frame of a measurement page: the workspace of the path, the "Measurement" section. */
    static Shell shell(Dashboard dashboard, Context ctx) {
        return dashboard.shell(ctx).in(ApiRoutes.ws(ctx), "measurement");
    }

    /** A page that asks to confirm a deletion: the form posts again with {@code confirm=yes}. */
    static void confirm(Dashboard dashboard, Context ctx, Shell shell, String title, String question, String action,
            String back) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("shell", shell);
        parameters.put("title", title);
        parameters.put("question", question);
        parameters.put("action", action);
        parameters.put("back", back);
        dashboard.page(ctx, "measurement/confirm.jte", parameters);
    }

    // ---- the surveys ------------------------------------------------------------------------------

    private void surveys(Context ctx) {
        Shell shell = shell(dashboard, ctx);
        Texts t = shell.texts();
        Workspace workspace = store.requireWorkspace(ApiRoutes.ws(ctx));
        Map<String, Integer> versions = store.latestVersions(workspace.key());
        List<MeasurementViews.MapSurveys> maps = new ArrayList<>();
        for (JourneyMap map : workspace.maps()) {
            KpiTables.KpiTable table = kpis.table(workspace.key(), Map.of("map", map.key(), "by", "touchpoint"),
                    FiguresCache.Freshness.RECENT);
            List<MeasurementViews.SurveyRow> rows = new ArrayList<>();
            for (Map.Entry<Touchpoint, Survey> entry : map.surveys()) {
                rows.add(row(table, entry.getKey(), entry.getValue(), t, map.key()));
            }
            maps.add(new MeasurementViews.MapSurveys(map.key(), map.name(), versions.getOrDefault(map.key(), 0), rows));
        }
        String deleted = Optional.ofNullable(ctx.queryParam("deleted")).filter(io.parcours.model.Keys::isValid).orElse("");
        String version = Optional.ofNullable(ctx.queryParam("version")).filter(v -> v.matches("\\d{1,9}")).orElse("");
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("shell", shell);
        parameters.put("maps", maps);
        parameters.put("message", deleted.isEmpty() || version.isEmpty() ? "" : t.t("measure.builder.deleted", deleted, version));
        dashboard.page(ctx, "measurement/surveys.jte", parameters);
    }

    /** The KPI of the survey's metric at its touchpoint, from the map's KPI table. */
    private static Optional<KpiTables.KpiValue> kpiOf(KpiTables.KpiTable table, String touchpoint, Survey survey) {
        Optional<Metric> metric = survey.type().metric();
        return table.rows().stream().filter(row -> row.key().equals(touchpoint)).findFirst()
                .flatMap(row -> row.kpis().stream().filter(kpi -> metric.filter(kpi.metric()::equals).isPresent()).findFirst());
    }

    private static MeasurementViews.SurveyRow row(KpiTables.KpiTable table, Touchpoint touchpoint, Survey survey, Texts t,
            String map) {
        Optional<KpiTables.KpiValue> kpi = kpiOf(table, touchpoint.key(), survey);
        Figures figures = Figures.of(kpi, t);
        return new MeasurementViews.SurveyRow(map, touchpoint.key(), touchpoint.name(), survey.key(),
                t.t("measure.type." + survey.type().id()), trigger(touchpoint, survey, t), figures.answers(),
                figures.responseRate(), figures.score(), figures.interval(), figures.target(), figures.status(),
                !survey.type().standard());
    }

    /** A KPI's figures as the pages write them. */
    private record Figures(String answers, String invited, String responseRate, String score, String interval, String target,
            String status) {
        static Figures of(Optional<KpiTables.KpiValue> kpi, Texts t) {
            if (kpi.isEmpty()) {
                return new Figures(t.number(0), "", "", t.t("panel.notEnough"), "", "", "none");
            }
            KpiTables.KpiValue value = kpi.get();
            Metric metric = value.metric();
            return new Figures(t.number(value.answers()), value.invited().map(t::number).orElse(""),
                    value.responseRate().map(rate -> t.percent(rate / 100)).orElse(""),
                    value.estimate().map(e -> MapFigures.value(metric, e.value(), t)).orElse(t.t("panel.notEnough")),
                    value.estimate().map(e -> MapFigures.value(metric, e.low(), t) + " – " + MapFigures.value(metric, e.high(), t))
                            .orElse(""),
                    value.target().map(target -> (metric.higherIsBetter() ? "≥ " : "≤ ") + MapFigures.value(metric, target, t))
                            .orElse(""),
                    value.status().id());
        }
    }

    /** When the survey is asked: the events of its touchpoint, the delay, the share of them, how long it stays open. */
    static String trigger(Touchpoint touchpoint, Survey survey, Texts t) {
        String events = touchpoint.match().isEmpty() ? t.t("measure.trigger.noEvents")
                : t.t("measure.trigger.events", touchpoint.match().stream().map(TouchpointPanel::describe)
                        .collect(Collectors.joining("; ")));
        String delay = survey.delay().isZero() ? t.t("measure.trigger.atOnce")
                : t.t("measure.trigger.after", DurationText.format(survey.delay()));
        return t.t("measure.trigger", events, delay, t.percent(survey.sampling()), DurationText.format(survey.expiry()));
    }

    /** The workspace, the latest map, the survey and its touchpoint a request names. */
    private record Named(Workspace workspace, JourneyMap map, Touchpoint touchpoint, Survey survey) {}

    private Named named(Context ctx) {
        Workspace workspace = store.requireWorkspace(ApiRoutes.ws(ctx));
        JourneyMap map = store.requireLatestMap(workspace.key(), ApiRoutes.key(ctx, "map")).map();
        String key = ApiRoutes.key(ctx, "survey");
        Touchpoint touchpoint = map.touchpointOfSurvey(key).orElseThrow(() -> ParcoursException.notFound("map '"
                + map.key() + "' has no survey '" + key + "'"));
        return new Named(workspace, map, touchpoint, touchpoint.survey(key).orElseThrow());
    }

    /** The survey's scores week by week: the touchpoint panel's reading, for this survey's metric only. */
    private TouchpointPanel.WeeklyScores weekly(Named named, Texts t) {
        TouchpointPanel.WeeklyScores all = TouchpointPanel.weeklyScores(kpis, named.workspace().key(), named.map().key(),
                named.touchpoint().key(), t, clock.instant());
        Optional<String> name = named.survey().type().metric().map(metric -> t.t("metric." + metric.id()));
        return new TouchpointPanel.WeeklyScores(all.weeks(), all.series().stream()
                .filter(series -> name.filter(series.name()::equals).isPresent()).toList());
    }

    /** How many answers gave each score of the survey's scale, over all its answers. */
    private List<long[]> distribution(Named named) {
        Map<Integer, Long> counts = new HashMap<>();
        for (ScoreRow row : store.surveys().scoreCounts(filter(named), Optional.empty())) {
            if (row.survey().equals(named.survey().key())) {
                counts.merge(row.score(), row.answers(), Long::sum);
            }
        }
        List<long[]> bars = new ArrayList<>();
        if (named.survey().type().standard()) {
            for (int score = named.survey().type().minimum(); score <= named.survey().type().maximum(); score++) {
                bars.add(new long[] {score, counts.getOrDefault(score, 0L)});
            }
        }
        return bars;
    }

    private static AnswerFilter filter(Named named) {
        return new AnswerFilter(named.workspace().key(), Optional.of(named.map().key()), Optional.of(named.touchpoint().key()),
                Instant.EPOCH, Instant.parse("9999-12-31T00:00:00Z"));
    }

    private void results(Context ctx) {
        Named named = named(ctx);
        Shell shell = shell(dashboard, ctx);
        Texts t = shell.texts();
        Survey survey = named.survey();
        KpiTables.KpiTable table = kpis.table(named.workspace().key(), Map.of("map", named.map().key(), "by", "touchpoint"),
                FiguresCache.Freshness.RECENT);
        Figures figures = Figures.of(kpiOf(table, named.touchpoint().key(), survey), t);
        TouchpointPanel.WeeklyScores weekly = weekly(named, t);
        List<MeasurementViews.Point> weeks = new ArrayList<>();
        Metric metric = survey.type().metric().orElse(null);
        for (TouchpointPanel.WeeklySeries series : weekly.series()) {
            for (int i = 0; i < weekly.weeks().size(); i++) {
                Optional<Estimate> score = series.scores().get(i);
                weeks.add(new MeasurementViews.Point(weekly.weeks().get(i),
                        score.map(e -> MapFigures.value(metric, e.value(), t)).orElse(t.t("panel.notEnough")),
                        score.map(e -> MapFigures.value(metric, e.low(), t)).orElse(""),
                        score.map(e -> MapFigures.value(metric, e.high(), t)).orElse("")));
            }
        }
        Map<String, String> which = Map.of("map", named.map().key(), "touchpoint", named.touchpoint().key(),
                "survey", survey.key());
        List<long[]> bars = kpis.figures().get(FiguresCache.key("distribution", named.workspace().key(), which),
                FiguresCache.Freshness.RECENT, () -> distribution(named));
        List<MeasurementViews.Point> distribution = bars.stream()
                .map(bar -> new MeasurementViews.Point(Long.toString(bar[0]), t.number(bar[1]), "", "")).toList();
        List<KpiTables.TouchpointTerms> terms = kpis.terms(named.workspace().key(), Map.of("map", named.map().key(),
                "touchpoint", named.touchpoint().key(), "limit", "15"), FiguresCache.Freshness.RECENT);
        String search = Optional.ofNullable(ctx.queryParam("search")).map(String::strip)
                .filter(text -> !text.isEmpty() && text.length() <= 200).orElse("");
        // The latest comments are kept with the figures; a search asks the database.
        java.util.function.Supplier<List<SurveyAnswer>> latest = () -> store.surveys().comments(filter(named),
                        search.isEmpty() ? Optional.empty() : Optional.of(search), 1000).stream()
                .filter(answer -> answer.survey().equals(survey.key())).limit(COMMENTS).toList();
        List<TouchpointPanel.Comment> comments = (search.isEmpty() ? kpis.figures().get(FiguresCache.key("comments",
                named.workspace().key(), which), FiguresCache.Freshness.RECENT, latest) : latest.get()).stream()
                .map(answer -> comment(answer, t)).toList();
        MeasurementViews.SurveyResults results = new MeasurementViews.SurveyResults(named.workspace().key(),
                named.map().key(), named.map().name(), named.touchpoint().key(), named.touchpoint().name(), survey.key(),
                t.t("measure.type." + survey.type().id()), trigger(named.touchpoint(), survey, t), !survey.type().standard(),
                metric == null ? "" : t.t("metric." + metric.id()), figures.score(), figures.interval(), figures.target(),
                figures.status(), figures.answers(), figures.invited(), figures.responseRate(), weekly.toChartJson(json),
                weekly.series().stream().map(TouchpointPanel.WeeklySeries::name).toList(), weeks,
                distributionChart(bars, t), distribution,
                terms.stream().flatMap(found -> found.words().stream()).map(FrequentTerms.Term::text).toList(),
                terms.stream().flatMap(found -> found.phrases().stream()).map(FrequentTerms.Term::text).toList(),
                comments, search);
        dashboard.page(ctx, "measurement/results.jte", Map.of("shell", shell, "results", results));
    }

    private static TouchpointPanel.Comment comment(SurveyAnswer answer, Texts t) {
        return new TouchpointPanel.Comment(answer.comment().orElse(""), answer.score().map(String::valueOf).orElse(""),
                t.dateTime(answer.answeredAt()));
    }

    /** The spread of the scores as an ECharts bar chart, for the page's script. */
    private String distributionChart(List<long[]> bars, Texts t) {
        ObjectNode chart = json.createObjectNode();
        ObjectNode option = chart.putObject("option");
        option.put("animation", false);
        option.putObject("tooltip").put("trigger", "axis");
        ObjectNode grid = option.putObject("grid");
        grid.put("left", 50).put("right", 20).put("top", 30).put("bottom", 40);
        ObjectNode x = option.putObject("xAxis");
        x.put("type", "category").put("name", t.t("measure.results.score")).put("nameLocation", "middle").put("nameGap", 26);
        ArrayNode labels = x.putArray("data");
        ObjectNode y = option.putObject("yAxis");
        y.put("type", "value").put("name", t.t("measure.results.answers")).put("minInterval", 1);
        ObjectNode series = option.putArray("series").addObject();
        series.put("type", "bar").put("name", t.t("measure.results.answers"));
        series.putObject("itemStyle").put("color", "#1d4ed8");
        ArrayNode data = series.putArray("data");
        for (long[] bar : bars) {
            labels.add(Long.toString(bar[0]));
            data.add(bar[1]);
        }
        return chart.toString();
    }

    private void scoresCsv(Context ctx) {
        Named named = named(ctx);
        weekly(named, Dashboard.texts(ctx)).toCsv().send(ctx, named.map().key() + "-" + named.survey().key() + "-scores.csv");
    }

    private void distributionCsv(Context ctx) {
        Named named = named(ctx);
        Csv csv = new Csv(List.of("score", "answers"));
        for (long[] bar : distribution(named)) {
            csv.row(Long.toString(bar[0]), Long.toString(bar[1]));
        }
        csv.send(ctx, named.map().key() + "-" + named.survey().key() + "-distribution.csv");
    }

    // ---- the alerts -------------------------------------------------------------------------------

    /** The most alerts the page lists. */
    static final int ALERTS = 500;

    private void alerts(Context ctx) {
        Shell shell = shell(dashboard, ctx);
        Workspace workspace = store.requireWorkspace(ApiRoutes.ws(ctx));
        boolean all = "all".equals(ctx.queryParam("status"));
        List<MeasurementViews.AlertRow> rows = store.alerts().alerts(workspace.key(), !all, ALERTS).stream()
                .map(alert -> alertRow(workspace, alert, shell.texts())).toList();
        String message = "";
        String acknowledged = ctx.queryParam("acknowledged");
        if (acknowledged != null && acknowledged.matches("\\d{1,18}")) {
            long id = Long.parseLong(acknowledged);
            message = store.alerts().alerts(workspace.key(), false, ALERTS).stream().filter(alert -> alert.id() == id)
                    .findFirst().map(alert -> shell.t("measure.alerts.acknowledgedOne", id,
                            alert.acknowledgedBy().orElse("")))
                    .orElse("");
        }
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("shell", shell);
        parameters.put("alerts", rows);
        parameters.put("all", all);
        parameters.put("message", message);
        dashboard.page(ctx, "measurement/alerts.jte", parameters);
    }

    private static MeasurementViews.AlertRow alertRow(Workspace workspace, Alert alert, Texts t) {
        Optional<JourneyMap> map = workspace.maps().stream().filter(m -> m.key().equals(alert.map())).findFirst();
        String touchpointName = map.flatMap(m -> m.touchpoint(alert.touchpoint())).map(Touchpoint::name)
                .orElse(alert.touchpoint());
        Optional<Metric> metric = Metric.fromId(alert.metric());
        String label = metric.map(m -> t.t("metric." + m.id())).orElse(alert.metric());
        java.util.function.DoubleFunction<String> value = number -> metric.map(m -> MapFigures.value(m, number, t))
                .orElse(t.decimal(number, 1));
        String what = alert.kind().equals("drop")
                ? t.t("measure.alert.drop", label, alert.previousValue().map(value::apply).orElse("?"), value.apply(alert.value()),
                        alert.pValue().map(p -> pValue(p, t)).orElse("?"))
                : t.t("measure.alert.red", label, value.apply(alert.value()), value.apply(alert.low()), value.apply(alert.high()),
                        alert.target().map(value::apply).orElse("?"));
        String owner = alert.ownerTeam().map(team -> workspace.team(team).map(found -> found.name()).orElse(team))
                .orElse(t.t("measure.alert.noOwner"));
        String sent = alert.notifyResult().orElse(t.t("measure.alert.notSent"));
        String acknowledged = alert.acknowledgedAt().map(at -> t.t("measure.alert.acknowledgedBy",
                alert.acknowledgedBy().orElse("?"), t.dateTime(at))).orElse("");
        return new MeasurementViews.AlertRow(alert.id(), workspace.key(), alert.map(), alert.touchpoint(), touchpointName,
                what, alert.message(), t.dateTime(alert.openedAt()), owner, sent, alert.open(), acknowledged,
                alert.resolvedAt().map(t::dateTime).orElse(""));
    }

    /** A p-value as people read it: "< 0.001" below a thousandth, else three decimals. */
    static String pValue(double p, Texts t) {
        return p < 0.001 ? "< " + t.decimal(0.001, 3) : t.decimal(p, 3);
    }

    /**
     * Records who saw the alert, as the API does. With htmx the row comes back in its new state;
     * otherwise the list, with a message saying so.
     */
    private void acknowledge(Context ctx) {
        String ws = ApiRoutes.ws(ctx);
        Alert alert = store.alerts().acknowledge(ws, ApiRoutes.number(ctx.pathParam("alert"), "alert"),
                Caller.require(ctx).name(), clock.instant());
        if ("true".equals(ctx.header("HX-Request"))) {
            Shell shell = shell(dashboard, ctx);
            dashboard.page(ctx, "measurement/alertrow.jte", Map.of("shell", shell,
                    "alert", alertRow(store.requireWorkspace(ws), alert, shell.texts()), "announce", true));
            return;
        }
        ctx.redirect("/workspaces/" + ws + "/alerts?acknowledged=" + alert.id()
                + ("all".equals(ctx.formParam("status")) ? "&status=all" : ""), HttpStatus.SEE_OTHER);
    }
}
