package io.parcours.io.drawing;

import io.parcours.model.ElementChange;
import io.parcours.model.JourneyMap;
import io.parcours.model.MapDiff;
import io.parcours.model.Stage;
import io.parcours.model.Touchpoint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What changed in a map since the version it is compared with, in the terms the drawing marks:
 * the kind of change of each stage and touchpoint still in the map, the touchpoints removed from a
 * stage that is still there (drawn as ghosts in its column), and the stages and touchpoints removed
 * with nowhere left to draw them (listed in a note).
 */
final class Changes {
    private final Optional<JourneyMap> older;
    private final Map<String, ElementChange.Kind> stages;
    private final Map<String, ElementChange.Kind> touchpoints;
    private final Map<String, List<String>> changedFields;

    private Changes(Optional<JourneyMap> older, Map<String, ElementChange.Kind> stages,
            Map<String, ElementChange.Kind> touchpoints, Map<String, List<String>> changedFields) {
        this.older = older;
        this.stages = Map.copyOf(stages);
        this.touchpoints = Map.copyOf(touchpoints);
        this.changedFields = Map.copyOf(changedFields);
    }

    static Changes of(JourneyMap map, Optional<JourneyMap> older) {
        if (older.isEmpty()) {
            return new Changes(Optional.empty(), Map.of(), Map.of(), Map.of());
        }
        MapDiff diff = MapDiff.between(older.get(), map);
        Map<String, ElementChange.Kind> stages = new HashMap<>();
        Map<String, List<String>> fields = new HashMap<>();
        diff.stages().forEach(change -> {
            stages.put(change.key(), change.kind());
            fields.put("stage " + change.key(), fieldNames(change));
        });
        Map<String, ElementChange.Kind> touchpoints = new HashMap<>();
        diff.touchpoints().forEach(change -> {
            touchpoints.put(change.key(), change.kind());
            fields.put("touchpoint " + change.key(), fieldNames(change));
        });
        return new Changes(older, stages, touchpoints, fields);
    }

    /** The fields that changed, as the map file names them, each once: {@code name}, {@code match}, {@code targets}. */
    private static List<String> fieldNames(ElementChange change) {
        return change.fields().stream().map(field -> field.field().replaceAll("[. ].*", "")).distinct().toList();
    }

    boolean comparing() {
        return older.isPresent();
    }

    Optional<JourneyMap> older() {
        return older;
    }

    Optional<ElementChange.Kind> stage(String key) {
        return Optional.ofNullable(stages.get(key));
    }

    Optional<ElementChange.Kind> touchpoint(String key) {
        return Optional.ofNullable(touchpoints.get(key));
    }

    /** The map-file names of the fields of a changed stage, for its text alternative. */
    List<String> stageFields(String key) {
        return changedFields.getOrDefault("stage " + key, List.of());
    }

    List<String> touchpointFields(String key) {
        return changedFields.getOrDefault("touchpoint " + key, List.of());
    }

    /** Touchpoints of the older version that are gone, whose stage is still in {@code map}, in their old order. */
    List<Touchpoint> removedTouchpointsIn(JourneyMap map, String stageKey) {
        return older.map(previous -> previous.touchpointsOf(stageKey).stream()
                .filter(touchpoint -> touchpoints.get(touchpoint.key()) == ElementChange.Kind.REMOVED)
                .filter(touchpoint -> map.stage(stageKey).isPresent())
                .toList()).orElse(List.of());
    }

    /** Touchpoints that are gone along with their stage. */
    List<Touchpoint> removedWithTheirStage(JourneyMap map) {
        return older.map(previous -> previous.touchpoints().stream()
                .filter(touchpoint -> touchpoints.get(touchpoint.key()) == ElementChange.Kind.REMOVED)
                .filter(touchpoint -> map.stage(touchpoint.stage()).isEmpty())
                .toList()).orElse(List.of());
    }

    List<Stage> removedStages() {
        return older.map(previous -> previous.stages().stream()
                .filter(stage -> stages.get(stage.key()) == ElementChange.Kind.REMOVED)
                .toList()).orElse(List.of());
    }
}
