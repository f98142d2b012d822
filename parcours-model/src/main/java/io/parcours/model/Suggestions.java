package io.parcours.model;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Helps an error message say what to write instead: the closest known name for a typo, or the
 * list of accepted names.
 */
public final class Suggestions {
    private static final int MAX_LISTED = 25;

    private Suggestions() {}

    /** "; did you mean 'purchase'?" for a near miss, "; use one of: a, b, c" otherwise, "" when nothing is known. */
    public static String hint(String wrong, Collection<String> known) {
        if (known.isEmpty()) {
            return "";
        }
        String closest = known.stream()
                .min(Comparator.comparingInt((String candidate) -> distance(wrong, candidate)).thenComparing(c -> c))
                .orElseThrow();
        int distance = distance(wrong, closest);
        if (distance <= Math.max(1, Math.min(3, wrong.length() / 3))) {
            return "; did you mean '" + closest + "'?";
        }
        List<String> sorted = known.stream().sorted().toList();
        String listed = sorted.stream().limit(MAX_LISTED).collect(Collectors.joining(", "));
        return "; use one of: " + listed + (sorted.size() > MAX_LISTED ? ", ..." : "");
    }

    /** Edit distance counting insertions, deletions, substitutions and swaps of neighbours (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
