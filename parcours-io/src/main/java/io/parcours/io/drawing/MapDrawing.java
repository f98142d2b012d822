package io.parcours.io.drawing;

import static java.util.Objects.requireNonNull;

import io.parcours.model.JourneyMap;
import io.parcours.model.Workspace;

/**
 * Draws a journey map as a poster, without a browser: stages as columns, lanes as rows (customer
 * goals to owners), the emotion curve, each touchpoint as a card with its channel icon and, when
 * given, its status, volume, conversion and scores; and, when a version to compare with is given,
 * what was added, changed, moved or removed. The result is one scene ({@link Drawing}) that
 * {@link Drawing#toSvg()} and {@link DrawingExport} turn into SVG, PNG and PDF. See docs/drawing.md.
 */
public final class MapDrawing {
    private MapDrawing() {}

    /**
     * @param workspace where the persona and the owning teams are named
     * @param map the map to draw (the newer one when comparing)
     * @param overlay the figures and the version to compare with, or {@link DrawingOverlay#none()}
     * @param labels the words, in English or French
     */
    public static Drawing draw(Workspace workspace, JourneyMap map, DrawingOverlay overlay, DrawingLabels labels) {
        requireNonNull(workspace, "workspace is null");
        requireNonNull(map, "map is null");
        requireNonNull(overlay, "overlay is null");
        requireNonNull(labels, "labels is null");
        return new MapLayout(workspace, map, overlay, labels).draw();
    }
}
