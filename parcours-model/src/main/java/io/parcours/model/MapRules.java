package io.parcours.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The consistency rules of one journey map, in one place: unique stage and touchpoint keys,
 * touchpoints in stages the map has, parents that exist and form no cycle, survey keys unique in the map, and a conversion goal
 * that is one of the map's touchpoints. Every problem is reported, not just the first.
 */
final class MapRules {
    private MapRules() {}

    static List<Problem> problems(String mapKey, Optional<String> conversion, Optional<String> redesigns,
            List<Stage> stages, List<Touchpoint> touchpoints) {
        List<Problem> problems = new ArrayList<>();
        Set<String> stageKeys = new LinkedHashSet<>();
        for (int i = 0; i < stages.size(); i++) {
            String key = stages.get(i).key();
            if (!stageKeys.add(key)) {
                problems.add(Problem.of("stages[" + i + "].key",
                        "stage key '" + key + "' is used twice in map '" + mapKey + "': keys must be unique"));
            }
        }
        Map<String, Touchpoint> byKey = new HashMap<>();
        for (int i = 0; i < touchpoints.size(); i++) {
            Touchpoint touchpoint = touchpoints.get(i);
            String path = "touchpoints[" + i + "]";
            if (byKey.putIfAbsent(touchpoint.key(), touchpoint) != null) {
                problems.add(Problem.of(path + ".key", "touchpoint key '" + touchpoint.key()
                        + "' is used twice in map '" + mapKey + "': keys must be unique within a map"));
            }
            if (!stageKeys.contains(touchpoint.stage())) {
                problems.add(Problem.of(path + ".stage", "touchpoint '" + touchpoint.key() + "' is in stage '"
                        + touchpoint.stage() + "', which map '" + mapKey + "' does not have"
                        + Suggestions.hint(touchpoint.stage(), stageKeys)));
            }
        }
        Map<String, String> surveyOwners = new HashMap<>();
        for (int i = 0; i < touchpoints.size(); i++) {
            Touchpoint touchpoint = touchpoints.get(i);
            for (int j = 0; j < touchpoint.surveys().size(); j++) {
                String survey = touchpoint.surveys().get(j).key();
                String other = surveyOwners.putIfAbsent(survey, touchpoint.key());
                if (other != null) {
                    problems.add(Problem.of("touchpoints[" + i + "].surveys[" + j + "].key", "survey key '" + survey
                            + "' is used twice in map '" + mapKey + "' (touchpoints '" + other + "' and '" + touchpoint.key()
                            + "'): survey keys must be unique within a map"));
                }
            }
        }
        for (int i = 0; i < touchpoints.size(); i++) {
            Touchpoint touchpoint = touchpoints.get(i);
            if (touchpoint.parent().isEmpty()) {
                continue;
            }
            String parent = touchpoint.parent().get();
            String path = "touchpoints[" + i + "].parent";
            if (parent.equals(touchpoint.key())) {
                problems.add(Problem.of(path, "touchpoint '" + parent + "' cannot be its own parent"));
            } else if (!byKey.containsKey(parent)) {
                problems.add(Problem.of(path, "touchpoint '" + touchpoint.key() + "' has parent '" + parent
                        + "', which is not a touchpoint of map '" + mapKey + "'" + Suggestions.hint(parent, byKey.keySet())));
            } else if (inCycle(touchpoint, byKey)) {
                problems.add(Problem.of(path, "touchpoint '" + touchpoint.key()
                        + "' is, through its parents, its own parent: break the cycle"));
            }
        }
        conversion.ifPresent(goal -> {
            if (!byKey.containsKey(goal)) {
                problems.add(Problem.of("conversion", "the conversion goal '" + goal
                        + "' is not a touchpoint of map '" + mapKey + "'" + Suggestions.hint(goal, byKey.keySet())));
            }
        });
        redesigns.ifPresent(current -> {
            if (current.equals(mapKey)) {
                problems.add(Problem.of("redesigns", "map '" + mapKey + "' cannot redesign itself"));
            }
        });
        return problems;
    }

    private static boolean inCycle(Touchpoint start, Map<String, Touchpoint> byKey) {
        Set<String> seen = new HashSet<>();
        Touchpoint current = start;
        while (current.parent().isPresent()) {
            if (!seen.add(current.key())) {
                return true;
            }
            current = byKey.get(current.parent().get());
            if (current == null) {
                return false;
            }
        }
        return false;
    }
}
