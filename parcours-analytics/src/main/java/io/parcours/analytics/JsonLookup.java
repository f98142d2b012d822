package io.parcours.analytics;

import java.util.List;
import java.util.Optional;

/**
 * Finds the value at a path in a JSON object text, such as {@code page.url} in a message's context,
 * without building a tree: a single forward scan that skips what it does not need. Strings are
 * returned unescaped, numbers and booleans as written; objects, arrays and nulls count as absent.
 * Malformed JSON counts as absent too (the text was checked when it was received).
 */
public final class JsonLookup {
    private final String text;
    private int at;

    private JsonLookup(String text) {
        this.text = text;
    }

    public static Optional<String> find(String json, List<String> path) {
        if (path.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(new JsonLookup(json).lookup(path, 0));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    private String lookup(List<String> path, int depth) {
        skipSpace();
        if (peek() != '{') {
            return null;
        }
        at++;
        while (true) {
            skipSpace();
            if (peek() == '}') {
                return null;
            }
            String name = string();
            skipSpace();
            expect(':');
            skipSpace();
            if (name.equals(path.get(depth))) {
                if (depth == path.size() - 1) {
                    return scalar();
                }
                return lookup(path, depth + 1);
            }
            skipValue();
            skipSpace();
            if (peek() == ',') {
                at++;
            }
        }
    }

    private String scalar() {
        char c = peek();
        if (c == '"') {
            return string();
        }
        if (c == '{' || c == '[' || text.startsWith("null", at)) {
            return null;
        }
        int start = at;
        while (at < text.length() && ",}] \t\r\n".indexOf(text.charAt(at)) < 0) {
            at++;
        }
        return text.substring(start, at);
    }

    private void skipValue() {
        char c = peek();
        if (c == '"') {
            string();
        } else if (c == '{' || c == '[') {
            int depth = 0;
            while (true) {
                char next = text.charAt(at);
                if (next == '"') {
                    string();
                    continue;
                }
                at++;
                if (next == '{' || next == '[') {
                    depth++;
                } else if (next == '}' || next == ']') {
                    depth--;
                    if (depth == 0) {
                        return;
                    }
                }
            }
        } else {
            scalar();
        }
    }

    private String string() {
        expect('"');
        StringBuilder value = null;
        int start = at;
        while (true) {
            char c = text.charAt(at);
            if (c == '"') {
                String result = value == null ? text.substring(start, at) : value.append(text, start, at).toString();
                at++;
                return result;
            }
            if (c == '\\') {
                if (value == null) {
                    value = new StringBuilder();
                }
                value.append(text, start, at);
                char escaped = text.charAt(at + 1);
                switch (escaped) {
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    case 'r' -> value.append('\r');
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'u' -> {
                        value.append((char) Integer.parseInt(text.substring(at + 2, at + 6), 16));
                        at += 4;
                    }
                    default -> value.append(escaped);
                }
                at += 2;
                start = at;
                continue;
            }
            at++;
        }
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new IllegalStateException("expected " + c);
        }
        at++;
    }

    private char peek() {
        return text.charAt(at);
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }
}
