package io.parcours.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parcours.io.Json;
import io.parcours.model.ParcoursException;
import io.parcours.model.Survey;
import io.parcours.model.SurveyQuestion;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a customer's answers against the survey's questions: a rating is a whole number on its
 * scale, a single choice one of its choice keys, a multiple choice a list of distinct choice keys,
 * free text at most {@link SurveyQuestion#MAX_TEXT_ANSWER} characters; every required question
 * answered and no unknown question. Every refusal names the question and says what to send.
 */
final class SurveyAnswers {
    /** The checked answers: as JSON to store, and the score and comment of a standard survey. */
    record Checked(ObjectNode answers, Optional<Integer> score, Optional<String> comment) {}

    private SurveyAnswers() {}

    static Checked check(Survey survey, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ParcoursException.invalid("answers", "send a JSON object: {\"answers\": {\"<question key>\": <answer>}}");
        }
        JsonNode given = body.get("answers");
        if (given == null || !given.isObject()) {
            throw ParcoursException.invalid("answers", "'answers' must be an object of question keys and answers, such as "
                    + "{\"answers\": {\"score\": 9}}");
        }
        Iterator<String> names = given.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (survey.questionNamed(name).isEmpty()) {
                throw ParcoursException.invalid("answers." + name, "survey '" + survey.key() + "' has no question '" + name
                        + "'; its questions are " + survey.questions().stream().map(SurveyQuestion::key).toList());
            }
        }
        ObjectNode checked = Json.mapper().createObjectNode();
        for (SurveyQuestion question : survey.questions()) {
            JsonNode answer = given.get(question.key());
            String field = "answers." + question.key();
            boolean blank = answer == null || answer.isNull() || answer.isTextual() && answer.asText().isBlank()
                    || answer.isArray() && answer.isEmpty();
            if (blank) {
                if (question.required()) {
                    throw ParcoursException.invalid(field, "question '" + question.key() + "' needs an answer");
                }
                continue;
            }
            switch (question.kind()) {
                case RATING -> {
                    if (!answer.canConvertToInt() || !answer.isIntegralNumber() || answer.asInt() < question.minimum()
                            || answer.asInt() > question.maximum()) {
                        throw ParcoursException.invalid(field, "the answer to '" + question.key() + "' must be a whole number from "
                                + question.minimum() + " to " + question.maximum());
                    }
                    checked.put(question.key(), answer.asInt());
                }
                case SINGLE -> {
                    if (!answer.isTextual() || question.choice(answer.asText()).isEmpty()) {
                        throw ParcoursException.invalid(field, "the answer to '" + question.key() + "' must be one of "
                                + question.choices().stream().map(SurveyQuestion.Choice::key).toList());
                    }
                    checked.put(question.key(), answer.asText());
                }
                case MULTIPLE -> {
                    if (!answer.isArray()) {
                        throw ParcoursException.invalid(field, "the answer to '" + question.key()
                                + "' must be a list of choices among " + question.choices().stream()
                                .map(SurveyQuestion.Choice::key).toList());
                    }
                    Set<String> seen = new HashSet<>();
                    var list = checked.putArray(question.key());
                    for (JsonNode item : answer) {
                        if (!item.isTextual() || question.choice(item.asText()).isEmpty() || !seen.add(item.asText())) {
                            throw ParcoursException.invalid(field, "the answer to '" + question.key()
                                    + "' must list distinct choices among " + question.choices().stream()
                                    .map(SurveyQuestion.Choice::key).toList());
                        }
                        list.add(item.asText());
                    }
                }
                case TEXT -> {
                    if (!answer.isTextual()) {
                        throw ParcoursException.invalid(field, "the answer to '" + question.key() + "' must be text");
                    }
                    String text = answer.asText().strip();
                    if (text.length() > SurveyQuestion.MAX_TEXT_ANSWER) {
                        throw ParcoursException.invalid(field, "the answer to '" + question.key() + "' is " + text.length()
                                + " characters long; keep it under " + SurveyQuestion.MAX_TEXT_ANSWER);
                    }
                    checked.put(question.key(), text);
                }
                default -> throw new IllegalStateException("unknown question kind " + question.kind());
            }
        }
        Optional<Integer> score = survey.type().standard() && checked.has(Survey.SCORE)
                ? Optional.of(checked.get(Survey.SCORE).asInt()) : Optional.empty();
        Optional<String> comment = survey.type().standard() && checked.has(Survey.WHY)
                ? Optional.of(checked.get(Survey.WHY).asText()) : Optional.empty();
        return new Checked(checked, score, comment);
    }

    /** Reads a posted HTML form (question key → text; a multiple choice repeats its key) as answers. */
    static JsonNode fromForm(Survey survey, Map<String, java.util.List<String>> form) {
        ObjectNode answers = Json.mapper().createObjectNode();
        for (SurveyQuestion question : survey.questions()) {
            java.util.List<String> values = form.getOrDefault(question.key(), java.util.List.of());
            if (values.isEmpty()) {
                continue;
            }
            switch (question.kind()) {
                case RATING -> {
                    try {
                        answers.put(question.key(), Integer.parseInt(values.get(0).trim()));
                    } catch (NumberFormatException e) {
                        answers.put(question.key(), values.get(0));
                    }
                }
                case MULTIPLE -> values.forEach(answers.withArray(question.key())::add);
                default -> answers.put(question.key(), values.get(0));
            }
        }
        ObjectNode body = Json.mapper().createObjectNode();
        body.set("answers", answers);
        return body;
    }
}
