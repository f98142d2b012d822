package io.parcours.cli;

import io.parcours.model.ParcoursException;
import io.parcours.model.Suggestions;
import io.parcours.store.ParcoursStore;
import io.parcours.store.WorkspaceSummary;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --data DIR} option that every command working on a Parcours database shares. */
final class DataFolder {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "parcours-data",
            description = "The data folder holding the database (default: ${DEFAULT-VALUE}).")
    Path folder;

    ParcoursStore open() {
        return ParcoursStore.open(folder);
    }

    /** The workspace to work in: the one named, or the only one there is. */
    static String workspace(ParcoursStore store, String named) {
        List<String> keys = store.workspaces().stream().map(WorkspaceSummary::key).toList();
        if (named != null) {
            if (!keys.contains(named)) {
                throw ParcoursException.notFound("no workspace '" + named + "' in " + store.dataFolder()
                        + Suggestions.hint(named, keys));
            }
            return named;
        }
        if (keys.size() == 1) {
            return keys.get(0);
        }
        if (keys.isEmpty()) {
            throw ParcoursException.notFound("the data folder " + store.dataFolder()
                    + " has no workspace yet: import a map file with a 'workspace:' section, or name one with --workspace KEY to create it");
        }
        throw ParcoursException.invalid("workspace", "the data folder holds several workspaces ("
                + String.join(", ", keys) + "): name one with --workspace");
    }
}
