package io.parcours.io.drawing;

import static java.util.Objects.requireNonNull;

import io.parcours.model.JourneyMap;
import java.util.Map;
import java.util.Optional;

/**
 * What to draw over the map: the figures of each touchpoint by touchpoint key, and optionally the
 * older version of the map to compare with, whose differences the drawing marks. Figures for keys
 * the map does not have are ignored, so figures computed on an older version can be passed as they are.
 */
public record DrawingOverlay(Map<String, TouchpointFigures> touchpoints, Optional<JourneyMap> comparedWith) {
    public DrawingOverlay {
        touchpoints = Map.copyOf(requireNonNull(touchpoints, "touchpoints is null"));
        requireNonNull(comparedWith, "comparedWith is null");
    }

    /** The plain map: no figures, no comparison. */
    public static DrawingOverlay none() {
        return new DrawingOverlay(Map.of(), Optional.empty());
    }

    public static DrawingOverlay figures(Map<String, TouchpointFigures> touchpoints) {
        return new DrawingOverlay(touchpoints, Optional.empty());
    }

    public static DrawingOverlay comparison(JourneyMap olderVersion) {
        return new DrawingOverlay(Map.of(), Optional.of(olderVersion));
    }

    public Optional<TouchpointFigures> figuresOf(String touchpointKey) {
        return Optional.ofNullable(touchpoints.get(touchpointKey));
    }
}
