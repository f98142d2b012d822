package io.parcours.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.parcours.io.Json;
import io.parcours.io.mapfile.MapFiles;
import io.parcours.model.DurationText;
import io.parcours.model.JourneyMap;
import io.parcours.model.LocalizedText;
import io.parcours.model.Metric;
import io.parcours.model.ParcoursException;
import io.parcours.model.Problem;
import io.parcours.model.Role;
import io.parcours.model.Suggestions;
import io.parcours.model.Survey;
import io.parcours.model.SurveyType;
import io.parcours.model.Touchpoint;
import io.parcours.store.MapVersion;
import io.parcours.store.ParcoursStore;
import io.parcours.store.SavedMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The survey builder: a form to create or change a standard survey (NPS, CSAT, CES) on a touchpoint
 * of a map, with the survey drawn beside it exactly as a customer gets it, and the survey's deletion.
 * The form is turned into the touchpoint's map-file fields and read back through the map-file reader,
 * so it is checked by the same rules, with the same messages, as a map file; saving it saves a new
 * version of the map, in the name of the user, through the store's locked edit like the API's.
 * Custom surveys (several questions) are written in the map file.
 */
final class SurveyBuilder {
    /** The form's fields, as named in the page. */
    static final List<String> FIELDS = List.of("key", "touchpoint", "type", "question.en", "question.fr", "why", "delay",
            "sampling", "expiry", "target", "language");

    private final Dashboard dashboard;
    private final ParcoursStore store;

    SurveyBuilder(Dashboard dashboard) {
        this.dashboard = dashboard;
        this.store = dashboard.store();
    }

    List<PageRoute> routes() {
        String map = "/workspaces/{ws}/maps/{map}";
        return List.of(
                PageRoute.get(map + "/new-survey", Role.EDITOR, ctx -> show(ctx, Optional.empty())),
                PageRoute.post(map + "/new-survey", Role.EDITOR, ctx -> submit(ctx, Optional.empty())),
                PageRoute.get(map + "/surveys/{survey}/edit", Role.EDITOR, ctx -> show(ctx, Optional.of(surveyKey(ctx)))),
                PageRoute.post(map + "/surveys/{survey}/edit", Role.EDITOR, ctx -> submit(ctx, Optional.of(surveyKey(ctx)))),
                PageRoute.post(map + "/survey-preview", Role.EDITOR, this::previewFragment),
                PageRoute.get(map + "/surveys/{survey}/preview", Role.VIEWER, this::previewPage),
                PageRoute.post(map + "/surveys/{survey}/delete", Role.EDITOR, this::delete));
    }

    private static String surveyKey(Context ctx) {
        return ApiRoutes.key(ctx, "survey");
    }

    private JourneyMap latest(Context ctx) {
        return store.requireLatestMap(ApiRoutes.ws(ctx), ApiRoutes.key(ctx, "map")).map();
    }

    // ---- the form -------------------------------------------------------------------------------

    /** The builder, empty for a new survey (on the touchpoint in {@code ?touchpoint=} if any), or filled with a survey. */
    private void show(Context ctx, Optional<String> editing) {
        JourneyMap map = latest(ctx);
        Map<String, String> values;
        if (editing.isPresent()) {
            Touchpoint touchpoint = touchpointOf(map, editing.get());
            values = valuesOf(map, touchpoint, touchpoint.survey(editing.get()).orElseThrow());
        } else {
            values = blank(map, Optional.ofNullable(ctx.queryParam("touchpoint")));
        }
        Texts t = Dashboard.texts(ctx);
        String message = savedMessage(ctx, map, t);
        render(ctx, map, editing, new MeasurementViews.Form(values, Map.of(), "", message));
    }

    /** The form sent: "preview" shows it again with the survey as it would be; otherwise it is saved. */
    private void submit(Context ctx, Optional<String> editing) {
        JourneyMap map = latest(ctx);
        editing.ifPresent(key -> {
            Touchpoint touchpoint = touchpointOf(map, key);
            valuesOf(map, touchpoint, touchpoint.survey(key).orElseThrow()); // refuses a custom survey
        });
        Map<String, String> values = read(ctx);
        if ("preview".equals(ctx.formParam("intent"))) {
            render(ctx, map, editing, new MeasurementViews.Form(values, Map.of(), "", ""));
            return;
        }
        String ws = ApiRoutes.ws(ctx);
        SavedMap saved;
        try {
            saved = store.edit(ws, map.key(), latest -> apply(latest, values, editing), Caller.require(ctx).name(),
                    "survey builder: survey '" + keyOf(values, editing) + "'");
        } catch (ParcoursException error) {
            Dashboard.refuse(ctx, error);
            Map<String, String> errors = errors(error);
            render(ctx, map, editing, new MeasurementViews.Form(values, errors, errors.isEmpty() ? error.getMessage() : "", ""));
            return;
        }
        ctx.redirect("/workspaces/" + ws + "/maps/" + map.key() + "/surveys/" + keyOf(values, editing) + "/edit?"
                + (saved.changed() ? "saved=" : "unchanged=") + saved.version().version(), HttpStatus.SEE_OTHER);
    }

    private void render(Context ctx, JourneyMap map, Optional<String> editing, MeasurementViews.Form form) {
        Shell shell = MeasurementPages.shell(dashboard, ctx);
        Preview preview = preview(map, form.values(), editing, shell.texts());
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("shell", shell);
        parameters.put("builder", new MeasurementViews.Builder(ApiRoutes.ws(ctx), map.key(), map.name(), editing.isPresent(),
                editing.orElse(""), form, touchpointOptions(map, form.value("touchpoint")),
                typeOptions(form.value("type"), shell.texts()), preview.html(), preview.error()));
        dashboard.page(ctx, "measurement/builder.jte", parameters);
    }

    /** After a save, what it made: the version, who saved it and when, read back from the store. */
    private String savedMessage(Context ctx, JourneyMap map, Texts t) {
        for (String parameter : List.of("saved", "unchanged")) {
            String text = ctx.queryParam(parameter);
            if (text != null && text.matches("\\d{1,9}")) {
                int number = Integer.parseInt(text);
                MapVersion version = store.version(ApiRoutes.ws(ctx), map.key(), number);
                return parameter.equals("saved")
                        ? t.t("measure.builder.saved", number, map.name(), version.author(), t.dateTime(version.savedAt()))
                        : t.t("measure.builder.unchanged", number);
            }
        }
        return "";
    }

    /** The form's values as sent; a missing checkbox is an empty value. */
    private static Map<String, String> read(Context ctx) {
        return MapEditorPages.typed(ctx, FIELDS);
    }

    /** A new survey's form: an NPS survey in its standard wording, asked at once of everyone, open 14 days. */
    private static Map<String, String> blank(JourneyMap map, Optional<String> touchpoint) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("key", "");
        values.put("touchpoint", touchpoint.filter(key -> map.touchpoint(key).isPresent())
                .orElse(map.touchpoints().isEmpty() ? "" : map.touchpoints().get(0).key()));
        values.put("type", SurveyType.NPS.id());
        LocalizedText standard = SurveyType.NPS.defaultQuestion().orElseThrow();
        values.put("question.en", standard.texts().getOrDefault("en", ""));
        values.put("question.fr", standard.texts().getOrDefault("fr", ""));
        values.put("why", "true");
        values.put("delay", "0");
        values.put("sampling", "100%");
        values.put("expiry", DurationText.format(Survey.DEFAULT_EXPIRY));
        values.put("target", "");
        values.put("language", "en");
        return values;
    }

    /** The form of an existing survey. */
    private static Map<String, String> valuesOf(JourneyMap map, Touchpoint touchpoint, Survey survey) {
        if (!survey.type().standard()) {
            throw ParcoursException.conflict("survey '" + survey.key() + "' is a custom survey: its questions are written "
                    + "in the map file (see docs/map-format.md), not in the builder");
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("key", survey.key());
        values.put("touchpoint", touchpoint.key());
        values.put("type", survey.type().id());
        LocalizedText question = survey.question().orElseGet(() -> survey.type().defaultQuestion().orElseThrow());
        values.put("question.en", question.texts().getOrDefault("en", ""));
        values.put("question.fr", question.texts().getOrDefault("fr", ""));
        values.put("why", survey.askWhy() ? "true" : "");
        values.put("delay", DurationText.format(survey.delay()));
        values.put("sampling", percent(survey.sampling()));
        values.put("expiry", DurationText.format(survey.expiry()));
        Optional<Metric> metric = survey.type().metric();
        values.put("target", touchpoint.targets().stream().filter(target -> metric.filter(target.metric()::equals).isPresent())
                .findFirst().map(target -> number(target.target())).orElse(""));
        values.put("language", "en");
        return values;
    }

    private static String percent(double share) {
        return number(share * 100) + "%";
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    // ---- from the form to the map ----------------------------------------------------------------

    /** The survey's key: the one edited, else the one typed, else made from the type and the touchpoint. */
    private static String keyOf(Map<String, String> values, Optional<String> editing) {
        if (editing.isPresent()) {
            return editing.get();
        }
        String typed = values.getOrDefault("key", "").strip();
        return typed.isEmpty() ? io.parcours.model.Keys.slugOf(values.get("type") + "-" + values.get("touchpoint")) : typed;
    }

    /**
     * The map with the survey of the form on its touchpoint (moved there when it was on another), its
     * score target on the touchpoint: checked by the map-file reader and the map's own rules.
     */
    static JourneyMap apply(JourneyMap map, Map<String, String> values, Optional<String> editing) {
        String touchpointKey = values.getOrDefault("touchpoint", "").strip();
        Touchpoint target = map.touchpoint(touchpointKey).orElseThrow(() -> ParcoursException.invalid("touchpoint",
                "map '" + map.key() + "' has no touchpoint '" + touchpointKey + "'"
                        + Suggestions.hint(touchpointKey, map.touchpoints().stream().map(Touchpoint::key).toList())));
        String key = keyOf(values, editing);
        Optional<Touchpoint> previous = map.touchpointOfSurvey(key);
        if (editing.isEmpty() && previous.isPresent()) {
            throw ParcoursException.invalid("key", "survey key '" + key + "' is already used in map '" + map.key()
                    + "' (touchpoint '" + previous.get().key() + "'): choose another key, or change that survey");
        }
        if (editing.isPresent() && previous.isEmpty()) {
            throw ParcoursException.notFound("map '" + map.key() + "' has no survey '" + key + "'");
        }
        Map<String, Object> fields = new LinkedHashMap<>(MapFiles.tree(target));
        List<Object> surveys = new ArrayList<>((List<?>) fields.getOrDefault("surveys", List.of()));
        Map<String, Object> survey = surveyFields(key, values);
        int at = target.surveys().stream().map(Survey::key).toList().indexOf(key);
        if (at >= 0) {
            surveys.set(at, survey);
        } else {
            surveys.add(survey);
        }
        fields.put("surveys", surveys);
        Optional<Metric> metric = SurveyType.fromId(values.getOrDefault("type", "")).flatMap(SurveyType::metric);
        if (metric.isPresent()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> targets = new LinkedHashMap<>((Map<String, Object>) fields.getOrDefault("targets", Map.of()));
            String typed = values.getOrDefault("target", "").strip().replace(',', '.');
            if (typed.isEmpty()) {
                targets.remove(metric.get().id());
            } else {
                targets.put(metric.get().id(), typed);
            }
            fields.remove("targets");
            if (!targets.isEmpty()) {
                fields.put("targets", targets);
            }
        }
        String text;
        try {
            text = Json.mapper().writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a touchpoint always writes as JSON", e);
        }
        Touchpoint rebuilt = MapFiles.readTouchpoint("the form", text, Optional.of(target.key()));
        List<Touchpoint> touchpoints = new ArrayList<>();
        for (Touchpoint touchpoint : map.touchpoints()) {
            if (touchpoint.key().equals(target.key())) {
                touchpoints.add(rebuilt);
            } else if (previous.filter(p -> p.key().equals(touchpoint.key())).isPresent()) {
                touchpoints.add(touchpoint.withSurveys(touchpoint.surveys().stream().filter(s -> !s.key().equals(key)).toList()));
            } else {
                touchpoints.add(touchpoint);
            }
        }
        return map.withStages(map.stages(), touchpoints);
    }

    /**
     * The survey's map-file fields, as typed: the question only when it is not the type's standard
     * wording (which is then kept in both languages), a language left empty not written.
     */
    private static Map<String, Object> surveyFields(String key, Map<String, String> values) {
        Map<String, Object> survey = new LinkedHashMap<>();
        survey.put("key", key);
        String type = values.getOrDefault("type", "").strip();
        survey.put("type", type);
        Map<String, String> question = new LinkedHashMap<>();
        for (String language : LocalizedText.LANGUAGES) {
            String text = values.getOrDefault("question." + language, "").strip();
            if (!text.isEmpty()) {
                question.put(language, text);
            }
        }
        Optional<LocalizedText> standard = SurveyType.fromId(type).flatMap(SurveyType::defaultQuestion);
        if (standard.isEmpty() || !standard.get().texts().equals(question)) {
            survey.put("question", question);
        }
        if (values.getOrDefault("why", "").isEmpty()) {
            survey.put("why", "false");
        }
        for (String field : List.of("delay", "sampling", "expiry")) {
            String text = values.getOrDefault(field, "").strip();
            if (!text.isEmpty()) {
                survey.put(field, text);
            }
        }
        return survey;
    }

    /** Each problem under the form field it concerns; problems of no field are left to the form's message. */
    static Map<String, String> errors(ParcoursException error) {
        Map<String, String> errors = new LinkedHashMap<>();
        List<Problem> problems = error.problems().isEmpty() ? List.of(Problem.of("", error.getMessage())) : error.problems();
        for (Problem problem : problems) {
            String field = fieldOf(problem.field());
            if (!field.isEmpty()) {
                errors.merge(field, problem.message(), (a, b) -> a + " " + b);
            }
        }
        return errors;
    }

    private static String fieldOf(String path) {
        if (path.equals("touchpoint")) {
            return "touchpoint";
        }
        if (path.contains("question.fr")) {
            return "question.fr";
        }
        if (path.contains(".question")) {
            return "question.en";
        }
        if (path.startsWith("targets") || path.equals("target")) {
            return "target";
        }
        for (String field : List.of("delay", "sampling", "expiry", "type", "why")) {
            if (path.endsWith("." + field)) {
                return field;
            }
        }
        if (path.equals("key") || path.endsWith("surveys[0].key") || path.matches(".*surveys\\[\\d+]\\.key")) {
            return "key";
        }
        return "";
    }

    // ---- the preview ----------------------------------------------------------------------------

    /** The survey page of the form's survey, or why it cannot be drawn yet. */
    private record Preview(String html, String error) {}

    private Preview preview(JourneyMap map, Map<String, String> values, Optional<String> editing, Texts t) {
        try {
            JourneyMap changed = apply(map, values, editing);
            Survey survey = changed.touchpointOfSurvey(keyOf(values, editing)).flatMap(tp -> tp.survey(keyOf(values, editing)))
                    .orElseThrow();
            return new Preview(surveyPage(survey, LocalizedText.language(values.getOrDefault("language", "en")), "#"), "");
        } catch (ParcoursException error) {
            Dashboard.rethrowIfServerTrouble(error);
            List<String> messages = error.problems().isEmpty() ? List.of(error.getMessage())
                    : error.problems().stream().map(Problem::message).toList();
            return new Preview("", t.t("measure.builder.previewNeeds") + " " + String.join(" ", messages));
        }
    }

    /** The hosted survey page of {@code survey}, as a customer gets it in {@code language}, from the same template. */
    String surveyPage(Survey survey, String language, String action) {
        SurveyRoutes.SurveyView view = new SurveyRoutes.SurveyView("", survey.key(), survey.type().id(), language, "open",
                null, SurveyRoutes.questionsIn(survey, language));
        return dashboard.render("survey.jte", Map.of("page", SurveyPage.form(view, action, null, null)));
    }

    /** The preview beside the form, for htmx: the survey page in a frame, redrawn as the form changes. */
    private void previewFragment(Context ctx) {
        JourneyMap map = latest(ctx);
        Optional<String> editing = Optional.ofNullable(ctx.formParam("editing")).filter(key -> !key.isBlank());
        Shell shell = MeasurementPages.shell(dashboard, ctx);
        Preview preview = preview(map, read(ctx), editing, shell.texts());
        dashboard.page(ctx, "measurement/preview.jte", Map.of("shell", shell, "preview", preview.html(),
                "previewError", preview.error()));
    }

    /**
     * A saved survey exactly as its customers get it ({@code ?language=fr}), to look at: nothing is
     * recorded, and the page may not send its form (a sandbox without forms).
     */
    private void previewPage(Context ctx) {
        JourneyMap map = latest(ctx);
        String key = surveyKey(ctx);
        Survey survey = touchpointOf(map, key).survey(key).orElseThrow();
        String language = LocalizedText.language(Optional.ofNullable(ctx.queryParam("language")).orElse("en"));
        ctx.header("Content-Security-Policy", SecurityHeaders.SURVEY_PREVIEW_POLICY);
        ctx.html(surveyPage(survey, language, "#"));
    }

    // ---- deleting ---------------------------------------------------------------------------------

    /** Asks first; deletes when the confirmation is sent, saving a new version of the map. Answers stay. */
    private void delete(Context ctx) {
        JourneyMap map = latest(ctx);
        String key = surveyKey(ctx);
        Touchpoint touchpoint = touchpointOf(map, key);
        String ws = ApiRoutes.ws(ctx);
        Shell shell = MeasurementPages.shell(dashboard, ctx);
        if (!"yes".equals(ctx.formParam("confirm"))) {
            MeasurementPages.confirm(dashboard, ctx, shell, shell.t("measure.builder.deleteTitle", key),
                    shell.t("measure.builder.deleteQuestion", key, touchpoint.name(), map.name()),
                    "/workspaces/" + ws + "/maps/" + map.key() + "/surveys/" + key + "/delete",
                    "/workspaces/" + ws + "/maps/" + map.key() + "/surveys/" + key);
            return;
        }
        SavedMap saved = store.edit(ws, map.key(), latest -> latest.withStages(latest.stages(), latest.touchpoints().stream()
                        .map(tp -> tp.withSurveys(tp.surveys().stream().filter(s -> !s.key().equals(key)).toList())).toList()),
                Caller.require(ctx).name(), "survey builder: deleted survey '" + key + "'");
        ctx.redirect("/workspaces/" + ws + "/surveys?deleted=" + key + "&version=" + saved.version().version(),
                HttpStatus.SEE_OTHER);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static Touchpoint touchpointOf(JourneyMap map, String survey) {
        return map.touchpointOfSurvey(survey).orElseThrow(() -> ParcoursException.notFound("map '" + map.key()
                + "' has no survey '" + survey + "'"));
    }

    private static List<MeasurementViews.Option> touchpointOptions(JourneyMap map, String chosen) {
        List<MeasurementViews.Option> options = new ArrayList<>();
        for (Touchpoint touchpoint : map.touchpoints()) {
            String stage = map.stage(touchpoint.stage()).map(s -> s.name()).orElse(touchpoint.stage());
            options.add(new MeasurementViews.Option(touchpoint.key(), touchpoint.name(), touchpoint.key().equals(chosen), stage));
        }
        return options;
    }

    private static List<MeasurementViews.TypeOption> typeOptions(String chosen, Texts t) {
        return List.of(SurveyType.NPS, SurveyType.CSAT, SurveyType.CES).stream().map(type -> {
            Map<String, String> standard = type.defaultQuestion().orElseThrow().texts();
            return new MeasurementViews.TypeOption(type.id(), t.t("measure.type." + type.id()), type.id().equals(chosen),
                    standard.get("en"), standard.get("fr"));
        }).toList();
    }
}
