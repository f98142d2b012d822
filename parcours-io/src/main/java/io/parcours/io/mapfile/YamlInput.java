package io.parcours.io.mapfile;

import io.parcours.model.ParcoursException;
import io.parcours.model.Problem;
import io.parcours.model.SourceLocation;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.MappingEndEvent;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.SequenceEndEvent;
import org.snakeyaml.engine.v2.events.SequenceStartEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * One YAML (or JSON) text being read: parses it into nodes that know their line and column,
 * collects every problem found while reading, and remembers which node each model field came from,
 * so that a problem the model reports on a field path can be shown at its place in the text.
 */
final class YamlInput {
    /** Texts larger than this are refused before parsing. */
    static final int MAX_CODE_POINTS = 8 * 1024 * 1024;
    /** Deeper nesting is refused before the tree is built. */
    static final int MAX_DEPTH = 50;

    private final String source;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Node> nodes = new HashMap<>();

    YamlInput(String source) {
        this.source = source;
    }

    String source() {
        return source;
    }

    /** The root node, or empty with a problem recorded when the text is empty or not well-formed YAML. */
    Optional<Node> parse(Reader reader) {
        String text;
        try {
            text = readAll(reader);
        } catch (YamlEngineException e) {
            problems.add(new Problem("", e.getCause() instanceof java.nio.charset.CharacterCodingException
                    ? "the text is not valid UTF-8: save the file as UTF-8"
                    : "cannot read the text: " + e.getMessage(), Optional.empty()));
            return Optional.empty();
        }
        LoadSettings settings = LoadSettings.builder()
                // The whole text in one buffer: snakeyaml-engine's reader fails with an
                // IndexOutOfBoundsException when a character outside the BMP (an emoji) straddles
                // the end of its buffer (1,024 characters by default).
                .setBufferSize(text.length() + 2)
                .setLabel(source)
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(50)
                .setCodePointLimit(MAX_CODE_POINTS)
                .setUseMarks(true)
                .build();
        try {
            if (tooDeep(settings, text)) {
                return Optional.empty();
            }
            Optional<Node> root = new Compose(settings).composeString(text);
            if (root.isEmpty()) {
                problems.add(new Problem("", "the file is empty: a map file starts with 'parcours: 1' and holds "
                        + "workspace:, teams:, personas: and maps: (see docs/map-format.md)",
                        Optional.of(new SourceLocation(source, 1, 1))));
            }
            return root;
        } catch (MarkedYamlEngineException e) {
            String what = e.getProblem() == null ? e.getMessage() : e.getProblem();
            Optional<SourceLocation> where = e.getProblemMark().or(e::getContextMark).map(this::location);
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            problems.add(new Problem("", "not valid YAML: " + what + context, where));
            return Optional.empty();
        } catch (YamlEngineException e) {
            String message = e.getCause() instanceof java.nio.charset.CharacterCodingException
                    ? "the text is not valid UTF-8: save the file as UTF-8"
                    : "not valid YAML: " + e.getMessage();
            problems.add(new Problem("", message, Optional.empty()));
            return Optional.empty();
        }
    }

    /** Reads the whole text, refusing more than {@link #MAX_CODE_POINTS} characters. */
    private static String readAll(Reader reader) {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        try {
            int read;
            while ((read = reader.read(buffer)) != -1) {
                text.append(buffer, 0, read);
                if (text.length() > MAX_CODE_POINTS) {
                    throw new ParcoursException(io.parcours.model.ErrorCode.TOO_LARGE,
                            "the text is larger than " + MAX_CODE_POINTS / (1024 * 1024) + " MB; no map file needs that much");
                }
            }
        } catch (java.io.IOException e) {
            throw new YamlEngineException(e);
        }
        return text.toString();
    }

    /**
     * Checks the nesting depth with the streaming parser, which does not recurse, before the
     * composer (which does) builds the tree: a hostile text of deeply nested brackets gets a clear
     * problem instead of exhausting the stack.
     */
    private boolean tooDeep(LoadSettings settings, String text) {
        int depth = 0;
        for (Event event : new Parse(settings).parseString(text)) {
            if (event instanceof MappingStartEvent || event instanceof SequenceStartEvent) {
                depth++;
                if (depth > MAX_DEPTH) {
                    problems.add(new Problem("", "the text is nested more than " + MAX_DEPTH
                            + " levels deep; a map file needs fewer than 10", event.getStartMark().map(this::location)));
                    return true;
                }
            } else if (event instanceof MappingEndEvent || event instanceof SequenceEndEvent) {
                depth--;
            }
        }
        return false;
    }

    SourceLocation location(Mark mark) {
        return new SourceLocation(source, mark.getLine() + 1, mark.getColumn() + 1);
    }

    Optional<SourceLocation> location(Node node) {
        return node.getStartMark().map(this::location);
    }

    void problem(String path, Node node, String message) {
        problems.add(new Problem(path, message, location(node)));
    }

    int problemCount() {
        return problems.size();
    }

    void register(String path, Node node) {
        nodes.put(path, node);
    }

    /** Records a problem the model reported on a field path, placing it at the node that path came from. */
    void modelProblem(Problem problem) {
        String path = problem.field();
        while (true) {
            Node node = nodes.get(path);
            if (node != null && node.getStartMark().isPresent()) {
                problems.add(problem.at(location(node.getStartMark().get())));
                return;
            }
            if (path.isEmpty()) {
                problems.add(problem);
                return;
            }
            int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
            path = cut < 0 ? "" : path.substring(0, cut);
        }
    }

    /** Throws every problem found, in the order they stand in the text; returns when there are none. */
    void throwIfProblems() {
        if (problems.isEmpty()) {
            return;
        }
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt((Problem p) -> p.location().map(SourceLocation::line).orElse(0))
                .thenComparingInt(p -> p.location().map(SourceLocation::column).orElse(0)));
        throw ParcoursException.invalid(sorted);
    }
}
