package io.parcours.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.parcours.io.mapfile.MapDocument;
import io.parcours.io.mapfile.MapFiles;
import io.parcours.model.ErrorCode;
import io.parcours.model.Hypothesis;
import io.parcours.model.JourneyMap;
import io.parcours.model.Keys;
import io.parcours.model.MapDiff;
import io.parcours.model.MapEdits;
import io.parcours.model.ParcoursException;
import io.parcours.model.Persona;
import io.parcours.model.Role;
import io.parcours.model.Stage;
import io.parcours.model.Suggestions;
import io.parcours.model.Team;
import io.parcours.model.TextParameters;
import io.parcours.model.Touchpoint;
import io.parcours.model.Workspace;
import io.parcours.store.MapVersion;
import io.parcours.store.ParcoursStore;
import io.parcours.store.SavedMap;
import io.parcours.store.VersionInfo;
import io.parcours.store.WorkspaceSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The REST API under {@code /api}: workspaces, teams, personas, maps, stages, touchpoints, versions
 * and diffs, and map files in and out. Each handler is a small function of the request; every
 * change to a map goes through {@link ParcoursStore#saveMap} and so becomes a new version.
 */
final class ApiRoutes {
    static final String WS = "/api/workspaces/{ws}";
    static final String MAP = WS + "/maps/{map}";

    private final ParcoursStore store;
    private final Journeys journeys;
    private final JourneyAnalyses analyses;
    private final KpiTables kpis;
    private final HypothesisTests hypothesisTests;
    private final ObjectMapper json;

    ApiRoutes(ParcoursStore store, Journeys journeys, ObjectMapper json) {
        this(store, journeys, json, ServerOptions.Limits.DEFAULTS);
    }

    ApiRoutes(ParcoursStore store, Journeys journeys, ObjectMapper json, ServerOptions.Limits limits) {
        this.journeys = journeys;
        this.analyses = new JourneyAnalyses(store, journeys, io.parcours.analytics.JourneyRunner.allCores(),
                limits.figuresEntries(), limits.figuresMaxAge());
        this.kpis = new KpiTables(store, analyses);
        this.hypothesisTests = new HypothesisTests(store, journeys, analyses);
        this.store = store;
        this.json = json;
    }

    List<Route> all() {
        List<Route> routes = new ArrayList<>();
        // workspaces
        routes.add(Route.get("/api/workspaces").tag("workspaces").summary("List the workspaces")
                .returns("WorkspaceSummary[]").handle(ctx -> ctx.json(store.workspaces())));
        routes.add(Route.post("/api/workspaces").role(Role.ADMIN).tag("workspaces").summary("Create an empty workspace")
                .body("WorkspaceFields").status(201).returns("WorkspaceSummary").handle(this::createWorkspace));
        routes.add(Route.get(WS).tag("workspaces").summary("A workspace with its teams, personas and maps")
                .returns("WorkspaceView").handle(ctx -> ctx.json(view(ws(ctx)))));
        routes.add(Route.put(WS).role(Role.ADMIN).tag("workspaces").summary("Rename a workspace or change its description")
                .body("WorkspaceFields").returns("WorkspaceSummary").handle(this::updateWorkspace));
        routes.add(Route.delete(WS).role(Role.ADMIN).tag("workspaces").summary("Delete a workspace and everything in it")
                .handle(ctx -> {
                    store.deleteWorkspace(ws(ctx));
                    ctx.status(204);
                }));
        routes.add(Route.get(WS + "/export").tag("map files").summary("The whole workspace as a map file (YAML)")
                .returnsYaml().handle(ctx -> yaml(ctx, MapDocument.of(store.requireWorkspace(ws(ctx))))));
        routes.add(Route.post(WS + "/import").tag("map files")
                .summary("Import a map file (YAML or JSON): teams and personas are added or replaced, each changed map "
                        + "becomes a new version. All or nothing.")
                .body("MapFile").query("message", "string", false, "Why, kept with each new map version")
                .returns("ImportResult").handle(this::importFile));
        // teams
        routes.add(Route.get(WS + "/teams").tag("teams").summary("List the teams").returns("Team[]")
                .handle(ctx -> ctx.json(store.requireWorkspace(ws(ctx)).teams().stream().map(MapFiles::tree).toList())));
        routes.add(Route.get(WS + "/teams/{team}").tag("teams").summary("One team").returns("Team")
                .handle(ctx -> ctx.json(MapFiles.tree(team(ctx)))));
        routes.add(Route.put(WS + "/teams/{team}").tag("teams").summary("Create or replace a team").body("Team")
                .returns("Team").handle(ctx -> {
                    Team team = MapFiles.readTeam("request body", body(ctx), Optional.of(newKey(ctx, "team")));
                    ctx.json(MapFiles.tree(store.saveTeam(ws(ctx), team)));
                }));
        routes.add(Route.delete(WS + "/teams/{team}").tag("teams")
                .summary("Delete a team (refused while it owns touchpoints)").handle(ctx -> {
                    store.deleteTeam(ws(ctx), key(ctx, "team"));
                    ctx.status(204);
                }));
        // personas
        routes.add(Route.get(WS + "/personas").tag("personas").summary("List the personas").returns("Persona[]")
                .handle(ctx -> ctx.json(store.requireWorkspace(ws(ctx)).personas().stream().map(MapFiles::tree).toList())));
        routes.add(Route.get(WS + "/personas/{persona}").tag("personas").summary("One persona").returns("Persona")
                .handle(ctx -> ctx.json(MapFiles.tree(persona(ctx)))));
        routes.add(Route.put(WS + "/personas/{persona}").tag("personas").summary("Create or replace a persona")
                .body("Persona").returns("Persona").handle(ctx -> {
                    Persona persona = MapFiles.readPersona("request body", body(ctx), Optional.of(newKey(ctx, "persona")));
                    ctx.json(MapFiles.tree(store.savePersona(ws(ctx), persona)));
                }));
        routes.add(Route.delete(WS + "/personas/{persona}").tag("personas")
                .summary("Delete a persona (refused while a map is drawn for it)").handle(ctx -> {
                    store.deletePersona(ws(ctx), key(ctx, "persona"));
                    ctx.status(204);
                }));
        // maps
        routes.add(Route.get(WS + "/maps").tag("maps").summary("List the maps of a workspace").returns("MapSummary[]")
                .handle(ctx -> ctx.json(view(ws(ctx)).maps())));
        routes.add(Route.get(MAP).tag("maps")
                .summary("The latest version of a map; the Parcours-Map-Version header gives its number")
                .returns("Map").handle(ctx -> {
                    MapVersion latest = store.requireLatestMap(ws(ctx), key(ctx, "map"));
                    ctx.header("Parcours-Map-Version", Integer.toString(latest.version()));
                    ctx.json(MapFiles.tree(latest.map()));
                }));
        routes.add(Route.put(MAP).tag("maps")
                .summary("Create a map or save a new version of it (JSON or YAML); an unchanged map makes no version")
                .body("Map").query("message", "string", false, "Why, kept with the version").returns("SavedMap")
                .alsoStatus(201, "Created: the map is new, at version 1")
                .handle(ctx -> {
                    JourneyMap map = MapFiles.readMap("request body", body(ctx), Optional.of(newKey(ctx, "map")));
                    save(ctx, map);
                }));
        routes.add(Route.delete(MAP).tag("maps").summary("Delete a map with all its versions").handle(ctx -> {
            store.deleteMap(ws(ctx), key(ctx, "map"));
            ctx.status(204);
        }));
        routes.add(Route.get(MAP + "/export").tag("map files").summary("One map as a map file (YAML)").returnsYaml()
                .query("version", "integer", false, "A version number; the latest when absent")
                .handle(ctx -> yaml(ctx, MapDocument.of(mapAt(ctx).map()))));
        // stages
        routes.add(Route.get(MAP + "/stages").tag("stages").summary("The stages of a map, in order").returns("Stage[]")
                .handle(ctx -> ctx.json(latest(ctx).stages().stream().map(MapFiles::tree).toList())));
        routes.add(Route.get(MAP + "/stages/{stage}").tag("stages").summary("One stage").returns("Stage")
                .handle(ctx -> ctx.json(MapFiles.tree(MapEdits.stage(latest(ctx), key(ctx, "stage"))))));
        routes.add(Route.put(MAP + "/stages/{stage}").tag("stages")
                .summary("Add or change a stage (its touchpoints stay); saves a new version of the map").body("Stage")
                .query("position", "integer", false, "1-based place among the stages; kept (or last, for a new stage) when absent")
                .query("message", "string", false, "Why, kept with the version").returns("SavedMap")
                .handle(this::putStage));
        routes.add(Route.delete(MAP + "/stages/{stage}").tag("stages")
                .summary("Remove a stage (refused while it has touchpoints); saves a new version").returns("SavedMap")
                .query("message", "string", false, "Why, kept with the version")
                .status(200).handle(this::deleteStage));
        // touchpoints
        routes.add(Route.get(MAP + "/touchpoints").tag("touchpoints").summary("The touchpoints of a map, stage by stage")
                .returns("FlatTouchpoint[]")
                .handle(ctx -> ctx.json(latest(ctx).touchpoints().stream().map(MapFiles::tree).toList())));
        routes.add(Route.get(MAP + "/touchpoints/{touchpoint}").tag("touchpoints").summary("One touchpoint")
                .returns("FlatTouchpoint")
                .handle(ctx -> ctx.json(MapFiles.tree(MapEdits.touchpoint(latest(ctx), key(ctx, "touchpoint"))))));
        routes.add(Route.put(MAP + "/touchpoints/{touchpoint}").tag("touchpoints")
                .summary("Add, change or move a touchpoint (the body names its stage); saves a new version")
                .body("FlatTouchpoint")
                .query("position", "integer", false, "1-based place within its stage; kept (or last) when absent")
                .query("message", "string", false, "Why, kept with the version").returns("SavedMap")
                .handle(this::putTouchpoint));
        routes.add(Route.delete(MAP + "/touchpoints/{touchpoint}").tag("touchpoints")
                .summary("Remove a touchpoint (refused while it is the conversion goal or has sub-touchpoints)")
                .query("message", "string", false, "Why, kept with the version")
                .returns("SavedMap").status(200).handle(this::deleteTouchpoint));
        // sources of events and their write keys
        routes.add(Route.get(WS + "/sources").tag("sources").summary("The sources that send events (web shop, app, tills...)")
                .returns("Source[]").handle(ctx -> ctx.json(store.sources(ws(ctx)))));
        routes.add(Route.post(WS + "/sources").role(Role.ADMIN).tag("sources").summary("Create a source: {\"key\", \"name\"}")
                .body("SourceFields").status(201).returns("Source").handle(ctx -> {
                    ApiViews.SourceFields fields = sourceFields(ctx);
                    ctx.status(201).json(store.createSource(ws(ctx), fields.key(), fields.name()));
                }));
        routes.add(Route.get(WS + "/keys").role(Role.ADMIN).tag("sources").summary("The write keys of the workspace (never their secrets)")
                .returns("WriteKey[]").handle(ctx -> ctx.json(store.writeKeys(ws(ctx)))));
        routes.add(Route.post(WS + "/sources/{source}/keys").role(Role.ADMIN).tag("sources")
                .summary("Create a write key for a source; the secret is in this answer only").status(201)
                .returns("NewWriteKey").handle(ctx -> {
                    var created = store.createWriteKey(ws(ctx), key(ctx, "source"));
                    ctx.status(201).json(new ApiViews.NewWriteKey(created.key().id(), created.key().source(),
                            created.secret()));
                }));
        routes.add(Route.delete(WS + "/keys/{id}").role(Role.ADMIN).tag("sources").summary("Revoke a write key at once").handle(ctx -> {
            String id = ctx.pathParam("id");
            if (store.writeKeys(ws(ctx)).stream().noneMatch(key -> key.id().equals(id))) {
                throw ParcoursException.notFound("no write key '" + id + "' in workspace '" + ws(ctx) + "'");
            }
            store.revokeWriteKey(id);
            ctx.status(204);
        }));
        // events and journeys
        routes.add(Route.get(WS + "/events").tag("events").summary("Search events, newest first")
                .query("customer", "string", false, "A user id or anonymous id")
                .query("name", "string", false, "The event (or page, screen) name")
                .query("limit", "integer", false, "At most this many, 1 to 10000 (default 100)")
                .returns("EventView[]").handle(ctx -> {
                    int limit = ctx.queryParam("limit") == null ? 100 : number(ctx.queryParam("limit"), "limit");
                    ctx.json(store.searchEvents(ws(ctx), Optional.ofNullable(ctx.queryParam("customer")),
                            Optional.ofNullable(ctx.queryParam("name")), limit).stream()
                            .map(event -> eventView(event, Optional.empty(), Optional.empty())).toList());
                }));
        routes.add(Route.get(WS + "/customers/{customer}/journey").tag("events")
                .summary("One customer's journey: every id stitched to them (devices, accounts), and their events in time "
                        + "order, split into sessions")
                .query("sessionMinutes", "integer", false, "Inactivity that ends a session, in minutes (default 30)")
                .query("map", "string", false, "A map whose touchpoints to show on each event")
                .returns("JourneyView").handle(this::journey));
        routes.add(Route.get(WS + "/journeys").tag("events")
                .summary("The journey index: how many events and customers (ids stitched), its memory, and the most "
                        + "frequent activities with how many customers reached each")
                .query("limit", "integer", false, "At most this many activities, 1 to 10000 (default 50)")
                .returns("JourneysSummary").handle(this::journeysSummary));
        routes.add(Route.get(MAP + "/unmatched").tag("events")
                .summary("Events that match no touchpoint of the map, most frequent first: what to add to the map")
                .query("limit", "integer", false, "At most this many names (default 50)")
                .returns("UnmatchedEvent[]").handle(this::unmatched));
        analyticsRoutes(routes);
        loadedResultRoutes(routes);
        measurementRoutes(routes);
        alertRoutes(routes);
        hypothesisRoutes(routes);
        // versions
        routes.add(Route.get(MAP + "/versions").tag("versions").summary("Every version of a map, oldest first")
                .returns("VersionInfo[]").handle(ctx -> ctx.json(store.versions(ws(ctx), key(ctx, "map")))));
        routes.add(Route.get(MAP + "/versions/{version}").tag("versions").summary("One version of a map")
                .returns("Map").handle(ctx -> {
                    MapVersion version = store.version(ws(ctx), key(ctx, "map"), number(ctx.pathParam("version"), "version"));
                    ctx.header("Parcours-Map-Version", Integer.toString(version.version()));
                    ctx.json(MapFiles.tree(version.map()));
                }));
        routes.add(Route.post(MAP + "/versions/{version}/restore").tag("versions")
                .summary("Make an old version the latest again, as a new version").returns("SavedMap")
                .handle(ctx -> {
                    MapVersion restored = store.restore(ws(ctx), key(ctx, "map"),
                            number(ctx.pathParam("version"), "version"), author(ctx));
                    ctx.json(saved(restored, true));
                }));
        routes.add(Route.get(MAP + "/diff").tag("versions")
                .summary("What changed between two versions: stages and touchpoints added, removed, moved or changed")
                .query("from", "integer", true, "The older version")
                .query("to", "integer", false, "The newer version; the latest when absent")
                .query("format", "string", false, "'json' (default) or 'text' for a readable report")
                .returns("MapDiff").handle(this::diff));
        return routes;
    }

    // ---- handlers -----------------------------------------------------------------------------

    private void createWorkspace(Context ctx) {
        ApiViews.WorkspaceFields fields = fields(ctx);
        if (fields.key() == null) {
            throw ParcoursException.invalid("key", "key is missing: give the workspace a key such as 'my-brand'");
        }
        ctx.status(201).json(store.createWorkspace(fields.key(), fields.name(), fields.description()));
    }

    private void updateWorkspace(Context ctx) {
        ApiViews.WorkspaceFields fields = fields(ctx);
        if (fields.key() != null && !fields.key().equals(ws(ctx))) {
            throw ParcoursException.invalid("key", "the body's key '" + fields.key()
                    + "' differs from the workspace in the path: keys cannot be changed");
        }
        WorkspaceSummary current = store.workspaces().stream().filter(w -> w.key().equals(ws(ctx))).findFirst()
                .orElseThrow(() -> ParcoursException.notFound("no workspace '" + ws(ctx) + "'"));
        ctx.json(store.updateWorkspace(ws(ctx), fields.name() == null ? current.name() : fields.name(),
                fields.description() == null ? current.description() : fields.description()));
    }

    private ApiViews.SourceFields sourceFields(Context ctx) {
        try {
            JsonNode body = json.readTree(body(ctx));
            if (body == null || !body.isObject()) {
                throw ParcoursException.invalid("", "the body must be a JSON object with key and name");
            }
            String key = text(body, "key");
            if (key == null) {
                throw ParcoursException.invalid("key", "key is missing: give the source a key such as 'web-shop'");
            }
            return new ApiViews.SourceFields(key, text(body, "name"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ParcoursException.invalid("", "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private ApiViews.WorkspaceFields fields(Context ctx) {
        try {
            JsonNode body = json.readTree(body(ctx));
            if (body == null || !body.isObject()) {
                throw ParcoursException.invalid("", "the body must be a JSON object with key, name and description");
            }
            return new ApiViews.WorkspaceFields(text(body, "key"), text(body, "name"), text(body, "description"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ParcoursException.invalid("", "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ParcoursException.invalid(field, field + " must be a string");
        }
        return value.asText();
    }

    private void importFile(Context ctx) {
        ctx.json(MapFileImport.into(store, ws(ctx), "request body", body(ctx), author(ctx), message(ctx),
                "/api/workspaces/"));
    }

    private void save(Context ctx, JourneyMap map) {
        answer(ctx, store.save(ws(ctx), map, author(ctx), message(ctx)));
    }

    private static void answer(Context ctx, SavedMap saved) {
        ctx.status(saved.created() ? 201 : 200).json(saved(saved.version(), saved.changed()));
    }

    private void putStage(Context ctx) {
        Stage stage = MapFiles.readStage("request body", body(ctx), Optional.of(newKey(ctx, "stage")));
        Optional<Integer> position = position(ctx);
        editMap(ctx, map -> MapEdits.putStage(map, stage, position));
    }

    private void deleteStage(Context ctx) {
        String key = key(ctx, "stage");
        editMap(ctx, map -> MapEdits.deleteStage(map, key));
    }

    private void putTouchpoint(Context ctx) {
        Touchpoint touchpoint = MapFiles.readTouchpoint("request body", body(ctx), Optional.of(newKey(ctx, "touchpoint")));
        Optional<Integer> position = position(ctx);
        editMap(ctx, map -> MapEdits.putTouchpoint(map, touchpoint, position));
    }

    private void deleteTouchpoint(Context ctx) {
        String key = key(ctx, "touchpoint");
        editMap(ctx, map -> MapEdits.deleteTouchpoint(map, key));
    }

    /**
     * The routes of results computed elsewhere (by the Spark job) and loaded to be shown in the
     * dashboard: the body is checked by {@link LoadedResults} before anything is stored.
     */
    private void loadedResultRoutes(List<Route> routes) {
        LoadedResults results = new LoadedResults(store);
        java.util.Set<String> named = java.util.Set.of("kind", "label", "engine");
        routes.add(Route.post(WS + "/results").tag("loaded results")
                .summary("Load the result of an analysis computed elsewhere (the Spark job): the body is the JSON of "
                        + "GET .../analytics/{kind} (or parcours analyze KIND --json), at most 32 MB, checked before it is "
                        + "stored; every other query parameter (map, from, to, persona, model, windowDays...) is kept as "
                        + "the parameters it ran with")
                .body(LoadedResults.SCHEMA)
                .query("kind", "string", true, "The analysis: " + String.join(", ", LoadedResults.TYPES.keySet()))
                .query("label", "string", false, "Its name in the list (default: the kind and when it was loaded)")
                .query("engine", "string", false, "What computed it (default spark)")
                .status(201).returns("LoadedResultSummary").handle(ctx -> {
                    java.util.Map<String, String> parameters = new java.util.LinkedHashMap<>(queryMap(ctx));
                    named.forEach(parameters::remove);
                    LoadedResults.Loading loading = new LoadedResults.Loading(Optional.ofNullable(ctx.queryParam("kind"))
                            .orElse(""), Optional.ofNullable(ctx.queryParam("label")),
                            Optional.ofNullable(ctx.queryParam("engine")), parameters, author(ctx));
                    byte[] body = LoadedResults.readLimited(ctx.req().getInputStream(), ctx.req().getContentLengthLong());
                    ctx.status(201).json(results.load(ws(ctx), loading, body, java.time.Instant.now()));
                }));
        routes.add(Route.get(WS + "/results").tag("loaded results")
                .summary("The results loaded into the workspace, newest first, without their JSON")
                .returns("LoadedResultSummary[]").handle(ctx -> ctx.json(results.all(ws(ctx)))));
        routes.add(Route.get(WS + "/results/{id}").tag("loaded results")
                .summary("One loaded result: what computed it, when and by whom it was loaded, its parameters and its JSON")
                .returns("LoadedResult").handle(ctx -> ctx.json(results.find(ws(ctx), ctx.pathParam("id")))));
        routes.add(Route.delete(WS + "/results/{id}").tag("loaded results").summary("Delete a loaded result")
                .handle(ctx -> {
                    results.delete(ws(ctx), ctx.pathParam("id"));
                    ctx.status(204);
                }));
    }

    /** The routes of the analyses, one per kind, all answered by {@link JourneyAnalyses}. */
    private void measurementRoutes(List<Route> routes) {
        routes.add(Route.get(WS + "/kpis").tag("measurement")
                .summary("Survey KPIs (NPS, CSAT, CES) with answers, response rate, 95% interval, target and status, by "
                        + "touchpoint, stage, map, persona or channel; conversion and drop-off beside them by touchpoint")
                .query("map", "string", false, "The map (needed by touchpoint and stage)")
                .query("by", "string", false, "touchpoint (default with a map), stage, map (default without), persona or channel")
                .query("from", "string", false, "Only answers from this date (2026-03-01) or instant, UTC")
                .query("to", "string", false, "Only answers up to this date (included) or before this instant")
                .query("period", "string", false, "day, week or month: one row per group and period")
                .query("minAnswers", "integer", false, "Below this many answers a KPI is 'not enough answers' (default 30)")
                .query(FRESH, "boolean", false, FRESH_DESCRIPTION)
                .returns("KpiTable").handle(ctx -> {
                    java.util.Map<String, String> query = queryMap(ctx);
                    FiguresCache.Freshness freshness = freshness(query);
                    answer(ctx, kpis.tableFigures(ws(ctx), query, freshness));
                }));
        routes.add(Route.get(WS + "/answers").tag("measurement").summary("Answers with a comment, newest first, searchable")
                .query("map", "string", false, "Only this map's answers").query("touchpoint", "string", false,
                        "Only this touchpoint's answers")
                .query("from", "string", false, "From this date or instant").query("to", "string", false,
                        "Up to this date (included) or before this instant")
                .query("search", "string", false, "Only comments containing this text, in any case")
                .query("limit", "integer", false, "At most this many, 1 to 1000 (default 100)")
                .returns("SurveyAnswer[]").handle(ctx -> {
                    TextParameters p = new TextParameters(queryMap(ctx));
                    ctx.json(store.surveys().comments(new io.parcours.store.AnswerFilter(ws(ctx), p.text("map"),
                            p.text("touchpoint"), p.instant("from", false).orElse(java.time.Instant.EPOCH),
                            p.instant("to", true).orElse(java.time.Instant.parse("9999-12-31T00:00:00Z"))),
                            p.text("search").filter(text -> text.length() <= 200), (int) p.number("limit", 100, 1, 1000)));
                }));
        routes.add(Route.get(WS + "/answers/terms").tag("measurement")
                .summary("The most frequent words and two-word phrases of comments, per touchpoint, stop words removed")
                .query("map", "string", false, "Only this map's answers").query("touchpoint", "string", false,
                        "Only this touchpoint's answers")
                .query("from", "string", false, "From this date or instant").query("to", "string", false,
                        "Up to this date (included) or before this instant")
                .query("limit", "integer", false, "Terms per touchpoint, 1 to 200 (default 20)")
                .returns("TouchpointTerms[]").handle(ctx -> ctx.json(kpis.terms(ws(ctx), queryMap(ctx)))));
        routes.add(Route.get(WS + "/invitations").tag("measurement")
                .summary("Survey invitations, newest first, with their tokens: for teams that send the links themselves")
                .query("map", "string", false, "Only this map's").query("survey", "string", false, "Only this survey's")
                .query("limit", "integer", false, "At most this many, 1 to 10000 (default 100)")
                .returns("Invitation[]").handle(ctx -> {
                    TextParameters p = new TextParameters(queryMap(ctx));
                    ctx.json(store.surveys().invitations(ws(ctx), p.text("map"), p.text("survey"),
                            (int) p.number("limit", 100, 1, 10_000)));
                }));
        routes.add(Route.get(WS + "/survey-settings").tag("measurement")
                .summary("How often a customer may be asked (throttleDays), and how far the survey triggers have read")
                .returns("Settings").handle(ctx -> {
                    store.requireWorkspace(ws(ctx));
                    ctx.json(store.surveys().settings(ws(ctx)));
                }));
        routes.add(Route.put(WS + "/survey-settings").role(Role.ADMIN).tag("measurement")
                .summary("Set throttleDays: a customer is asked at most once in that many days across all surveys (0: no limit)")
                .body("Settings").returns("Settings").handle(ctx -> {
                    JsonNode body;
                    try {
                        body = json.readTree(body(ctx));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw ParcoursException.invalid("", "the body is not valid JSON: " + e.getOriginalMessage());
                    }
                    JsonNode days = body == null ? null : body.get("throttleDays");
                    if (days == null || !days.isIntegralNumber()) {
                        throw ParcoursException.invalid("throttleDays", "send {\"throttleDays\": 30}: a whole number of days");
                    }
                    ctx.json(store.surveys().setThrottleDays(ws(ctx), days.asInt()));
                }));
    }

    private void alertRoutes(List<Route> routes) {
        routes.add(Route.get(WS + "/alerts").tag("measurement")
                .summary("Alerts on touchpoints that turned red or dropped, newest first, with what was sent to their team")
                .query("status", "string", false, "open (default) or all")
                .query("limit", "integer", false, "At most this many, 1 to 10000 (default 100)")
                .returns("Alert[]").handle(ctx -> {
                    TextParameters p = new TextParameters(queryMap(ctx));
                    String status = p.text("status").orElse("open");
                    if (!status.equals("open") && !status.equals("all")) {
                        throw ParcoursException.invalid("status", "status must be open or all, not '" + status + "'");
                    }
                    ctx.json(store.alerts().alerts(ws(ctx), status.equals("open"), (int) p.number("limit", 100, 1, 10_000)));
                }));
        routes.add(Route.post(WS + "/alerts/{alert}/acknowledge").tag("measurement")
                .summary("Record that someone saw the alert (it stays open until its condition clears)").returns("Alert")
                .handle(ctx -> ctx.json(store.alerts().acknowledge(ws(ctx), number(ctx.pathParam("alert"), "alert"),
                        author(ctx), java.time.Instant.now()))));
    }

    private void hypothesisRoutes(List<Route> routes) {
        String one = WS + "/hypotheses/{hypothesis}";
        routes.add(Route.get(WS + "/hypotheses").tag("hypotheses")
                .summary("The hypotheses board: every hypothesis with its state (to-test, running, ended)")
                .returns("Stored[]").handle(ctx -> ctx.json(store.hypotheses().all(ws(ctx)))));
        routes.add(Route.put(one).tag("hypotheses")
                .summary("Create or replace a hypothesis: map, touchpoint, change, metric, expectedEffect, test (ab or "
                        + "before-after), variants, changedAt, mapVersion, windowDays")
                .body("Hypothesis").returns("Stored").handle(ctx -> ctx.json(store.hypotheses().save(ws(ctx),
                        hypothesis(ctx), java.time.Instant.now()))));
        routes.add(Route.get(one).tag("hypotheses").summary("One hypothesis with its state").returns("Stored")
                .handle(ctx -> ctx.json(store.hypotheses().require(ws(ctx), key(ctx, "hypothesis")))));
        routes.add(Route.delete(one).tag("hypotheses").summary("Delete a hypothesis (its exposure events stay)")
                .handle(ctx -> {
                    store.hypotheses().delete(ws(ctx), key(ctx, "hypothesis"));
                    ctx.status(204);
                }));
        routes.add(Route.post(one + "/start").tag("hypotheses")
                .summary("Start testing: an A/B experiment starts splitting visitors and recording exposures").returns("Stored")
                .handle(ctx -> ctx.json(store.hypotheses().move(ws(ctx), key(ctx, "hypothesis"),
                        io.parcours.store.HypothesisRecords.State.RUNNING, java.time.Instant.now()))));
        routes.add(Route.post(one + "/end").tag("hypotheses")
                .summary("End the test: its evaluation then covers the time it ran").returns("Stored")
                .handle(ctx -> ctx.json(store.hypotheses().move(ws(ctx), key(ctx, "hypothesis"),
                        io.parcours.store.HypothesisRecords.State.ENDED, java.time.Instant.now()))));
        routes.add(Route.get(one + "/evaluation").tag("hypotheses")
                .summary("The metric per group, each against the first with its test, the cases needed, and a verdict "
                        + "(supported, refuted, not-enough-data)")
                .returns("Evaluation").handle(ctx -> ctx.json(hypothesisTests.evaluate(ws(ctx), key(ctx, "hypothesis")))));
    }

    private Hypothesis hypothesis(Context ctx) {
        JsonNode body;
        try {
            body = json.readTree(body(ctx));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ParcoursException.invalid("", "the body is not valid JSON: " + e.getOriginalMessage());
        }
        return HypothesisTests.read(store, ws(ctx), newKey(ctx, "hypothesis"), body);
    }

    /** The journey analyses the routes answer with, for the dashboard. */
    JourneyAnalyses analyses() {
        return analyses;
    }

    /** The evaluation of hypotheses the routes answer with, for the dashboard. */
    HypothesisTests hypothesisTests() {
        return hypothesisTests;
    }

    /** The KPI tables the routes answer with, for the alert monitor and the dashboard. */
    KpiTables kpis() {
        return kpis;
    }

    private static final String FRESH = "fresh";
    private static final String FRESH_DESCRIPTION = "true: wait for figures that count every event stored now. By "
            + "default, figures that take long to compute (an analysis of millions of events) may come from a moment "
            + "ago while new ones are computed in the background; the Age header says how many seconds ago";

    /** How fresh the figures must be: {@code ?fresh=true} for exact ones; the parameter leaves the query. */
    private static FiguresCache.Freshness freshness(java.util.Map<String, String> query) {
        String fresh = query.remove(FRESH);
        if (fresh == null || fresh.equals("false")) {
            return FiguresCache.Freshness.RECENT;
        }
        if (fresh.equals("true")) {
            return FiguresCache.Freshness.EXACT;
        }
        throw ParcoursException.invalid(FRESH, "fresh must be true or false, not '" + fresh + "'");
    }

    /** Answers with figures, their age in seconds in the Age header and the moment they describe in Parcours-Figures-At. */
    private static void answer(Context ctx, FiguresCache.Figures<?> figures) {
        java.time.Instant now = java.time.Instant.now();
        ctx.header("Age", Long.toString(figures.ageSeconds(now)));
        ctx.header("Parcours-Figures-At", figures.computedAt().toString());
        ctx.json(figures.value());
    }

    /** The query parameters, the last value of each. */
    private static java.util.Map<String, String> queryMap(Context ctx) {
        java.util.Map<String, String> parameters = new java.util.LinkedHashMap<>();
        ctx.queryParamMap().forEach((key, values) -> parameters.put(key, values.get(values.size() - 1)));
        return parameters;
    }

    private void analyticsRoutes(List<Route> routes) {
        String[][] common = {
            {"map", "string", "The map whose touchpoints are the steps (needed except for process and paths, which "
                + "use activities without it)"},
            {"from", "string", "Only events from this date (2026-03-01) or instant, UTC"},
            {"to", "string", "Only events up to this date (included) or before this instant"},
            {"persona", "string", "Only customers assigned to this persona by their traits"},
            {"channel", "string", "Only customers with an event on a touchpoint of this channel"},
            {"source", "string", "Only customers with an event from this source"},
            {"trait", "string", "Only customers with this trait, as key=value"},
            {"property", "string", "Only customers with an event with this property, as key=value"},
            {"valueProperty", "string", "The event property that holds a conversion's value (default revenue)"},
            {"maxJourneyEvents", "integer", "Journeys with more events than this (bots, shared devices) are left out "
                + "(default 1000000)"}};
        Object[][] kinds = {
            {"funnel", "FunnelResult", "Customers reaching each stage of the map in order within the conversion window",
                new String[][] {{"windowDays", "integer", "The conversion window in days (default 30)"},
                    {"strict", "boolean", "Strict order: an event of another stage breaks a run (default false)"},
                    {"breakdown", "string", "persona, touchpoint (the first), channel (of the first touchpoint), "
                        + "property.KEY (on the first event with it) or trait.KEY"},
                    {"top", "integer", "Groups shown in a breakdown, the rest as Other (default 5)"}}},
            {"paths", "PathsResult", "The paths customers take, position by position, for a Sankey diagram",
                new String[][] {{"start", "string", "The touchpoint (or activity) paths start from"},
                    {"end", "string", "The touchpoint (or activity) paths go towards"},
                    {"sessionMinutes", "integer", "Cut journeys into sessions after this inactivity (default: whole journeys)"},
                    {"collapse", "boolean", "Count consecutive repeats of a step once (default false)"},
                    {"steps", "integer", "Positions shown, 1 to 100 (default 5)"},
                    {"nodes", "integer", "Steps shown per position, the rest as Other (default 10)"}}},
            {"process", "ProcessViewResult", "Directly-follows graph, activity counts, start and end, variants",
                new String[][] {{"minFrequency", "integer", "Leave out what is seen fewer times (default 1)"},
                    {"variants", "integer", "The most frequent variants listed, 0 to 100000 (default 100)"}}},
            {"attribution", "AttributionResult", "Conversions and their value attributed to channels or touchpoints",
                new String[][] {{"model", "string", "first, last, linear, time-decay, position, markov (default) or shapley"},
                    {"by", "string", "channel (default) or touchpoint"},
                    {"lookbackDays", "integer", "Touches older than this before a conversion do not count (default 30)"},
                    {"halfLifeDays", "integer", "Half-life of the time-decay model (default 7)"}}},
            {"conformance", "ConformanceResult", "How journeys follow the designed stage order; what is off the map",
                new String[][] {}},
            {"touchpoints", "KeyTouchpointsResult", "Key touchpoints: reach, conversion with and without, drop-off, "
                + "attribution share", new String[][] {{"model", "string", "The attribution model for the share (default markov)"},
                    {"lookbackDays", "integer", "Attribution lookback in days (default 30)"},
                    {"halfLifeDays", "integer", "Half-life of the time-decay model (default 7)"}}},
            {"abandonment", "AbandonmentView", "Journeys that showed intent and did not convert within the window",
                new String[][] {{"intent", "string", "The touchpoint that shows intent, such as an add to cart (required)"},
                    {"windowDays", "integer", "Days to convert after the intent (default 7)"},
                    {"limit", "integer", "Abandoned customers listed, 0 to 10000 (default 100)"}}}};
        for (Object[] kind : kinds) {
            String name = (String) kind[0];
            Route.Builder route = Route.get(WS + "/analytics/" + name).tag("analytics").summary((String) kind[2]);
            for (String[] parameter : common) {
                route.query(parameter[0], parameter[1], false, parameter[2]);
            }
            for (String[] parameter : (String[][]) kind[3]) {
                route.query(parameter[0], parameter[1], false, parameter[2]);
            }
            route.query(FRESH, "boolean", false, FRESH_DESCRIPTION);
            routes.add(route.returns((String) kind[1]).handle(ctx -> {
                java.util.Map<String, String> query = queryMap(ctx);
                FiguresCache.Freshness freshness = freshness(query);
                answer(ctx, analyses.figures(name, ws(ctx), query, freshness));
            }));
        }
    }

    private void journey(Context ctx) {
        int minutes = ctx.queryParam("sessionMinutes") == null ? 30 : number(ctx.queryParam("sessionMinutes"), "sessionMinutes");
        ctx.json(journeyOf(ws(ctx), ctx.pathParam("customer"), minutes, Optional.ofNullable(ctx.queryParam("map"))));
    }

    /**
     * One customer's journey: every id stitched to them, their events in time order split into
     * sessions after {@code minutes} of inactivity, each event with the touchpoints of {@code mapKey}
     * it matches, their traits and persona. What the API answers and the dashboard's timeline shows.
     */
    ApiViews.JourneyView journeyOf(String workspace, String customer, int minutes, Optional<String> mapKey) {
        if (customer.isEmpty() || customer.length() > io.parcours.model.Event.MAX_ID_LENGTH) {
            throw ParcoursException.invalid("customer", "give a user id or anonymous id of at most "
                    + io.parcours.model.Event.MAX_ID_LENGTH + " characters");
        }
        if (minutes < 1 || minutes > 7 * 24 * 60) {
            throw ParcoursException.invalid("sessionMinutes", "sessionMinutes must be from 1 to 10080 (a week)");
        }
        store.requireWorkspace(workspace);
        List<String> ids = journeys.idsOf(workspace, customer);
        // Where the index says the customer's events lie, when it knows and they are all there; else the whole table.
        Optional<Journeys.EventRange> range = journeys.rangeOf(workspace, customer);
        List<io.parcours.store.StoredEvent> events = range.map(found -> store.eventsOf(workspace, ids, 100_000,
                found.first(), found.last())).filter(found -> found.size() >= range.get().events())
                .orElseGet(() -> store.eventsOf(workspace, ids, 100_000));
        if (events.isEmpty()) {
            throw ParcoursException.notFound("no events for customer '" + customer + "' in workspace '" + workspace + "'");
        }
        long[] times = events.stream().mapToLong(e -> e.event().timestamp()).toArray();
        int[] starts = io.parcours.analytics.Sessions.starts(times, minutes * 60_000L);
        Optional<JourneyMap> map = mapKey.map(key -> store.requireLatestMap(workspace, Keys.require("map", key)).map());
        Optional<io.parcours.analytics.TouchpointMatcher> matcher = map.map(io.parcours.analytics.TouchpointMatcher::of);
        List<ApiViews.SessionView> sessions = new java.util.ArrayList<>();
        for (int s = 0; s < starts.length; s++) {
            int end = s + 1 < starts.length ? starts[s + 1] : events.size();
            List<ApiViews.EventView> views = events.subList(starts[s], end).stream()
                    .map(event -> eventView(event, map, matcher)).toList();
            sessions.add(new ApiViews.SessionView(java.time.Instant.ofEpochMilli(times[starts[s]]),
                    java.time.Instant.ofEpochMilli(times[end - 1]), views));
        }
        java.util.Map<String, String> traits = traits(events);
        Optional<String> persona = io.parcours.analytics.PersonaAssigner.of(store.requireWorkspace(workspace).personas())
                .assign(traits).map(Persona::key);
        return new ApiViews.JourneyView(journeys.customerOf(workspace, customer), ids, persona, traits, events.size(),
                sessions);
    }

    /** The customer's traits: every identify's traits merged in time order, later values winning, flattened. */
    private java.util.Map<String, String> traits(List<io.parcours.store.StoredEvent> events) {
        java.util.Map<String, String> traits = new java.util.TreeMap<>();
        for (io.parcours.store.StoredEvent stored : events) {
            if (stored.event().type() == io.parcours.model.EventType.IDENTIFY) {
                io.parcours.io.segment.Traits.merge(stored.event().traits(), traits);
            }
        }
        return traits;
    }

    private ApiViews.EventView eventView(io.parcours.store.StoredEvent stored, Optional<JourneyMap> map,
            Optional<io.parcours.analytics.TouchpointMatcher> matcher) {
        io.parcours.model.Event event = stored.event();
        List<ApiViews.TouchpointRef> touchpoints = matcher.map(m -> m.match(event).stream()
                .map(key -> map.get().touchpoint(key).orElseThrow())
                .map(t -> new ApiViews.TouchpointRef(t.key(), t.name(), t.stage())).toList()).orElse(List.of());
        return new ApiViews.EventView(stored.seq(), stored.source(), event.messageId(), event.type().id(), event.name(),
                event.userId(), event.anonymousId(), java.time.Instant.ofEpochMilli(event.timestamp()),
                java.time.Instant.ofEpochMilli(event.receivedAt()), tree(event.properties()), tree(event.traits()),
                tree(event.context()), touchpoints);
    }

    private void journeysSummary(Context ctx) {
        int limit = ctx.queryParam("limit") == null ? 50 : number(ctx.queryParam("limit"), "limit");
        if (limit < 1 || limit > 10_000) {
            throw ParcoursException.invalid("limit", "limit must be from 1 to 10000, not " + limit);
        }
        store.requireWorkspace(ws(ctx));
        io.parcours.analytics.JourneyIndex index = journeys.index(ws(ctx));
        long[] events = new long[index.activityCount()];
        long[] customers = new long[index.activityCount()];
        int[] lastCustomer = new int[index.activityCount()];
        java.util.Arrays.fill(lastCustomer, -1);
        for (int c = 0; c < index.customerCount(); c++) {
            for (int e = index.start(c); e < index.end(c); e++) {
                int activity = index.activity(e);
                events[activity]++;
                if (lastCustomer[activity] != c) {
                    lastCustomer[activity] = c;
                    customers[activity]++;
                }
            }
        }
        List<ApiViews.ActivityCount> top = java.util.stream.IntStream.range(0, events.length).boxed()
                .sorted(java.util.Comparator.<Integer>comparingLong(a -> -events[a])
                        .thenComparing(a -> index.activityName(a)))
                .limit(limit)
                .map(a -> new ApiViews.ActivityCount(index.activityName(a), events[a], customers[a]))
                .toList();
        ctx.json(new ApiViews.JourneysSummary(index.eventCount(), index.customerCount(), index.activityCount(),
                Math.round(index.bytesPerEvent() * 100) / 100.0, top));
    }

    private void unmatched(Context ctx) {
        int limit = ctx.queryParam("limit") == null ? 50 : number(ctx.queryParam("limit"), "limit");
        if (limit < 1 || limit > 10_000) {
            throw ParcoursException.invalid("limit", "limit must be from 1 to 10000");
        }
        JourneyMap map = latest(ctx);
        io.parcours.analytics.TouchpointMatcher matcher = io.parcours.analytics.TouchpointMatcher.of(map);
        java.util.Map<String, long[]> counts = new java.util.HashMap<>();
        java.util.Map<String, java.util.Set<String>> customers = new java.util.HashMap<>();
        store.forEachEvent(ws(ctx), stored -> {
            io.parcours.model.Event event = stored.event();
            if (event.type() == io.parcours.model.EventType.IDENTIFY || event.type() == io.parcours.model.EventType.ALIAS
                    || event.type() == io.parcours.model.EventType.GROUP || !matcher.match(event).isEmpty()) {
                return;
            }
            String name = event.type().id() + "\u0000" + event.name();
            counts.computeIfAbsent(name, k -> new long[1])[0]++;
            customers.computeIfAbsent(name, k -> new java.util.HashSet<>()).add(event.customerId());
        });
        ctx.json(counts.entrySet().stream()
                .sorted(java.util.Map.Entry.<String, long[]>comparingByValue((a, b) -> Long.compare(b[0], a[0]))
                        .thenComparing(java.util.Map.Entry.comparingByKey()))
                .limit(limit)
                .map(entry -> {
                    String[] parts = entry.getKey().split("\u0000", 2);
                    return new ApiViews.UnmatchedEvent(parts[0], parts[1], entry.getValue()[0],
                            customers.get(entry.getKey()).size());
                }).toList());
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return json.getNodeFactory().textNode(text);
        }
    }

    private void diff(Context ctx) {
        String map = key(ctx, "map");
        String fromText = ctx.queryParam("from");
        if (fromText == null) {
            throw ParcoursException.invalid("from", "give the older version as ?from=N (and the newer as &to=M)");
        }
        int from = number(fromText, "from");
        int to = ctx.queryParam("to") == null ? store.requireLatestMap(ws(ctx), map).version()
                : number(ctx.queryParam("to"), "to");
        MapDiff diff = store.diff(ws(ctx), map, from, to);
        String format = Optional.ofNullable(ctx.queryParam("format")).orElse("json");
        switch (format) {
            case "json" -> ctx.json(diff);
            case "text" -> ctx.contentType("text/plain; charset=utf-8").result(diff.toText("version " + from, "version " + to));
            default -> throw ParcoursException.invalid("format", "format must be 'json' or 'text', not '" + format + "'");
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** Changes the latest version of the map under the store's write lock, so that concurrent edits all survive. */
    private void editMap(Context ctx, UnaryOperator<JourneyMap> change) {
        answer(ctx, store.edit(ws(ctx), key(ctx, "map"), change, author(ctx), message(ctx)));
    }

    private JourneyMap latest(Context ctx) {
        return store.requireLatestMap(ws(ctx), key(ctx, "map")).map();
    }

    private MapVersion mapAt(Context ctx) {
        String version = ctx.queryParam("version");
        return version == null ? store.requireLatestMap(ws(ctx), key(ctx, "map"))
                : store.version(ws(ctx), key(ctx, "map"), number(version, "version"));
    }

    private Team team(Context ctx) {
        String key = key(ctx, "team");
        Workspace workspace = store.requireWorkspace(ws(ctx));
        return workspace.team(key).orElseThrow(() -> ParcoursException.notFound("no team '" + key + "' in workspace '"
                + workspace.key() + "'" + Suggestions.hint(key, workspace.teams().stream().map(Team::key).toList())));
    }

    private Persona persona(Context ctx) {
        String key = key(ctx, "persona");
        Workspace workspace = store.requireWorkspace(ws(ctx));
        return workspace.persona(key).orElseThrow(() -> ParcoursException.notFound("no persona '" + key
                + "' in workspace '" + workspace.key() + "'"
                + Suggestions.hint(key, workspace.personas().stream().map(Persona::key).toList())));
    }

    static String ws(Context ctx) {
        return key(ctx, "ws");
    }

    static String key(Context ctx, String parameter) {
        String value = ctx.pathParam(parameter);
        if (!Keys.isValid(value)) {
            throw ParcoursException.notFound("'" + value + "' is not a valid " + parameter + " key, so nothing has it");
        }
        return value;
    }

    /** The request body as strict UTF-8, which must not be empty. */
    static String body(Context ctx) {
        String body = MapFiles.decode(ctx.bodyAsBytes(), "the request body");
        if (body.isBlank()) {
            throw ParcoursException.invalid("", "the body is empty: send the object as JSON or YAML");
        }
        return body;
    }

    private static Optional<Integer> position(Context ctx) {
        String text = ctx.queryParam("position");
        if (text == null) {
            return Optional.empty();
        }
        int position = number(text, "position");
        if (position < 1) {
            throw ParcoursException.invalid("position", "position starts at 1");
        }
        return Optional.of(position);
    }

    /** The key a PUT creates or replaces: an invalid one is a mistake in the request (400), not a missing thing. */
    private static String newKey(Context ctx, String parameter) {
        return Keys.require(parameter, ctx.pathParam(parameter));
    }

    static int number(String text, String name) {
        String trimmed = text.trim();
        if (!trimmed.matches("-?\\d{1,18}")) {
            throw ParcoursException.invalid(name, name + " must be a whole number, not '" + text + "'");
        }
        long value = Long.parseLong(trimmed);
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw ParcoursException.invalid(name, name + " " + text + " is far too large: no map has that many");
        }
        return (int) value;
    }

    private static String author(Context ctx) {
        return Caller.of(ctx).map(Caller::name).orElse("unknown");
    }

    private static String message(Context ctx) {
        String message = ctx.queryParam("message");
        if (message != null && message.length() > 1000) {
            throw new ParcoursException(ErrorCode.TOO_LARGE, "message is longer than 1000 characters");
        }
        return message == null ? "" : message;
    }

    private static ApiViews.SavedMap saved(MapVersion version, boolean changed) {
        return new ApiViews.SavedMap(version.map().key(), version.version(), changed, version.savedAt(),
                version.author(), version.message());
    }

    private void yaml(Context ctx, MapDocument document) {
        ctx.contentType("application/yaml; charset=utf-8").result(MapFiles.write(document));
    }

    ApiViews.WorkspaceView view(String key) {
        Workspace workspace = store.requireWorkspace(key);
        java.util.Map<String, Integer> versions = store.latestVersions(key);
        return new ApiViews.WorkspaceView(workspace.key(), workspace.name(), workspace.description(),
                workspace.teams().stream().map(MapFiles::tree).toList(),
                workspace.personas().stream().map(MapFiles::tree).toList(),
                workspace.maps().stream().map(map -> new ApiViews.MapSummary(map.key(), map.name(), map.persona(),
                        map.state().id(), versions.getOrDefault(map.key(), 0), map.stages().size(), map.touchpoints().size())).toList());
    }
}
