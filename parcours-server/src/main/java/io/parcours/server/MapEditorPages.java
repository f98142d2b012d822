package io.parcours.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.parcours.io.mapfile.MapFiles;
import io.parcours.model.Channel;
import io.parcours.model.JourneyMap;
import io.parcours.model.Keys;
import io.parcours.model.MapEdits;
import io.parcours.model.MapState;
import io.parcours.model.MatchRule;
import io.parcours.model.Metric;
import io.parcours.model.ParcoursException;
import io.parcours.model.Role;
import io.parcours.model.Stage;
import io.parcours.model.Touchpoint;
import io.parcours.model.Workspace;
import io.parcours.store.MapVersion;
import io.parcours.store.ParcoursStore;
import io.parcours.store.SavedMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The map editor in the browser: a map's settings, its stages with every lane, its touchpoints with
 * their channel, owner, targets and matching rules, their order, and their removal. Every save goes
 * through {@link MapEdits} and the store, as the API's do, and so becomes a new version of the map
 * with the editor's name. A form refused for a problem comes back with the problem beside its field
 * and everything typed kept; a form whose stage or touchpoint someone else changed meanwhile comes
 * back with a warning instead of overwriting their change.
 */
final class MapEditorPages {
    /** The lanes of a stage that hold lists of texts, one per line in the form, in the order the form shows them. */
    static final List<String> LANES = List.of("customerGoals", "actions", "questions", "expectations", "pains", "gains",
            "opportunities", "companyGoals", "measures");
    /** The most matching rules one touchpoint form shows (the touchpoint's own plus blank ones to add). */
    private static final int BLANK_RULES = 2;

    private final Dashboard dashboard;
    private final ParcoursStore store;
    private final ObjectMapper json;

    MapEditorPages(Dashboard dashboard, ObjectMapper json) {
        this.dashboard = dashboard;
        this.store = dashboard.store();
        this.json = json;
    }

    List<PageRoute> routes() {
        String map = "/workspaces/{ws}/maps/{map}";
        return List.of(
                PageRoute.get(map + "/edit", Role.EDITOR, this::overview),
                PageRoute.post(map + "/edit", Role.EDITOR, this::saveSettings),
                PageRoute.get(map + "/edit/new-stage", Role.EDITOR, ctx -> stagePage(ctx, true)),
                PageRoute.post(map + "/edit/new-stage", Role.EDITOR, ctx -> saveStage(ctx, true)),
                PageRoute.get(map + "/edit/stages/{stage}", Role.EDITOR, ctx -> stagePage(ctx, false)),
                PageRoute.post(map + "/edit/stages/{stage}", Role.EDITOR, ctx -> saveStage(ctx, false)),
                PageRoute.post(map + "/edit/stages/{stage}/move", Role.EDITOR, ctx -> {
                    String key = ApiRoutes.key(ctx, "stage");
                    change(ctx, m -> MapEdits.moveStage(m, key, direction(ctx)), "moved stage '" + key + "'", "stage-" + key);
                }),
                PageRoute.post(map + "/edit/stages/{stage}/delete", Role.EDITOR, ctx -> {
                    String key = ApiRoutes.key(ctx, "stage");
                    change(ctx, m -> MapEdits.deleteStage(m, key), "removed stage '" + key + "'", "stages");
                }),
                PageRoute.get(map + "/edit/new-touchpoint", Role.EDITOR, ctx -> touchpointPage(ctx, true)),
                PageRoute.post(map + "/edit/new-touchpoint", Role.EDITOR, ctx -> saveTouchpoint(ctx, true)),
                PageRoute.get(map + "/edit/touchpoints/{touchpoint}", Role.EDITOR, ctx -> touchpointPage(ctx, false)),
                PageRoute.post(map + "/edit/touchpoints/{touchpoint}", Role.EDITOR, ctx -> saveTouchpoint(ctx, false)),
                PageRoute.post(map + "/edit/touchpoints/{touchpoint}/move", Role.EDITOR, ctx -> {
                    String key = ApiRoutes.key(ctx, "touchpoint");
                    change(ctx, m -> MapEdits.moveTouchpoint(m, key, direction(ctx)), "moved touchpoint '" + key + "'",
                            "touchpoint-" + key);
                }),
                PageRoute.post(map + "/edit/touchpoints/{touchpoint}/delete", Role.EDITOR, ctx -> {
                    String key = ApiRoutes.key(ctx, "touchpoint");
                    change(ctx, m -> MapEdits.deleteTouchpoint(m, key), "removed touchpoint '" + key + "'", "stages");
                }),
                PageRoute.post(map + "/delete", Role.EDITOR, this::deleteMap));
    }

    // ---- the overview: settings, stages and touchpoints in order ----------------------------------

    /** The map being edited, at its latest version. */
    private record Editing(Workspace workspace, MapVersion latest) {
        JourneyMap map() {
            return latest.map();
        }

        String editPath() {
            return "/workspaces/" + workspace.key() + "/maps/" + map().key() + "/edit";
        }
    }

    private Editing editing(Context ctx) {
        Workspace workspace = store.requireWorkspace(ApiRoutes.ws(ctx));
        return new Editing(workspace, store.requireLatestMap(workspace.key(), ApiRoutes.key(ctx, "map")));
    }

    private void overview(Context ctx) {
        Editing editing = editing(ctx);
        showOverview(ctx, editing, settingsForm(editing), problemsOf(ctx));
    }

    private void showOverview(Context ctx, Editing editing, EditForm settings, String problem) {
        Shell shell = dashboard.shell(ctx).in(editing.workspace().key(), "maps");
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("shell", shell);
        parameters.put("view", new MapEditorView(editing.workspace(), editing.map(), editing.latest().version(),
                savedNotice(ctx, editing, shell.texts()), problem));
        parameters.put("settings", settings);
        dashboard.page(ctx, "mapedit.jte", parameters);
    }

    /** "Saved as version 7", with the version to compare it to, after a redirect from a save. */
    private static MapEditorView.Saved savedNotice(Context ctx, Editing editing, Texts t) {
        String saved = ctx.queryParam("saved");
        if (saved == null || !saved.matches("\\d{1,9}")) {
            return null;
        }
        int version = Integer.parseInt(saved);
        if (version == 0) {
            return new MapEditorView.Saved(t.t("editor.unchanged"), "");
        }
        if (version > editing.latest().version()) {
            return null;
        }
        String compare = version > 1 ? "/workspaces/" + editing.workspace().key() + "/maps/" + editing.map().key()
                + "?version=" + version + "&compare=" + (version - 1) : "";
        return new MapEditorView.Saved(t.t("editor.saved", version), compare);
    }

    /** A refusal carried over a redirect (a move or removal that could not be done), in the page's language. */
    private static String problemsOf(Context ctx) {
        String problem = ctx.queryParam("problem");
        return problem == null || problem.length() > 500 ? "" : problem;
    }

    private static EditForm settingsForm(Editing editing) {
        JourneyMap map = editing.map();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", map.name());
        values.put("description", map.description());
        values.put("persona", map.persona());
        values.put("state", map.state().id());
        values.put("conversion", map.conversion().orElse(""));
        values.put("redesigns", map.redesigns().orElse(""));
        values.put("base", Integer.toString(editing.latest().version()));
        return EditForm.of(values);
    }

    private void saveSettings(Context ctx) {
        Editing editing = editing(ctx);
        Map<String, String> typed = typed(ctx, List.of("name", "description", "persona", "state", "conversion",
                "redesigns", "note", "base"));
        saveForm(ctx, editing, typed, Set.of("name", "description", "persona", "state", "conversion", "redesigns"),
                "changed the map's settings", "settings", (now, form) -> showOverview(ctx, now, form, ""), () -> {
                    JourneyMap before = store.version(editing.workspace().key(), editing.map().key(),
                            base(typed, editing)).map();
                    MapState state = MapState.fromId(typed.get("state")).orElseThrow(() ->
                            ParcoursException.invalid("state", "choose current or future"));
                    return current -> {
                        if (!settingsOf(current).equals(settingsOf(before))) {
                            throw new StaleEdit();
                        }
                        return new JourneyMap(current.key(), typed.get("name"), typed.get("persona"), state,
                                typed.get("description"), optional(typed.get("conversion")),
                                optional(typed.get("redesigns")), current.stages(), current.touchpoints());
                    };
                });
    }

    private static List<Object> settingsOf(JourneyMap map) {
        return List.of(map.name(), map.description(), map.persona(), map.state(), map.conversion(), map.redesigns());
    }

    // ---- stages -----------------------------------------------------------------------------------

    private void stagePage(Context ctx, boolean adding) {
        Editing editing = editing(ctx);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("base", Integer.toString(editing.latest().version()));
        if (!adding) {
            Stage stage = MapEdits.stage(editing.map(), ApiRoutes.key(ctx, "stage"));
            values.put("key", stage.key());
            values.put("name", stage.name());
            values.put("description", stage.description());
            for (String lane : LANES) {
                values.put(lane, String.join("\n", laneOf(stage, lane)));
            }
            stage.emotion().ifPresent(emotion -> {
                values.put("emotion.score", Integer.toString(emotion.score()));
                values.put("emotion.word", emotion.word());
            });
            stage.targets().forEach(target -> values.put("targets." + target.metric().id(), number(target.target())));
        }
        showStage(ctx, editing, adding, EditForm.of(values));
    }

    private void showStage(Context ctx, Editing editing, boolean adding, EditForm form) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("shell", dashboard.shell(ctx).in(editing.workspace().key(), "maps"));
        parameters.put("view", new MapEditorView(editing.workspace(), editing.map(), editing.latest().version(), null, ""));
        parameters.put("adding", adding);
        parameters.put("form", form);
        dashboard.page(ctx, "stageform.jte", parameters);
    }

    private void saveStage(Context ctx, boolean adding) {
        Editing editing = editing(ctx);
        List<String> names = new ArrayList<>(List.of("key", "name", "description", "emotion.score", "emotion.word",
                "note", "base"));
        names.addAll(LANES);
        java.util.Arrays.stream(Metric.values()).forEach(metric -> names.add("targets." + metric.id()));
        Map<String, String> typed = typed(ctx, names);
        String key = adding ? keyOf(typed) : ApiRoutes.key(ctx, "stage");
        typed.put("key", key);
        Set<String> fields = new LinkedHashSet<>(names);
        fields.addAll(List.of("emotion", "targets"));
        saveForm(ctx, editing, typed, fields, (adding ? "added" : "changed") + " stage '" + key + "'", "stage-" + key,
                (now, form) -> showStage(ctx, now, adding, form), () -> {
                    Stage stage = MapFiles.readStage("form", write(stageTree(typed)), Optional.of(Keys.require("key", key)));
                    Optional<Stage> before = adding ? Optional.empty() : store.version(editing.workspace().key(),
                            editing.map().key(), base(typed, editing)).map().stage(key);
                    return current -> {
                        Optional<Stage> now = current.stage(key);
                        if (adding && now.isPresent()) {
                            throw ParcoursException.invalid("key", "map '" + current.key() + "' already has a stage '"
                                    + key + "': choose another key");
                        }
                        if (!adding && !now.equals(before)) {
                            throw new StaleEdit();
                        }
                        return MapEdits.putStage(current, stage, Optional.empty());
                    };
                });
    }

    private static List<String> laneOf(Stage stage, String lane) {
        return switch (lane) {
            case "customerGoals" -> stage.customerGoals();
            case "actions" -> stage.actions();
            case "questions" -> stage.questions();
            case "expectations" -> stage.expectations();
            case "pains" -> stage.pains();
            case "gains" -> stage.gains();
            case "opportunities" -> stage.opportunities();
            case "companyGoals" -> stage.companyGoals();
            case "measures" -> stage.measures();
            default -> throw new IllegalArgumentException("no lane " + lane);
        };
    }

    /** The stage as the map file writes it, from the form: the file's own reading then checks it. */
    private static Map<String, Object> stageTree(Map<String, String> typed) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("name", typed.get("name"));
        tree.put("description", typed.get("description"));
        for (String lane : LANES) {
            tree.put(lane, lines(typed.get(lane)));
        }
        String score = typed.get("emotion.score");
        if (!score.isBlank()) {
            Map<String, Object> emotion = new LinkedHashMap<>();
            emotion.put("score", wholeOrText(score));
            emotion.put("word", typed.get("emotion.word"));
            tree.put("emotion", emotion);
        } else if (!typed.get("emotion.word").isBlank()) {
            throw ParcoursException.invalid("emotion.score", "choose a score for the emotion, from -2 to 2");
        }
        putTargets(tree, typed);
        return tree;
    }

    // ---- touchpoints ------------------------------------------------------------------------------

    private void touchpointPage(Context ctx, boolean adding) {
        Editing editing = editing(ctx);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("base", Integer.toString(editing.latest().version()));
        int rules = 0;
        if (adding) {
            String stage = ctx.queryParam("stage");
            values.put("stage", stage != null && editing.map().stage(stage).isPresent() ? stage
                    : editing.map().stages().isEmpty() ? "" : editing.map().stages().get(0).key());
            values.put("channel", Channel.WEB.id());
        } else {
            Touchpoint touchpoint = MapEdits.touchpoint(editing.map(), ApiRoutes.key(ctx, "touchpoint"));
            values.put("key", touchpoint.key());
            values.put("name", touchpoint.name());
            values.put("stage", touchpoint.stage());
            values.put("channel", touchpoint.channel().id());
            values.put("owner", touchpoint.owner().orElse(""));
            values.put("parent", touchpoint.parent().orElse(""));
            values.put("description", touchpoint.description());
            touchpoint.targets().forEach(target -> values.put("targets." + target.metric().id(), number(target.target())));
            for (MatchRule rule : touchpoint.match()) {
                values.put("match." + rules + ".event", String.join("\n", rule.events()));
                values.put("match." + rules + ".type", rule.type().map(type -> type.id()).orElse(""));
                StringBuilder where = new StringBuilder();
                rule.where().forEach((path, pattern) -> where.append(path).append(" = ").append(pattern).append('\n'));
                values.put("match." + rules + ".where", where.toString().strip());
                rules++;
            }
        }
        values.put("rules", Integer.toString(rules + BLANK_RULES));
        showTouchpoint(ctx, editing, adding, EditForm.of(values));
    }

    private void showTouchpoint(Context ctx, Editing editing, boolean adding, EditForm form) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("shell", dashboard.shell(ctx).in(editing.workspace().key(), "maps"));
        parameters.put("view", new MapEditorView(editing.workspace(), editing.map(), editing.latest().version(), null, ""));
        parameters.put("adding", adding);
        parameters.put("form", form);
        parameters.put("ruleCount", form.value("rules").matches("\\d{1,3}")
                ? Math.min(MAX_RULES, Integer.parseInt(form.value("rules"))) : BLANK_RULES);
        parameters.put("surveys", adding ? List.of() : editing.map().touchpoint(form.value("key"))
                .map(Touchpoint::surveys).orElse(List.of()));
        dashboard.page(ctx, "touchpointform.jte", parameters);
    }

    /** The most rules one touchpoint form takes: more is a generated map's business, for the map file. */
    private static final int MAX_RULES = 50;

    private void saveTouchpoint(Context ctx, boolean adding) {
        Editing editing = editing(ctx);
        int rules = ruleCount(ctx);
        List<String> names = new ArrayList<>(List.of("key", "name", "stage", "channel", "owner", "parent", "description",
                "note", "base", "rules"));
        java.util.Arrays.stream(Metric.values()).forEach(metric -> names.add("targets." + metric.id()));
        for (int i = 0; i < rules; i++) {
            names.addAll(List.of("match." + i + ".event", "match." + i + ".type", "match." + i + ".where"));
        }
        Map<String, String> typed = typed(ctx, names);
        String key = adding ? keyOf(typed) : ApiRoutes.key(ctx, "touchpoint");
        typed.put("key", key);
        Set<String> fields = new LinkedHashSet<>(names);
        fields.addAll(List.of("targets", "match"));
        for (int i = 0; i < rules; i++) {
            fields.add("match." + i);
        }
        saveForm(ctx, editing, typed, fields, (adding ? "added" : "changed") + " touchpoint '" + key + "'",
                "touchpoint-" + key, (now, form) -> showTouchpoint(ctx, now, adding, form), () -> {
                    List<Integer> rows = new ArrayList<>();
                    Map<String, Object> tree = touchpointTree(typed, rules, rows);
                    Touchpoint touchpoint;
                    try {
                        touchpoint = MapFiles.readTouchpoint("form", write(tree), Optional.of(Keys.require("key", key)));
                    } catch (ParcoursException error) {
                        throw renumbered(error, rows);
                    }
                    Optional<Touchpoint> before = adding ? Optional.empty() : store.version(editing.workspace().key(),
                            editing.map().key(), base(typed, editing)).map().touchpoint(key);
                    return current -> {
                        Optional<Touchpoint> now = current.touchpoint(key);
                        if (adding && now.isPresent()) {
                            throw ParcoursException.invalid("key", "map '" + current.key() + "' already has a touchpoint '"
                                    + key + "': choose another key");
                        }
                        // The surveys are edited on their own pages: this form neither sees nor changes them.
                        if (!adding && !now.map(MapEditorPages::withoutSurveys).equals(before.map(MapEditorPages::withoutSurveys))) {
                            throw new StaleEdit();
                        }
                        Touchpoint kept = now.map(tp -> touchpoint.withSurveys(tp.surveys())).orElse(touchpoint);
                        return MapEdits.putTouchpoint(current, kept, Optional.empty());
                    };
                });
    }

    private static Touchpoint withoutSurveys(Touchpoint touchpoint) {
        return touchpoint.withSurveys(List.of());
    }

    /** The problems of the n-th rule written are the problems of the form's row it came from (blank rows are skipped). */
    private static ParcoursException renumbered(ParcoursException error, List<Integer> rows) {
        if (error.problems().isEmpty()) {
            return error;
        }
        java.util.regex.Pattern rule = java.util.regex.Pattern.compile("^match\\[(\\d+)]");
        return ParcoursException.invalid(error.problems().stream().map(problem -> {
            java.util.regex.Matcher matcher = rule.matcher(problem.field());
            if (!matcher.find() || Integer.parseInt(matcher.group(1)) >= rows.size()) {
                return problem;
            }
            return new io.parcours.model.Problem("match[" + rows.get(Integer.parseInt(matcher.group(1))) + "]"
                    + problem.field().substring(matcher.end()), problem.message(), problem.location());
        }).toList());
    }

    private static int ruleCount(Context ctx) {
        String rules = ctx.formParam("rules");
        if (rules == null || !rules.matches("\\d{1,3}")) {
            return BLANK_RULES;
        }
        return Math.min(MAX_RULES, Integer.parseInt(rules));
    }

    /**
     * The touchpoint as the map file writes it, from the form. Rules are numbered as the form shows
     * them; a rule left blank is no rule, and the numbers in problems are the form's.
     */
    private static Map<String, Object> touchpointTree(Map<String, String> typed, int rules, List<Integer> rows) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("name", typed.get("name"));
        tree.put("stage", typed.get("stage"));
        tree.put("channel", typed.get("channel"));
        putIfGiven(tree, "owner", typed.get("owner"));
        putIfGiven(tree, "parent", typed.get("parent"));
        tree.put("description", typed.get("description"));
        putTargets(tree, typed);
        List<Object> match = new ArrayList<>();
        for (int i = 0; i < rules; i++) {
            List<String> events = lines(typed.get("match." + i + ".event"));
            String type = typed.get("match." + i + ".type").strip();
            Map<String, String> where = conditions(i, typed.get("match." + i + ".where"));
            if (events.isEmpty() && type.isEmpty() && where.isEmpty()) {
                continue;
            }
            Map<String, Object> rule = new LinkedHashMap<>();
            if (!events.isEmpty()) {
                rule.put("event", events);
            }
            if (!type.isEmpty()) {
                rule.put("type", type);
            }
            if (!where.isEmpty()) {
                rule.put("where", where);
            }
            match.add(rule);
            rows.add(i);
        }
        tree.put("match", match);
        return tree;
    }

    /** "context.page.url = *&#47;products/*" lines: a field path, then what it must match. */
    private static Map<String, String> conditions(int rule, String text) {
        Map<String, String> where = new LinkedHashMap<>();
        for (String line : lines(text)) {
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw ParcoursException.invalid("match[" + rule + "].where", "write each condition on its own line as "
                        + "field = pattern, such as context.page.url = */products/*; '" + line + "' has no '='");
            }
            String path = line.substring(0, equals).strip();
            if (where.put(path, line.substring(equals + 1).strip()) != null) {
                throw ParcoursException.invalid("match[" + rule + "].where", "there are two conditions on " + path
                        + ": keep one");
            }
        }
        return where;
    }

    // ---- moves, removals, the map itself ----------------------------------------------------------

    /** A change without a form (a move, a removal): done on the latest version, then back to the overview. */
    private void change(Context ctx, UnaryOperator<JourneyMap> change, String what, String anchor) {
        Editing editing = editing(ctx);
        try {
            SavedMap saved = store.edit(editing.workspace().key(), editing.map().key(), change, author(ctx),
                    message(what, ""));
            redirectSaved(ctx, editing, saved, anchor);
        } catch (ParcoursException error) {
            Dashboard.refuse(ctx, error);
            showOverview(ctx, editing, settingsForm(editing), error.getMessage());
        }
    }

    private static int direction(Context ctx) {
        String direction = ctx.formParam("direction");
        if ("up".equals(direction)) {
            return -1;
        }
        if ("down".equals(direction)) {
            return 1;
        }
        throw ParcoursException.invalid("direction", "move 'up' or 'down'");
    }

    private void deleteMap(Context ctx) {
        Editing editing = editing(ctx);
        if (!editing.map().key().equals(ctx.formParam("confirm"))) {
            ctx.status(400);
            showOverview(ctx, editing, settingsForm(editing), Dashboard.texts(ctx).t("editor.deleteMap.confirmWrong",
                    editing.map().key()));
            return;
        }
        try {
            store.deleteMap(editing.workspace().key(), editing.map().key());
        } catch (ParcoursException error) {
            Dashboard.refuse(ctx, error);
            showOverview(ctx, editing, settingsForm(editing), error.getMessage());
            return;
        }
        ctx.redirect("/workspaces/" + editing.workspace().key() + "?deleted=" + editing.map().key(), HttpStatus.SEE_OTHER);
    }

    // ---- shared steps -----------------------------------------------------------------------------

    /** Shows a form again, on the map as it now is. */
    private interface FormPage {
        void show(Editing now, EditForm form);
    }

    /** Reads a form into the change it asks for; refuses by throwing what is wrong. */
    private interface FormReading {
        UnaryOperator<JourneyMap> change();
    }

    /**
     * Saves what a form asks for as a new version and goes back to the overview; on a problem, shows
     * the form again with each problem on its field; when someone else changed the same element
     * since the form was opened, shows it again with a warning and their version as the new base.
     */
    private void saveForm(Context ctx, Editing editing, Map<String, String> typed, Set<String> fields, String what,
            String anchor, FormPage page, FormReading reading) {
        try {
            UnaryOperator<JourneyMap> change = reading.change();
            SavedMap saved = store.edit(editing.workspace().key(), editing.map().key(), change, author(ctx),
                    message(what, typed.get("note")));
            redirectSaved(ctx, editing, saved, anchor);
        } catch (StaleEdit stale) {
            Editing now = editing(ctx);
            typed.put("base", Integer.toString(now.latest().version()));
            ctx.status(409);
            page.show(now, EditForm.of(typed).withMessage(Dashboard.texts(ctx).t("editor.stale", now.latest().author(),
                    now.latest().version())));
        } catch (ParcoursException error) {
            Dashboard.refuse(ctx, error);
            page.show(editing, EditForm.of(typed).withProblems(error, fields));
        }
    }

    /** Raised inside a save when the element changed since the form was opened: someone else's change wins. */
    private static final class StaleEdit extends RuntimeException {
        StaleEdit() {
            super("changed meanwhile", null, false, false);
        }
    }

    private static void redirectSaved(Context ctx, Editing editing, SavedMap saved, String anchor) {
        int version = saved.changed() ? saved.version().version() : 0;
        ctx.redirect(editing.editPath() + "?saved=" + version + "#" + anchor, HttpStatus.SEE_OTHER);
    }

    /** The version the form was opened at: its element as it was then is what the save may replace. */
    private int base(Map<String, String> typed, Editing editing) {
        String base = typed.get("base");
        if (base == null || !base.matches("\\d{1,9}") || Integer.parseInt(base) < 1
                || Integer.parseInt(base) > editing.latest().version()) {
            return editing.latest().version();
        }
        return Integer.parseInt(base);
    }

    private static String author(Context ctx) {
        return Caller.require(ctx).name();
    }

    /** The message kept with the version: what the editor did, and the note the user wrote, if any. */
    private static String message(String what, String note) {
        String why = note == null ? "" : note.strip();
        if (why.length() > 1000) {
            throw ParcoursException.invalid("note", "the note is longer than 1000 characters: shorten it");
        }
        return why.isEmpty() ? "editor: " + what : "editor: " + what + ": " + why;
    }

    /** The form's fields, each "" when absent; line ends as the browser sends them made plain. */
    static Map<String, String> typed(Context ctx, List<String> names) {
        Map<String, String> typed = new LinkedHashMap<>();
        for (String name : names) {
            String value = ctx.formParam(name);
            typed.put(name, value == null ? "" : value.replace("\r\n", "\n"));
        }
        return typed;
    }

    /** The key a new stage or touchpoint gets: the one typed, or one made from its name. */
    static String keyOf(Map<String, String> typed) {
        String key = typed.get("key").strip();
        return key.isEmpty() ? Keys.slugOf(typed.get("name")) : key;
    }

    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : (text == null ? "" : text).split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return lines;
    }

    private static Optional<String> optional(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static void putIfGiven(Map<String, Object> tree, String field, String value) {
        if (value != null && !value.isBlank()) {
            tree.put(field, value.strip());
        }
    }

    private static void putTargets(Map<String, Object> tree, Map<String, String> typed) {
        Map<String, Object> targets = new LinkedHashMap<>();
        java.util.Arrays.stream(Metric.values()).forEach(metric -> {
            String value = typed.getOrDefault("targets." + metric.id(), "").strip();
            if (!value.isEmpty()) {
                targets.put(metric.id(), numberOrText(value));
            }
        });
        if (!targets.isEmpty()) {
            tree.put("targets", targets);
        }
    }

    /** A number as typed ("30", "4,5" in French), or the text itself for the file's reading to refuse by name. */
    private static Object numberOrText(String value) {
        try {
            return Double.parseDouble(value.replace(',', '.'));
        } catch (NumberFormatException notANumber) {
            return value;
        }
    }

    private static Object wholeOrText(String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException notANumber) {
            return value;
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private String write(Map<String, Object> tree) {
        return write(json, tree);
    }

    /** The tree as JSON text, for the map file's own reading to check. */
    static String write(ObjectMapper json, Object tree) {
        try {
            return json.writeValueAsString(tree);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
