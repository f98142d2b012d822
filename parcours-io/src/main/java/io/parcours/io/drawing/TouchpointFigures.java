package io.parcours.io.drawing;

import static java.util.Objects.requireNonNull;

import io.parcours.analytics.measure.KpiStatus;
import io.parcours.model.ParcoursException;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The figures the dashboard puts on one touchpoint, for the drawing to show on its card: its status
 * against its target, how many customers met it, the share of journeys through it that reached the
 * map's conversion goal afterwards (0 to 1), and its survey scores.
 */
public record TouchpointFigures(KpiStatus status, OptionalLong volume, OptionalDouble conversion,
        List<ScoreBadge> scores) {

    public TouchpointFigures {
        requireNonNull(status, "status is null");
        requireNonNull(volume, "volume is null");
        requireNonNull(conversion, "conversion is null");
        scores = List.copyOf(requireNonNull(scores, "scores is null"));
        if (volume.isPresent() && volume.getAsLong() < 0) {
            throw ParcoursException.invalid("volume", "volume " + volume.getAsLong()
                    + " is negative: give the number of customers who met it, 0 or more");
        }
        if (conversion.isPresent() && !(conversion.getAsDouble() >= 0 && conversion.getAsDouble() <= 1)) {
            throw ParcoursException.invalid("conversion", "conversion " + conversion.getAsDouble()
                    + " is not a share: give a number from 0 to 1 (0.23 for 23 %)");
        }
    }

    /** Only a status, without volume, conversion or scores. */
    public static TouchpointFigures of(KpiStatus status) {
        return new TouchpointFigures(status, OptionalLong.empty(), OptionalDouble.empty(), List.of());
    }
}
