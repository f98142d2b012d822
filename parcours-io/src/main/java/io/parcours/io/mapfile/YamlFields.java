package io.parcours.io.mapfile;

import io.parcours.model.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The fields of one YAML mapping, read with the checks every object of the format shares: no
 * duplicate or unknown field (with a suggestion for typos), and the right kind of value in each.
 * A problem is recorded in the {@link YamlInput} and the field reads as absent, so reading goes on
 * and every problem of a file is reported at once.
 */
final class YamlFields {
    private final YamlInput input;
    private final Node node;
    private final String path;
    private final Map<String, Node> values = new LinkedHashMap<>();

    private YamlFields(YamlInput input, Node node, String path) {
        this.input = input;
        this.node = node;
        this.path = path;
    }

    /** Reads a mapping; returns empty (with a problem) when {@code node} is not one. */
    static Optional<YamlFields> of(YamlInput input, Node node, String path, String what, List<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            input.problem(path, node, what + " must be a mapping of fields (key: value), not " + kind(node));
            return Optional.empty();
        }
        YamlFields fields = new YamlFields(input, node, path);
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                input.problem(path, tuple.getKeyNode(), "field names must be plain text");
                continue;
            }
            String name = keyNode.getValue();
            if (!allowed.contains(name)) {
                input.problem(path, keyNode, "unknown field '" + name + "' in " + what
                        + Suggestions.hint(name, allowed));
            } else if (fields.values.containsKey(name)) {
                input.problem(path, keyNode, "field '" + name + "' appears twice in " + what + ": keep one");
            } else if (!isNull(tuple.getValueNode())) {
                fields.values.put(name, tuple.getValueNode());
            }
        }
        return Optional.of(fields);
    }

    Node node() {
        return node;
    }

    String path() {
        return path;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    Optional<Node> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** Registers this mapping and each of its fields under {@code modelPath}, for placing model problems. */
    void registerAt(String modelPath) {
        input.register(modelPath, node);
        values.forEach((name, value) -> input.register(modelPath.isEmpty() ? name : modelPath + "." + name, value));
    }

    /** A text field, or null when absent or not text. */
    String text(String name) {
        Node value = values.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        input.problem(field(name), value, name + " must be text, not " + kind(value));
        return null;
    }

    Optional<String> optionalText(String name) {
        return Optional.ofNullable(text(name));
    }

    /** A list of texts; a single text is taken as a list of one. */
    List<String> texts(String name) {
        Node value = values.get(name);
        if (value == null) {
            return List.of();
        }
        if (value instanceof ScalarNode scalar) {
            return List.of(scalar.getValue());
        }
        if (!(value instanceof SequenceNode sequence)) {
            input.problem(field(name), value, name + " must be a list of texts (one '- item' per line), not "
                    + kind(value));
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            if (item instanceof ScalarNode scalar && !isNull(item)) {
                items.add(scalar.getValue());
            } else {
                input.problem(field(name), item, "each item of " + name + " must be a text, not " + kind(item));
            }
        }
        return items;
    }

    /** A number field; empty when absent or not a number. */
    Optional<Double> number(String name) {
        Node value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof ScalarNode scalar) {
            try {
                double number = Double.parseDouble(scalar.getValue().trim());
                if (Double.isFinite(number)) {
                    return Optional.of(number);
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        input.problem(field(name), value, name + " must be a number, not " + kind(value));
        return Optional.empty();
    }

    /** A whole-number field; empty when absent or not a whole number. */
    Optional<Integer> integer(String name) {
        Node value = values.get(name);
        Optional<Double> number = number(name);
        if (number.isPresent() && (number.get() != Math.rint(number.get()) || Math.abs(number.get()) > 1e9)) {
            input.problem(field(name), value, name + " must be a whole number, not " + kind(value));
            return Optional.empty();
        }
        return number.map(Double::intValue);
    }

    /** The items of a list field; a problem and an empty list when it is not a list. */
    List<Node> items(String name) {
        Node value = values.get(name);
        if (value == null) {
            return List.of();
        }
        if (value instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        input.problem(field(name), value, name + " must be a list (one '- ' item per entry), not " + kind(value));
        return List.of();
    }

    /** The entries of a mapping field whose keys are free (such as targets); empty when absent. */
    Map<ScalarNode, Node> entries(String name) {
        Node value = values.get(name);
        Map<ScalarNode, Node> entries = new LinkedHashMap<>();
        if (value == null) {
            return entries;
        }
        if (!(value instanceof MappingNode mapping)) {
            input.problem(field(name), value, name + " must be a mapping (name: value), not " + kind(value));
            return entries;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key) {
                entries.put(key, tuple.getValueNode());
            } else {
                input.problem(field(name), tuple.getKeyNode(), "the names in " + name + " must be plain text");
            }
        }
        return entries;
    }

    private String field(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    static String kind(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return "'" + ((ScalarNode) node).getValue() + "'";
    }
}
