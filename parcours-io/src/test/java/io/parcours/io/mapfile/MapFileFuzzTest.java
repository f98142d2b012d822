package io.parcours.io.mapfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.parcours.io.Fuzz;
import io.parcours.io.builtin.Templates;
import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import io.parcours.model.Problem;
import io.parcours.model.WorkspaceRules;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The map file reader, which the CLI, the API and the editor's import share, on mutated valid map
 * files (bytes, and values of the wrong type anywhere in the tree), YAML bombs (anchors and aliases
 * expanding a billion times, aliases that point into themselves), deep nesting and huge documents.
 * Each is either read, and then written and read back the same, or refused with its problems
 * placed in the text; never another exception, and within a few seconds. See docs/fuzzing.md.
 */
class MapFileFuzzTest {
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final List<String> VALID = new ArrayList<>();
    private static final List<Object> TREES = new ArrayList<>();

    @BeforeAll
    static void readValidFiles() throws IOException {
        for (String name : List.of("akwaba", "foulee", "marche")) {
            try (InputStream in = MapFileFuzzTest.class.getResourceAsStream("/io/parcours/io/demo/" + name + ".yaml")) {
                VALID.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        for (Templates.Template template : Templates.list()) {
            VALID.add(Templates.text(template.name()));
        }
        Load load = new Load(LoadSettings.builder().build());
        for (String text : VALID) {
            TREES.add(load.loadFromString(text));
        }
    }

    @Test
    void mutatedMapFilesAreReadOrRefusedWithTheirPlace() {
        Fuzz fuzz = Fuzz.of("mapfile-mutated");
        for (int i = Fuzz.cases(300); i > 0; i--) {
            if (fuzz.chance(0.4)) {
                byte[] bytes = fuzz.mutate(fuzz.pick(VALID).getBytes(StandardCharsets.UTF_8));
                fuzz.check("mutated bytes", bytes, () -> readOrRefused(
                        () -> MapFiles.read("fuzz.yaml", new ByteArrayInputStream(bytes), WorkspaceRules.Known.NONE)));
            } else {
                String text = mutatedTree(fuzz);
                fuzz.check("mutated tree", text, () -> readOrRefused(() -> MapFiles.read("fuzz.yaml", text)));
            }
        }
        System.out.println(fuzz.summary());
    }

    @Test
    void apiBodiesAreReadOrRefusedWithTheirPlace() {
        Fuzz fuzz = Fuzz.of("mapfile-elements");
        for (int i = Fuzz.cases(300); i > 0; i--) {
            String text = fuzz.chance(0.5) ? fuzz.json(4) : element(fuzz);
            Optional<String> key = Optional.of(fuzz.pick("shop", "buy", "order", "amina", "web-team", fuzz.text()));
            switch (fuzz.between(0, 4)) {
                case 0 -> fuzz.check("map", text, () -> refusedOr(() -> MapFiles.readMap("body", text, key)));
                case 1 -> fuzz.check("stage", text, () -> refusedOr(() -> MapFiles.readStage("body", text, key)));
                case 2 -> fuzz.check("touchpoint", text, () -> refusedOr(() -> MapFiles.readTouchpoint("body", text, key)));
                case 3 -> fuzz.check("team", text, () -> refusedOr(() -> MapFiles.readTeam("body", text, key)));
                default -> fuzz.check("persona", text, () -> refusedOr(() -> MapFiles.readPersona("body", text, key)));
            }
        }
        System.out.println(fuzz.summary());
    }

    @Test
    void yamlBombsAndDeepNestingAreRefused() {
        Fuzz fuzz = Fuzz.of("mapfile-bombs");
        List<String> bombs = new ArrayList<>(List.of(
                "a: &a [a]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nmaps: *b\n",
                "maps: &m [*m]\n",
                "maps:\n  - &m\n    key: m\n    name: M\n    persona: p\n    stages: [*m]\n",
                "personas: &p\n  - key: p\n    name: P\n    goals: *p\n",
                "workspace: &w {key: w, name: W, description: *w}\n",
                "x: &x {<<: *x}\n",
                "parcours: 1\n" + "a: &a x\n" + "b: [" + "*a, ".repeat(100_000) + "*a]\n",
                "maps: " + "[".repeat(100_000),
                "maps:\n" + java.util.stream.IntStream.range(0, 2_000).mapToObj(i -> " ".repeat(i + 2) + "- \n")
                        .reduce("", String::concat),
                "{\"maps\": " + "{\"a\": ".repeat(100_000),
                "personas:\n" + "  - {key: p, name: P}\n".repeat(20_000),
                "workspace: {key: w, name: " + "x".repeat(2_000_000) + "}\n",
                "workspace: {key: w, name: " + "x".repeat(9_000_000) + "}\n",
                "!!binary " + "AAAA".repeat(1_000) + "\n",
                "!!java.io.File /etc/passwd\n",
                "? [a, b]\n: c\n",
                "%YAML 1.1\n%TAG ! tag:x,2000:\n---\n!x {}\n"));
        for (int width = 2; width <= 12; width += 5) {
            bombs.add(Fuzz.billionLaughs(width, 12, true));
            bombs.add(Fuzz.billionLaughs(width, 12, false));
        }
        for (int i = Fuzz.cases(10); i > 0; i--) {
            bombs.add(Fuzz.billionLaughs(fuzz.between(2, 20), fuzz.between(2, 20), fuzz.chance(0.5)));
        }
        fuzz.keepGoing();
        for (String bomb : bombs) {
            fuzz.check("bomb", bomb, () -> readOrRefused(() -> MapFiles.read("bomb.yaml", bomb)));
        }
        fuzz.assertNoFailures();
        System.out.println(fuzz.summary());
    }

    /** A valid file as a tree, with one to three values replaced, removed, repeated or given another type. */
    private static String mutatedTree(Fuzz fuzz) {
        Object tree = copy(fuzz.pick(TREES));
        for (int changes = fuzz.between(1, 3); changes > 0; changes--) {
            change(fuzz, tree);
        }
        if (fuzz.chance(0.3)) {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(tree);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return new Dump(DumpSettings.builder().build()).dumpToString(tree);
    }

    /** A single object as the API takes it: one taken out of a valid file, possibly mutated. */
    private static String element(Fuzz fuzz) {
        Object tree = copy(fuzz.pick(TREES));
        List<Object> objects = new ArrayList<>();
        collectObjects(tree, objects);
        Object object = fuzz.pick(objects);
        if (fuzz.chance(0.7)) {
            change(fuzz, object);
        }
        return new Dump(DumpSettings.builder().build()).dumpToString(object);
    }

    @SuppressWarnings("unchecked")
    private static void collectObjects(Object node, List<Object> into) {
        if (node instanceof Map<?, ?> map) {
            into.add(map);
            map.values().forEach(value -> collectObjects(value, into));
        } else if (node instanceof List<?> list) {
            list.forEach(value -> collectObjects(value, into));
        }
    }

    /** Changes one random place of the tree: a value replaced by another of any type, a key removed, an item repeated. */
    @SuppressWarnings("unchecked")
    private static void change(Fuzz fuzz, Object root) {
        Object node = root;
        for (int depth = fuzz.between(0, 6); depth > 0; depth--) {
            Object child = node instanceof Map<?, ?> map && !map.isEmpty() ? fuzz.pick(new ArrayList<>(map.values()))
                    : node instanceof List<?> list && !list.isEmpty() ? fuzz.pick(list) : null;
            if (!(child instanceof Map<?, ?>) && !(child instanceof List<?>)) {
                break;
            }
            node = child;
        }
        if (node instanceof Map<?, ?> raw && !raw.isEmpty()) {
            Map<Object, Object> map = (Map<Object, Object>) raw;
            Object key = fuzz.pick(new ArrayList<>(map.keySet()));
            switch (fuzz.between(0, 3)) {
                case 0 -> map.remove(key);
                case 1 -> map.put(fuzz.pick(key, fuzz.text(), "key", "stage", "type", "match", "surveys"), value(fuzz));
                default -> map.put(key, value(fuzz));
            }
        } else if (node instanceof List<?> raw && !raw.isEmpty()) {
            List<Object> list = (List<Object>) raw;
            int at = fuzz.between(0, list.size() - 1);
            switch (fuzz.between(0, 3)) {
                case 0 -> list.remove(at);
                case 1 -> list.add(at, copy(list.get(at)));
                default -> list.set(at, value(fuzz));
            }
        }
    }

    /** A value of any type: text, number, boolean, null, a list, a map, a huge text. */
    private static Object value(Fuzz fuzz) {
        return switch (fuzz.between(0, 8)) {
            case 0 -> fuzz.text();
            case 1 -> fuzz.pick(0, -1, 3, 11, Integer.MAX_VALUE, Long.MIN_VALUE, 1.5, Double.NaN, Double.POSITIVE_INFINITY);
            case 2 -> fuzz.pick(true, false);
            case 3 -> null;
            case 4 -> new ArrayList<>(List.of(fuzz.text(), fuzz.between(-3, 3)));
            case 5 -> new LinkedHashMap<>(Map.of(fuzz.text(), fuzz.text()));
            case 6 -> fuzz.longText(fuzz.size(100_000));
            case 7 -> new ArrayList<>();
            default -> fuzz.pick("web", "store", "nps", "csat", "ces", "custom", "rating", "single", "multiple", "text",
                    "track", "page", "current", "future", "30d", "P1D", "-2", "+2", "amina", "shop", "buy", "order");
        };
    }

    @SuppressWarnings("unchecked")
    private static Object copy(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> copied = new LinkedHashMap<>();
            map.forEach((key, value) -> copied.put(key, copy(value)));
            return copied;
        }
        if (node instanceof List<?> list) {
            List<Object> copied = new ArrayList<>();
            list.forEach(value -> copied.add(copy(value)));
            return copied;
        }
        return node;
    }

    /**
     * Within the bound: a document that writes and reads back the same, or a refusal whose problems
     * each say what is wrong.
     */
    private static void readOrRefused(Supplier<MapDocument> read) {
        assertTimeoutPreemptively(BOUND, () -> {
            MapDocument document;
            try {
                document = read.get();
            } catch (ParcoursException refused) {
                assertRefusedClearly(refused);
                return;
            }
            String written = MapFiles.write(document);
            assertThat(MapFiles.read("written.yaml", written)).as("read back from%n%s", written).isEqualTo(document);
        });
    }

    /** Within the bound: anything read, or a clear refusal. */
    private static void refusedOr(Supplier<Object> read) {
        assertTimeoutPreemptively(BOUND, () -> {
            try {
                read.get();
            } catch (ParcoursException refused) {
                assertRefusedClearly(refused);
            }
        });
    }

    private static void assertRefusedClearly(ParcoursException refused) {
        assertThat(refused.code()).isIn(ErrorCode.INVALID_INPUT, ErrorCode.TOO_LARGE);
        assertThat(refused.getMessage()).isNotBlank();
        for (Problem problem : refused.problems()) {
            assertThat(problem.message()).isNotBlank();
        }
        assertThat(refused.problems().size()).as("problems reported at once").isLessThan(10_000);
    }
}
