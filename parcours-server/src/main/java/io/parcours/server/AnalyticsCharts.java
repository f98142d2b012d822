package io.parcours.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parcours.analytics.Abandonment;
import io.parcours.analytics.Attribution;
import io.parcours.analytics.Conformance;
import io.parcours.analytics.Funnel;
import io.parcours.analytics.KeyTouchpoints;
import io.parcours.analytics.Paths;
import io.parcours.analytics.ProcessView;
import io.parcours.model.ErrorCode;
import io.parcours.model.JourneyMap;
import io.parcours.model.ParcoursException;
import io.parcours.model.Stage;
import io.parcours.model.Touchpoint;
import io.parcours.server.AnalyticsTable.Format;
import io.parcours.server.AnalyticsView.Chart;
import io.parcours.server.AnalyticsView.Figure;
import io.parcours.server.AnalyticsView.Option;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The analytics pages' charts and tables, made from the very answers of the API: each analysis runs
 * through {@link JourneyAnalyses#run} with the page's filters and options as parameters, and its
 * result is laid out as the data of a chart (JSON for the page's script) and as a table (the
 * chart's text alternative and its CSV). Names of stages, touchpoints and channels are shown in the
 * map's words and the page's language.
 */
final class AnalyticsCharts {
    /** The options each analysis page offers beside the filters, with their default. */
    static final Map<String, Map<String, String>> OPTIONS = Map.of("attribution", Map.of("by", "channel"),
            "abandonment", Map.of("intent", ""));

    private final JourneyAnalyses analyses;
    private final ObjectMapper json;

    AnalyticsCharts(JourneyAnalyses analyses, ObjectMapper json) {
        this.analyses = analyses;
        this.json = json;
    }

    /** The page of analysis {@code kind} for these filters and the options of the request. */
    AnalyticsView view(String kind, AnalyticsFilters filters, Optional<JourneyMap> map, Map<String, String> requested,
            String noEvents, Texts t) {
        if (map.isEmpty()) {
            return new AnalyticsView(kind, filters, List.of(), List.of(), List.of(), List.of(), t.t("analytics.noMap"));
        }
        Map<String, String> options = options(kind, map.get(), requested);
        boolean needsConversion = kind.equals("attribution") || kind.equals("touchpoints") || kind.equals("abandonment");
        if (needsConversion && map.get().conversion().isEmpty()) {
            return new AnalyticsView(kind, filters, List.of(), optionsShown(kind, options, map.get(), t), List.of(),
                    List.of(), (noEvents.isEmpty() ? "" : noEvents + " ") + t.t("analytics.noConversion", map.get().name()));
        }
        Page page = new Page(kind, filters, options, t, new Names(map, t), more -> {
            Map<String, String> parameters = new LinkedHashMap<>(filters.parameters());
            parameters.putAll(options);
            parameters.putAll(more);
            return analyses.run(kind, filters.workspace(), parameters, FiguresCache.Freshness.RECENT);
        }, name -> filters.base() + "/" + name + ".csv" + filters.query(options));
        draw(page, map, List.of(Attribution.Model.values()));
        return new AnalyticsView(kind, filters, page.figures, optionsShown(kind, options, map.get(), t), page.charts,
                page.notes, noEvents);
    }

    /**
     * The page of a result computed elsewhere and loaded ({@link LoadedResults}): the figures,
     * charts and tables of the live page of its kind, from the result as it was loaded, with names
     * from {@code map} when the workspace still has it (keys as they are otherwise). Its CSV links
     * are {@code csvBase/NAME.csv}. An attribution holds one model: its table has that model's column.
     *
     * @param parameters the parameters the analysis ran with (an attribution's {@code by} names its rows)
     */
    AnalyticsView loaded(String kind, Object result, AnalyticsFilters filters, Optional<JourneyMap> map,
            Map<String, String> parameters, String csvBase, Texts t) {
        Map<String, String> options = new LinkedHashMap<>();
        if (kind.equals("attribution")) {
            options.put("by", parameters.getOrDefault("by", "channel"));
        }
        Page page = new Page(kind, filters, options, t, new Names(map, t), more -> result,
                name -> csvBase + "/" + name + ".csv");
        draw(page, map, result instanceof Attribution.Result attribution
                ? List.of(Attribution.Model.of(attribution.model())) : List.of());
        return new AnalyticsView(kind, filters, page.figures, List.of(), page.charts, page.notes, "");
    }

    /** Lays out the page's analysis; an attribution shows one column per model of {@code models}. */
    private void draw(Page page, Optional<JourneyMap> map, List<Attribution.Model> models) {
        switch (page.kind) {
            case "funnel" -> funnel(page, map);
            case "paths" -> paths(page);
            case "process" -> process(page);
            case "attribution" -> attribution(page, page.options.get("by"), models);
            case "conformance" -> conformance(page, map);
            case "touchpoints" -> touchpoints(page);
            case "abandonment" -> abandonment(page);
            default -> throw ParcoursException.notFound("there is no analysis page '" + page.kind + "'");
        }
    }

    /** The options of {@code kind}: those requested, else their default (the intent: the step before the conversion). */
    static Map<String, String> options(String kind, JourneyMap map, Map<String, String> requested) {
        Map<String, String> options = new LinkedHashMap<>();
        OPTIONS.getOrDefault(kind, Map.of()).forEach((name, fallback) -> {
            String value = requested.getOrDefault(name, "");
            options.put(name, value.isEmpty() ? fallback : value);
        });
        if (options.containsKey("intent") && options.get("intent").isEmpty()) {
            List<String> keys = map.touchpoints().stream().map(Touchpoint::key).toList();
            int goal = map.conversion().map(keys::indexOf).orElse(-1);
            options.put("intent", goal > 0 ? keys.get(goal - 1) : keys.isEmpty() ? "" : keys.get(0));
        }
        return options;
    }

    private static List<Option> optionsShown(String kind, Map<String, String> options, JourneyMap map, Texts t) {
        List<Option> shown = new ArrayList<>();
        if (kind.equals("attribution")) {
            shown.add(new Option("by", t.t("analytics.option.by"), options.get("by"), List.of(
                    new AnalyticsFilters.Choice("channel", t.t("analytics.option.byChannel")),
                    new AnalyticsFilters.Choice("touchpoint", t.t("analytics.option.byTouchpoint")))));
        }
        if (kind.equals("abandonment")) {
            shown.add(new Option("intent", t.t("analytics.option.intent"), options.get("intent"), map.touchpoints().stream()
                    .map(touchpoint -> new AnalyticsFilters.Choice(touchpoint.key(), touchpoint.name())).toList()));
        }
        return shown;
    }

    /** The names a page shows for the keys the analyses answer with. */
    private record Names(Map<String, String> touchpoints, Map<String, String> stages, Texts t) {
        /** The names of the map's touchpoints and stages; without a map, every key stands for itself. */
        Names(Optional<JourneyMap> map, Texts t) {
            this(names(map.map(JourneyMap::touchpoints).orElse(List.of()), Touchpoint::key, Touchpoint::name),
                    names(map.map(JourneyMap::stages).orElse(List.of()), Stage::key, Stage::name), t);
        }

        private static <T> Map<String, String> names(List<T> items, Function<T, String> key, Function<T, String> name) {
            Map<String, String> names = new HashMap<>();
            items.forEach(item -> names.put(key.apply(item), name.apply(item)));
            return names;
        }

        /** A step: a touchpoint's name, an off-map activity as it is, or the words of a node the analyses add. */
        String step(String key) {
            return switch (key) {
                case Paths.OTHER -> t.t("analytics.paths.other");
                case Paths.DROP_OFF -> t.t("analytics.paths.dropOff");
                case Paths.JOURNEY_START -> t.t("analytics.paths.journeyStart");
                default -> touchpoints.getOrDefault(key, key);
            };
        }

        String stage(String key) {
            return stages.getOrDefault(key, key);
        }

        String channel(String id) {
            String label = t.t("channel." + id);
            return label.equals("channel." + id) ? id : label;
        }
    }

    /**
     * What a page gathers while its analysis runs, or is read from a loaded result: its source gives
     * the analysis for the options given beside the page's own, its CSV link the address of a
     * chart's data by the chart's name.
     */
    private static final class Page {
        final String kind;
        final AnalyticsFilters filters;
        final Map<String, String> options;
        final Texts t;
        final Names names;
        final Function<Map<String, String>, Object> source;
        final Function<String, String> csvLink;
        final List<Figure> figures = new ArrayList<>();
        final List<Chart> charts = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        Page(String kind, AnalyticsFilters filters, Map<String, String> options, Texts t, Names names,
                Function<Map<String, String>, Object> source, Function<String, String> csvLink) {
            this.kind = kind;
            this.filters = filters;
            this.options = options;
            this.t = t;
            this.names = names;
            this.source = source;
            this.csvLink = csvLink;
        }

        /** The page's analysis with the filters, the page's options and {@code more}. */
        Object run(Map<String, String> more) {
            return source.apply(more);
        }

        void figure(String key, String value) {
            figures.add(new Figure(t.t(key), value));
        }

        AnalyticsTable.Builder table() {
            return new AnalyticsTable.Builder(t);
        }

        void chart(String name, String titleKey, String drawing, ObjectNode data, AnalyticsTable table) {
            chart(name, titleKey, drawing, data, table, 0, 0);
        }

        void chart(String name, String titleKey, String drawing, ObjectNode data, AnalyticsTable table, long highest,
                int transitions) {
            charts.add(new Chart(name, t.t(titleKey), drawing, data == null ? "" : island(data), table, csvLink.apply(name),
                    highest, transitions));
        }
    }

    /**
     * JSON that is safe inside a script element: {@code <}, {@code >} and {@code &} (which can only
     * be in its strings) written as escapes, so no text can close the element; so are the two line
     * separators that old JavaScript took for line ends.
     */
    static String island(ObjectNode data) {
        return data.toString().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    /** Bars: one category per row, one series per column of values. */
    private ObjectNode bars(List<String> categories, Map<String, List<Double>> series, boolean percent, boolean horizontal) {
        ObjectNode data = json.createObjectNode();
        ArrayNode names = data.putArray("categories");
        categories.forEach(names::add);
        ArrayNode all = data.putArray("series");
        series.forEach((name, values) -> {
            ObjectNode one = all.addObject();
            one.put("name", name);
            ArrayNode numbers = one.putArray("values");
            values.forEach(value -> {
                if (value == null || !Double.isFinite(value)) {
                    numbers.addNull();
                } else {
                    numbers.add(percent ? Math.round(value * 1000) / 10.0 : Math.round(value * 100) / 100.0);
                }
            });
        });
        data.put("percent", percent);
        data.put("horizontal", horizontal);
        return data;
    }

    /**
     * A chart of one count per name, as bars and as a table of two columns, each given as the key
     * of its heading and its name in the CSV.
     */
    private void counts(Page page, String name, String titleKey, String[] nameColumn, String[] countColumn,
            Map<String, Long> counts, boolean horizontal) {
        AnalyticsTable.Builder table = page.table().column(nameColumn[0], nameColumn[1], Format.TEXT)
                .column(countColumn[0], countColumn[1], Format.COUNT);
        counts.forEach(table::row);
        page.chart(name, titleKey, "bars", bars(List.copyOf(counts.keySet()), Map.of(page.t.t(countColumn[0]),
                counts.values().stream().map(Long::doubleValue).toList()), false, horizontal), table.build());
    }

    // ---- the analyses --------------------------------------------------------------------------

    private void funnel(Page page, Optional<JourneyMap> map) {
        Funnel.Result result = (Funnel.Result) page.run(Map.of());
        Funnel.Group all = result.all();
        Texts t = page.t;
        page.figure("analytics.funnel.entered", t.number(all.entered()));
        if (!all.stages().isEmpty()) {
            Funnel.Stage last = all.stages().get(all.stages().size() - 1);
            page.figure("analytics.funnel.completed", t.number(last.customers()));
            page.figure("analytics.funnel.completedShare", all.entered() == 0 ? "–"
                    : AnalyticsTable.share(last.fromStart(), t));
        }
        page.figure("analytics.funnel.medianTime", all.timeToConvert().count() == 0 ? "–"
                : AnalyticsTable.duration(all.timeToConvert().medianMillis(), t));
        AnalyticsTable.Builder table = page.table().column("analytics.col.stage", "stage", Format.TEXT)
                .column("analytics.col.customers", "customers", Format.COUNT)
                .column("analytics.col.fromStart", "fromStart", Format.SHARE)
                .column("analytics.col.fromPrevious", "fromPrevious", Format.SHARE)
                .column("analytics.col.dropOff", "dropOff", Format.COUNT);
        List<String> categories = new ArrayList<>();
        List<Double> customers = new ArrayList<>();
        for (Funnel.Stage stage : all.stages()) {
            String name = page.names.stage(stage.name());
            table.row(name, stage.customers(), stage.fromStart(), stage.fromPrevious(), stage.dropOff());
            categories.add(name);
            customers.add((double) stage.customers());
        }
        page.chart("funnel", "analytics.funnel.chart", "bars", bars(categories,
                Map.of(t.t("analytics.col.customers"), customers), false, false), table.build());
        if (all.entered() == 0 && map.map(m -> !m.stages().isEmpty()).orElse(!all.stages().isEmpty())) {
            page.notes.add(t.t("analytics.noData"));
        }
    }

    private void paths(Page page) {
        Paths.Result result = (Paths.Result) page.run(Map.of());
        page.figure("analytics.paths.paths", page.t.number(result.paths()));
        ObjectNode data = json.createObjectNode();
        ArrayNode nodes = data.putArray("nodes");
        for (Paths.Node node : result.nodes()) {
            ObjectNode one = nodes.addObject();
            one.put("name", node.position() + ":" + node.name());
            one.put("label", page.names.step(node.name()));
            one.put("value", node.count());
        }
        ArrayNode links = data.putArray("links");
        AnalyticsTable.Builder table = page.table().column("analytics.col.position", "position", Format.COUNT)
                .column("analytics.col.from", "from", Format.TEXT).column("analytics.col.to", "to", Format.TEXT)
                .column("analytics.col.paths", "paths", Format.COUNT);
        for (Paths.Link link : result.links()) {
            ObjectNode one = links.addObject();
            one.put("source", link.position() + ":" + link.from());
            one.put("target", (link.position() + 1) + ":" + link.to());
            one.put("value", link.count());
            table.row(link.position(), page.names.step(link.from()), page.names.step(link.to()), link.count());
        }
        page.chart("paths", "analytics.paths.chart", "sankey", data, table.build());
    }

    private void process(Page page) {
        ProcessView.Result result = (ProcessView.Result) page.run(Map.of());
        Texts t = page.t;
        page.figure("analytics.process.cases", t.number(result.cases()));
        page.figure("analytics.process.events", t.number(result.events()));
        page.figure("analytics.process.variants", t.number(result.variantCount()));
        String start = t.t("analytics.process.start");
        String end = t.t("analytics.process.end");
        ObjectNode data = json.createObjectNode();
        data.put("start", start);
        data.put("end", end);
        ArrayNode nodes = data.putArray("nodes");
        for (ProcessView.Activity activity : result.activities()) {
            ObjectNode one = nodes.addObject();
            one.put("id", activity.name());
            one.put("label", page.names.step(activity.name()));
            one.put("count", activity.events());
        }
        ArrayNode edges = data.putArray("edges");
        AnalyticsTable.Builder table = page.table().column("analytics.col.from", "from", Format.TEXT)
                .column("analytics.col.to", "to", Format.TEXT)
                .column("analytics.col.transitions", "count", Format.COUNT);
        long[] highest = {0};
        int[] transitions = {0};
        java.util.function.BiConsumer<String[], Long> edge = (ends, count) -> {
            ObjectNode one = edges.addObject();
            one.put("source", ends[0]);
            one.put("target", ends[1]);
            one.put("count", count);
            highest[0] = Math.max(highest[0], count);
            transitions[0]++;
            table.row(ends[0].isEmpty() ? start : page.names.step(ends[0]), ends[1].isEmpty() ? end
                    : page.names.step(ends[1]), count);
        };
        // The start and the end of the journeys are drawn as two nodes of their own, named "" here.
        result.start().forEach((step, count) -> edge.accept(new String[] {"", step}, count));
        result.edges().forEach(e -> edge.accept(new String[] {e.from(), e.to()}, e.count()));
        result.end().forEach((step, count) -> edge.accept(new String[] {step, ""}, count));
        page.chart("process", "analytics.process.chart", "graph", data, table.build(), highest[0], transitions[0]);

        AnalyticsTable.Builder variants = page.table().column("analytics.col.variant", "variant", Format.TEXT)
                .column("analytics.col.cases", "cases", Format.COUNT)
                .column("analytics.col.share", "share", Format.SHARE);
        for (ProcessView.Variant variant : result.variants()) {
            variants.row(String.join(" → ", variant.steps().stream().map(page.names::step).toList()), variant.cases(),
                    result.cases() == 0 ? 0.0 : (double) variant.cases() / result.cases());
        }
        page.chart("process-variants", "analytics.process.variantsTable", "", null, variants.build());
    }

    private void attribution(Page page, String by, List<Attribution.Model> models) {
        Texts t = page.t;
        Map<Attribution.Model, Attribution.Result> results = new LinkedHashMap<>();
        for (Attribution.Model model : models) {
            try {
                results.put(model, (Attribution.Result) page.run(Map.of("model", model.id())));
            } catch (ParcoursException e) {
                // A bad filter fails the first model already; a later one can refuse the data alone
                // (Shapley with too many channels): the others are still shown, with the reason.
                if (results.isEmpty() || e.code() != ErrorCode.INVALID_INPUT) {
                    throw e;
                }
                page.notes.add(t.t("analytics.attribution.modelFailed", t.t("analytics.model." + model.id()),
                        e.getMessage()));
            }
        }
        Attribution.Result first = results.values().iterator().next();
        page.figure("analytics.attribution.conversions", t.decimal(first.conversions(), 0));
        page.figure("analytics.attribution.value", t.decimal(first.value(), 2));
        page.figure("analytics.attribution.unattributed", t.decimal(first.unattributedConversions(), 0));
        Attribution.Result order = results.getOrDefault(Attribution.Model.MARKOV, first);
        LinkedHashSet<String> channels = new LinkedHashSet<>();
        order.channels().forEach(credit -> channels.add(credit.channel()));
        results.values().forEach(result -> result.channels().forEach(credit -> channels.add(credit.channel())));
        AnalyticsTable.Builder table = page.table().column(by.equals("touchpoint") ? "analytics.col.touchpoint"
                : "analytics.col.channel", by, Format.TEXT);
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (Attribution.Model model : results.keySet()) {
            table.columnTitled(t.t("analytics.model." + model.id()), model.id(), Format.DECIMAL);
        }
        List<String> categories = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (String channel : channels) {
            String name = by.equals("touchpoint") ? page.names.step(channel) : page.names.channel(channel);
            categories.add(name);
            Object[] row = new Object[results.size() + 1];
            row[0] = name;
            rows.add(row);
        }
        int column = 1;
        for (Map.Entry<Attribution.Model, Attribution.Result> entry : results.entrySet()) {
            Map<String, Double> credits = new HashMap<>();
            entry.getValue().channels().forEach(credit -> credits.put(credit.channel(), credit.conversions()));
            List<Double> values = new ArrayList<>();
            int r = 0;
            for (String channel : channels) {
                double credit = credits.getOrDefault(channel, 0.0);
                rows.get(r++)[column] = credit;
                values.add(credit);
            }
            series.put(t.t("analytics.model." + entry.getKey().id()), values);
            column++;
        }
        rows.forEach(table::row);
        page.chart("attribution", "analytics.attribution.chart", "bars", bars(categories, series, false, false),
                table.build());
    }

    private void conformance(Page page, Optional<JourneyMap> map) {
        Conformance.Result result = (Conformance.Result) page.run(Map.of());
        Texts t = page.t;
        page.figure("analytics.conformance.journeys", t.number(result.journeys()));
        page.figure("analytics.conformance.onMap", t.number(result.onMap()));
        page.figure("analytics.conformance.follow", t.number(result.followOrder()) + " ("
                + AnalyticsTable.share(result.followShare(), t) + ")");
        page.figure("analytics.conformance.wentBack", t.number(result.wentBack()));
        Map<String, Long> skipped = new LinkedHashMap<>();
        result.skipped().forEach(stage -> skipped.put(page.names.stage(stage.stage()), stage.journeys()));
        counts(page, "conformance", "analytics.conformance.chart", new String[] {"analytics.col.stage", "stage"},
                new String[] {"analytics.col.skippedBy", "journeys"}, skipped, false);
        AnalyticsTable.Builder offMap = page.table().column("analytics.col.activity", "activity", Format.TEXT)
                .column("analytics.col.events", "events", Format.COUNT)
                .column("analytics.col.journeys", "journeys", Format.COUNT);
        result.offMap().forEach(usage -> offMap.row(usage.name(), usage.events(), usage.journeys()));
        page.chart("conformance-off-map", "analytics.conformance.offMap", "", null, offMap.build());
        AnalyticsTable.Builder neverSeen = page.table().column("analytics.col.touchpoint", "touchpoint", Format.TEXT)
                .column("analytics.col.stage", "stage", Format.TEXT);
        result.neverSeen().forEach(key -> neverSeen.row(page.names.step(key),
                map.flatMap(m -> m.touchpoint(key)).map(tp -> page.names.stage(tp.stage())).orElse("")));
        page.chart("conformance-never-seen", "analytics.conformance.neverSeen", "", null, neverSeen.build());
    }

    private void touchpoints(Page page) {
        KeyTouchpoints.Result result = (KeyTouchpoints.Result) page.run(Map.of());
        Texts t = page.t;
        page.figure("analytics.touchpoints.journeys", t.number(result.journeys()));
        page.figure("analytics.touchpoints.converted", t.number(result.converted()));
        AnalyticsTable.Builder table = page.table().column("analytics.col.touchpoint", "touchpoint", Format.TEXT)
                .column("analytics.col.reach", "reach", Format.COUNT)
                .column("analytics.col.conversionWith", "conversionWith", Format.SHARE)
                .column("analytics.col.conversionWithout", "conversionWithout", Format.SHARE)
                .column("analytics.col.dropOffAfter", "dropOffAfter", Format.COUNT)
                .column("analytics.col.dropOffRate", "dropOffRate", Format.SHARE)
                .column("analytics.col.attributionShare", "attributionShare", Format.SHARE)
                .column("analytics.col.impact", "impact", Format.DECIMAL);
        List<String> categories = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        List<Double> without = new ArrayList<>();
        for (KeyTouchpoints.Touchpoint touchpoint : result.touchpoints()) {
            String name = page.names.step(touchpoint.name());
            table.row(name, touchpoint.reach(), touchpoint.conversionWith(), touchpoint.conversionWithout(),
                    touchpoint.dropOffAfter(), touchpoint.dropOffRate(), touchpoint.attributionShare(), touchpoint.impact());
            categories.add(name);
            with.add(touchpoint.conversionWith());
            without.add(touchpoint.conversionWithout());
        }
        Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put(t.t("analytics.col.conversionWith"), with);
        series.put(t.t("analytics.col.conversionWithout"), without);
        page.chart("touchpoints", "analytics.touchpoints.chart", "bars", bars(categories, series, true, true),
                table.build());
    }

    private void abandonment(Page page) {
        io.parcours.analytics.AbandonmentView result = (io.parcours.analytics.AbandonmentView) page.run(Map.of());
        Texts t = page.t;
        page.figure("analytics.abandonment.withIntent", t.number(result.withIntent()));
        page.figure("analytics.abandonment.converted", t.number(result.converted()));
        page.figure("analytics.abandonment.open", t.number(result.open()));
        page.figure("analytics.abandonment.abandoned", t.number(result.abandoned()));
        page.figure("analytics.abandonment.rate", AnalyticsTable.share(result.abandonmentRate(), t));
        // One row per touchpoint: two touchpoints that share a name are told apart by their key.
        Map<String, Long> namesUsed = new java.util.HashMap<>();
        result.lastTouchpoints().forEach(touchpoint -> namesUsed.merge(page.names.step(touchpoint.name()), 1L, Long::sum));
        Map<String, Long> last = new LinkedHashMap<>();
        for (Abandonment.LastTouchpoint touchpoint : result.lastTouchpoints()) {
            String name = page.names.step(touchpoint.name());
            last.merge(namesUsed.get(name) > 1 ? name + " (" + touchpoint.name() + ")" : name, touchpoint.journeys(),
                    Long::sum);
        }
        counts(page, "abandonment", "analytics.abandonment.chart", new String[] {"analytics.col.lastTouchpoint",
            "touchpoint"}, new String[] {"analytics.col.journeys", "journeys"}, last, true);
        AnalyticsTable.Builder customers = page.table().column("analytics.col.customer", "customer", Format.TEXT);
        result.customers().forEach(customer -> customers.linkedRow(page.filters.customerLink(customer), customer));
        page.chart("abandonment-customers", "analytics.abandonment.customers", "", null, customers.build());
    }
}
