package io.parcours.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A rule that says which real events belong to a touchpoint: the event names it takes (any when
 * none is given), optionally the message type, and conditions on fields of the message, such as
 * {@code context.page.url: "*}{@code /products/*"} or {@code properties.utm_source: newsletter}. A
 * condition's value is a pattern where {@code *} stands for any text; without {@code *} it must
 * equal the field. A rule matches when all its parts do; a touchpoint matches when any of its rules does.
 *
 * @param where field path (starting with {@code properties.}, {@code context.} or {@code traits.})
 *     to pattern, in the order written
 */
public record MatchRule(List<String> events, Optional<EventType> type, Map<String, String> where) {
    private static final Pattern PATH = Pattern.compile("(properties|context|traits)(\\.[^.\\s]+)+");

    public MatchRule {
        events = Checks.texts("event", events);
        type = Checks.optional(type);
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> condition : (where == null ? Map.<String, String>of() : where).entrySet()) {
            if (!PATH.matcher(condition.getKey()).matches()) {
                throw ParcoursException.invalid("where", "'" + condition.getKey() + "' is not a field of a message: start it "
                        + "with properties., context. or traits., such as context.page.url");
            }
            if (condition.getValue() == null) {
                throw ParcoursException.invalid("where", "the condition on " + condition.getKey() + " needs a value");
            }
            copy.put(condition.getKey(), condition.getValue());
        }
        where = java.util.Collections.unmodifiableMap(copy);
        if (events.isEmpty() && type.isEmpty() && where.isEmpty()) {
            throw ParcoursException.invalid("match", "a match rule needs an event name, a type or a condition: "
                    + "an empty rule would match every event");
        }
    }

    public static MatchRule event(String... names) {
        return new MatchRule(List.of(names), Optional.empty(), Map.of());
    }

    /** The field path split into its steps: {@code context.page.url} is [context, page, url]. */
    public static List<String> steps(String path) {
        return new ArrayList<>(List.of(path.split("\\.")));
    }
}
