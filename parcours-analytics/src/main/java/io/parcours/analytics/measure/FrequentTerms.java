package io.parcours.analytics.measure;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The most frequent words and two-word phrases of free-text answers, in French and English:
 * lower-cased, French elisions split ({@code l'attente} is {@code attente}), the usual stop words
 * of both languages removed, numbers and one-letter words dropped. A term counts once per answer
 * that uses it, so one long rant does not outweigh twenty short complaints. Phrases are two
 * adjacent words, neither a stop word. Counts add up across partial results. Not thread-safe.
 */
public final class FrequentTerms {
    /** One term and the number of answers that use it. */
    public record Term(String text, long answers) {}

    private static final Set<String> STOP_WORDS = Set.copyOf(List.of(
            // English
            "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at",
            "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
            "did", "do", "does", "doing", "don", "down", "during", "each", "even", "ever", "every", "few", "for",
            "from", "further", "get", "got", "had", "has", "have", "having", "he", "her", "here", "hers", "herself",
            "him", "himself", "his", "how", "i", "if", "im", "in", "into", "is", "isn", "it", "its", "itself",
            "just", "ll", "me", "more", "most", "much", "my", "myself", "no", "nor", "not", "now", "of", "off",
            "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "re", "really",
            "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them",
            "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under",
            "until", "up", "us", "ve", "very", "was", "wasn", "we", "were", "what", "when", "where", "which",
            "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "also",
            "one", "would", "could", "it's", "didn", "doesn", "won", "t", "s", "d", "m",
            // French
            "à", "ai", "aie", "aient", "aies", "ait", "alors", "as", "au", "aucun", "aussi", "autre", "aux", "avaient",
            "avais", "avait", "avec", "avez", "avoir", "avons", "bien", "c", "ça", "ce", "ceci", "cela", "celle",
            "celles", "celui", "ces", "cet", "cette", "chez", "comme", "d", "dans", "de", "des", "donc", "dont", "du",
            "elle", "elles", "en", "encore", "es", "est", "et", "étaient", "étais", "était", "été", "être", "eu",
            "fait", "faire", "fois", "ici", "il", "ils", "j", "je", "jusqu", "l", "la", "le", "les", "leur", "leurs",
            "lui", "m", "ma", "mais", "me", "même", "mes", "moi", "mon", "n", "ne", "ni", "nos", "notre", "nous",
            "on", "ont", "ou", "où", "par", "pas", "peu", "plus", "pour", "qu", "que", "quel", "quelle", "qui",
            "s", "sa", "sans", "se", "ses", "si", "son", "sont", "sous", "suis", "sur", "t", "ta", "te", "tes",
            "toi", "ton", "tous", "tout", "toute", "toutes", "très", "tu", "un", "une", "vos", "votre", "vous",
            "y", "rien", "trop", "après", "avant", "depuis", "entre", "vraiment"));

    private final Map<String, Long> words = new HashMap<>();
    private final Map<String, Long> phrases = new HashMap<>();
    private long answers;

    /** Counts the terms of one answer. */
    public FrequentTerms add(String answer) {
        if (answer == null || answer.isBlank()) {
            return this;
        }
        answers++;
        List<String> tokens = tokens(answer);
        Set<String> seenWords = new HashSet<>();
        Set<String> seenPhrases = new HashSet<>();
        String previous = null;
        for (String token : tokens) {
            boolean kept = keep(token);
            if (kept && seenWords.add(token)) {
                words.merge(token, 1L, Long::sum);
            }
            if (kept && previous != null) {
                String phrase = previous + " " + token;
                if (seenPhrases.add(phrase)) {
                    phrases.merge(phrase, 1L, Long::sum);
                }
            }
            previous = kept ? token : null;
        }
        return this;
    }

    public FrequentTerms merge(FrequentTerms other) {
        other.words.forEach((term, count) -> words.merge(term, count, Long::sum));
        other.phrases.forEach((term, count) -> phrases.merge(term, count, Long::sum));
        answers += other.answers;
        return this;
    }

    /** The answers with some text counted so far. */
    public long answers() {
        return answers;
    }

    /** The {@code limit} words used by the most answers, most first, ties in alphabetical order. */
    public List<Term> topWords(int limit) {
        return top(words, limit, 1);
    }

    /** The {@code limit} two-word phrases used by at least two answers, most first. */
    public List<Term> topPhrases(int limit) {
        return top(phrases, limit, 2);
    }

    private static List<Term> top(Map<String, Long> counts, int limit, long fewest) {
        List<Term> terms = new ArrayList<>();
        counts.forEach((text, count) -> {
            if (count >= fewest) {
                terms.add(new Term(text, count));
            }
        });
        terms.sort(Comparator.comparingLong(Term::answers).reversed().thenComparing(Term::text));
        return List.copyOf(terms.subList(0, Math.min(limit, terms.size())));
    }

    /** The words of a text: lower case, composed accents, French elisions split off. */
    static List<String> tokens(String text) {
        String normal = Normalizer.normalize(text, Normalizer.Form.NFC).toLowerCase(Locale.ROOT).replace('’', '\'');
        List<String> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < normal.length(); i++) {
            char c = normal.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '-' && word.length() > 0) {
                word.append(c);
            } else {
                flush(word, tokens);
            }
        }
        flush(word, tokens);
        return tokens;
    }

    private static void flush(StringBuilder word, List<String> tokens) {
        while (word.length() > 0 && word.charAt(word.length() - 1) == '-') {
            word.setLength(word.length() - 1);
        }
        if (word.length() > 0) {
            tokens.add(word.toString());
            word.setLength(0);
        }
    }

    private static boolean keep(String token) {
        if (token.length() < 2 || STOP_WORDS.contains(token)) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            if (!Character.isDigit(token.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
