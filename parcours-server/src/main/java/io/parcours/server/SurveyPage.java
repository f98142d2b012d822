package io.parcours.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the hosted survey page shows: the questions of an invitation in the customer's language,
 * with what they already chose when the page comes back with an error, or only a message (thank
 * you, closed, unknown link). The template escapes every value.
 */
public record SurveyPage(String language, String title, String action, String error, String message, String send,
        String optional, List<Question> questions) {

    /** One question as the form draws it. */
    public record Question(String key, String kind, String text, boolean required, List<Option> options, String low,
            String high, String value) {}

    /** One answer to pick. */
    public record Option(String value, String label, boolean checked) {}

    private static final Map<String, Map<String, String>> WORDS = Map.of(
            "en", Map.ofEntries(Map.entry("title", "Your opinion"), Map.entry("send", "Send"),
                    Map.entry("optional", "(optional)"), Map.entry("thanks", "Thank you: your answer has been recorded."),
                    Map.entry("check", "Please check your answer: "),
                    Map.entry("answered", "You have already answered this survey: thank you!"),
                    Map.entry("closed", "This survey is closed: thank you all the same."),
                    Map.entry("unknown", "This survey link is not valid: check that it was copied whole."),
                    Map.entry("busy", "Too many answers at once from here: please try again in a minute."),
                    Map.entry("nps.low", "Not at all likely"), Map.entry("nps.high", "Extremely likely"),
                    Map.entry("csat.low", "Very dissatisfied"), Map.entry("csat.high", "Very satisfied"),
                    Map.entry("ces.low", "Strongly disagree"), Map.entry("ces.high", "Strongly agree")),
            "fr", Map.ofEntries(Map.entry("title", "Votre avis"), Map.entry("send", "Envoyer"),
                    Map.entry("optional", "(facultatif)"), Map.entry("thanks", "Merci : votre réponse a bien été enregistrée."),
                    Map.entry("check", "Merci de vérifier votre réponse : "),
                    Map.entry("answered", "Vous avez déjà répondu à ce questionnaire : merci !"),
                    Map.entry("closed", "Ce questionnaire est clos : merci tout de même."),
                    Map.entry("unknown", "Ce lien de questionnaire n'est pas valide : vérifiez qu'il a été copié en entier."),
                    Map.entry("busy", "Trop de réponses à la fois depuis cet endroit : réessayez dans une minute."),
                    Map.entry("nps.low", "Pas du tout probable"), Map.entry("nps.high", "Très probable"),
                    Map.entry("csat.low", "Très insatisfait"), Map.entry("csat.high", "Très satisfait"),
                    Map.entry("ces.low", "Pas du tout d'accord"), Map.entry("ces.high", "Tout à fait d'accord")));

    static String word(String language, String key) {
        return WORDS.getOrDefault(language, WORDS.get("en")).get(key);
    }

    /** The form of a survey, with the answers already given (from a form that came back with an error). */
    static SurveyPage form(SurveyRoutes.SurveyView view, String action, String error, JsonNode given) {
        List<Question> questions = new ArrayList<>();
        for (SurveyRoutes.QuestionView q : view.questions()) {
            JsonNode answer = given == null ? null : given.get(q.key());
            List<Option> options = new ArrayList<>();
            if (q.kind().equals("rating")) {
                for (int score = q.minimum(); score <= q.maximum(); score++) {
                    options.add(new Option(Integer.toString(score), Integer.toString(score),
                            answer != null && answer.asText().equals(Integer.toString(score))));
                }
            }
            for (SurveyRoutes.ChoiceView choice : q.choices()) {
                boolean checked = answer != null && (answer.isArray() ? contains(answer, choice.key())
                        : answer.asText().equals(choice.key()));
                options.add(new Option(choice.key(), choice.text(), checked));
            }
            boolean standardScore = q.kind().equals("rating") && q.key().equals("score") && !view.type().equals("custom");
            questions.add(new Question(q.key(), q.kind(), q.text(), q.required(), options,
                    standardScore ? word(view.language(), view.type() + ".low") : null,
                    standardScore ? word(view.language(), view.type() + ".high") : null,
                    q.kind().equals("text") && answer != null ? answer.asText() : ""));
        }
        return new SurveyPage(view.language(), word(view.language(), "title"), action, error, null,
                word(view.language(), "send"), word(view.language(), "optional"), questions);
    }

    /** A page with only a message. */
    static SurveyPage message(String language, String message) {
        return new SurveyPage(language, word(language, "title"), "", null, message, word(language, "send"),
                word(language, "optional"), List.of());
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (item.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
