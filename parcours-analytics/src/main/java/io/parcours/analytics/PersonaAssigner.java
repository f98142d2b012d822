package io.parcours.analytics;

import io.parcours.model.Persona;
import io.parcours.model.TraitRule;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Assigns a customer to a persona by their traits: the first persona, in the workspace's order,
 * one of whose rules has every condition hold. Traits are given flattened, such as
 * {@code traits.address.city -> Lyon}. Immutable and thread-safe.
 */
public final class PersonaAssigner {
    private final List<Persona> personas;

    private PersonaAssigner(List<Persona> personas) {
        this.personas = List.copyOf(personas);
    }

    public static PersonaAssigner of(List<Persona> personas) {
        return new PersonaAssigner(personas);
    }

    public Optional<Persona> assign(Map<String, String> traits) {
        for (Persona persona : personas) {
            for (TraitRule rule : persona.match()) {
                if (holds(rule, traits)) {
                    return Optional.of(persona);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean holds(TraitRule rule, Map<String, String> traits) {
        for (Map.Entry<String, String> condition : rule.where().entrySet()) {
            String value = traits.get(condition.getKey());
            if (value == null || !matches(condition.getValue(), value)) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(String pattern, String value) {
        if (!pattern.contains("*")) {
            return pattern.equals(value);
        }
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value).matches();
    }
}
