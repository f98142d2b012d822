package io.parcours.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import io.parcours.model.SurveyType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invitations, tokens and answers against a real DuckDB file. */
class SurveyRecordsTest {
    static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");

    @TempDir
    Path data;

    private ParcoursStore store() {
        ParcoursStore store = ParcoursStore.open(data);
        if (store.workspace("akwaba").isEmpty()) {
            store.createWorkspace("akwaba", "Akwaba", "");
        }
        return store;
    }

    private static NewInvitation invitation(String customer, Duration delay) {
        return new NewInvitation("shop", "nps-checkout", "checkout", customer, Optional.of(7L), "fr-FR",
                Optional.of(customer + "@example.com"), NOW, NOW.plus(delay), NOW.plus(delay).plus(Duration.ofDays(14)));
    }

    private static SurveyAnswer answer(Optional<Long> invitation, String customer, int score, String comment, Instant at) {
        return new SurveyAnswer(invitation, "akwaba", "shop", "nps-checkout", "checkout", SurveyType.NPS, customer, "fr",
                Optional.of(score), Optional.ofNullable(comment), "{\"score\":" + score + "}", at);
    }

    @Test
    void aTokenAnswersOnceAndSurvivesARestart() {
        String token;
        try (ParcoursStore store = store()) {
            List<Invitation> made = store.surveys().recordTriggered("akwaba", 41, List.of(invitation("ana", Duration.ZERO),
                    invitation("ben", Duration.ofDays(7))));
            assertThat(made).hasSize(2);
            assertThat(store.surveys().settings("akwaba").triggerSeq()).isEqualTo(41);
            token = made.get(0).token();
            assertThat(made.get(0).status(NOW)).isEqualTo(Invitation.Status.OPEN);
            assertThat(made.get(1).status(NOW)).isEqualTo(Invitation.Status.WAITING);
            assertThat(made.get(1).status(NOW.plus(Duration.ofDays(30)))).isEqualTo(Invitation.Status.EXPIRED);
        }
        try (ParcoursStore store = store()) {
            Invitation found = store.surveys().invitation(token).orElseThrow();
            assertThat(found.customer()).isEqualTo("ana");
            assertThat(found.locale()).isEqualTo("fr-FR");
            assertThat(store.surveys().openInvitations("akwaba", List.of("ana", "ben"), NOW)).extracting(Invitation::customer)
                    .containsExactly("ana");
            store.surveys().answer(found, answer(Optional.of(found.id()), "ana", 9, "Rapide", NOW));
            ParcoursException again = catchThrowableOfType(ParcoursException.class,
                    () -> store.surveys().answer(found, answer(Optional.of(found.id()), "ana", 0, "second", NOW)));
            assertThat(again.code()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(store.surveys().invitation(token).orElseThrow().status(NOW)).isEqualTo(Invitation.Status.ANSWERED);
            assertThat(store.surveys().comments(AnswerFilter.all("akwaba"), Optional.empty(), 10))
                    .extracting(a -> a.comment().orElseThrow()).containsExactly("Rapide");
        }
    }

    @Test
    void forgedAndMalformedTokensFindNothing() {
        try (ParcoursStore store = store()) {
            String token = store.surveys().recordTriggered("akwaba", 1, List.of(invitation("ana", Duration.ZERO)))
                    .get(0).token();
            // every other last character: one changes the signature, the others only the two spare bits of base64
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            for (char c : alphabet.toCharArray()) {
                String other = token.substring(0, token.length() - 1) + c;
                if (!other.equals(token)) {
                    assertThat(store.surveys().invitation(other)).as(other).isEmpty();
                }
            }
            String flipped = token.substring(0, 5) + (token.charAt(5) == 'A' ? 'B' : 'A') + token.substring(6);
            assertThat(store.surveys().invitation(flipped)).as("another invitation number, not signed").isEmpty();
            assertThat(store.surveys().invitation("")).isEmpty();
            assertThat(store.surveys().invitation("not a token at all, not at all")).isEmpty();
            assertThat(store.surveys().invitation(token + "x")).isEmpty();
            assertThat(store.surveys().invitation(token)).isPresent();
        }
    }

    @Test
    void scoresAreCountedPerSurveyAndPeriod() {
        try (ParcoursStore store = store()) {
            List<SurveyAnswer> answers = new ArrayList<>();
            answers.add(answer(Optional.empty(), "a", 10, "100% great_service", Instant.parse("2026-10-05T08:00:00Z")));
            answers.add(answer(Optional.empty(), "b", 10, null, Instant.parse("2026-10-06T08:00:00Z")));
            answers.add(answer(Optional.empty(), "c", 3, "slow", Instant.parse("2026-10-13T08:00:00Z")));
            answers.add(answer(Optional.empty(), "d", 3, "great service", Instant.parse("2026-11-01T08:00:00Z")));
            store.surveys().appendAnswers("akwaba", answers);
            List<ScoreRow> all = store.surveys().scoreCounts(AnswerFilter.all("akwaba"), Optional.empty());
            assertThat(all).extracting(ScoreRow::score, ScoreRow::answers).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple(10, 2L), org.assertj.core.groups.Tuple.tuple(3, 2L));
            List<ScoreRow> weekly = store.surveys().scoreCounts(AnswerFilter.all("akwaba"),
                    Optional.of(SurveyRecords.Period.WEEK));
            // ISO weeks start on Monday: 5 and 6 October are in the week of 5 October
            assertThat(weekly).extracting(row -> row.period().orElseThrow().toString(), ScoreRow::score, ScoreRow::answers)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("2026-10-05T00:00:00Z", 10, 2L),
                            org.assertj.core.groups.Tuple.tuple("2026-10-12T00:00:00Z", 3, 1L),
                            org.assertj.core.groups.Tuple.tuple("2026-10-26T00:00:00Z", 3, 1L));
            AnswerFilter october = new AnswerFilter("akwaba", Optional.of("shop"), Optional.empty(),
                    Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z"));
            assertThat(store.surveys().scoreCounts(october, Optional.empty()).stream().mapToLong(ScoreRow::answers).sum())
                    .isEqualTo(3);
            assertThat(store.surveys().comments(AnswerFilter.all("akwaba"), Optional.of("GREAT"), 10)).hasSize(2);
            assertThat(store.surveys().comments(AnswerFilter.all("akwaba"), Optional.of("great_"), 10))
                    .as("_ is a character, not a wildcard").hasSize(1);
            assertThat(store.surveys().comments(AnswerFilter.all("akwaba"), Optional.of("100%"), 10)).hasSize(1);
        }
    }
}
