package io.parcours.server;

import io.javalin.http.Context;
import io.parcours.model.Role;
import io.parcours.model.Workspace;
import io.parcours.store.MapVersion;
import io.parcours.store.ParcoursStore;
import io.parcours.store.WorkspaceSummary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The pages that list the workspaces and their maps, and the page of one journey map. */
final class MapPages {
    private final Dashboard dashboard;
    private final ParcoursStore store;

    MapPages(Dashboard dashboard) {
        this.dashboard = dashboard;
        this.store = dashboard.store();
    }

    List<PageRoute> routes() {
        return List.of(
                PageRoute.get("/", Role.VIEWER, this::index),
                PageRoute.get("/workspaces/{ws}", Role.VIEWER, this::workspace),
                PageRoute.get("/workspaces/{ws}/maps/{map}", Role.VIEWER, this::map));
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

    private void map(Context ctx) {
        Workspace workspace = store.requireWorkspace(ApiRoutes.ws(ctx));
        MapVersion latest = store.requireLatestMap(workspace.key(), ApiRoutes.key(ctx, "map"));
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("shell", dashboard.shell(ctx).in(workspace.key(), "maps"));
        parameters.put("workspace", workspace);
        parameters.put("map", latest.map());
        parameters.put("version", latest.version());
        dashboard.page(ctx, "map.jte", parameters);
    }
}
