package io.parcours.server;

import io.parcours.io.mapfile.MapDocument;
import io.parcours.io.mapfile.MapFiles;
import io.parcours.model.ParcoursException;
import io.parcours.model.Workspace;
import io.parcours.model.WorkspaceRules;
import io.parcours.store.ImportResult;
import io.parcours.store.ParcoursStore;
import java.util.Optional;

/** Imports a map file into a workspace, all or nothing: the API's import route and the editor's import page. */
final class MapFileImport {
    private MapFileImport() {}

    /**
     * Reads {@code text} (YAML or JSON) against what the workspace already holds and imports it.
     * {@code importPath} begins the path the error message suggests when the file names another workspace.
     */
    static ImportResult into(ParcoursStore store, String workspace, String source, String text, String author,
            String message, String importPath) {
        Optional<Workspace> existing = store.workspace(workspace);
        WorkspaceRules.Known known = existing.map(WorkspaceRules.Known::of).orElse(WorkspaceRules.Known.NONE);
        MapDocument document = MapFiles.read(source, text, known);
        document.workspace().ifPresent(info -> {
            if (!info.key().equals(workspace)) {
                throw ParcoursException.invalid("workspace.key", "the file describes workspace '" + info.key()
                        + "' but is imported into '" + workspace + "': import it at " + importPath + info.key()
                        + "/import, or remove its workspace section");
            }
        });
        if (existing.isEmpty() && document.workspace().isEmpty()) {
            throw ParcoursException.notFound("no workspace '" + workspace
                    + "': create it first, or import a file with a 'workspace:' section to create it");
        }
        return store.importInto(workspace, document.workspace().map(info -> info.name()).orElse(null),
                document.workspace().map(info -> info.description()).orElse(null), document.workspace().isPresent(),
                document.teams(), document.personas(), document.maps(), author, message);
    }
}
