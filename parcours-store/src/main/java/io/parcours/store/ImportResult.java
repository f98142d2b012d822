package io.parcours.store;

import java.util.List;

/**
 * What importing a map file changed: the workspace, the teams and personas written, and per map
 * the version it now has ({@code unchanged} when the file held the map as already saved).
 */
public record ImportResult(String workspace, boolean workspaceCreated, List<String> teams, List<String> personas,
        List<MapOutcome> maps) {

    /** The outcome for one map of the file. */
    public record MapOutcome(String key, int version, boolean changed) {}

    public ImportResult {
        teams = List.copyOf(teams);
        personas = List.copyOf(personas);
        maps = List.copyOf(maps);
    }
}
