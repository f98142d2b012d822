package io.parcours.analytics;

import io.parcours.model.JourneyMap;
import io.parcours.model.ParcoursException;
import io.parcours.model.Stage;
import io.parcours.model.Touchpoint;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * What the analyses need of a map, its touchpoints being steps 0 to n-1 in map order: each
 * touchpoint's stage, its group (channel or itself) for attribution, and which steps are
 * conversions. The same for every engine.
 */
public final class MapSteps {
    private MapSteps() {}

    /** The stage (its number in the map) of each touchpoint, in map order. */
    public static int[] stageOf(JourneyMap map) {
        int[] stageOf = new int[map.touchpoints().size()];
        List<String> stages = stageNames(map);
        for (int t = 0; t < stageOf.length; t++) {
            stageOf[t] = stages.indexOf(map.touchpoints().get(t).stage());
        }
        return stageOf;
    }

    /** The keys of the map's stages, in order. */
    public static List<String> stageNames(JourneyMap map) {
        return map.stages().stream().map(Stage::key).toList();
    }

    /** The keys of the map's touchpoints, in order: the names of steps 0 to n-1. */
    public static List<String> touchpointNames(JourneyMap map) {
        return map.touchpoints().stream().map(Touchpoint::key).toList();
    }

    /** The steps that count as success: the map's conversion goal; a clear error when it has none. */
    public static BitSet conversion(JourneyMap map) {
        String goal = map.conversion().orElseThrow(() -> ParcoursException.invalid("map", "map '" + map.key()
                + "' has no conversion goal: set 'conversion' to the touchpoint that counts as success"));
        BitSet conversion = new BitSet();
        for (int t = 0; t < map.touchpoints().size(); t++) {
            if (map.touchpoints().get(t).key().equals(goal)) {
                conversion.set(t);
            }
        }
        return conversion;
    }

    /**
     * The touchpoints of a map grouped by channel ({@code byChannel}) or each its own group: the
     * group names, and each touchpoint's group (in map order).
     */
    public record TouchpointGroups(List<String> names, int[] groupOfTouchpoint) {
        public static TouchpointGroups of(JourneyMap map, boolean byChannel) {
            List<String> names = new ArrayList<>();
            int[] groupOf = new int[map.touchpoints().size()];
            for (int t = 0; t < groupOf.length; t++) {
                Touchpoint touchpoint = map.touchpoints().get(t);
                String name = byChannel ? touchpoint.channel().id() : touchpoint.key();
                if (!names.contains(name)) {
                    names.add(name);
                }
                groupOf[t] = names.indexOf(name);
            }
            return new TouchpointGroups(List.copyOf(names), groupOf);
        }
    }
}
