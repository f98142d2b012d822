package io.parcours.model;

import java.util.List;

/**
 * A prototypical customer: who they are, what they want to achieve (goals), what annoys them
 * (pains) and what they wish for (gains). Each journey map is drawn for one persona.
 */
public record Persona(String key, String name, String description, List<String> goals, List<String> pains,
        List<String> gains) {
    public Persona {
        Keys.require("key", key);
        Checks.name("name", name);
        description = Checks.text("description", description);
        goals = Checks.texts("goals", goals);
        pains = Checks.texts("pains", pains);
        gains = Checks.texts("gains", gains);
    }
}
