package io.parcours.model;

import java.util.List;

/**
 * A prototypical customer: who they are, what they want to achieve (goals), what annoys them
 * (pains) and what they wish for (gains). Each journey map is drawn for one persona. Its rules
 * ({@link TraitRule}) assign real customers to it by their traits.
 */
public record Persona(String key, String name, String description, List<String> goals, List<String> pains,
        List<String> gains, List<TraitRule> match) {

    /** A persona that no rule assigns customers to. */
    public Persona(String key, String name, String description, List<String> goals, List<String> pains,
            List<String> gains) {
        this(key, name, description, goals, pains, gains, List.of());
    }

    public Persona {
        Keys.require("key", key);
        Checks.name("name", name);
        description = Checks.text("description", description);
        goals = Checks.texts("goals", goals);
        pains = Checks.texts("pains", pains);
        gains = Checks.texts("gains", gains);
        match = Checks.list("match", match);
    }
}
