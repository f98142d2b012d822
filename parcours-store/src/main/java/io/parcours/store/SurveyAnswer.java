package io.parcours.store;

import io.parcours.model.SurveyType;
import java.time.Instant;
import java.util.Optional;

/**
 * One customer's answer to a survey at a touchpoint. {@code score} and {@code comment} are the
 * score and "why?" of a standard survey (empty for custom surveys); {@code answers} holds every
 * question's answer as a JSON object keyed by question.
 */
public record SurveyAnswer(Optional<Long> invitation, String workspace, String map, String survey, String touchpoint,
        SurveyType type, String customer, String locale, Optional<Integer> score, Optional<String> comment,
        String answers, Instant answeredAt) {}
