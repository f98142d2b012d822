package io.parcours.spark;

import io.parcours.io.mapfile.MapDocument;
import io.parcours.io.mapfile.MapFiles;
import io.parcours.model.JourneyMap;
import io.parcours.model.ParcoursException;
import io.parcours.model.Persona;
import io.parcours.model.Suggestions;
import io.parcours.model.Workspace;
import io.parcours.model.WorkspaceRules;
import io.parcours.store.ParcoursStore;
import io.parcours.store.WorkspaceSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a Spark run knows of the workspace: the map whose touchpoints are the steps (none for the
 * process and paths analyses on activities), the personas, and the workspace key that selects the
 * events of a multi-workspace export. Read from a map file or a Parcours data folder on the driver,
 * and sent to the executors as map-file text, read again there.
 */
public record MapSource(Optional<String> workspace, Optional<JourneyMap> map, List<Persona> personas, String text) {
    public MapSource {
        personas = List.copyOf(personas);
    }

    /** The map {@code mapKey} (and the personas) of a map file; without a key, no map. */
    public static MapSource fromFile(Path file, Optional<String> mapKey, Optional<String> workspace) {
        if (!Files.isRegularFile(file)) {
            throw ParcoursException.notFound("there is no map file " + file + ": give a file written by parcours map export");
        }
        // A map exported alone names its persona and owners without defining them: the analyses need neither.
        MapDocument document = MapFiles.read(file, WorkspaceRules.Known.ANYTHING);
        Optional<String> named = workspace.or(() -> document.workspace().map(info -> info.key()));
        return of(named, document.maps(), document.personas(), mapKey, document.teams(), file.toString());
    }

    /** The latest version of map {@code mapKey} of a workspace of a data folder (the only one, when not named). */
    public static MapSource fromDataFolder(Path folder, Optional<String> mapKey, Optional<String> workspace) {
        if (!Files.isRegularFile(folder.resolve("parcours.duckdb"))) {
            throw ParcoursException.notFound("there is no Parcours data folder at " + folder
                    + ": give the folder that holds parcours.duckdb");
        }
        try (ParcoursStore store = ParcoursStore.open(folder)) {
            List<String> keys = store.workspaces().stream().map(WorkspaceSummary::key).toList();
            String chosen;
            if (workspace.isPresent()) {
                if (!keys.contains(workspace.get())) {
                    throw ParcoursException.notFound("no workspace '" + workspace.get() + "' in " + folder
                            + Suggestions.hint(workspace.get(), keys));
                }
                chosen = workspace.get();
            } else if (keys.size() == 1) {
                chosen = keys.get(0);
            } else {
                throw ParcoursException.invalid("workspace", "the data folder holds " + (keys.isEmpty() ? "no workspace"
                        : "several workspaces (" + String.join(", ", keys) + "): name one with --workspace"));
            }
            Workspace ws = store.requireWorkspace(chosen);
            List<JourneyMap> maps = mapKey.isPresent() ? List.of(store.requireLatestMap(chosen, mapKey.get()).map()) : List.of();
            return of(Optional.of(chosen), maps, ws.personas(), mapKey, ws.teams(), folder.toString());
        }
    }

    private static MapSource of(Optional<String> workspace, List<JourneyMap> maps, List<Persona> personas,
            Optional<String> mapKey, List<io.parcours.model.Team> teams, String where) {
        Optional<JourneyMap> map = Optional.empty();
        if (mapKey.isPresent()) {
            map = Optional.of(maps.stream().filter(m -> m.key().equals(mapKey.get())).findFirst()
                    .orElseThrow(() -> ParcoursException.notFound("there is no map '" + mapKey.get() + "' in " + where
                            + Suggestions.hint(mapKey.get(), maps.stream().map(JourneyMap::key).toList()))));
        }
        String text = MapFiles.write(new MapDocument(Optional.empty(), teams, personas, map.map(List::of).orElse(List.of())));
        return new MapSource(workspace, map, personas, text);
    }

    /** The map and personas again, from {@link #text()}: how executors get them. */
    static MapDocument read(String text) {
        return MapFiles.read("map sent by the driver", text, WorkspaceRules.Known.ANYTHING);
    }
}
