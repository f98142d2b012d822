package io.parcours.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.parcours.analytics.measure.Difference;
import io.parcours.io.Json;
import io.parcours.model.Hypothesis;
import io.parcours.model.JourneyMap;
import io.parcours.model.Keys;
import io.parcours.model.Metric;
import io.parcours.model.ParcoursException;
import io.parcours.model.Role;
import io.parcours.model.Touchpoint;
import io.parcours.model.Workspace;
import io.parcours.store.HypothesisRecords;
import io.parcours.store.ParcoursStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hypotheses board: every hypothesis in its column (to test, running, supported, refuted, and
 * ended without a verdict, called inconclusive rather than forced into either), each card with its
 * experiment's result once it runs; a page per hypothesis with its whole evaluation; and the
 * editors' actions: create (read by the API's own reader), start, end, delete.
 */
final class HypothesisBoard {
    /** The form's fields, as named in the page. */
    static final List<String> FIELDS = List.of("key", "target", "change", "metric", "expectedEffect", "test", "variants",
            "changedAt", "mapVersion", "windowDays");
    /** The columns, in order. */
    static final List<String> COLUMNS = List.of("to-test", "running", "supported", "refuted", "inconclusive");

    private final Dashboard dashboard;
    private final ParcoursStore store;
    private final HypothesisTests tests;
    private final Clock clock;

    HypothesisBoard(Dashboard dashboard, HypothesisTests tests, Clock clock) {
        this.dashboard = dashboard;
        this.store = dashboard.store();
        this.tests = tests;
        this.clock = clock;
    }

    List<PageRoute> routes() {
        String one = "/workspaces/{ws}/hypotheses/{hypothesis}";
        return List.of(
                PageRoute.get("/workspaces/{ws}/hypotheses", Role.VIEWER, ctx -> board(ctx, blankForm(), false)),
                PageRoute.post("/workspaces/{ws}/hypotheses", Role.EDITOR, this::create),
                PageRoute.get(one, Role.VIEWER, this::card),
                PageRoute.post(one + "/start", Role.EDITOR, ctx -> move(ctx, HypothesisRecords.State.RUNNING)),
                PageRoute.post(one + "/end", Role.EDITOR, ctx -> move(ctx, HypothesisRecords.State.ENDED)),
                PageRoute.post(one + "/delete", Role.EDITOR, this::delete));
    }

    // ---- the board --------------------------------------------------------------------------------

    private void board(Context ctx, MeasurementViews.Form form, boolean open) {
        Shell shell = MeasurementPages.shell(dashboard, ctx);
        Texts t = shell.texts();
        Workspace workspace = store.requireWorkspace(ApiRoutes.ws(ctx));
        Map<String, List<MeasurementViews.HypothesisCard>> byColumn = new LinkedHashMap<>();
        COLUMNS.forEach(column -> byColumn.put(column, new ArrayList<>()));
        for (HypothesisRecords.Stored stored : store.hypotheses().all(workspace.key())) {
            MeasurementViews.HypothesisCard card = card(workspace, stored, t);
            byColumn.get(card.column()).add(card);
        }
        List<MeasurementViews.Column> columns = new ArrayList<>();
        byColumn.forEach((id, cards) -> columns.add(new MeasurementViews.Column(id, t.t("measure.board." + id),
                t.t("measure.board." + id + ".hint"), cards)));
        String message = Optional.ofNullable(ctx.queryParam("done")).filter(key -> key.matches("[a-zA-Z]{1,20}"))
                .map(key -> t.t("measure.board.done." + key, Optional.ofNullable(ctx.queryParam("hypothesis"))
                        .filter(Keys::isValid).orElse("")))
                .filter(text -> !text.startsWith("measure.")).orElse("");
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("shell", shell);
        parameters.put("columns", columns);
        parameters.put("form", new MeasurementViews.Form(form.values(), form.errors(), form.error(),
                form.message().isEmpty() ? message : form.message()));
        parameters.put("targets", targetOptions(workspace, form.value("target")));
        parameters.put("open", open);
        dashboard.page(ctx, "measurement/hypotheses.jte", parameters);
    }

    /** The column of a hypothesis: its state, and for an ended one its verdict (inconclusive when it has none). */
    private static String column(HypothesisRecords.State state, Optional<HypothesisTests.Evaluation> evaluation) {
        return switch (state) {
            case TO_TEST -> "to-test";
            case RUNNING -> "running";
            case ENDED -> evaluation.map(HypothesisTests.Evaluation::verdict)
                    .filter(verdict -> verdict.equals("supported") || verdict.equals("refuted")).orElse("inconclusive");
        };
    }

    private MeasurementViews.HypothesisCard card(Workspace workspace, HypothesisRecords.Stored stored, Texts t) {
        Hypothesis hypothesis = stored.hypothesis();
        Evaluated evaluated = evaluate(workspace, stored);
        Optional<HypothesisTests.Evaluation> evaluation = evaluated.evaluation();
        String failure = evaluated.failure();
        Optional<JourneyMap> map = workspace.maps().stream().filter(m -> m.key().equals(hypothesis.map())).findFirst();
        Metric metric = hypothesis.metric();
        List<MeasurementViews.GroupLine> groups = new ArrayList<>();
        List<MeasurementViews.ComparisonLine> comparisons = new ArrayList<>();
        String needed = "";
        String seen = "";
        if (evaluation.isPresent()) {
            for (HypothesisTests.Group group : evaluation.get().groups()) {
                groups.add(new MeasurementViews.GroupLine(group.name(), t.number(group.cases()),
                        group.value().map(v -> MapFigures.value(metric, v, t)).orElse(t.t("panel.notEnough")),
                        group.low().isPresent() && group.high().isPresent()
                                ? MapFigures.value(metric, group.low().get(), t) + " – "
                                        + MapFigures.value(metric, group.high().get(), t) : ""));
            }
            for (HypothesisTests.Comparison comparison : evaluation.get().comparisons()) {
                Difference d = comparison.difference();
                comparisons.add(new MeasurementViews.ComparisonLine(comparison.group(), signed(d.estimate(), metric, t),
                        signedNumber(d.low(), t) + " – " + signedNumber(d.high(), t), testName(d.test(), t),
                        MeasurementPages.pValue(d.pValue(), t), t.t("measure.verdict." + comparison.verdict())));
            }
            needed = evaluation.get().neededPerGroup().map(t::number).orElse(t.t("measure.hyp.neededUnknown"));
            seen = String.join(" / ", evaluation.get().groups().stream().map(g -> t.number(g.cases())).toList());
        }
        String column = column(stored.state(), evaluation);
        String evidence = hypothesis.test() == Hypothesis.Test.AB ? t.t("measure.hyp.evidence.ab")
                : t.t("measure.hyp.evidence.beforeAfter");
        String version = hypothesis.mapVersion().map(number -> evaluation.flatMap(HypothesisTests.Evaluation::mapVersionSavedAt)
                .map(at -> t.t("measure.hyp.versionSaved", number, t.dateTime(java.time.Instant.parse(at))))
                .orElse(t.t("measure.hyp.version", number))).orElse("");
        return new MeasurementViews.HypothesisCard(hypothesis.key(), hypothesis.change(), hypothesis.map(),
                map.map(JourneyMap::name).orElse(hypothesis.map()), hypothesis.touchpoint(),
                map.flatMap(m -> m.touchpoint(hypothesis.touchpoint())).map(Touchpoint::name).orElse(hypothesis.touchpoint()),
                t.t("metric." + metric.id()), t.t("measure.hyp.effect", signed(hypothesis.expectedEffect(), metric, t)),
                hypothesis.test() == Hypothesis.Test.AB
                        ? t.t("measure.hyp.test.ab", String.join(", ", hypothesis.variants().stream()
                                .map(Hypothesis.Variant::key).toList()))
                        : t.t("measure.hyp.test.beforeAfter", hypothesis.changedAt().map(t::dateTime).orElse("?"),
                                hypothesis.windowDays()),
                stored.state().id(), column, evaluation.map(e -> t.t("measure.verdict." + e.verdict())).orElse(""),
                evaluation.isPresent(), failure, evidence, groups, comparisons, needed, seen, t.dateTime(stored.createdAt()),
                stored.startedAt().map(t::dateTime).orElse(""), stored.endedAt().map(t::dateTime).orElse(""), version);
    }

    /** A hypothesis's evaluation, or why it cannot be made (its touchpoint left the map...); none before it starts. */
    private record Evaluated(Optional<HypothesisTests.Evaluation> evaluation, String failure) {}

    private Evaluated evaluate(Workspace workspace, HypothesisRecords.Stored stored) {
        if (stored.state() == HypothesisRecords.State.TO_TEST) {
            return new Evaluated(Optional.empty(), "");
        }
        try {
            return new Evaluated(Optional.of(tests.evaluate(workspace.key(), stored.hypothesis().key(), FiguresCache.Freshness.RECENT)), "");
        } catch (ParcoursException error) {
            Dashboard.rethrowIfServerTrouble(error);
            return new Evaluated(Optional.empty(), error.getMessage());
        }
    }

    /** A change in the metric's unit, with its sign: "+5.0 points", "−0.5". */
    private static String signed(double value, Metric metric, Texts t) {
        String number = signedNumber(value, t);
        return metric == Metric.CES ? number : t.t("measure.hyp.points", number);
    }

    private static String signedNumber(double value, Texts t) {
        return (value > 0 ? "+" : "") + t.decimal(value, 1);
    }

    /** The name of a test in the page's language. */
    private static String testName(String test, Texts t) {
        return switch (test) {
            case "two-proportion z-test" -> t.t("measure.hyp.testName.proportions");
            case "z-test on the difference of NPS" -> t.t("measure.hyp.testName.nps");
            case "Welch's t-test" -> t.t("measure.hyp.testName.welch");
            default -> test;
        };
    }

    private void card(Context ctx) {
        Shell shell = MeasurementPages.shell(dashboard, ctx);
        Workspace workspace = store.requireWorkspace(ApiRoutes.ws(ctx));
        HypothesisRecords.Stored stored = store.hypotheses().require(workspace.key(), ApiRoutes.key(ctx, "hypothesis"));
        dashboard.page(ctx, "measurement/hypothesis.jte", Map.of("shell", shell,
                "card", card(workspace, stored, shell.texts())));
    }

    // ---- the actions ------------------------------------------------------------------------------

    private static MeasurementViews.Form blankForm() {
        Map<String, String> values = new LinkedHashMap<>();
        FIELDS.forEach(field -> values.put(field, ""));
        values.put("metric", "conversion");
        values.put("test", "ab");
        values.put("variants", "control, change");
        values.put("windowDays", "28");
        return new MeasurementViews.Form(values, Map.of(), "", "");
    }

    /**
     * Creates a hypothesis from the form: the form becomes the API's JSON body and is read by the
     * API's reader, so the checks and messages are the same. A key in use is refused, not replaced.
     */
    private void create(Context ctx) {
        Map<String, String> values = new LinkedHashMap<>();
        FIELDS.forEach(field -> values.put(field, Optional.ofNullable(ctx.formParam(field)).orElse("")));
        String ws = ApiRoutes.ws(ctx);
        Hypothesis hypothesis;
        try {
            String key = values.get("key").strip().isEmpty() ? Keys.slugOf(values.get("change")) : values.get("key").strip();
            if (store.hypotheses().find(ws, key).isPresent()) {
                throw ParcoursException.invalid("key", "hypothesis '" + key + "' exists already: choose another key");
            }
            hypothesis = HypothesisTests.read(store, ws, key, body(values));
            store.hypotheses().save(ws, hypothesis, clock.instant());
        } catch (ParcoursException error) {
            Dashboard.refuse(ctx, error);
            String field = fieldOf(error.field());
            Map<String, String> errors = field.isEmpty() ? Map.of() : Map.of(field, error.getMessage());
            board(ctx, new MeasurementViews.Form(values, errors, field.isEmpty() ? error.getMessage() : "", ""), true);
            return;
        }
        ctx.redirect("/workspaces/" + ws + "/hypotheses?done=created&hypothesis=" + hypothesis.key() + "#card-"
                + hypothesis.key(), HttpStatus.SEE_OTHER);
    }

    /** The API's JSON body made from the form, numbers as numbers where they read as numbers. */
    private static ObjectNode body(Map<String, String> values) {
        ObjectNode body = Json.mapper().createObjectNode();
        String target = values.get("target").strip();
        int slash = target.indexOf('/');
        body.put("map", slash < 0 ? target : target.substring(0, slash));
        body.put("touchpoint", slash < 0 ? "" : target.substring(slash + 1));
        body.put("change", values.get("change"));
        body.put("metric", values.get("metric"));
        putNumber(body, "expectedEffect", values.get("expectedEffect"));
        body.put("test", values.get("test"));
        if (!values.get("test").equals("before-after")) {
            ArrayNode variants = body.putArray("variants");
            for (String item : values.get("variants").split(",")) {
                String variant = item.strip();
                if (variant.isEmpty()) {
                    continue;
                }
                ObjectNode node = variants.addObject();
                int colon = variant.lastIndexOf(':');
                node.put("key", colon < 0 ? variant : variant.substring(0, colon).strip());
                if (colon >= 0) {
                    putNumber(node, "weight", variant.substring(colon + 1));
                }
            }
        }
        String changedAt = values.get("changedAt").strip();
        if (!changedAt.isEmpty()) {
            body.put("changedAt", changedAt.matches("\\d{4}-\\d{2}-\\d{2}") ? changedAt + "T00:00:00Z"
                    : changedAt.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}") ? changedAt + ":00Z" : changedAt);
        }
        if (!values.get("mapVersion").isBlank()) {
            putNumber(body, "mapVersion", values.get("mapVersion"));
        }
        if (!values.get("windowDays").isBlank()) {
            putNumber(body, "windowDays", values.get("windowDays"));
        }
        return body;
    }

    private static void putNumber(ObjectNode node, String field, String text) {
        String typed = text == null ? "" : text.strip().replace(',', '.').replace('−', '-');
        if (typed.matches("-?\\d{1,9}")) {
            node.put(field, Integer.parseInt(typed));
        } else if (typed.matches("[-+]?\\d{0,12}(\\.\\d{1,12})?") && !typed.isEmpty() && !typed.equals("-")) {
            node.put(field, Double.parseDouble(typed));
        } else {
            node.put(field, typed);
        }
    }

    /** The form field a problem of the API's reader concerns. */
    private static String fieldOf(String field) {
        return switch (field) {
            case "map", "touchpoint" -> "target";
            case "variant" -> "variants";
            case "key", "change", "metric", "expectedEffect", "test", "variants", "changedAt", "mapVersion", "windowDays" -> field;
            default -> "";
        };
    }

    /** Starts or ends a test, then back to the board with a message. */
    private void move(Context ctx, HypothesisRecords.State to) {
        String ws = ApiRoutes.ws(ctx);
        String key = ApiRoutes.key(ctx, "hypothesis");
        store.hypotheses().move(ws, key, to, clock.instant());
        ctx.redirect("/workspaces/" + ws + "/hypotheses?done=" + (to == HypothesisRecords.State.RUNNING ? "started" : "ended")
                + "&hypothesis=" + key + "#card-" + key, HttpStatus.SEE_OTHER);
    }

    /** Asks first; deletes when the confirmation is sent. Its exposure events stay, as with the API. */
    private void delete(Context ctx) {
        String ws = ApiRoutes.ws(ctx);
        HypothesisRecords.Stored stored = store.hypotheses().require(ws, ApiRoutes.key(ctx, "hypothesis"));
        String key = stored.hypothesis().key();
        if (!"yes".equals(ctx.formParam("confirm"))) {
            Shell shell = MeasurementPages.shell(dashboard, ctx);
            MeasurementPages.confirm(dashboard, ctx, shell, shell.t("measure.hyp.deleteTitle", key),
                    shell.t("measure.hyp.deleteQuestion", stored.hypothesis().change()),
                    "/workspaces/" + ws + "/hypotheses/" + key + "/delete", "/workspaces/" + ws + "/hypotheses/" + key);
            return;
        }
        store.hypotheses().delete(ws, key);
        ctx.redirect("/workspaces/" + ws + "/hypotheses?done=deleted&hypothesis=" + key, HttpStatus.SEE_OTHER);
    }

    /** Every touchpoint of every map, as "map/touchpoint", grouped by map. */
    private static List<MeasurementViews.Option> targetOptions(Workspace workspace, String chosen) {
        List<MeasurementViews.Option> options = new ArrayList<>();
        for (JourneyMap map : workspace.maps()) {
            for (Touchpoint touchpoint : map.touchpoints()) {
                String value = map.key() + "/" + touchpoint.key();
                options.add(new MeasurementViews.Option(value, touchpoint.name(), value.equals(chosen), map.name()));
            }
        }
        return options;
    }
}
