package io.parcours.io.builtin;

import io.parcours.io.mapfile.MapFiles;
import io.parcours.model.Workspace;
import java.util.List;

/**
 * The demo workspaces, drawn from the stories of the reference texts on journey mapping: a brand of
 * clothing made in Africa sold online and in a shop (current and future state), a running-shoe
 * purchase through the AIDA stages, and grocery shopping at a supermarket or a traditional market.
 */
public final class DemoWorkspaces {
    private static final List<String> FILES = List.of("akwaba", "foulee", "marche");

    private DemoWorkspaces() {}

    public static List<Workspace> load() {
        return FILES.stream()
                .map(name -> MapFiles.read("demo/" + name + ".yaml", Resources.text("demo/" + name + ".yaml")).toWorkspace())
                .toList();
    }
}
