package io.parcours.model;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One question of a survey: a rating on a scale, a single or multiple choice among listed
 * answers, or free text. The standard surveys are made of two (the score and "why?"); custom
 * surveys list their own.
 */
public record SurveyQuestion(String key, Kind kind, LocalizedText text, int minimum, int maximum,
        List<Choice> choices, boolean required) {

    /** The kinds of question. */
    public enum Kind {
        RATING, SINGLE, MULTIPLE, TEXT;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Kind> fromId(String id) {
            for (Kind kind : values()) {
                if (kind.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    /** One answer to pick in a choice question. */
    public record Choice(String key, LocalizedText text) {
        public Choice {
            Keys.require("key", key);
            Checks.present("text", text);
        }
    }

    /** The longest free-text answer kept, in characters. */
    public static final int MAX_TEXT_ANSWER = 2_000;
    /** The widest rating scale. */
    public static final int MAX_SCALE = 10;

    public SurveyQuestion {
        Keys.require("key", key);
        Checks.present("kind", kind);
        Checks.present("text", text);
        choices = Checks.list("choices", choices);
        if (kind == Kind.RATING) {
            if (minimum < 0 || maximum > MAX_SCALE || minimum >= maximum) {
                throw ParcoursException.invalid("questions." + key, "the scale of rating '" + key + "' goes from "
                        + minimum + " to " + maximum + ": use whole numbers between 0 and " + MAX_SCALE + ", lowest first");
            }
        } else {
            minimum = 0;
            maximum = 0;
        }
        boolean choice = kind == Kind.SINGLE || kind == Kind.MULTIPLE;
        if (choice && choices.size() < 2) {
            throw ParcoursException.invalid("questions." + key + ".choices", "question '" + key
                    + "' is a choice: list at least two choices");
        }
        if (!choice && !choices.isEmpty()) {
            throw ParcoursException.invalid("questions." + key + ".choices", "question '" + key + "' is a "
                    + kind.id() + " question and takes no choices: make it single or multiple");
        }
        Set<String> seen = new HashSet<>();
        for (Choice c : choices) {
            if (!seen.add(c.key())) {
                throw ParcoursException.invalid("questions." + key + ".choices", "choice '" + c.key()
                        + "' is listed twice in question '" + key + "'");
            }
        }
    }

    public static SurveyQuestion rating(String key, LocalizedText text, int minimum, int maximum) {
        return new SurveyQuestion(key, Kind.RATING, text, minimum, maximum, List.of(), true);
    }

    public static SurveyQuestion freeText(String key, LocalizedText text, boolean required) {
        return new SurveyQuestion(key, Kind.TEXT, text, 0, 0, List.of(), required);
    }

    public Optional<Choice> choice(String choiceKey) {
        return choices.stream().filter(c -> c.key().equals(choiceKey)).findFirst();
    }
}
