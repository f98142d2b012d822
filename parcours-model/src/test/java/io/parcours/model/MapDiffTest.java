package io.parcours.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The version diff, checked against slow, obviously correct twins on thousands of randomly edited
 * maps: added and removed by set difference, changed by field comparison, and the number of moves
 * against a brute-force longest common subsequence.
 */
class MapDiffTest {
    private static final Channel[] CHANNELS = Channel.values();

    @Test
    void aMapHasNoDifferenceWithItself() {
        JourneyMap map = randomMap(new Random(1));
        assertThat(MapDiff.between(map, map).isEmpty()).isTrue();
        assertThat(MapDiff.between(map, map).toText("a", "b")).contains("no differences");
    }

    @Test
    void insertingAStageAtTheFrontMovesNothing() {
        JourneyMap before = new JourneyMap("m", "M", "p", MapState.CURRENT, "", Optional.empty(), Optional.empty(),
                List.of(Stage.of("a", "A"), Stage.of("b", "B"), Stage.of("c", "C")), List.of());
        JourneyMap after = before.withStages(List.of(Stage.of("new", "New"), Stage.of("a", "A"), Stage.of("b", "B"),
                Stage.of("c", "C")), List.of());
        MapDiff diff = MapDiff.between(before, after);
        assertThat(diff.stages()).extracting(ElementChange::key, ElementChange::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("new", ElementChange.Kind.ADDED));
    }

    @Test
    void swappingTwoStagesMovesOne() {
        JourneyMap before = new JourneyMap("m", "M", "p", MapState.CURRENT, "", Optional.empty(), Optional.empty(),
                List.of(Stage.of("a", "A"), Stage.of("b", "B")), List.of());
        JourneyMap after = before.withStages(List.of(Stage.of("b", "B"), Stage.of("a", "A")), List.of());
        assertThat(MapDiff.between(before, after).stages()).hasSize(1)
                .allMatch(change -> change.kind() == ElementChange.Kind.MOVED);
    }

    @Test
    void listFieldsReportTheItemsAddedAndRemoved() {
        Stage before = new Stage("s", "S", "", List.of(), List.of(), List.of(), List.of(), Optional.empty(),
                List.of("slow", "rude"), List.of(), List.of(), List.of(), List.of(), List.of());
        Stage after = new Stage("s", "S", "", List.of(), List.of(), List.of(), List.of(), Optional.empty(),
                List.of("rude", "expensive"), List.of(), List.of(), List.of(), List.of(), List.of());
        JourneyMap a = new JourneyMap("m", "M", "p", MapState.CURRENT, "", Optional.empty(), Optional.empty(),
                List.of(before), List.of());
        FieldChange pains = MapDiff.between(a, a.withStages(List.of(after), List.of())).stages().get(0).fields().get(0);
        assertThat(pains.field()).isEqualTo("pains");
        assertThat(pains.added()).containsExactly("expensive");
        assertThat(pains.removed()).containsExactly("slow");
    }

    @Test
    void randomEditsAreDescribedExactly() {
        Random random = new Random(20261122);
        for (int round = 0; round < 3_000; round++) {
            JourneyMap before = randomMap(random);
            JourneyMap after = edit(before, random);
            MapDiff diff = MapDiff.between(before, after);
            check("stages", diff.stages(), keys(before.stages()), keys(after.stages()),
                    changedStages(before, after), movedStageCount(before, after));
            check("touchpoints", diff.touchpoints(), touchpointKeys(before), touchpointKeys(after),
                    changedTouchpoints(before, after), movedTouchpointCount(before, after));
            assertThat(diff.isEmpty()).isEqualTo(before.equals(after));
        }
    }

    private static void check(String what, List<ElementChange> changes, List<String> before, List<String> after,
            Set<String> changedFields, int moves) {
        Set<String> added = kinds(changes, ElementChange.Kind.ADDED);
        Set<String> removed = kinds(changes, ElementChange.Kind.REMOVED);
        assertThat(added).as(what + " added").isEqualTo(minus(after, before));
        assertThat(removed).as(what + " removed").isEqualTo(minus(before, after));
        assertThat(kinds(changes, ElementChange.Kind.CHANGED)).as(what + " changed").isEqualTo(changedFields);
        long moved = changes.stream().filter(change -> change.kind() != ElementChange.Kind.ADDED
                && change.kind() != ElementChange.Kind.REMOVED && change.move().isPresent()).count();
        assertThat(moved).as(what + " moved").isEqualTo(moves);
    }

    // ---- the slow twins -------------------------------------------------------------------------

    private static Set<String> minus(List<String> a, List<String> b) {
        Set<String> result = new HashSet<>(a);
        result.removeAll(b);
        return result;
    }

    private static Set<String> kinds(List<ElementChange> changes, ElementChange.Kind kind) {
        return changes.stream().filter(change -> change.kind() == kind).map(ElementChange::key).collect(Collectors.toSet());
    }

    /** Stages whose content (anything but position) differs: compare the records with positions ignored. */
    private static Set<String> changedStages(JourneyMap before, JourneyMap after) {
        Set<String> changed = new HashSet<>();
        for (Stage stage : after.stages()) {
            before.stage(stage.key()).filter(previous -> !previous.equals(stage)).ifPresent(p -> changed.add(stage.key()));
        }
        return changed;
    }

    /** Touchpoints whose content differs, leaving aside the stage (a change of stage is a move). */
    private static Set<String> changedTouchpoints(JourneyMap before, JourneyMap after) {
        Set<String> changed = new HashSet<>();
        for (Touchpoint touchpoint : after.touchpoints()) {
            before.touchpoint(touchpoint.key())
                    .filter(previous -> !previous.withStage(touchpoint.stage()).equals(touchpoint))
                    .ifPresent(p -> changed.add(touchpoint.key()));
        }
        return changed;
    }

    private static int movedStageCount(JourneyMap before, JourneyMap after) {
        List<String> a = keys(before.stages());
        List<String> b = keys(after.stages());
        List<String> common = a.stream().filter(b::contains).toList();
        return common.size() - bruteForceLcs(common, b.stream().filter(a::contains).toList());
    }

    /** A touchpoint moves when its stage changes, or when it falls outside the LCS of its stage's order. */
    private static int movedTouchpointCount(JourneyMap before, JourneyMap after) {
        int moves = 0;
        for (Touchpoint touchpoint : after.touchpoints()) {
            Optional<Touchpoint> previous = before.touchpoint(touchpoint.key());
            if (previous.isPresent() && !previous.get().stage().equals(touchpoint.stage())) {
                moves++;
            }
        }
        for (Stage stage : after.stages()) {
            List<String> a = keys(before.touchpointsOf(stage.key()));
            List<String> b = keys(after.touchpointsOf(stage.key()));
            List<String> common = a.stream().filter(b::contains).toList();
            moves += common.size() - bruteForceLcs(common, b.stream().filter(a::contains).toList());
        }
        return moves;
    }

    /** The longest common subsequence of two orderings of the same keys, by trying every subset of the first. */
    private static int bruteForceLcs(List<String> a, List<String> b) {
        int best = 0;
        Map<String, Integer> positionInB = new HashMap<>();
        for (int i = 0; i < b.size(); i++) {
            positionInB.put(b.get(i), i);
        }
        for (int mask = 0; mask < (1 << a.size()); mask++) {
            int last = -1;
            boolean increasing = true;
            for (int i = 0; i < a.size() && increasing; i++) {
                if ((mask & (1 << i)) != 0) {
                    int position = positionInB.get(a.get(i));
                    increasing = position > last;
                    last = position;
                }
            }
            if (increasing) {
                best = Math.max(best, Integer.bitCount(mask));
            }
        }
        return best;
    }

    private static List<String> keys(List<?> elements) {
        return elements.stream().map(element -> element instanceof Stage stage ? stage.key() : ((Touchpoint) element).key())
                .toList();
    }

    private static List<String> touchpointKeys(JourneyMap map) {
        return keys(map.touchpoints());
    }

    // ---- random maps and edits ------------------------------------------------------------------

    private static JourneyMap randomMap(Random random) {
        List<Stage> stages = new ArrayList<>();
        int stageCount = 1 + random.nextInt(6);
        for (int i = 0; i < stageCount; i++) {
            stages.add(randomStage("s" + i, random));
        }
        List<Touchpoint> touchpoints = new ArrayList<>();
        int touchpointCount = random.nextInt(10);
        for (int i = 0; i < touchpointCount; i++) {
            touchpoints.add(Touchpoint.of("t" + i, "T" + random.nextInt(3), stages.get(random.nextInt(stageCount)).key(),
                    CHANNELS[random.nextInt(4)]));
        }
        return new JourneyMap("m", "M", "p", MapState.CURRENT, "", Optional.empty(), Optional.empty(), stages, touchpoints);
    }

    private static Stage randomStage(String key, Random random) {
        return new Stage(key, "Stage " + random.nextInt(3), "", List.of(), List.of(), List.of(), List.of(),
                random.nextBoolean() ? Optional.of(new Emotion(random.nextInt(5) - 2, "w")) : Optional.empty(),
                random.nextBoolean() ? List.of("pain " + random.nextInt(3)) : List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of());
    }

    private static JourneyMap edit(JourneyMap map, Random random) {
        List<Stage> stages = new ArrayList<>(map.stages());
        List<Touchpoint> touchpoints = new ArrayList<>(map.touchpoints());
        int edits = random.nextInt(5);
        for (int e = 0; e < edits; e++) {
            switch (random.nextInt(7)) {
                case 0 -> stages.add(random.nextInt(stages.size() + 1), randomStage("n" + e + random.nextInt(1000), random));
                case 1 -> {
                    if (stages.size() > 1) {
                        Stage removed = stages.remove(random.nextInt(stages.size()));
                        touchpoints.replaceAll(t -> t.stage().equals(removed.key()) ? t.withStage(stages.get(0).key()) : t);
                    }
                }
                case 2 -> stages.add(random.nextInt(stages.size()), stages.remove(random.nextInt(stages.size())));
                case 3 -> {
                    int index = random.nextInt(stages.size());
                    stages.set(index, randomStage(stages.get(index).key(), random));
                }
                case 4 -> touchpoints.add(Touchpoint.of("x" + e + random.nextInt(1000), "X",
                        stages.get(random.nextInt(stages.size())).key(), CHANNELS[random.nextInt(4)]));
                case 5 -> {
                    if (!touchpoints.isEmpty()) {
                        int index = random.nextInt(touchpoints.size());
                        Touchpoint touchpoint = touchpoints.remove(index);
                        if (random.nextBoolean()) {
                            touchpoints.add(random.nextInt(touchpoints.size() + 1),
                                    touchpoint.withStage(stages.get(random.nextInt(stages.size())).key()));
                        }
                    }
                }
                default -> {
                    if (!touchpoints.isEmpty()) {
                        int index = random.nextInt(touchpoints.size());
                        Touchpoint touchpoint = touchpoints.get(index);
                        touchpoints.set(index, new Touchpoint(touchpoint.key(), "Renamed " + random.nextInt(2),
                                touchpoint.stage(), CHANNELS[random.nextInt(4)], Optional.empty(), Optional.empty(), "",
                                List.of()));
                    }
                }
            }
        }
        return map.withStages(stages, touchpoints);
    }
}
