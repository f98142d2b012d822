package io.parcours.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules of the model, each with the message a person gets. */
class ModelValidationTest {
    private static ParcoursException failure(Runnable construction) {
        ParcoursException error = catchThrowableOfType(ParcoursException.class, construction::run);
        assertThat(error).as("expected the construction to be refused").isNotNull();
        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        return error;
    }

    private static JourneyMap map(List<Stage> stages, List<Touchpoint> touchpoints, Optional<String> conversion) {
        return new JourneyMap("m", "Map", "p", MapState.CURRENT, "", conversion, Optional.empty(), stages, touchpoints);
    }

    @Test
    void keysAreLowercaseSlugs() {
        assertThat(Keys.isValid("shop-visit")).isTrue();
        assertThat(Keys.isValid("step.2_b")).isTrue();
        assertThat(Keys.isValid("Shop")).isFalse();
        assertThat(Keys.isValid("a--b")).isFalse();
        assertThat(Keys.isValid("-a")).isFalse();
        assertThat(Keys.isValid("a".repeat(65))).isFalse();
        assertThat(Keys.slugOf("Café Checkout!")).isEqualTo("cafe-checkout");
        assertThat(Keys.slugOf("***")).isEqualTo("key");
        assertThat(failure(() -> Stage.of("Pre Purchase", "x")).getMessage())
                .contains("for example 'pre-purchase'");
    }

    @Test
    void emotionScoreIsFromMinusTwoToTwo() {
        assertThat(new Emotion(-2, "angry").score()).isEqualTo(-2);
        assertThat(failure(() -> new Emotion(3, "")).field()).isEqualTo("score");
        assertThat(failure(() -> new Emotion(-3, "")).getMessage()).contains("from -2");
    }

    @Test
    void targetsStayInTheirMetricsRange() {
        assertThat(new KpiTarget(Metric.NPS, -100).describe()).isEqualTo("at least -100");
        assertThat(new KpiTarget(Metric.DROP_OFF, 40).describe()).isEqualTo("at most 40");
        assertThat(failure(() -> new KpiTarget(Metric.CES, 8)).getMessage()).contains("from 1 to 7");
        assertThat(failure(() -> new KpiTarget(Metric.VOLUME, -1)).getMessage()).contains("at least 0");
        assertThat(failure(() -> new KpiTarget(Metric.CSAT, Double.NaN)).getMessage()).contains("out of range");
    }

    @Test
    void targetsAreOnePerMetricAndKeptInMetricOrder() {
        Touchpoint touchpoint = new Touchpoint("t", "T", "s", Channel.WEB, Optional.empty(), Optional.empty(), "",
                List.of(new KpiTarget(Metric.CES, 5), new KpiTarget(Metric.NPS, 30)));
        assertThat(touchpoint.targets()).extracting(KpiTarget::metric).containsExactly(Metric.NPS, Metric.CES);
        assertThat(failure(() -> new Touchpoint("t", "T", "s", Channel.WEB, Optional.empty(), Optional.empty(), "",
                List.of(new KpiTarget(Metric.NPS, 1), new KpiTarget(Metric.NPS, 2)))).getMessage())
                .contains("two targets for nps");
    }

    @Test
    void namesAreShortAndOnOneLine() {
        assertThat(failure(() -> Stage.of("s", " ")).getMessage()).contains("name is missing");
        assertThat(failure(() -> Stage.of("s", "a\nb")).getMessage()).contains("one line");
        assertThat(failure(() -> Stage.of("s", "x".repeat(201))).getMessage()).contains("under 200");
    }

    @Test
    void teamContactsAreChecked() {
        assertThat(failure(() -> new Team("t", "T", Optional.of("not-an-address"), Optional.empty())).field())
                .isEqualTo("email");
        assertThat(failure(() -> new Team("t", "T", Optional.empty(), Optional.of("ftp://x"))).field())
                .isEqualTo("webhook");
    }

    @Test
    void everyMapProblemIsReportedAtOnce() {
        List<Stage> stages = List.of(Stage.of("a", "A"), Stage.of("a", "Again"));
        List<Touchpoint> touchpoints = List.of(
                Touchpoint.of("t", "T", "a", Channel.WEB),
                Touchpoint.of("t", "T2", "a", Channel.WEB),
                Touchpoint.of("u", "U", "nowhere", Channel.STORE),
                new Touchpoint("v", "V", "a", Channel.APP, Optional.empty(), Optional.of("ghost"), "", List.of()));
        ParcoursException error = failure(() -> map(stages, touchpoints, Optional.of("missing")));
        assertThat(error.problems()).extracting(Problem::field).containsExactly("stages[1].key", "touchpoints[1].key",
                "touchpoints[2].stage", "touchpoints[3].parent", "conversion");
    }

    @Test
    void parentCyclesAreRefused() {
        List<Touchpoint> touchpoints = List.of(
                new Touchpoint("a", "A", "s", Channel.WEB, Optional.empty(), Optional.of("b"), "", List.of()),
                new Touchpoint("b", "B", "s", Channel.WEB, Optional.empty(), Optional.of("a"), "", List.of()),
                new Touchpoint("c", "C", "s", Channel.WEB, Optional.empty(), Optional.of("c"), "", List.of()));
        ParcoursException error = failure(() -> map(List.of(Stage.of("s", "S")), touchpoints, Optional.empty()));
        assertThat(error.problems()).extracting(Problem::message).anyMatch(m -> m.contains("its own parent: break the cycle"))
                .anyMatch(m -> m.contains("'c' cannot be its own parent"));
    }

    @Test
    void touchpointsAreKeptInStageOrder() {
        List<Touchpoint> touchpoints = List.of(Touchpoint.of("late", "Late", "b", Channel.WEB),
                Touchpoint.of("early", "Early", "a", Channel.WEB), Touchpoint.of("late2", "Late 2", "b", Channel.WEB));
        JourneyMap map = map(List.of(Stage.of("a", "A"), Stage.of("b", "B")), touchpoints, Optional.empty());
        assertThat(map.touchpoints()).extracting(Touchpoint::key).containsExactly("early", "late", "late2");
    }

    @Test
    void workspaceReferencesMustExist() {
        JourneyMap future = new JourneyMap("future", "F", "nobody", MapState.FUTURE, "", Optional.empty(),
                Optional.of("future-2"), List.of(Stage.of("s", "S")),
                List.of(Touchpoint.of("t", "T", "s", Channel.WEB).withOwner(Optional.of("tema"))));
        JourneyMap alsoFuture = new JourneyMap("future-2", "F2", "p", MapState.FUTURE, "", Optional.empty(),
                Optional.empty(), List.of(), List.of());
        ParcoursException error = failure(() -> new Workspace("w", "W", "",
                List.of(new Team("team", "Team", Optional.empty(), Optional.empty())),
                List.of(new Persona("p", "P", "", List.of(), List.of(), List.of())), List.of(future, alsoFuture)));
        assertThat(error.problems()).extracting(Problem::field)
                .containsExactly("maps[0].persona", "maps[0].redesigns", "maps[0].touchpoints[0].owner");
        assertThat(error.problems().get(2).message()).contains("did you mean 'team'?");
        assertThat(error.problems().get(1).message()).contains("not a current-state map");
    }

    @Test
    void recordsCopyTheirLists() {
        List<String> goals = new ArrayList<>(List.of("one"));
        Persona persona = new Persona("p", "P", "", goals, List.of(), List.of());
        goals.add("two");
        assertThat(persona.goals()).containsExactly("one");
        assertThat(failure(() -> new Persona("p", "P", "", List.of(" "), List.of(), List.of())).field())
                .isEqualTo("goals[0]");
    }

    @Test
    void suggestionsFindTyposIncludingSwappedLetters() {
        assertThat(Suggestions.hint("amnia", List.of("amina", "marc"))).isEqualTo("; did you mean 'amina'?");
        assertThat(Suggestions.hint("zzz", List.of("b", "a"))).isEqualTo("; use one of: a, b");
        assertThat(Suggestions.hint("x", List.of())).isEmpty();
    }

    @Test
    void anEventIdOrNameWithHalfACharacterIsRefused() {
        String lone = "m-" + (char) 0xD800 + "x";
        ParcoursException error = catchThrowableOfType(ParcoursException.class, () -> new Event(lone, EventType.TRACK, "e",
                Optional.of("u"), Optional.empty(), 0, 0, "{}", "{}", "{}", Optional.empty(), Optional.empty()));
        assertThat(error.getMessage()).isEqualTo("messageId holds half a character (\\ud800, a lone UTF-16 surrogate) at "
                + "position 3: send whole characters");
        assertThat(catchThrowableOfType(ParcoursException.class, () -> new Event("m", EventType.TRACK, "a" + (char) 0xDC00,
                Optional.of("u"), Optional.empty(), 0, 0, "{}", "{}", "{}", Optional.empty(), Optional.empty())).field())
                .isEqualTo("event");
        Event whole = new Event("m-😀", EventType.TRACK, "e😀", Optional.of("u😀"), Optional.empty(), 0, 0, "{}", "{}", "{}",
                Optional.empty(), Optional.empty());
        assertThat(whole.customerId()).isEqualTo("u😀");
    }
}
