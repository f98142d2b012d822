package io.parcours.store;

import io.parcours.model.SurveyType;
import java.time.Instant;
import java.util.Optional;

/**
 * How many answers of one survey gave one score, in one period when answers are counted by period;
 * {@code invited} of them answered an invitation (the others were imported), which is what a
 * response rate counts.
 */
public record ScoreRow(String map, String touchpoint, String survey, SurveyType type, Optional<Instant> period,
        int score, long answers, long invited) {}
