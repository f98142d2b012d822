package io.parcours.analytics;

import io.parcours.model.Event;
import io.parcours.model.EventType;
import io.parcours.model.JourneyMap;
import io.parcours.model.MatchRule;
import io.parcours.model.Touchpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Matches real events to the touchpoints of a journey map by their rules (see {@link MatchRule}),
 * compiled once: for each event name, the rules that could apply (those naming it and those naming
 * none) in the map's order, so matching an event costs a hash lookup plus those few rules, whatever
 * the size of the map, and allocates nothing unless it matches several touchpoints. Touchpoints are
 * numbered in the map's order ({@link #mostSpecificNumber}). Immutable and thread-safe.
 */
public final class TouchpointMatcher {
    private record Compiled(int touchpoint, Optional<EventType> type, Condition[] conditions) {}

    private record Condition(int field, String root, List<String> path, Pattern pattern, String exact) {
        boolean matches(Fields fields) {
            Optional<String> value = fields.find(field, root, path);
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

        /**
         * The same for the field numbered {@code field} in {@link #fieldPaths()}: callers that read
         * the fields ahead, in that order, answer by number instead of comparing paths.
         */
        default Optional<String> find(int field, String root, List<String> path) {
            return find(root, path);
        }
    }

    /** A field that some rule of the map looks at: its root (properties, context or traits) and path. */
    public record FieldPath(String root, List<String> path) {}

    private static final Compiled[] NONE = new Compiled[0];

    /** For each event name some rule names: the rules naming it and those naming none, in the map's order. */
    private final Map<String, Compiled[]> byEventName = new HashMap<>();
    /** The rules naming no event, in the map's order: all that can apply to other names. */
    private final Compiled[] anyName;
    private final List<String> order;
    /** Each touchpoint's parent, by number; -1 for none (or a parent not on the map). */
    private final int[] parentOf;
    private final List<FieldPath> fieldPaths = new ArrayList<>();

    private TouchpointMatcher(JourneyMap map) {
        order = map.touchpoints().stream().map(Touchpoint::key).toList();
        parentOf = new int[order.size()];
        for (int t = 0; t < order.size(); t++) {
            parentOf[t] = map.touchpoints().get(t).parent().map(order::indexOf).orElse(-1);
        }
        Map<String, List<Compiled>> named = new LinkedHashMap<>();
        List<Compiled> unnamed = new ArrayList<>();
        for (int t = 0; t < order.size(); t++) {
            for (MatchRule rule : map.touchpoints().get(t).match()) {
                List<Condition> conditions = new ArrayList<>();
                rule.where().forEach((path, pattern) -> {
                    List<String> steps = MatchRule.steps(path);
                    String root = steps.remove(0);
                    FieldPath field = new FieldPath(root, List.copyOf(steps));
                    if (!fieldPaths.contains(field)) {
                        fieldPaths.add(field);
                    }
                    int number = fieldPaths.indexOf(field);
                    conditions.add(pattern.contains("*")
                            ? new Condition(number, root, field.path(), glob(pattern), null)
                            : new Condition(number, root, field.path(), null, pattern));
                });
                Compiled compiled = new Compiled(t, rule.type(), conditions.toArray(new Condition[0]));
                if (rule.events().isEmpty()) {
                    unnamed.add(compiled);
                } else {
                    for (String name : rule.events()) {
                        named.computeIfAbsent(name, k -> new ArrayList<>()).add(compiled);
                    }
                }
            }
        }
        anyName = unnamed.toArray(NONE);
        named.forEach((name, rules) -> {
            List<Compiled> all = new ArrayList<>(rules);
            all.addAll(unnamed);
            // Stable: a touchpoint's rules stay together, in the map's order.
            all.sort(java.util.Comparator.comparingInt(Compiled::touchpoint));
            byEventName.put(name, all.toArray(NONE));
        });
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
        Compiled[] rules = byEventName.getOrDefault(name, anyName);
        List<String> matched = new ArrayList<>(2);
        int last = -1;
        for (Compiled rule : rules) {
            if (rule.touchpoint() != last && applies(rule, type, fields)) {
                last = rule.touchpoint();
                matched.add(order.get(last));
            }
        }
        return matched.isEmpty() ? List.of() : List.copyOf(matched);
    }

    /**
     * The one touchpoint a message counts for, when it matches several: the first, in the map's
     * order, whose parent also matched (the checkout over the web site it is part of), else the
     * first that matched. The analyses and the survey triggers both count an event this way.
     */
    public Optional<String> mostSpecific(EventType type, String name, Fields fields) {
        int number = mostSpecificNumber(type, name, fields);
        return number < 0 ? Optional.empty() : Optional.of(order.get(number));
    }

    /**
     * The same as a number: the touchpoint's position in the map's list of touchpoints, -1 when
     * the message matches none. What the analyses' inner loops use, without a string or an allocation.
     */
    public int mostSpecificNumber(EventType type, String name, Fields fields) {
        Compiled[] rules = byEventName.getOrDefault(name, anyName);
        int first = -1;
        int[] all = null;
        int count = 0;
        int last = -1;
        for (Compiled rule : rules) {
            // The rules are in the map's order: once a touchpoint matched, its other rules can be skipped.
            if (rule.touchpoint() == last || !applies(rule, type, fields)) {
                continue;
            }
            last = rule.touchpoint();
            if (count == 0) {
                first = last;
            } else {
                if (all == null) {
                    all = new int[rules.length];
                    all[0] = first;
                }
                all[count] = last;
            }
            count++;
        }
        if (count <= 1) {
            return first;
        }
        for (int i = 0; i < count; i++) {
            int parent = parentOf[all[i]];
            if (parent >= 0) {
                for (int j = 0; j < count; j++) {
                    if (all[j] == parent) {
                        return all[i];
                    }
                }
            }
        }
        return first;
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
