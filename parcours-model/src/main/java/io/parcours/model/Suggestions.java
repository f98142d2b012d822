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
    private static final int MAX_LISTED = 12;

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

    /** Levenshtein edit distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
