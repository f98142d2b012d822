package io.parcours.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.parcours.model.JourneyMap;
import io.parcours.model.Keys;
import io.parcours.model.ParcoursException;
import io.parcours.model.Role;
import io.parcours.model.Workspace;
import io.parcours.store.ParcoursStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pages of results computed elsewhere (by the Spark job) and loaded into a workspace: their
 * list, with a delete button for editors, and each result with the same figures, charts, tables
 * and CSV downloads as the live page of its kind ({@link AnalyticsCharts#loaded}), under a banner
 * that says what computed it, when and by whom it was loaded, and with which parameters.
 */
final class LoadedResultsPages {
    private static final String BASE = "/workspaces/{ws}/analytics/results";

    private final Dashboard dashboard;
    private final ParcoursStore store;
    private final LoadedResults results;
    private final AnalyticsCharts charts;

    LoadedResultsPages(Dashboard dashboard, ApiRoutes api, ObjectMapper json) {
        this.dashboard = dashboard;
        this.store = dashboard.store();
        this.results = new LoadedResults(store);
        this.charts = new AnalyticsCharts(api.analyses(), json);
    }

    List<PageRoute> routes() {
        List<PageRoute> routes = new ArrayList<>();
        routes.add(PageRoute.get(BASE, Role.VIEWER, this::list));
        routes.add(PageRoute.get(BASE + "/{id}", Role.VIEWER, this::result));
        Set<String> csvs = new LinkedHashSet<>();
        AnalyticsView.KINDS.forEach(kind -> csvs.addAll(AnalyticsPages.CSVS.get(kind)));
        for (String chart : csvs) {
            routes.add(PageRoute.get(BASE + "/{id}/" + chart + ".csv", Role.VIEWER, ctx -> csv(ctx, chart)));
        }
        routes.add(PageRoute.post(BASE + "/{id}/delete", Role.EDITOR, this::delete));
        return routes;
    }

    private Shell shell(Context ctx) {
        return dashboard.shell(ctx).in(ApiRoutes.ws(ctx), "analytics");
    }

    private void list(Context ctx) {
        Shell shell = shell(ctx);
        Workspace workspace = store.requireWorkspace(ApiRoutes.ws(ctx));
        Texts t = shell.texts();
        String base = base(workspace.key());
        List<LoadedResultViews.Row> rows = results.all(workspace.key()).stream()
                .map(summary -> new LoadedResultViews.Row(summary, t.t("analytics.kind." + summary.kind()),
                        base + "/" + summary.id(), t.dateTime(summary.loadedAt())))
                .toList();
        dashboard.page(ctx, "loadedresults.jte", Map.of("shell", shell, "workspace", workspace,
                "view", new LoadedResultViews.ListView(base, rows, ctx.queryParam("deleted") != null)));
    }

    private void result(Context ctx) {
        Shell shell = shell(ctx);
        Workspace workspace = store.requireWorkspace(ApiRoutes.ws(ctx));
        dashboard.page(ctx, "loadedresult.jte", Map.of("shell", shell, "workspace", workspace, "view",
                view(workspace, ctx.pathParam("id"), shell.texts())));
    }

    private void csv(Context ctx, String chart) {
        Workspace workspace = store.requireWorkspace(ApiRoutes.ws(ctx));
        LoadedResultViews.ResultView view = view(workspace, ctx.pathParam("id"), Dashboard.texts(ctx));
        String kind = view.summary().kind();
        AnalyticsView.Chart found = view.analysis().chart(chart).orElseThrow(() -> ParcoursException.notFound(
                "loaded result " + view.summary().id() + " is " + kind + ": it has no chart '" + chart + "'"));
        found.table().toCsv().send(ctx, workspace.key() + "-" + kind + "-" + view.summary().id() + "-" + chart + ".csv");
    }

    /**
     * The page of loaded result {@code id}: names come from the map it ran on when the workspace
     * still has it; otherwise keys stand for themselves, and a note says why.
     */
    private LoadedResultViews.ResultView view(Workspace workspace, String id, Texts t) {
        LoadedResults.Typed typed = results.typed(workspace.key(), id);
        LoadedResults.LoadedResultSummary summary = typed.summary();
        String mapKey = summary.parameters().getOrDefault("map", "");
        Optional<JourneyMap> map = Keys.isValid(mapKey) ? workspace.map(mapKey) : Optional.empty();
        AnalyticsFilters filters = new AnalyticsFilters(workspace.key(), map.map(JourneyMap::key).orElse(""), "", "", "",
                "", "", List.of(), List.of(), List.of(), List.of());
        String list = base(workspace.key());
        AnalyticsView analysis = charts.loaded(summary.kind(), typed.result(), filters, map, summary.parameters(),
                list + "/" + summary.id(), t);
        if (!mapKey.isEmpty() && map.isEmpty()) {
            List<String> notes = new ArrayList<>(analysis.notes());
            notes.add(t.t("results.noMap", mapKey));
            analysis = new AnalyticsView(analysis.kind(), analysis.filters(), analysis.figures(), analysis.options(),
                    analysis.charts(), notes, analysis.notice());
        }
        return new LoadedResultViews.ResultView(summary, t.t("analytics.kind." + summary.kind()),
                t.dateTime(summary.loadedAt()), list, analysis);
    }

    private void delete(Context ctx) {
        Workspace workspace = store.requireWorkspace(ApiRoutes.ws(ctx));
        results.delete(workspace.key(), ctx.pathParam("id"));
        ctx.redirect(base(workspace.key()) + "?deleted=1", HttpStatus.SEE_OTHER);
    }

    private static String base(String workspace) {
        return "/workspaces/" + workspace + "/analytics/results";
    }
}
