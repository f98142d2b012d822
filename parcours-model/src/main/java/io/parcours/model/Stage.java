package io.parcours.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One phase of a journey map (awareness, purchase, retention...), drawn as a column. It holds the
 * lanes of the map for that phase: what the customer wants, does, asks and expects, how they feel,
 * their pains and gains, the opportunities seen, and the company's goals, measures and KPI targets.
 * Its position is its place in the map's list of stages.
 */
public record Stage(
        String key,
        String name,
        String description,
        List<String> customerGoals,
        List<String> actions,
        List<String> questions,
        List<String> expectations,
        Optional<Emotion> emotion,
        List<String> pains,
        List<String> gains,
        List<String> opportunities,
        List<String> companyGoals,
        List<String> measures,
        List<KpiTarget> targets) {

    public Stage {
        Keys.require("key", key);
        Checks.name("name", name);
        description = Checks.text("description", description);
        customerGoals = Checks.texts("customerGoals", customerGoals);
        actions = Checks.texts("actions", actions);
        questions = Checks.texts("questions", questions);
        expectations = Checks.texts("expectations", expectations);
        emotion = Checks.optional(emotion);
        pains = Checks.texts("pains", pains);
        gains = Checks.texts("gains", gains);
        opportunities = Checks.texts("opportunities", opportunities);
        companyGoals = Checks.texts("companyGoals", companyGoals);
        measures = Checks.texts("measures", measures);
        targets = Targets.check(targets);
    }

    /** A stage with a key and a name and every lane empty, to fill with the {@code with...} methods or a builder. */
    public static Stage of(String key, String name) {
        return new Stage(key, name, "", List.of(), List.of(), List.of(), List.of(), Optional.empty(), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of());
    }

    public Stage withEmotion(Optional<Emotion> newEmotion) {
        return new Stage(key, name, description, customerGoals, actions, questions, expectations, newEmotion, pains,
                gains, opportunities, companyGoals, measures, targets);
    }

    /** Target lists are shared by stages and touchpoints: one target per metric, kept in metric order. */
    static final class Targets {
        private Targets() {}

        static List<KpiTarget> check(List<KpiTarget> targets) {
            List<KpiTarget> copy = new ArrayList<>(Checks.list("targets", targets));
            Set<Metric> seen = new HashSet<>();
            for (int i = 0; i < copy.size(); i++) {
                if (!seen.add(copy.get(i).metric())) {
                    throw ParcoursException.invalid("targets[" + i + "]", "there are two targets for "
                            + copy.get(i).metric().id() + ": keep one");
                }
            }
            copy.sort(Comparator.comparing(KpiTarget::metric));
            return List.copyOf(copy);
        }
    }
}
