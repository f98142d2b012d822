package io.parcours.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A rule that assigns real customers to a persona by their traits (what {@code identify} messages
 * said of them): every condition must hold, such as {@code traits.plan: gold} or
 * {@code traits.city: "Lyon*"}, where {@code *} stands for any text.
 *
 * @param where trait path (starting with {@code traits.}) to pattern, in the order written
 */
public record TraitRule(Map<String, String> where) {
    private static final Pattern PATH = Pattern.compile("traits(\\.[^.\\s]+)+");

    public TraitRule {
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> condition : (where == null ? Map.<String, String>of() : where).entrySet()) {
            if (!PATH.matcher(condition.getKey()).matches()) {
                throw ParcoursException.invalid("match", "'" + condition.getKey() + "' is not a trait: a persona rule "
                        + "looks at traits, such as traits.plan");
            }
            if (condition.getValue() == null) {
                throw ParcoursException.invalid("match", "the condition on " + condition.getKey() + " needs a value");
            }
            copy.put(condition.getKey(), condition.getValue());
        }
        if (copy.isEmpty()) {
            throw ParcoursException.invalid("match", "a persona rule needs at least one condition on a trait");
        }
        where = java.util.Collections.unmodifiableMap(copy);
    }
}
