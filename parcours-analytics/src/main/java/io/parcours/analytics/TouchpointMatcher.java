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
        boolean matches(Event event) {
            String json = switch (root) {
                case "properties" -> event.properties();
                case "context" -> event.context();
                default -> event.traits();
            };
            Optional<String> value = JsonLookup.find(json, path);
            if (value.isEmpty()) {
                return false;
            }
            return exact != null ? exact.equals(value.get()) : pattern.matcher(value.get()).matches();
        }
    }

    private final Map<String, List<Compiled>> byEventName = new HashMap<>();
    private final List<Compiled> anyName = new ArrayList<>();
    private final List<String> order;

    private TouchpointMatcher(JourneyMap map) {
        order = map.touchpoints().stream().map(Touchpoint::key).toList();
        for (Touchpoint touchpoint : map.touchpoints()) {
            for (MatchRule rule : touchpoint.match()) {
                List<Condition> conditions = new ArrayList<>();
                rule.where().forEach((path, pattern) -> {
                    List<String> steps = MatchRule.steps(path);
                    String root = steps.remove(0);
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

    /** The keys of the touchpoints the event belongs to, in the map's order; empty when none. */
    public List<String> match(Event event) {
        Set<String> matched = new HashSet<>();
        for (Compiled rule : byEventName.getOrDefault(event.name(), List.of())) {
            if (!matched.contains(rule.touchpoint()) && applies(rule, event)) {
                matched.add(rule.touchpoint());
            }
        }
        for (Compiled rule : anyName) {
            if (!matched.contains(rule.touchpoint()) && applies(rule, event)) {
                matched.add(rule.touchpoint());
            }
        }
        if (matched.isEmpty()) {
            return List.of();
        }
        return order.stream().filter(matched::contains).toList();
    }

    private static boolean applies(Compiled rule, Event event) {
        if (rule.type().isPresent() && rule.type().get() != event.type()) {
            return false;
        }
        for (Condition condition : rule.conditions()) {
            if (!condition.matches(event)) {
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
