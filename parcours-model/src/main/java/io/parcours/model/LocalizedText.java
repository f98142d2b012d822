package io.parcours.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A text written in one or more languages ({@code en}, {@code fr}), shown in the customer's
 * language when it has one, else in English, else in the first language given.
 */
public record LocalizedText(Map<String, String> texts) {
    /** The languages a survey can be written in. */
    public static final List<String> LANGUAGES = List.of("en", "fr");

    public LocalizedText {
        Checks.present("text", texts);
        if (texts.isEmpty()) {
            throw ParcoursException.invalid("text", "the text is empty: write it in English (en) or French (fr)");
        }
        Map<String, String> copy = new TreeMap<>();
        texts.forEach((language, text) -> {
            if (!LANGUAGES.contains(language)) {
                throw ParcoursException.invalid("text." + language, "unknown language '" + language
                        + "': write texts in " + String.join(" or ", LANGUAGES));
            }
            if (text == null || text.isBlank()) {
                throw ParcoursException.invalid("text." + language, "the " + language + " text is empty");
            }
            copy.put(language, Checks.text("text." + language, text.strip()));
        });
        texts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(copy));
    }

    public static LocalizedText of(Map<String, String> texts) {
        return new LocalizedText(texts);
    }

    /** The same text for every language: what a plain string in a map file means. */
    public static LocalizedText english(String text) {
        return new LocalizedText(Map.of("en", text));
    }

    /** The text in the language of {@code locale} ("fr", "fr-CA", "fr_FR"...), falling back to English, then any. */
    public String in(String locale) {
        String language = language(locale);
        String text = texts.get(language);
        if (text != null) {
            return text;
        }
        text = texts.get("en");
        return text != null ? text : texts.values().iterator().next();
    }

    /** The supported language of a locale, or "en" when it names none we have. */
    public static String language(String locale) {
        if (locale == null || locale.length() < 2) {
            return "en";
        }
        String language = locale.substring(0, 2).toLowerCase(Locale.ROOT);
        return LANGUAGES.contains(language) ? language : "en";
    }
}
