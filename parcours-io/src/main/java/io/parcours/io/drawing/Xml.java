package io.parcours.io.drawing;

/**
 * Text made safe for XML: characters XML 1.0 does not allow (control characters, lone surrogates,
 * U+FFFE and U+FFFF) removed, and the markup characters escaped, so that any name or lane text of
 * a map, however hostile, prints literally and cannot open an element.
 */
final class Xml {
    private Xml() {}

    /** {@code text} without the characters XML 1.0 forbids; tabs and line breaks become spaces. */
    static String clean(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int length = Character.charCount(codePoint);
            boolean allowed = allowed(codePoint) && codePoint != '\t' && codePoint != '\n' && codePoint != '\r';
            if (!allowed && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                if (allowed) {
                    out.appendCodePoint(codePoint);
                } else if (codePoint == '\t' || codePoint == '\n' || codePoint == '\r') {
                    out.append(' ');
                }
            }
            i += length;
        }
        return out == null ? text : out.toString();
    }

    /** The XML 1.0 {@code Char} production; a lone surrogate comes out of {@code codePointAt} as itself and fails it. */
    private static boolean allowed(int codePoint) {
        return codePoint == 0x9 || codePoint == 0xA || codePoint == 0xD
                || (codePoint >= 0x20 && codePoint <= 0xD7FF)
                || (codePoint >= 0xE000 && codePoint <= 0xFFFD)
                || (codePoint >= 0x10000 && codePoint <= 0x10FFFF);
    }

    /** Escaped for element content or a double-quoted attribute value. */
    static String escape(String text) {
        String clean = clean(text);
        StringBuilder out = new StringBuilder(clean.length() + 16);
        for (int i = 0; i < clean.length(); i++) {
            char c = clean.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
