package io.parcours.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.parcours.analytics.ProcessView;
import io.parcours.model.JourneyMap;
import io.parcours.model.ParcoursException;
import io.parcours.model.Role;
import io.parcours.model.Workspace;
import io.parcours.store.ParcoursStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The analytics pages of a workspace: an overview, one page per analysis (funnel, paths as a
 * Sankey diagram, the process map with its frequency slider, attribution by every model,
 * conformance, key touchpoints, abandonment), each chart's data as CSV, and one customer's journey
 * as a timeline. Every figure comes from the same calls as the API's, with the same parameters and
 * checks, so the pages and the API always agree.
 */
final class AnalyticsPages {
    /** The script of the analytics pages. */
    static final String SCRIPT = "/assets/analytics.js";
    /** The CSV downloads, by the analysis whose page holds their chart. */
    static final Map<String, List<String>> CSVS = Map.of("funnel", List.of("funnel"), "paths", List.of("paths"),
            "process", List.of("process", "process-variants"), "attribution", List.of("attribution"),
            "conformance", List.of("conformance", "conformance-off-map", "conformance-never-seen"),
            "touchpoints", List.of("touchpoints"), "abandonment", List.of("abandonment", "abandonment-customers"));
    private static final String BASE = "/workspaces/{ws}/analytics";

    private final Dashboard dashboard;
    private final ParcoursStore store;
    private final ApiRoutes api;
    private final Journeys journeys;
    private final AnalyticsCharts charts;

    AnalyticsPages(Dashboard dashboard, ApiRoutes api, Journeys journeys, ObjectMapper json) {
        this.dashboard = dashboard;
        this.store = dashboard.store();
        this.api = api;
        this.journeys = journeys;
        this.charts = new AnalyticsCharts(api.analyses(), json);
    }

    List<PageRoute> routes() {
        List<PageRoute> routes = new ArrayList<>();
        routes.add(PageRoute.get(BASE, Role.VIEWER, this::overview));
        for (String kind : AnalyticsView.KINDS) {
            routes.add(PageRoute.get(BASE + "/" + kind, Role.VIEWER, ctx -> analysis(ctx, kind)));
            for (String chart : CSVS.get(kind)) {
                routes.add(PageRoute.get(BASE + "/" + chart + ".csv", Role.VIEWER, ctx -> csv(ctx, kind, chart)));
            }
        }
        routes.add(PageRoute.get(BASE + "/customer", Role.VIEWER, this::findCustomer));
        routes.add(PageRoute.get(BASE + "/customers/{customer}", Role.VIEWER, this::customer));
        routes.add(PageRoute.open(HandlerType.GET, SCRIPT, ctx -> ctx.contentType("text/javascript; charset=utf-8")
                .header("Cache-Control", "max-age=3600").result(ParcoursServer.resource(SCRIPT))));
        return routes;
    }

    /** What a page of workspace {@code ws} starts from: the workspace, the filters, and its map. */
    private record Scope(Workspace workspace, AnalyticsFilters filters, Optional<JourneyMap> map, Shell shell) {}

    private Scope scope(Context ctx) {
        Shell shell = dashboard.shell(ctx).in(ApiRoutes.ws(ctx), "analytics");
        Workspace workspace = store.requireWorkspace(ApiRoutes.ws(ctx));
        Optional<JourneyMap> map = AnalyticsFilters.map(ctx, workspace, store);
        AnalyticsFilters filters = AnalyticsFilters.of(ctx, workspace, map, store.sources(workspace.key()), shell.texts());
        return new Scope(workspace, filters, map, shell);
    }

    /** The notice of a workspace without events ("" when it has some). */
    private String noEvents(String workspace, Texts t) {
        return journeys.isEmpty(workspace) ? t.t("analytics.noEvents") : "";
    }

    private void overview(Context ctx) {
        Scope scope = scope(ctx);
        Texts t = scope.shell().texts();
        List<AnalyticsView.Figure> figures = new ArrayList<>();
        String notice = scope.map().isEmpty() ? t.t("analytics.noMap") : noEvents(scope.workspace().key(), t);
        if (scope.map().isPresent()) {
            // The journeys the filters keep, counted by the process view (which also checks the filters).
            ProcessView.Result kept = (ProcessView.Result) api.analyses().run("process", scope.workspace().key(),
                    withVariants(scope.filters().parameters()), FiguresCache.Freshness.RECENT);
            figures.add(new AnalyticsView.Figure(t.t("analytics.process.cases"), t.number(kept.cases())));
            figures.add(new AnalyticsView.Figure(t.t("analytics.process.events"), t.number(kept.events())));
        }
        AnalyticsView view = new AnalyticsView("overview", scope.filters(), figures, List.of(), List.of(), List.of(),
                notice);
        dashboard.page(ctx, "analytics.jte", Map.of("shell", scope.shell(), "view", view, "workspace", scope.workspace()));
    }

    private static Map<String, String> withVariants(Map<String, String> filters) {
        Map<String, String> parameters = new HashMap<>(filters);
        parameters.put("variants", "0");
        return parameters;
    }

    private AnalyticsView view(Context ctx, String kind, Scope scope) {
        Map<String, String> requested = new HashMap<>();
        AnalyticsCharts.OPTIONS.getOrDefault(kind, Map.of()).keySet().forEach(name -> {
            String value = ctx.queryParam(name);
            if (value != null) {
                requested.put(name, value.trim());
            }
        });
        Texts t = scope.shell().texts();
        return charts.view(kind, scope.filters(), scope.map(), requested, noEvents(scope.workspace().key(), t), t);
    }

    private void analysis(Context ctx, String kind) {
        Scope scope = scope(ctx);
        AnalyticsView view = view(ctx, kind, scope);
        dashboard.page(ctx, "analysis.jte", Map.of("shell", scope.shell(), "view", view, "workspace", scope.workspace()));
    }

    private void csv(Context ctx, String kind, String chart) {
        Scope scope = scope(ctx);
        AnalyticsView view = view(ctx, kind, scope);
        AnalyticsView.Chart found = view.chart(chart).orElseThrow(() -> ParcoursException.notFound("no data to download: "
                + view.notice()));
        found.table().toCsv().send(ctx, scope.workspace().key() + "-" + chart + ".csv");
    }

    /** The search form of the overview: the timeline of the customer with the id typed. */
    private void findCustomer(Context ctx) {
        Scope scope = scope(ctx);
        String id = Optional.ofNullable(ctx.queryParam("customer")).map(String::trim).orElse("");
        ctx.redirect(id.isEmpty() ? scope.filters().base() + scope.filters().query() : scope.filters().customerLink(id),
                HttpStatus.SEE_OTHER);
    }

    private void customer(Context ctx) {
        Scope scope = scope(ctx);
        String minutes = ctx.queryParam("sessionMinutes");
        ApiViews.JourneyView journey = api.journeyOf(scope.workspace().key(), ctx.pathParam("customer"),
                minutes == null || minutes.isBlank() ? 30 : ApiRoutes.number(minutes, "sessionMinutes"),
                scope.map().map(JourneyMap::key));
        CustomerTimeline timeline = CustomerTimeline.of(journey, scope.workspace(), scope.map(), scope.shell().texts());
        dashboard.page(ctx, "customer.jte", Map.of("shell", scope.shell(), "view", new AnalyticsView("customer",
                scope.filters(), List.of(), List.of(), List.of(), List.of(), ""), "timeline", timeline,
                "workspace", scope.workspace()));
    }
}
