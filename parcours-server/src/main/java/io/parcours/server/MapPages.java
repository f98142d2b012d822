package io.parcours.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.parcours.io.drawing.Drawing;
import io.parcours.io.drawing.DrawingExport;
import io.parcours.io.drawing.DrawingLabels;
import io.parcours.io.drawing.DrawingOverlay;
import io.parcours.io.drawing.MapDrawing;
import io.parcours.io.drawing.TouchpointFigures;
import io.parcours.model.JourneyMap;
import io.parcours.model.ParcoursException;
import io.parcours.model.Role;
import io.parcours.model.TextParameters;
import io.parcours.model.Touchpoint;
import io.parcours.model.Workspace;
import io.parcours.store.MapVersion;
import io.parcours.store.ParcoursStore;
import io.parcours.store.WorkspaceSummary;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The pages of the journey maps: the workspaces and their maps, one map drawn with each
 * touchpoint's live scores (at any version, compared with another, beside its current or future
 * state twin), a touchpoint's panel, and the drawing's exports as SVG, PNG and PDF.
 */
final class MapPages {
    private final Dashboard dashboard;
    private final ParcoursStore store;
    private final KpiTables kpis;
    private final JourneyAnalyses analyses;
    private final ObjectMapper json;
    private final Clock clock;

    MapPages(Dashboard dashboard, KpiTables kpis, JourneyAnalyses analyses, ObjectMapper json, Clock clock) {
        this.dashboard = dashboard;
        this.store = dashboard.store();
        this.kpis = kpis;
        this.analyses = analyses;
        this.json = json;
        this.clock = clock;
    }

    List<PageRoute> routes() {
        return List.of(
                PageRoute.get("/", Role.VIEWER, this::index),
                PageRoute.get("/workspaces/{ws}", Role.VIEWER, this::workspace),
                PageRoute.get("/workspaces/{ws}/maps/{map}", Role.VIEWER, this::map),
                PageRoute.get("/workspaces/{ws}/maps/{map}/side-by-side", Role.VIEWER, this::sideBySide),
                PageRoute.get("/workspaces/{ws}/maps/{map}/export/{format}", Role.VIEWER, this::export),
                PageRoute.get("/workspaces/{ws}/maps/{map}/touchpoints/{touchpoint}", Role.VIEWER, this::touchpoint),
                PageRoute.get("/workspaces/{ws}/maps/{map}/touchpoints/{touchpoint}/scores.csv", Role.VIEWER,
                        this::scoresCsv));
    }

    private void index(Context ctx) {
        List<Workspace> workspaces = store.workspaces().stream().map(WorkspaceSummary::key)
                .map(store::workspace).flatMap(Optional::stream).toList();
        dashboard.page(ctx, "index.jte", Map.of("shell", dashboard.shell(ctx), "workspaces", workspaces));
    }

    private void workspace(Context ctx) {
        Workspace workspace = store.requireWorkspace(ApiRoutes.ws(ctx));
        dashboard.page(ctx, "workspace.jte", Map.of("shell", dashboard.shell(ctx).in(workspace.key(), "maps"),
                "workspace", workspace));
    }

    /** The map and version a request asks for, and the version to compare with (0: none). */
    private record Shown(Workspace workspace, MapVersion shown, int latest, Optional<MapVersion> compared) {}

    private Shown shown(Context ctx) {
        Workspace workspace = store.requireWorkspace(ApiRoutes.ws(ctx));
        String mapKey = ApiRoutes.key(ctx, "map");
        MapVersion latest = store.requireLatestMap(workspace.key(), mapKey);
        TextParameters p = new TextParameters(Map.of("version", text(ctx.queryParam("version")),
                "compare", text(ctx.queryParam("compare"))));
        int version = (int) p.number("version", latest.version(), 1, latest.version());
        MapVersion shown = version == latest.version() ? latest : store.version(workspace.key(), mapKey, version);
        int compare = (int) p.number("compare", 0, 0, latest.version());
        Optional<MapVersion> compared = compare == 0 || compare == version ? Optional.empty()
                : Optional.of(store.version(workspace.key(), mapKey, compare));
        return new Shown(workspace, shown, latest.version(), compared);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    /** The drawing of a map with its live figures, in the page's language. */
    private Drawing drawing(Workspace workspace, JourneyMap map, Optional<JourneyMap> compared, Texts t) {
        KpiTables.KpiTable table = kpis.table(workspace.key(), Map.of("map", map.key(), "by", "touchpoint"),
                FiguresCache.Freshness.RECENT);
        Map<String, TouchpointFigures> figures = MapFigures.of(table, t);
        return MapDrawing.draw(workspace, map, new DrawingOverlay(figures, compared),
                DrawingLabels.of(Locale.forLanguageTag(t.language())));
    }

    private void map(Context ctx) {
        Shown shown = shown(ctx);
        Shell shell = dashboard.shell(ctx).in(shown.workspace().key(), "maps");
        JourneyMap map = shown.shown().map();
        Drawing drawing = drawing(shown.workspace(), map, shown.compared().map(MapVersion::map), shell.texts());
        MapPageView view = new MapPageView(shown.workspace(), map, shown.shown().version(), shown.latest(),
                store.versions(shown.workspace().key(), map.key()), shown.compared().map(MapVersion::version).orElse(0),
                drawing.toInlineSvg(), personaMaps(shown.workspace(), map, shell.texts()), twin(shown.workspace(), map, shell.texts()));
        dashboard.page(ctx, "map.jte", Map.of("shell", shell, "view", view));
    }

    /** The first map of each persona, so the team can switch persona in one click. */
    private static List<MapPageView.Link> personaMaps(Workspace workspace, JourneyMap shown, Texts t) {
        List<MapPageView.Link> links = new ArrayList<>();
        Map<String, Boolean> seen = new HashMap<>();
        for (JourneyMap map : workspace.maps()) {
            if (seen.putIfAbsent(map.persona() + "/" + map.state().id(), true) != null) {
                continue;
            }
            String persona = workspace.persona(map.persona()).map(p -> p.name()).orElse(map.persona());
            links.add(new MapPageView.Link("/workspaces/" + workspace.key() + "/maps/" + map.key(),
                    persona + " · " + t.t("state." + map.state().id()), map.key().equals(shown.key())));
        }
        return links;
    }

    /** The current or future state that pairs with {@code map}, if any. */
    private static Optional<JourneyMap> twinOf(Workspace workspace, JourneyMap map) {
        if (map.redesigns().isPresent()) {
            return workspace.maps().stream().filter(m -> m.key().equals(map.redesigns().get())).findFirst();
        }
        return workspace.maps().stream().filter(m -> m.redesigns().filter(map.key()::equals).isPresent()).findFirst();
    }

    private static MapPageView.Link twin(Workspace workspace, JourneyMap map, Texts t) {
        return twinOf(workspace, map).map(twin -> new MapPageView.Link("/workspaces/" + workspace.key() + "/maps/"
                + map.key() + "/side-by-side", t.t("map.sideBySide"), false)).orElse(null);
    }

    private void sideBySide(Context ctx) {
        Workspace workspace = store.requireWorkspace(ApiRoutes.ws(ctx));
        JourneyMap map = store.requireLatestMap(workspace.key(), ApiRoutes.key(ctx, "map")).map();
        JourneyMap twin = twinOf(workspace, map).orElseThrow(() -> ParcoursException.notFound("map '" + map.key()
                + "' has no current or future state twin: a future-state map names the map it redesigns"));
        JourneyMap current = map.redesigns().isPresent() ? twin : map;
        JourneyMap future = map.redesigns().isPresent() ? map : twin;
        Shell shell = dashboard.shell(ctx).in(workspace.key(), "maps");
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("shell", shell);
        parameters.put("workspace", workspace);
        parameters.put("current", current);
        parameters.put("future", future);
        parameters.put("currentSvg", drawing(workspace, current, Optional.empty(), shell.texts()).toInlineSvg());
        parameters.put("futureSvg", drawing(workspace, future, Optional.empty(), shell.texts()).toInlineSvg());
        dashboard.page(ctx, "sidebyside.jte", parameters);
    }

    private void export(Context ctx) {
        Shown shown = shown(ctx);
        Texts t = Dashboard.texts(ctx);
        JourneyMap map = shown.shown().map();
        Drawing drawing = drawing(shown.workspace(), map, shown.compared().map(MapVersion::map), t);
        String name = map.key() + "-v" + shown.shown().version()
                + shown.compared().map(c -> "-vs-v" + c.version()).orElse("");
        String title = map.name() + " · " + t.t("map.version", shown.shown().version());
        switch (ctx.pathParam("format")) {
            case "svg" -> ctx.contentType("image/svg+xml; charset=utf-8").result(drawing.toSvg());
            case "png" -> ctx.contentType("image/png").result(DrawingExport.png(drawing, 2));
            case "pdf" -> ctx.contentType("application/pdf").result(DrawingExport.pdf(drawing, title));
            default -> throw ParcoursException.notFound("no export as '" + ctx.pathParam("format")
                    + "': choose svg, png or pdf");
        }
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + "." + ctx.pathParam("format") + "\"");
    }

    /** The workspace, the latest version of the map, and the touchpoint a request names. */
    private record Named(Workspace workspace, JourneyMap map, Touchpoint touchpoint) {}

    private Named named(Context ctx) {
        Workspace workspace = store.requireWorkspace(ApiRoutes.ws(ctx));
        JourneyMap map = store.requireLatestMap(workspace.key(), ApiRoutes.key(ctx, "map")).map();
        String key = ApiRoutes.key(ctx, "touchpoint");
        Touchpoint touchpoint = map.touchpoint(key).orElseThrow(() -> ParcoursException.notFound("map '" + map.key()
                + "' has no touchpoint '" + key + "'"));
        return new Named(workspace, map, touchpoint);
    }

    private TouchpointPanel panel(Context ctx, Texts t) {
        Named named = named(ctx);
        return TouchpointPanel.build(store, kpis, analyses, json, named.workspace(), named.map(), named.touchpoint(), t,
                clock.instant());
    }

    /** The touchpoint's panel: a fragment for the map page's script (htmx), a whole page otherwise. */
    private void touchpoint(Context ctx) {
        Shell shell = dashboard.shell(ctx).in(ApiRoutes.ws(ctx), "maps");
        TouchpointPanel panel = panel(ctx, shell.texts());
        if ("true".equals(ctx.header("HX-Request"))) {
            dashboard.page(ctx, "panel.jte", Map.of("shell", shell, "panel", panel));
            return;
        }
        String mapName = store.requireLatestMap(panel.workspace(), panel.map()).map().name();
        dashboard.page(ctx, "touchpoint.jte", Map.of("shell", shell, "panel", panel, "mapName", mapName));
    }

    /** The data of the panel's chart as CSV: one line per week and metric, with the interval. */
    private void scoresCsv(Context ctx) {
        Named named = named(ctx);
        TouchpointPanel.weeklyScores(kpis, named.workspace().key(), named.map().key(), named.touchpoint().key(),
                        Dashboard.texts(ctx), clock.instant())
                .toCsv().send(ctx, named.map().key() + "-" + named.touchpoint().key() + "-scores.csv");
    }
}
