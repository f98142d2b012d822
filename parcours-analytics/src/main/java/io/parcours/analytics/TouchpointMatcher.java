package io.parcours.analytics;

import io.parcours.model.Event;
import io.parcours.model.EventType;
import io.parcours.model.JourneyMap;
import io.parcours.model.MatchRule;
import io.parcours.model.Touchpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Matches real events to the touchpoints of a journey map by their rules (see {@link MatchRule}),
 * compiled once: rules that name events are looked up by the event's name, so matching an event
 * costs a hash lookup plus the few rules that could apply, whatever the size of the map.
 * Immutable and thread-safe.
 */
public final class TouchpointMatcher {
    private record Compiled(String touchpoint, Optional<EventType> type, List<Condition> conditions) {}

    private record Condition(String root, List<String> path, Pattern pattern, String exact) {
        boolean matches(Fields fields) {
            Optional<String> value = fields.find(root, path);
            if (value.isEmpty()) {
                return false;
            }
            return exact != null ? exact.equals(value.get()) : pattern.matcher(value.get()).matches();
        }
    }

    /**
     * The fields of a message that rules look at: the value at a path under {@code properties},
     * {@code context} or {@code traits}, as {@link JsonLookup} finds it (strings unescaped, numbers
     * and booleans as written; objects, arrays, nulls and missing fields absent).
     */
    public interface Fields {
        Optional<String> find(String root, List<String> path);
    }

    /** A field that some rule of the map looks at: its root (properties, context or traits) and path. */
    public record FieldPath(String root, List<String> path) {}

    private final Map<String, List<Compiled>> byEventName = new HashMap<>();
    private final List<Compiled> anyName = new ArrayList<>();
    private final List<String> order;
    private final Map<String, String> parentOf = new HashMap<>();
    private final List<FieldPath> fieldPaths = new ArrayList<>();

    private TouchpointMatcher(JourneyMap map) {
        order = map.touchpoints().stream().map(Touchpoint::key).toList();
        map.touchpoints().forEach(touchpoint -> touchpoint.parent().ifPresent(parent -> parentOf.put(touchpoint.key(), parent)));
        for (Touchpoint touchpoint : map.touchpoints()) {
            for (MatchRule rule : touchpoint.match()) {
                List<Condition> conditions = new ArrayList<>();
                rule.where().forEach((path, pattern) -> {
                    List<String> steps = MatchRule.steps(path);
                    String root = steps.remove(0);
                    FieldPath field = new FieldPath(root, List.copyOf(steps));
                    if (!fieldPaths.contains(field)) {
                        fieldPaths.add(field);
                    }
                    conditions.add(pattern.contains("*")
                            ? new Condition(root, steps, glob(pattern), null)
                            : new Condition(root, steps, null, pattern));
                });
                Compiled compiled = new Compiled(touchpoint.key(), rule.type(), List.copyOf(conditions));
                if (rule.events().isEmpty()) {
                    anyName.add(compiled);
                } else {
                    for (String name : rule.events()) {
                        byEventName.computeIfAbsent(name, k -> new ArrayList<>()).add(compiled);
                    }
                }
            }
        }
    }

    public static TouchpointMatcher of(JourneyMap map) {
        return new TouchpointMatcher(map);
    }

    /** Every field some rule looks at, in the order the rules name them. */
    public List<FieldPath> fieldPaths() {
        return List.copyOf(fieldPaths);
    }

    /** The keys of the touchpoints the event belongs to, in the map's order; empty when none. */
    public List<String> match(Event event) {
        return match(event.type(), event.name(), (root, path) -> JsonLookup.find(switch (root) {
            case "properties" -> event.properties();
            case "context" -> event.context();
            default -> event.traits();
        }, path));
    }

    /**
     * The keys of the touchpoints a message of this type and name, with these fields, belongs to,
     * in the map's order; empty when none. The same as {@link #match(Event)}, for callers that read
     * only the fields the rules look at.
     */
    public List<String> match(EventType type, String name, Fields fields) {
        Set<String> matched = new HashSet<>();
        for (Compiled rule : byEventName.getOrDefault(name, List.of())) {
            if (!matched.contains(rule.touchpoint()) && applies(rule, type, fields)) {
                matched.add(rule.touchpoint());
            }
        }
        for (Compiled rule : anyName) {
            if (!matched.contains(rule.touchpoint()) && applies(rule, type, fields)) {
                matched.add(rule.touchpoint());
            }
        }
        if (matched.isEmpty()) {
            return List.of();
        }
        return order.stream().filter(matched::contains).toList();
    }

    /**
     * The one touchpoint a message counts for, when it matches several: the first, in the map's
     * order, whose parent also matched (the checkout over the web site it is part of), else the
     * first that matched. The analyses and the survey triggers both count an event this way.
     */
    public Optional<String> mostSpecific(EventType type, String name, Fields fields) {
        List<String> matched = match(type, name, fields);
        if (matched.isEmpty()) {
            return Optional.empty();
        }
        for (String candidate : matched) {
            String parent = parentOf.get(candidate);
            if (parent != null && matched.contains(parent)) {
                return Optional.of(candidate);
            }
        }
        return Optional.of(matched.get(0));
    }

    private static boolean applies(Compiled rule, EventType type, Fields fields) {
        if (rule.type().isPresent() && rule.type().get() != type) {
            return false;
        }
        for (Condition condition : rule.conditions()) {
            if (!condition.matches(fields)) {
                return false;
            }
        }
        return true;
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
