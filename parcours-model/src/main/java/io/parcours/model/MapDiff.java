package io.parcours.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The difference between two versions of a journey map: which map fields changed, and which stages
 * and touchpoints were added, removed, moved or changed, field by field.
 *
 * <p>Elements are matched by key, which is stable across versions. A move is detected the way a
 * person sees it: the elements kept in both versions are aligned by their longest common
 * subsequence, and only those outside it count as moved, so inserting one stage at the front does
 * not report every later stage as moved. A touchpoint that changed stage always counts as moved.
 */
public record MapDiff(String mapKey, List<FieldChange> mapFields, List<ElementChange> stages,
        List<ElementChange> touchpoints) {

    public MapDiff {
        Objects.requireNonNull(mapKey, "mapKey is null");
        mapFields = List.copyOf(mapFields);
        stages = List.copyOf(stages);
        touchpoints = List.copyOf(touchpoints);
    }

    public boolean isEmpty() {
        return mapFields.isEmpty() && stages.isEmpty() && touchpoints.isEmpty();
    }

    public static MapDiff between(JourneyMap before, JourneyMap after) {
        List<FieldChange> mapFields = compare(mapFields(before), mapFields(after));
        List<ElementChange> stageChanges = elements(before.stages(), after.stages(), Stage::key, Stage::name,
                MapDiff::stageFields, stageMoves(before, after));
        List<ElementChange> touchpointChanges = elements(before.touchpoints(), after.touchpoints(), Touchpoint::key,
                Touchpoint::name, MapDiff::touchpointFields, touchpointMoves(before, after));
        return new MapDiff(after.key(), mapFields, stageChanges, touchpointChanges);
    }

    /** A readable report, one line per change, as {@code parcours map diff} prints it. */
    public String toText(String beforeLabel, String afterLabel) {
        StringBuilder text = new StringBuilder();
        text.append("Map '").append(mapKey).append("': ").append(beforeLabel).append(" -> ").append(afterLabel).append('\n');
        if (isEmpty()) {
            return text.append("  no differences\n").toString();
        }
        if (!mapFields.isEmpty()) {
            text.append("Map\n");
            mapFields.forEach(change -> appendField(text, "  ~ ", change));
        }
        appendElements(text, "Stages", stages);
        appendElements(text, "Touchpoints", touchpoints);
        return text.toString();
    }

    private static void appendElements(StringBuilder text, String title, List<ElementChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        text.append(title).append('\n');
        for (ElementChange change : changes) {
            String sign = switch (change.kind()) {
                case ADDED -> "+";
                case REMOVED -> "-";
                case MOVED -> ">";
                case CHANGED -> "~";
            };
            text.append("  ").append(sign).append(' ').append(change.key()).append(" '").append(change.name()).append("' ")
                    .append(change.kind().id());
            change.move().ifPresent(move -> text.append(change.kind() == ElementChange.Kind.ADDED ? " at " : ": ")
                    .append(change.kind() == ElementChange.Kind.ADDED ? move.to() : move.from() + " -> " + move.to()));
            text.append('\n');
            change.fields().forEach(field -> appendField(text, "      ", field));
        }
    }

    private static void appendField(StringBuilder text, String indent, FieldChange change) {
        text.append(indent).append(change.field()).append(": ");
        if (!change.added().isEmpty() || !change.removed().isEmpty()) {
            List<String> parts = new ArrayList<>();
            change.added().forEach(item -> parts.add("+ '" + item + "'"));
            change.removed().forEach(item -> parts.add("- '" + item + "'"));
            text.append(String.join(", ", parts));
        } else {
            text.append(quote(change.before())).append(" -> ").append(quote(change.after()));
        }
        text.append('\n');
    }

    private static String quote(String value) {
        return value.isEmpty() ? "(none)" : "'" + value + "'";
    }

    private static <T> List<ElementChange> elements(List<T> before, List<T> after, Function<T, String> key,
            Function<T, String> name, Function<T, Map<String, Object>> fields, Map<String, ElementChange.Move> moves) {
        Map<String, T> beforeByKey = index(before, key);
        Map<String, T> afterByKey = index(after, key);
        List<ElementChange> changes = new ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            T element = after.get(i);
            T previous = beforeByKey.get(key.apply(element));
            if (previous == null) {
                changes.add(new ElementChange(key.apply(element), name.apply(element), ElementChange.Kind.ADDED,
                        Optional.ofNullable(moves.get(key.apply(element))), List.of()));
                continue;
            }
            List<FieldChange> changed = compare(fields.apply(previous), fields.apply(element));
            Optional<ElementChange.Move> move = Optional.ofNullable(moves.get(key.apply(element)));
            if (!changed.isEmpty()) {
                changes.add(new ElementChange(key.apply(element), name.apply(element), ElementChange.Kind.CHANGED, move,
                        changed));
            } else if (move.isPresent()) {
                changes.add(new ElementChange(key.apply(element), name.apply(element), ElementChange.Kind.MOVED, move,
                        List.of()));
            }
        }
        for (T element : before) {
            if (!afterByKey.containsKey(key.apply(element))) {
                changes.add(new ElementChange(key.apply(element), name.apply(element), ElementChange.Kind.REMOVED,
                        Optional.empty(), List.of()));
            }
        }
        return changes;
    }

    private static Map<String, ElementChange.Move> stageMoves(JourneyMap before, JourneyMap after) {
        List<String> beforeKeys = before.stages().stream().map(Stage::key).toList();
        List<String> afterKeys = after.stages().stream().map(Stage::key).toList();
        Map<String, ElementChange.Move> moves = new LinkedHashMap<>();
        for (String key : movedKeys(beforeKeys, afterKeys)) {
            moves.put(key, new ElementChange.Move("position " + (beforeKeys.indexOf(key) + 1),
                    "position " + (afterKeys.indexOf(key) + 1)));
        }
        for (String key : afterKeys) {
            if (!beforeKeys.contains(key)) {
                moves.put(key, new ElementChange.Move("", "position " + (afterKeys.indexOf(key) + 1)));
            }
        }
        return moves;
    }

    private static Map<String, ElementChange.Move> touchpointMoves(JourneyMap before, JourneyMap after) {
        Map<String, ElementChange.Move> moves = new LinkedHashMap<>();
        Map<String, Touchpoint> beforeByKey = index(before.touchpoints(), Touchpoint::key);
        for (Touchpoint touchpoint : after.touchpoints()) {
            Touchpoint previous = beforeByKey.get(touchpoint.key());
            if (previous == null) {
                moves.put(touchpoint.key(), new ElementChange.Move("", "stage " + touchpoint.stage()));
            } else if (!previous.stage().equals(touchpoint.stage())) {
                moves.put(touchpoint.key(),
                        new ElementChange.Move("stage " + previous.stage(), "stage " + touchpoint.stage()));
            }
        }
        for (Stage stage : after.stages()) {
            List<String> afterKeys = after.touchpointsOf(stage.key()).stream().map(Touchpoint::key).toList();
            List<String> beforeKeys = before.touchpointsOf(stage.key()).stream().map(Touchpoint::key).toList();
            for (String key : movedKeys(beforeKeys, afterKeys)) {
                moves.put(key, new ElementChange.Move(
                        "position " + (beforeKeys.indexOf(key) + 1) + " in stage " + stage.key(),
                        "position " + (afterKeys.indexOf(key) + 1) + " in stage " + stage.key()));
            }
        }
        return moves;
    }

    /** Keys present in both lists that fall outside their longest common subsequence. */
    static Set<String> movedKeys(List<String> before, List<String> after) {
        Set<String> inAfter = new HashSet<>(after);
        Set<String> inBefore = new HashSet<>(before);
        List<String> a = before.stream().filter(inAfter::contains).toList();
        List<String> b = after.stream().filter(inBefore::contains).toList();
        int[][] length = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                length[i][j] = a.get(i).equals(b.get(j))
                        ? length[i + 1][j + 1] + 1
                        : Math.max(length[i + 1][j], length[i][j + 1]);
            }
        }
        Set<String> kept = new HashSet<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            if (a.get(i).equals(b.get(j))) {
                kept.add(a.get(i));
                i++;
                j++;
            } else if (length[i + 1][j] >= length[i][j + 1]) {
                i++;
            } else {
                j++;
            }
        }
        Set<String> moved = new LinkedHashSet<>(b);
        moved.removeAll(kept);
        return moved;
    }

    private static <T> Map<String, T> index(List<T> elements, Function<T, String> key) {
        return elements.stream().collect(Collectors.toMap(key, element -> element, (x, y) -> x, LinkedHashMap::new));
    }

    private static List<FieldChange> compare(Map<String, Object> before, Map<String, Object> after) {
        List<FieldChange> changes = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String field : names) {
            Object was = before.getOrDefault(field, "");
            Object is = after.getOrDefault(field, "");
            if (was.equals(is)) {
                continue;
            }
            if (was instanceof List<?> || is instanceof List<?>) {
                List<String> wasItems = items(was);
                List<String> isItems = items(is);
                List<String> added = isItems.stream().filter(item -> !wasItems.contains(item)).toList();
                List<String> removed = wasItems.stream().filter(item -> !isItems.contains(item)).toList();
                if (added.isEmpty() && removed.isEmpty()) {
                    changes.add(new FieldChange(field + " (order)", String.join("; ", wasItems),
                            String.join("; ", isItems), List.of(), List.of()));
                } else {
                    changes.add(new FieldChange(field, String.join("; ", wasItems), String.join("; ", isItems), added,
                            removed));
                }
            } else {
                changes.add(new FieldChange(field, was.toString(), is.toString(), List.of(), List.of()));
            }
        }
        return changes;
    }

    private static List<String> items(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(Object::toString).toList();
        }
        return value.toString().isEmpty() ? List.of() : List.of(value.toString());
    }

    private static Map<String, Object> mapFields(JourneyMap map) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", map.name());
        fields.put("persona", map.persona());
        fields.put("state", map.state().id());
        fields.put("description", map.description());
        fields.put("conversion", map.conversion().orElse(""));
        fields.put("redesigns", map.redesigns().orElse(""));
        return fields;
    }

    private static Map<String, Object> stageFields(Stage stage) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", stage.name());
        fields.put("description", stage.description());
        fields.put("customerGoals", stage.customerGoals());
        fields.put("actions", stage.actions());
        fields.put("questions", stage.questions());
        fields.put("expectations", stage.expectations());
        fields.put("emotion.score", stage.emotion().map(emotion -> Integer.toString(emotion.score())).orElse(""));
        fields.put("emotion.word", stage.emotion().map(Emotion::word).orElse(""));
        fields.put("pains", stage.pains());
        fields.put("gains", stage.gains());
        fields.put("opportunities", stage.opportunities());
        fields.put("companyGoals", stage.companyGoals());
        fields.put("measures", stage.measures());
        putTargets(fields, stage.targets());
        return fields;
    }

    private static Map<String, Object> touchpointFields(Touchpoint touchpoint) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", touchpoint.name());
        fields.put("channel", touchpoint.channel().id());
        fields.put("owner", touchpoint.owner().orElse(""));
        fields.put("parent", touchpoint.parent().orElse(""));
        fields.put("description", touchpoint.description());
        putTargets(fields, touchpoint.targets());
        fields.put("match", touchpoint.match().stream().map(MapDiff::describe).toList());
        fields.put("surveys", touchpoint.surveys().stream().map(MapDiff::describe).toList());
        return fields;
    }

    /** A rule as one line: {@code event Product Viewed; context.page.url ~ *}{@code /products/*}. */
    static String describe(MatchRule rule) {
        List<String> parts = new ArrayList<>();
        if (!rule.events().isEmpty()) {
            parts.add("event " + String.join(" or ", rule.events()));
        }
        rule.type().ifPresent(type -> parts.add("type " + type.id()));
        rule.where().forEach((path, pattern) -> parts.add(path + " ~ " + pattern));
        return String.join("; ", parts);
    }

    /** A survey as one line: {@code nps-order: nps, delay PT0S, sampling 0.5, expiry P14D, asks score, why}. */
    static String describe(Survey survey) {
        StringBuilder line = new StringBuilder(survey.key()).append(": ").append(survey.type().id())
                .append(", delay ").append(survey.delay()).append(", sampling ").append(survey.sampling())
                .append(", expiry ").append(survey.expiry()).append(", asks ");
        List<String> asked = new ArrayList<>();
        for (SurveyQuestion question : survey.questions()) {
            asked.add(question.key() + " (" + question.kind().id() + ") " + question.text().texts());
        }
        return line.append(String.join(", ", asked)).toString();
    }

    private static void putTargets(Map<String, Object> fields, List<KpiTarget> targets) {
        for (Metric metric : Metric.values()) {
            fields.put("targets." + metric.id(), targets.stream().filter(target -> target.metric() == metric)
                    .map(KpiTarget::describe).findFirst().orElse(""));
        }
    }
}
