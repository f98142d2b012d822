package io.parcours.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kind of a survey. The three standard scores each ask one rating on a fixed scale, with the
 * wording the literature uses, then an optional "why?": NPS (0 to 10, likelihood to recommend),
 * CSAT (1 to 5, satisfaction) and CES (1 to 7, agreement that the company made it easy). A custom
 * survey asks the questions the team writes.
 */
public enum SurveyType {
    NPS("nps", 0, 10, Map.of(
            "en", "How likely are you to recommend us to a friend or colleague?",
            "fr", "Quelle est la probabilité que vous nous recommandiez à un ami ou à un collègue ?")),
    CSAT("csat", 1, 5, Map.of(
            "en", "How satisfied were you with this experience?",
            "fr", "Dans quelle mesure êtes-vous satisfait de cette expérience ?")),
    CES("ces", 1, 7, Map.of(
            "en", "The company made it easy for me to do what I wanted.",
            "fr", "L'entreprise m'a facilité la tâche pour faire ce que je voulais.")),
    CUSTOM("custom", 0, 0, Map.of());

    /** The follow-up question of every standard survey. */
    public static final LocalizedText WHY = LocalizedText.of(Map.of(
            "en", "What is the main reason for your answer?",
            "fr", "Quelle est la principale raison de votre réponse ?"));

    private final String id;
    private final int minimum;
    private final int maximum;
    private final Map<String, String> question;

    SurveyType(String id, int minimum, int maximum, Map<String, String> question) {
        this.id = id;
        this.minimum = minimum;
        this.maximum = maximum;
        this.question = question;
    }

    public String id() {
        return id;
    }

    /** The lowest score of a standard survey's scale (0 for NPS, 1 for CSAT and CES). */
    public int minimum() {
        return minimum;
    }

    /** The highest score of a standard survey's scale (10, 5 or 7). */
    public int maximum() {
        return maximum;
    }

    public boolean standard() {
        return this != CUSTOM;
    }

    /** The standard wording of the score question; empty for custom surveys. */
    public Optional<LocalizedText> defaultQuestion() {
        return question.isEmpty() ? Optional.empty() : Optional.of(LocalizedText.of(question));
    }

    /** The metric a standard survey's answers feed. */
    public Optional<Metric> metric() {
        return switch (this) {
            case NPS -> Optional.of(Metric.NPS);
            case CSAT -> Optional.of(Metric.CSAT);
            case CES -> Optional.of(Metric.CES);
            case CUSTOM -> Optional.empty();
        };
    }

    public static Optional<SurveyType> fromId(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(type -> type.id.equals(wanted)).findFirst();
    }

    public static String ids() {
        return Arrays.stream(values()).map(SurveyType::id).collect(Collectors.joining(", "));
    }
}
