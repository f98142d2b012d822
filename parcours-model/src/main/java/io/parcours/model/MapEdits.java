package io.parcours.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The changes one makes to a journey map piece by piece: put (add or replace) a stage or a
 * touchpoint at a place, move one up or down, remove one. Each takes a map and returns the changed
 * map, refusing with a message what would lose something (a stage that still has touchpoints, the
 * conversion goal). The API and the dashboard's editor both edit through these, so they behave alike.
 */
public final class MapEdits {
    private MapEdits() {}

    /** The stage {@code key} of {@code map}, or a not-found error that suggests the nearest key. */
    public static Stage stage(JourneyMap map, String key) {
        return map.stage(key).orElseThrow(() -> ParcoursException.notFound("map '" + map.key() + "' has no stage '" + key
                + "'" + Suggestions.hint(key, map.stages().stream().map(Stage::key).toList())));
    }

    /** The touchpoint {@code key} of {@code map}, or a not-found error that suggests the nearest key. */
    public static Touchpoint touchpoint(JourneyMap map, String key) {
        return map.touchpoint(key).orElseThrow(() -> ParcoursException.notFound("map '" + map.key()
                + "' has no touchpoint '" + key + "'"
                + Suggestions.hint(key, map.touchpoints().stream().map(Touchpoint::key).toList())));
    }

    /**
     * Adds or replaces a stage (its touchpoints stay), at the 1-based {@code position} when given;
     * otherwise a replaced stage keeps its place and a new one goes last.
     */
    public static JourneyMap putStage(JourneyMap map, Stage stage, Optional<Integer> position) {
        List<Stage> stages = new ArrayList<>(map.stages());
        int current = indexOfStage(stages, stage.key());
        if (current >= 0) {
            stages.remove(current);
        }
        int at = position.map(p -> Math.max(0, Math.min(p - 1, stages.size())))
                .orElse(current >= 0 ? current : stages.size());
        stages.add(at, stage);
        return map.withStages(stages, map.touchpoints());
    }

    /** Removes a stage, refused while it still has touchpoints. */
    public static JourneyMap deleteStage(JourneyMap map, String key) {
        stage(map, key);
        List<Touchpoint> inStage = map.touchpointsOf(key);
        if (!inStage.isEmpty()) {
            throw ParcoursException.conflict("stage '" + key + "' still has " + inStage.size()
                    + " touchpoint(s), such as '" + inStage.get(0).key() + "': move or delete them first");
        }
        return map.withStages(map.stages().stream().filter(s -> !s.key().equals(key)).toList(), map.touchpoints());
    }

    /** Moves a stage {@code by} places (negative: towards the start), stopping at either end. */
    public static JourneyMap moveStage(JourneyMap map, String key, int by) {
        int current = indexOfStage(map.stages(), stage(map, key).key());
        return putStage(map, map.stages().get(current), Optional.of(Math.max(1, current + 1 + by)));
    }

    /**
     * Adds, replaces or moves a touchpoint: it goes to the stage it names, at the 1-based
     * {@code position} within that stage when given; otherwise a replaced touchpoint that stays in
     * its stage keeps its place, and one new to the stage goes last in it.
     */
    public static JourneyMap putTouchpoint(JourneyMap map, Touchpoint touchpoint, Optional<Integer> position) {
        if (map.stage(touchpoint.stage()).isEmpty()) {
            throw ParcoursException.invalid("stage", "map '" + map.key() + "' has no stage '" + touchpoint.stage()
                    + "'" + Suggestions.hint(touchpoint.stage(), map.stages().stream().map(Stage::key).toList()));
        }
        List<Touchpoint> all = new ArrayList<>(map.touchpoints());
        Optional<Touchpoint> previous = map.touchpoint(touchpoint.key());
        int previousIndex = previous.map(all::indexOf).orElse(-1);
        List<Touchpoint> sameStage = new ArrayList<>(map.touchpointsOf(touchpoint.stage()));
        int current = previous.filter(p -> p.stage().equals(touchpoint.stage())).map(sameStage::indexOf).orElse(-1);
        all.removeIf(t -> t.key().equals(touchpoint.key()));
        sameStage.removeIf(t -> t.key().equals(touchpoint.key()));
        int at = position.map(p -> Math.max(0, Math.min(p - 1, sameStage.size())))
                .orElse(current >= 0 ? current : sameStage.size());
        if (current >= 0 && position.isEmpty()) {
            all.add(previousIndex, touchpoint);
        } else {
            // Insert before the touchpoint that will follow it in its stage, or after the stage's last one.
            int insertAt;
            if (at < sameStage.size()) {
                insertAt = all.indexOf(sameStage.get(at));
            } else if (!sameStage.isEmpty()) {
                insertAt = all.indexOf(sameStage.get(sameStage.size() - 1)) + 1;
            } else {
                insertAt = all.size();
            }
            all.add(insertAt, touchpoint);
        }
        return map.withStages(map.stages(), all);
    }

    /** Moves a touchpoint {@code by} places within its stage (negative: towards the start), stopping at either end. */
    public static JourneyMap moveTouchpoint(JourneyMap map, String key, int by) {
        Touchpoint touchpoint = touchpoint(map, key);
        int current = map.touchpointsOf(touchpoint.stage()).indexOf(touchpoint);
        return putTouchpoint(map, touchpoint, Optional.of(Math.max(1, current + 1 + by)));
    }

    /** Removes a touchpoint, refused while it is the conversion goal or the parent of others. */
    public static JourneyMap deleteTouchpoint(JourneyMap map, String key) {
        touchpoint(map, key);
        if (map.conversion().filter(key::equals).isPresent()) {
            throw ParcoursException.conflict("touchpoint '" + key
                    + "' is the map's conversion goal: choose another conversion goal first");
        }
        List<String> children = map.touchpoints().stream().filter(t -> t.parent().filter(key::equals).isPresent())
                .map(Touchpoint::key).toList();
        if (!children.isEmpty()) {
            throw ParcoursException.conflict("touchpoint '" + key + "' is the parent of " + String.join(", ", children)
                    + ": move or delete them first");
        }
        return map.withStages(map.stages(), map.touchpoints().stream().filter(t -> !t.key().equals(key)).toList());
    }

    private static int indexOfStage(List<Stage> stages, String key) {
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }
}
