package io.parcours.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A survey attached to a touchpoint: what is asked and when. It is triggered when an event
 * matching the touchpoint arrives for a customer, {@code delay} later (zero: at once), for a
 * {@code sampling} share of those events, and its invitation lapses {@code expiry} after it is
 * due. Standard surveys (NPS, CSAT, CES) ask their score, in the standard wording unless
 * {@code question} rewords it, then "why?" unless {@code askWhy} is false; custom surveys ask
 * {@code questions}. How often one customer may be asked, across all surveys, is the workspace's
 * throttle.
 */
public record Survey(String key, SurveyType type, Optional<LocalizedText> question, List<SurveyQuestion> customQuestions,
        boolean askWhy, Duration delay, double sampling, Duration expiry) {

    /** The key of the score question of a standard survey. */
    public static final String SCORE = "score";
    /** The key of the "why?" question of a standard survey. */
    public static final String WHY = "why";
    /** The most questions a custom survey may ask. */
    public static final int MAX_QUESTIONS = 20;
    /** How long an invitation stays open when the survey does not say. */
    public static final Duration DEFAULT_EXPIRY = Duration.ofDays(14);
    /** The longest delay or expiry. */
    public static final Duration MAX_DURATION = Duration.ofDays(366);

    public Survey {
        Keys.require("key", key);
        Checks.present("type", type);
        question = Checks.optional(question);
        customQuestions = Checks.list("questions", customQuestions);
        Checks.present("delay", delay);
        Checks.present("expiry", expiry);
        if (type.standard() && !customQuestions.isEmpty()) {
            throw ParcoursException.invalid("questions", "survey '" + key + "' is a standard " + type.id()
                    + " survey and asks its own score: remove 'questions', or make it 'type: custom'");
        }
        if (type == SurveyType.CUSTOM) {
            if (customQuestions.isEmpty()) {
                throw ParcoursException.invalid("questions", "custom survey '" + key + "' has no questions: list at least one");
            }
            askWhy = false; // a custom survey asks only its own questions
            if (question.isPresent()) {
                throw ParcoursException.invalid("question", "custom survey '" + key
                        + "' words each of its questions: remove 'question'");
            }
        }
        if (customQuestions.size() > MAX_QUESTIONS) {
            throw ParcoursException.invalid("questions", "survey '" + key + "' has " + customQuestions.size()
                    + " questions; keep it to " + MAX_QUESTIONS + " at most (short surveys get answers)");
        }
        Set<String> seen = new HashSet<>();
        for (SurveyQuestion q : customQuestions) {
            if (!seen.add(q.key())) {
                throw ParcoursException.invalid("questions", "question '" + q.key() + "' is asked twice in survey '" + key + "'");
            }
        }
        if (delay.isNegative() || delay.compareTo(MAX_DURATION) > 0) {
            throw ParcoursException.invalid("delay", "the delay of survey '" + key + "' must be from 0 to 366 days");
        }
        if (expiry.compareTo(Duration.ofMinutes(1)) < 0 || expiry.compareTo(MAX_DURATION) > 0) {
            throw ParcoursException.invalid("expiry", "the expiry of survey '" + key + "' must be from 1 minute to 366 days");
        }
        if (!(sampling > 0 && sampling <= 1)) {
            throw ParcoursException.invalid("sampling", "the sampling of survey '" + key
                    + "' must be above 0 and at most 1 (or 100%)");
        }
    }

    /** A standard survey sent at once to every customer, open for {@link #DEFAULT_EXPIRY}. */
    public static Survey of(String key, SurveyType type) {
        return new Survey(key, type, Optional.empty(), List.of(), true, Duration.ZERO, 1.0, DEFAULT_EXPIRY);
    }

    /** The questions as asked, in order: for a standard survey its score and (unless switched off) why. */
    public List<SurveyQuestion> questions() {
        if (!type.standard()) {
            return customQuestions;
        }
        List<SurveyQuestion> asked = new ArrayList<>(2);
        asked.add(SurveyQuestion.rating(SCORE, question.orElseGet(() -> type.defaultQuestion().orElseThrow()),
                type.minimum(), type.maximum()));
        if (askWhy) {
            asked.add(SurveyQuestion.freeText(WHY, SurveyType.WHY, false));
        }
        return List.copyOf(asked);
    }

    public Optional<SurveyQuestion> questionNamed(String questionKey) {
        return questions().stream().filter(q -> q.key().equals(questionKey)).findFirst();
    }

    public Survey withSampling(double newSampling) {
        return new Survey(key, type, question, customQuestions, askWhy, delay, newSampling, expiry);
    }

    public Survey withDelay(Duration newDelay) {
        return new Survey(key, type, question, customQuestions, askWhy, newDelay, sampling, expiry);
    }
}
