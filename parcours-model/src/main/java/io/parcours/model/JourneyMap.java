package io.parcours.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A customer journey map for one persona: its ordered stages and the touchpoints in them, in the
 * current state (the journey as it is) or the future state (as the team wants it). The conversion
 * goal names the touchpoint that counts as success; a future-state map may name the current-state
 * map it redesigns.
 *
 * <p>Touchpoints are kept grouped by stage, in stage order, keeping their relative order within a
 * stage, so that two maps that draw the same are equal. The map checks its own consistency (see
 * {@link MapRules}); references to personas and teams are checked by the {@link Workspace}.
 */
public record JourneyMap(
        String key,
        String name,
        String persona,
        MapState state,
        String description,
        Optional<String> conversion,
        Optional<String> redesigns,
        List<Stage> stages,
        List<Touchpoint> touchpoints) {

    public JourneyMap {
        Keys.require("key", key);
        Checks.name("name", name);
        Keys.require("persona", persona);
        Checks.present("state", state);
        description = Checks.text("description", description);
        conversion = Checks.optionalKey("conversion", conversion);
        redesigns = Checks.optionalKey("redesigns", redesigns);
        stages = Checks.list("stages", stages);
        touchpoints = Checks.list("touchpoints", touchpoints);
        List<Problem> problems = MapRules.problems(key, conversion, redesigns, stages, touchpoints);
        if (!problems.isEmpty()) {
            throw ParcoursException.invalid(problems);
        }
        touchpoints = inStageOrder(stages, touchpoints);
    }

    private static List<Touchpoint> inStageOrder(List<Stage> stages, List<Touchpoint> touchpoints) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < stages.size(); i++) {
            position.put(stages.get(i).key(), i);
        }
        List<Touchpoint> sorted = new ArrayList<>(touchpoints);
        sorted.sort(Comparator.comparingInt(touchpoint -> position.get(touchpoint.stage())));
        return List.copyOf(sorted);
    }

    public Optional<Stage> stage(String stageKey) {
        return stages.stream().filter(stage -> stage.key().equals(stageKey)).findFirst();
    }

    public Optional<Touchpoint> touchpoint(String touchpointKey) {
        return touchpoints.stream().filter(touchpoint -> touchpoint.key().equals(touchpointKey)).findFirst();
    }

    /** The touchpoint that asks the survey {@code surveyKey}, if any. */
    public Optional<Touchpoint> touchpointOfSurvey(String surveyKey) {
        return touchpoints.stream().filter(touchpoint -> touchpoint.survey(surveyKey).isPresent()).findFirst();
    }

    /** Every survey of the map, with its touchpoint, in touchpoint order. */
    public List<Map.Entry<Touchpoint, Survey>> surveys() {
        List<Map.Entry<Touchpoint, Survey>> all = new ArrayList<>();
        for (Touchpoint touchpoint : touchpoints) {
            for (Survey survey : touchpoint.surveys()) {
                all.add(Map.entry(touchpoint, survey));
            }
        }
        return List.copyOf(all);
    }

    /** The touchpoints of one stage, in order. */
    public List<Touchpoint> touchpointsOf(String stageKey) {
        return touchpoints.stream().filter(touchpoint -> touchpoint.stage().equals(stageKey)).toList();
    }

    public JourneyMap withStages(List<Stage> newStages, List<Touchpoint> newTouchpoints) {
        return new JourneyMap(key, name, persona, state, description, conversion, redesigns, newStages, newTouchpoints);
    }

    public JourneyMap withKey(String newKey) {
        return new JourneyMap(newKey, name, persona, state, description, conversion, redesigns, stages, touchpoints);
    }
}
