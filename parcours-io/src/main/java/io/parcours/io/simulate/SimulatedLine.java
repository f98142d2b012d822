package io.parcours.io.simulate;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What the simulator meant one line it wrote to be, told to a listener as the line is written: the
 * ground truth that tests and benchmarks compare Parcours's own reading of the line against.
 *
 * @param customer the customer's number, from 1
 * @param persona the key of the customer's persona
 * @param map the key of the journey map the customer walks
 * @param touchpoint the touchpoint the line stands for, for {@link Kind#TOUCHPOINT} and {@link Kind#CONVERSION}
 */
public record SimulatedLine(long customer, String persona, String map, Kind kind, Optional<String> touchpoint) {
    /** The kinds of line. */
    public enum Kind {
        /** The customer says who they are: an {@code identify} with traits that fit their persona. */
        IDENTIFY,
        /** A touchpoint met: a message that the touchpoint's rules match (when it has any). */
        TOUCHPOINT,
        /** The map's conversion touchpoint, with the conversion's value. */
        CONVERSION,
        /** A message that no touchpoint of the workspace matches. */
        NOISE
    }

    public SimulatedLine {
        requireNonNull(persona, "persona is null");
        requireNonNull(map, "map is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(touchpoint, "touchpoint is null");
    }
}
