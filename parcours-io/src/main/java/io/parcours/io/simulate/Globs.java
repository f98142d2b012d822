package io.parcours.io.simulate;

/**
 * The patterns of matching rules and persona rules, where {@code *} stands for any text (and a
 * pattern without {@code *} must equal the value): matching, with the same meaning as the
 * analytics' matchers (a copy of a few lines rather than a dependency), and filling, which turns a
 * pattern into a value it matches.
 */
final class Globs {
    private static final String[] WORDS = {"north", "blue", "summer"};
    private static final String[] SLUGS = {"item-12", "wax-print-3", "new"};
    private static final String[] TOKENS = {"2025", "a1", "news"};
    private static final String[] ENDINGS = {"", " 2", "-b"};

    private Globs() {}

    /** Whether {@code value} matches {@code pattern}; {@code *} matches any text, even empty. */
    static boolean matches(String pattern, String value) {
        int p = 0;
        int v = 0;
        int star = -1;
        int resume = 0;
        while (v < value.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = v;
            } else if (p < pattern.length() && pattern.charAt(p) == value.charAt(v)) {
                p++;
                v++;
            } else if (star >= 0) {
                p = star + 1;
                v = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /**
     * A value that {@code pattern} matches, each {@code *} replaced by text that reads naturally in
     * its place: a site address before a path ({@code *}{@code /products/*}), a slug after a slash, a
     * token after a dash or a dot ({@code spring-*}), a word at the start, a short ending elsewhere. {@code variant} picks among a few such texts.
     */
    static String fill(String pattern, String site, int variant) {
        if (pattern.indexOf('*') < 0) {
            return pattern;
        }
        StringBuilder value = new StringBuilder(pattern.length() + 24);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '*') {
                value.append(c);
                continue;
            }
            char before = i == 0 ? 0 : pattern.charAt(i - 1);
            char after = i + 1 < pattern.length() ? pattern.charAt(i + 1) : 0;
            if (i == 0 && after == '/') {
                value.append(site);
            } else if (before == '/') {
                value.append(SLUGS[Math.floorMod(variant, SLUGS.length)]);
            } else if ("-_.:=".indexOf(before) >= 0) {
                value.append(TOKENS[Math.floorMod(variant, TOKENS.length)]);
            } else if (i == 0) {
                value.append(WORDS[Math.floorMod(variant, WORDS.length)]);
            } else {
                value.append(ENDINGS[Math.floorMod(variant, ENDINGS.length)]);
            }
        }
        return value.toString();
    }
}
