package io.parcours.server;

import io.parcours.model.JourneyMap;
import io.parcours.model.Workspace;
import io.parcours.store.VersionInfo;
import java.util.List;

/**
 * What the page of one journey map shows: the map at the chosen version, the drawing (SVG, made
 * on the server and escaped by its own writer), the versions to pick and compare, the maps of the
 * other personas, and the current or future state twin. Public only because the compiled
 * templates read it.
 *
 * @param compare the version the drawing marks changes against, or 0 for none
 * @param twin the link to the current and future states side by side, or null when the map has no twin
 */
public record MapPageView(Workspace workspace, JourneyMap map, int version, int latestVersion, List<VersionInfo> versions,
        int compare, String svg, List<Link> personaMaps, Link twin) {

    /** A link with its label, and whether it is the page shown. */
    public record Link(String href, String label, boolean current) {}

    public String personaName() {
        return workspace.persona(map.persona()).map(persona -> persona.name()).orElse(map.persona());
    }

    /** The export of the drawing as shown (same version and comparison) in {@code format}. */
    public String exportLink(String format) {
        String base = "/workspaces/" + workspace.key() + "/maps/" + map.key() + "/export/" + format + "?version=" + version;
        return compare == 0 ? base : base + "&compare=" + compare;
    }
}
