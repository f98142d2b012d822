package io.parcours.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import io.parcours.io.builtin.Templates;
import io.parcours.io.mapfile.MapFiles;
import io.parcours.model.ErrorCode;
import io.parcours.model.JourneyMap;
import io.parcours.model.Keys;
import io.parcours.model.MapState;
import io.parcours.model.ParcoursException;
import io.parcours.model.Persona;
import io.parcours.model.Role;
import io.parcours.model.Team;
import io.parcours.model.Touchpoint;
import io.parcours.model.Workspace;
import io.parcours.store.ImportResult;
import io.parcours.store.ParcoursStore;
import io.parcours.store.SavedMap;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The editor's pages for what a workspace holds besides its maps' contents: a new map (blank, from
 * a built-in template, or a copy of another map, such as a future state from the current one),
 * the personas with their goals, pains, gains and trait rules, the teams that own touchpoints, and
 * the import of a map file. Personas and teams are read by every role, changed by editors.
 */
final class WorkspaceEditorPages {
    private final Dashboard dashboard;
    private final ParcoursStore store;
    private final ObjectMapper json;

    WorkspaceEditorPages(Dashboard dashboard, ObjectMapper json) {
        this.dashboard = dashboard;
        this.store = dashboard.store();
        this.json = json;
    }

    List<PageRoute> routes() {
        String ws = "/workspaces/{ws}";
        return List.of(
                PageRoute.get(ws + "/new-map", Role.EDITOR, ctx -> showNewMap(ctx, newMapDefaults(ctx))),
                PageRoute.post(ws + "/new-map", Role.EDITOR, this::createMap),
                PageRoute.get(ws + "/import", Role.EDITOR, ctx -> showImport(ctx, null, List.of())),
                PageRoute.post(ws + "/import", Role.EDITOR, this::importFile),
                PageRoute.get(ws + "/personas", Role.VIEWER, ctx -> showList(ctx, "personas.jte", "personas")),
                PageRoute.get(ws + "/new-persona", Role.EDITOR, ctx -> showPersona(ctx, true, EditForm.of(Map.of()))),
                PageRoute.post(ws + "/new-persona", Role.EDITOR, ctx -> savePersona(ctx, true)),
                PageRoute.get(ws + "/personas/{persona}/edit", Role.EDITOR, this::editPersona),
                PageRoute.post(ws + "/personas/{persona}/edit", Role.EDITOR, ctx -> savePersona(ctx, false)),
                PageRoute.post(ws + "/personas/{persona}/delete", Role.EDITOR, ctx -> delete(ctx, "personas",
                        () -> store.deletePersona(ApiRoutes.ws(ctx), ApiRoutes.key(ctx, "persona")))),
                PageRoute.get(ws + "/teams", Role.VIEWER, ctx -> showList(ctx, "teams.jte", "teams")),
                PageRoute.get(ws + "/new-team", Role.EDITOR, ctx -> showTeam(ctx, true, EditForm.of(Map.of()))),
                PageRoute.post(ws + "/new-team", Role.EDITOR, ctx -> saveTeam(ctx, true)),
                PageRoute.get(ws + "/teams/{team}/edit", Role.EDITOR, this::editTeam),
                PageRoute.post(ws + "/teams/{team}/edit", Role.EDITOR, ctx -> saveTeam(ctx, false)),
                PageRoute.post(ws + "/teams/{team}/delete", Role.EDITOR, ctx -> delete(ctx, "teams",
                        () -> store.deleteTeam(ApiRoutes.ws(ctx), ApiRoutes.key(ctx, "team")))));
    }

    private Workspace workspace(Context ctx) {
        return store.requireWorkspace(ApiRoutes.ws(ctx));
    }

    private Map<String, Object> frame(Context ctx, Workspace workspace, String section) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("shell", dashboard.shell(ctx).in(workspace.key(), section));
        parameters.put("workspace", workspace);
        return parameters;
    }

    // ---- a new map --------------------------------------------------------------------------------

    private Map<String, String> newMapDefaults(Context ctx) {
        Workspace workspace = workspace(ctx);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("state", MapState.CURRENT.id());
        values.put("start", "template");
        values.put("template", Templates.list().get(0).name());
        values.put("persona", workspace.personas().isEmpty() ? "" : workspace.personas().get(0).key());
        String copy = ctx.queryParam("copy");
        if (copy != null && workspace.map(copy).isPresent()) {
            values.put("start", "copy");
            values.put("copy", copy);
            values.put("persona", workspace.map(copy).get().persona());
            values.put("state", MapState.FUTURE.id());
        }
        return values;
    }

    private void showNewMap(Context ctx, Map<String, String> values) {
        showNewMap(ctx, EditForm.of(values));
    }

    private void showNewMap(Context ctx, EditForm form) {
        Workspace workspace = workspace(ctx);
        Map<String, Object> parameters = frame(ctx, workspace, "maps");
        parameters.put("form", form);
        parameters.put("templates", Templates.list());
        dashboard.page(ctx, "newmap.jte", parameters);
    }

    private void createMap(Context ctx) {
        Workspace workspace = workspace(ctx);
        Map<String, String> typed = MapEditorPages.typed(ctx, List.of("key", "name", "persona", "state", "start",
                "template", "copy"));
        String key = typed.get("key").isBlank() ? Keys.slugOf(typed.get("name")) : typed.get("key").strip();
        typed.put("key", key);
        try {
            Keys.require("key", key);
            if (workspace.map(key).isPresent()) {
                throw ParcoursException.invalid("key", "the workspace already has a map '" + key + "': choose another key");
            }
            MapState state = MapState.fromId(typed.get("state"))
                    .orElseThrow(() -> ParcoursException.invalid("state", "choose current or future"));
            JourneyMap map = switch (typed.get("start")) {
                case "blank" -> new JourneyMap(key, typed.get("name"), typed.get("persona"), state, "", Optional.empty(),
                        Optional.empty(), List.of(), List.of());
                case "template" -> fromTemplate(workspace, typed, key, state);
                case "copy" -> copyOf(workspace, typed, key, state);
                default -> throw ParcoursException.invalid("start", "start from a blank map, a template or a copy");
            };
            SavedMap saved = store.save(workspace.key(), map, Caller.require(ctx).name(), "editor: created the map ("
                    + typed.get("start") + (typed.get("start").equals("blank") ? "" : " " + typed.get(typed.get("start")))
                    + ")");
            ctx.redirect("/workspaces/" + workspace.key() + "/maps/" + key + "/edit?saved=" + saved.version().version(),
                    HttpStatus.SEE_OTHER);
        } catch (ParcoursException error) {
            Dashboard.refuse(ctx, error);
            showNewMap(ctx, EditForm.of(typed).withProblems(error, Set.of("key", "name", "persona", "state", "start",
                    "template", "copy")));
        }
    }

    /**
     * The template's first map with the new key, name and persona. Touchpoints owned by a team the
     * workspace does not have lose their owner: the template's teams are generic.
     */
    private static JourneyMap fromTemplate(Workspace workspace, Map<String, String> typed, String key, MapState state) {
        JourneyMap template = Templates.load(typed.get("template")).maps().get(0);
        List<Touchpoint> touchpoints = template.touchpoints().stream().map(touchpoint ->
                touchpoint.owner().filter(owner -> workspace.team(owner).isEmpty()).isPresent()
                        ? touchpoint.withOwner(Optional.empty()) : touchpoint).toList();
        return new JourneyMap(key, typed.get("name"), typed.get("persona"), state, template.description(),
                template.conversion(), Optional.empty(), template.stages(), touchpoints);
    }

    /** A copy of another map: a future state copied from a current one redesigns it. */
    private static JourneyMap copyOf(Workspace workspace, Map<String, String> typed, String key, MapState state) {
        JourneyMap source = workspace.map(typed.get("copy")).orElseThrow(() -> ParcoursException.invalid("copy",
                "choose the map to copy"));
        Optional<String> redesigns = state == MapState.FUTURE && source.state() == MapState.CURRENT
                ? Optional.of(source.key()) : Optional.empty();
        return new JourneyMap(key, typed.get("name"), typed.get("persona"), state, source.description(),
                source.conversion(), redesigns, source.stages(), source.touchpoints());
    }

    // ---- import -----------------------------------------------------------------------------------

    private void showImport(Context ctx, ImportResult result, List<String> problems) {
        Workspace workspace = workspace(ctx);
        Map<String, Object> parameters = frame(ctx, workspace, "maps");
        parameters.put("result", result);
        parameters.put("problems", problems);
        dashboard.page(ctx, "importmap.jte", parameters);
    }

    private void importFile(Context ctx) {
        Workspace workspace = workspace(ctx);
        try {
            String source = "the file";
            String text = ctx.formParam("content");
            UploadedFile file = ctx.uploadedFile("file");
            if (file != null && file.size() > 0) {
                if (file.size() > MapFiles.MAX_FILE_BYTES) {
                    throw new ParcoursException(ErrorCode.TOO_LARGE, "the file is larger than 8 MB: split it");
                }
                source = file.filename().replaceAll("[^\\w.\\- ]", "_");
                try (InputStream content = file.content()) {
                    text = MapFiles.decode(content.readAllBytes(), source);
                }
            }
            if (text == null || text.isBlank()) {
                throw ParcoursException.invalid("file", "choose a map file, or paste its text");
            }
            ImportResult result = MapFileImport.into(store, workspace.key(), source, text, Caller.require(ctx).name(),
                    "editor: imported " + source, "/workspaces/");
            showImport(ctx, result, List.of());
        } catch (ParcoursException error) {
            Dashboard.refuse(ctx, error);
            List<String> problems = error.problems().isEmpty() ? List.of(error.getMessage())
                    : error.problems().stream().map(Object::toString).toList();
            showImport(ctx, null, problems);
        } catch (IOException unreadable) {
            ctx.status(400);
            showImport(ctx, null, List.of("the file could not be read: " + unreadable.getMessage()));
        }
    }

    // ---- personas and teams -----------------------------------------------------------------------

    private void showList(Context ctx, String template, String section) {
        Workspace workspace = workspace(ctx);
        Map<String, Object> parameters = frame(ctx, workspace, section);
        parameters.put("message", ctx.queryParam("done") == null ? "" : Dashboard.texts(ctx).t("editor.saved.plain"));
        dashboard.page(ctx, template, parameters);
    }

    private void editPersona(Context ctx) {
        Persona persona = workspace(ctx).persona(ApiRoutes.key(ctx, "persona")).orElseThrow(() ->
                ParcoursException.notFound("no persona '" + ApiRoutes.key(ctx, "persona") + "'"));
        Map<String, String> values = new LinkedHashMap<>();
        values.put("key", persona.key());
        values.put("name", persona.name());
        values.put("description", persona.description());
        values.put("goals", String.join("\n", persona.goals()));
        values.put("pains", String.join("\n", persona.pains()));
        values.put("gains", String.join("\n", persona.gains()));
        List<String> rules = new ArrayList<>();
        persona.match().forEach(rule -> {
            StringBuilder block = new StringBuilder();
            rule.where().forEach((path, pattern) -> block.append(path).append(" = ").append(pattern).append('\n'));
            rules.add(block.toString().strip());
        });
        values.put("match", String.join("\n\n", rules));
        showPersona(ctx, false, EditForm.of(values));
    }

    private void showPersona(Context ctx, boolean adding, EditForm form) {
        showForm(ctx, "personas", "personaform.jte", adding, form);
    }

    private void showForm(Context ctx, String section, String template, boolean adding, EditForm form) {
        Map<String, Object> parameters = frame(ctx, workspace(ctx), section);
        parameters.put("adding", adding);
        parameters.put("form", form);
        dashboard.page(ctx, template, parameters);
    }

    private void savePersona(Context ctx, boolean adding) {
        Workspace workspace = workspace(ctx);
        List<String> names = List.of("key", "name", "description", "goals", "pains", "gains", "match");
        Map<String, String> typed = MapEditorPages.typed(ctx, names);
        String key = adding ? MapEditorPages.keyOf(typed) : ApiRoutes.key(ctx, "persona");
        typed.put("key", key);
        try {
            if (adding && workspace.persona(key).isPresent()) {
                throw ParcoursException.invalid("key", "the workspace already has a persona '" + key + "': choose another key");
            }
            Map<String, Object> tree = new LinkedHashMap<>();
            tree.put("name", typed.get("name"));
            tree.put("description", typed.get("description"));
            for (String list : List.of("goals", "pains", "gains")) {
                tree.put(list, MapEditorPages.lines(typed.get(list)));
            }
            tree.put("match", traitRules(typed.get("match")));
            Persona persona = MapFiles.readPersona("form", write(tree), Optional.of(Keys.require("key", key)));
            store.savePersona(workspace.key(), persona);
            ctx.redirect("/workspaces/" + workspace.key() + "/personas?done=1#persona-" + key, HttpStatus.SEE_OTHER);
        } catch (ParcoursException error) {
            Dashboard.refuse(ctx, error);
            showPersona(ctx, adding, EditForm.of(typed).withProblems(error, Set.copyOf(names)));
        }
    }

    /** Rules as blocks of "traits.plan = gold" lines, a blank line between two rules. */
    private static List<Map<String, String>> traitRules(String text) {
        List<Map<String, String>> rules = new ArrayList<>();
        Map<String, String> rule = new LinkedHashMap<>();
        for (String line : (text == null ? "" : text.replace("\r\n", "\n")).split("\n", -1)) {
            if (line.isBlank()) {
                if (!rule.isEmpty()) {
                    rules.add(rule);
                    rule = new LinkedHashMap<>();
                }
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw ParcoursException.invalid("match", "write each condition as trait = pattern, such as "
                        + "traits.plan = gold; '" + line.strip() + "' has no '='");
            }
            rule.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
        }
        if (!rule.isEmpty()) {
            rules.add(rule);
        }
        return rules;
    }

    private void editTeam(Context ctx) {
        Team team = workspace(ctx).team(ApiRoutes.key(ctx, "team")).orElseThrow(() ->
                ParcoursException.notFound("no team '" + ApiRoutes.key(ctx, "team") + "'"));
        Map<String, String> values = new LinkedHashMap<>();
        values.put("key", team.key());
        values.put("name", team.name());
        values.put("email", team.email().orElse(""));
        values.put("webhook", team.webhookUrl().orElse(""));
        showTeam(ctx, false, EditForm.of(values));
    }

    private void showTeam(Context ctx, boolean adding, EditForm form) {
        showForm(ctx, "teams", "teamform.jte", adding, form);
    }

    private void saveTeam(Context ctx, boolean adding) {
        Workspace workspace = workspace(ctx);
        List<String> names = List.of("key", "name", "email", "webhook");
        Map<String, String> typed = MapEditorPages.typed(ctx, names);
        String key = adding ? MapEditorPages.keyOf(typed) : ApiRoutes.key(ctx, "team");
        typed.put("key", key);
        try {
            if (adding && workspace.team(key).isPresent()) {
                throw ParcoursException.invalid("key", "the workspace already has a team '" + key + "': choose another key");
            }
            Map<String, Object> tree = new LinkedHashMap<>();
            tree.put("name", typed.get("name"));
            for (String field : List.of("email", "webhook")) {
                if (!typed.get(field).isBlank()) {
                    tree.put(field, typed.get(field).strip());
                }
            }
            Team team = MapFiles.readTeam("form", write(tree), Optional.of(Keys.require("key", key)));
            store.saveTeam(workspace.key(), team);
            ctx.redirect("/workspaces/" + workspace.key() + "/teams?done=1#team-" + key, HttpStatus.SEE_OTHER);
        } catch (ParcoursException error) {
            Dashboard.refuse(ctx, error);
            showTeam(ctx, adding, EditForm.of(typed).withProblems(error, Set.copyOf(names)));
        }
    }

    /** Deletes a persona or a team and goes back to its list; a refusal (still in use) shows on the list. */
    private void delete(Context ctx, String list, Runnable deletion) {
        Workspace workspace = workspace(ctx);
        try {
            deletion.run();
            ctx.redirect("/workspaces/" + workspace.key() + "/" + list + "?done=1", HttpStatus.SEE_OTHER);
        } catch (ParcoursException error) {
            Dashboard.refuse(ctx, error);
            Map<String, Object> parameters = frame(ctx, workspace, list);
            parameters.put("message", "");
            parameters.put("problem", error.getMessage());
            dashboard.page(ctx, list + ".jte", parameters);
        }
    }

    private String write(Object tree) {
        return MapEditorPages.write(json, tree);
    }
}
