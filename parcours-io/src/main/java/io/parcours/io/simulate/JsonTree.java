package io.parcours.io.simulate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON object under construction, for the parts of a message that are the same in every
 * event of a template: nested objects of strings, in insertion order, written once as JSON text.
 * Paths that contradict each other ({@code context.page} as a text and {@code context.page.url})
 * are refused, so a rule that no message can satisfy is found when the plan is made. Not thread-safe.
 */
final class JsonTree {
    private final Map<String, Object> root = new LinkedHashMap<>();

    /** Puts {@code value} at {@code path}; false, changing nothing, when the path is taken or crosses a text. */
    boolean put(List<String> path, String value) {
        Map<String, Object> node = root;
        for (int i = 0; i < path.size() - 1; i++) {
            Object child = node.get(path.get(i));
            if (child == null) {
                Map<String, Object> created = new LinkedHashMap<>();
                node.put(path.get(i), created);
                node = created;
            } else if (child instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> next = (Map<String, Object>) map;
                node = next;
            } else {
                return false;
            }
        }
        String last = path.get(path.size() - 1);
        if (node.containsKey(last)) {
            return false;
        }
        node.put(last, value);
        return true;
    }

    /** The object under {@code key} as JSON text ({@code {}} when absent or empty). */
    String object(String key) {
        Object child = root.get(key);
        StringBuilder out = new StringBuilder();
        if (child instanceof Map<?, ?> map) {
            write(map, out);
        } else {
            out.append("{}");
        }
        return out.toString();
    }

    /** The members of the object under {@code key}, without braces ({@code ""} when absent or empty). */
    String members(String key) {
        String object = object(key);
        return object.substring(1, object.length() - 1);
    }

    private static void write(Map<?, ?> map, StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            quote((String) entry.getKey(), out);
            out.append(':');
            if (entry.getValue() instanceof Map<?, ?> child) {
                write(child, out);
            } else {
                quote((String) entry.getValue(), out);
            }
        }
        out.append('}');
    }

    /** Appends {@code text} as a JSON string, escaping quotes, backslashes and control characters. */
    static void quote(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** {@code text} as a JSON string. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2);
        quote(text, out);
        return out.toString();
    }
}
