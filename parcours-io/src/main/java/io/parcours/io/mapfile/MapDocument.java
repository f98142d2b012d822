package io.parcours.io.mapfile;

import static java.util.Objects.requireNonNull;

import io.parcours.model.JourneyMap;
import io.parcours.model.ParcoursException;
import io.parcours.model.Persona;
import io.parcours.model.Team;
import io.parcours.model.Workspace;
import java.util.List;
import java.util.Optional;

/**
 * What one map file holds: a whole workspace (with its {@code workspace:} header), or part of one
 * (some teams, personas and maps, to import into an existing workspace). Valid on its own terms:
 * references it does not define are checked when it is imported (see {@link MapFiles#validate}).
 */
public record MapDocument(Optional<WorkspaceInfo> workspace, List<Team> teams, List<Persona> personas,
        List<JourneyMap> maps) {

    public MapDocument {
        requireNonNull(workspace, "workspace is null");
        teams = List.copyOf(teams);
        personas = List.copyOf(personas);
        maps = List.copyOf(maps);
    }

    public static MapDocument of(Workspace workspace) {
        return new MapDocument(Optional.of(new WorkspaceInfo(workspace.key(), workspace.name(), workspace.description())),
                workspace.teams(), workspace.personas(), workspace.maps());
    }

    /** A document with one map and nothing else, as exported for one map. */
    public static MapDocument of(JourneyMap map) {
        return new MapDocument(Optional.empty(), List.of(), List.of(), List.of(map));
    }

    /** The workspace this document describes; fails when it has no {@code workspace:} header. */
    public Workspace toWorkspace() {
        WorkspaceInfo info = workspace.orElseThrow(() -> ParcoursException.invalid("workspace",
                "this file describes no workspace: add a 'workspace:' section with a key and a name"));
        return new Workspace(info.key(), info.name(), info.description(), teams, personas, maps);
    }
}
