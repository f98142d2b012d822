package io.parcours.io.mapfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import io.parcours.model.Problem;
import io.parcours.model.SourceLocation;
import io.parcours.model.WorkspaceRules;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each mistake a person makes in a map file is reported with its file, line, column and what to change. */
class MapFilesErrorTest {
    private static final String HEAD = """
            parcours: 1
            teams:
              - key: web
                name: Web team
            personas:
              - key: amina
                name: Amina
            maps:
              - key: shop
                name: Shop
                persona: amina
                stages:
                  - key: discover
                    name: Discover
            """;

    private static List<Problem> problems(String yaml) {
        ParcoursException error = catchThrowableOfType(ParcoursException.class, () -> MapFiles.read("shop.yaml", yaml));
        assertThat(error).as("expected the file to be rejected").isNotNull();
        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        return error.problems();
    }

    private static Problem only(String yaml) {
        List<Problem> problems = problems(yaml);
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    private static SourceLocation at(int line, int column) {
        return new SourceLocation("shop.yaml", line, column);
    }

    @Test
    void unknownStageOfAFlatTouchpointIsNamedWithTheClosestStage() {
        Problem problem = only(HEAD + """
                    touchpoints:
                      - key: post
                        name: Post
                        channel: social
                        stage: discovr
                """);
        assertThat(problem.message()).contains("stage 'discovr'").contains("did you mean 'discover'?");
        assertThat(problem.location()).contains(at(19, 16));
        assertThat(problem.field()).isEqualTo("maps[0].touchpoints[0].stage");
    }

    @Test
    void duplicateTouchpointKeyIsReportedAtTheSecondOne() {
        Problem problem = only(HEAD + """
                        touchpoints:
                          - {key: post, name: Post, channel: social}
                          - {key: post, name: Other post, channel: social}
                """);
        assertThat(problem.message()).contains("touchpoint key 'post' is used twice");
        assertThat(problem.location()).contains(at(17, 19));
    }

    @Test
    void emotionOutOfRangeSaysTheRange() {
        Problem problem = only(HEAD + """
                        emotion: {score: 5, word: ecstatic}
                """);
        assertThat(problem.message()).contains("emotion score 5 is out of range").contains("-2").contains("2");
        assertThat(problem.location()).contains(at(15, 26));
    }

    @Test
    void missingNameSaysWhatToWrite() {
        Problem problem = only(HEAD + """
                      - key: buy
                """);
        assertThat(problem.message()).contains("name is missing");
        assertThat(problem.location()).contains(at(15, 9));
        assertThat(problem.field()).isEqualTo("maps[0].stages[1].name");
    }

    @Test
    void unknownChannelListsTheClosestChannel() {
        Problem problem = only(HEAD + """
                        touchpoints:
                          - {key: call, name: Call, channel: phon}
                """);
        assertThat(problem.message()).contains("unknown channel 'phon'").contains("did you mean 'phone'?");
        assertThat(problem.location()).contains(at(16, 46));
    }

    @Test
    void unknownTeamIsReportedAtTheOwnerField() {
        Problem problem = only(HEAD + """
                        touchpoints:
                          - key: call
                            name: Call
                            channel: phone
                            owner: sales
                """);
        assertThat(problem.message()).contains("team 'sales', which is not defined").contains("web");
        assertThat(problem.location()).contains(at(19, 20));
    }

    @Test
    void unknownPersonaIsReported() {
        Problem problem = only(HEAD.replace("persona: amina", "persona: amnia"));
        assertThat(problem.message()).contains("persona 'amnia'").contains("did you mean 'amina'?");
        assertThat(problem.location()).contains(at(11, 14));
    }

    @Test
    void unknownFieldSuggestsTheRightSpelling() {
        Problem problem = only(HEAD + """
                        emotions: {score: 1}
                """);
        assertThat(problem.message()).contains("unknown field 'emotions' in a stage").contains("did you mean 'emotion'?");
        assertThat(problem.location()).contains(at(15, 9));
    }

    @Test
    void badKeySuggestsAValidOne() {
        Problem problem = only(HEAD.replace("key: discover", "key: Discover Phase"));
        assertThat(problem.message()).contains("'Discover Phase'").contains("for example 'discover-phase'");
    }

    @Test
    void duplicateYamlFieldIsRejected() {
        Problem problem = only(HEAD + """
                        name: Again
                """);
        assertThat(problem.message()).contains("field 'name' appears twice");
        assertThat(problem.location()).contains(at(15, 9));
    }

    @Test
    void everyProblemIsReportedAtOnceInTextOrder() {
        List<Problem> problems = problems(HEAD + """
                        emotion: {score: 9}
                        touchpoints:
                          - {key: a, name: A, channel: fax}
                          - {key: b, channel: web}
                      - key: buy
                """);
        assertThat(problems).hasSize(4);
        assertThat(problems).extracting(p -> p.location().orElseThrow().line()).isSorted();
    }

    @Test
    void malformedYamlGivesTheParserPosition() {
        Problem problem = only("parcours: 1\nmaps:\n  - key: [unclosed\n");
        assertThat(problem.message()).startsWith("not valid YAML");
        assertThat(problem.location()).isPresent();
        assertThat(problem.location().orElseThrow().line()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void emptyFileSaysWhatAMapFileHolds() {
        assertThat(only("").message()).contains("the file is empty");
    }

    @Test
    void topLevelListIsRejected() {
        assertThat(only("- a\n- b\n").message()).contains("must be a mapping of fields");
    }

    @Test
    void wrongTypeIsNamed() {
        Problem problem = only(HEAD + """
                        pains: {a: b}
                """);
        assertThat(problem.message()).contains("pains must be a list of texts");
    }

    @Test
    void newerFormatVersionAsksForAnUpgrade() {
        assertThat(only("parcours: 2\n").message()).contains("version 2").contains("upgrade Parcours");
    }

    @Test
    void aliasBombIsRefused() {
        StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 0; i < 10; i++) {
            yaml.append((char) ('b' + i)).append(": &").append((char) ('b' + i)).append(" [");
            String previous = String.valueOf((char) ('a' + i));
            yaml.append(String.join(", ", java.util.Collections.nCopies(10, "*" + previous))).append("]\n");
        }
        assertThatThrownBy(() -> MapFiles.read("bomb.yaml", yaml.toString()))
                .isInstanceOf(ParcoursException.class);
    }

    @Test
    void deeplyNestedTextIsRefusedWithoutExhaustingTheStack() {
        Problem problem = only("maps: " + "[".repeat(200_000) + "]".repeat(200_000));
        assertThat(problem.message()).contains("nested more than 50 levels");
        Problem json = only("{\"maps\": " + "{\"a\": ".repeat(100_000) + "1" + "}".repeat(100_001));
        assertThat(json.message()).contains("nested more than 50 levels");
    }

    @Test
    void invalidUtf8IsNamed() {
        byte[] bytes = {'p', 'a', 'r', 'c', 'o', 'u', 'r', 's', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'};
        ParcoursException error = catchThrowableOfType(ParcoursException.class,
                () -> MapFiles.read("latin1.yaml", new ByteArrayInputStream(bytes), WorkspaceRules.Known.NONE));
        assertThat(error.getMessage()).contains("UTF-8");
    }

    @Test
    void referencesMayPointIntoTheTargetWorkspace() {
        String fragment = """
                parcours: 1
                maps:
                  - key: m
                    name: M
                    persona: existing
                    stages:
                      - key: s
                        name: S
                        touchpoints:
                          - {key: t, name: T, channel: web, owner: existing-team}
                """;
        assertThatThrownBy(() -> MapFiles.read("fragment.yaml", fragment)).isInstanceOf(ParcoursException.class);
        MapDocument document = MapFiles.read("fragment.yaml", fragment,
                new WorkspaceRules.Known(Set.of("existing-team"), Set.of("existing"), Set.of()));
        assertThat(document.maps()).hasSize(1);
    }

    @Test
    void missingFileIsNotFound(@TempDir Path folder) {
        ParcoursException error = catchThrowableOfType(ParcoursException.class,
                () -> MapFiles.read(folder.resolve("nope.yaml")));
        assertThat(error.code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void fileNameIsInEveryLocation(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("broken.yaml");
        Files.writeString(file, HEAD.replace("name: Discover", "name: ''"));
        ParcoursException error = catchThrowableOfType(ParcoursException.class, () -> MapFiles.read(file));
        assertThat(error.getMessage()).startsWith(file + ":14:");
    }

    @Test
    void aFileWithThousandsOfProblemsCountsThemAllAndListsTheFirst() {
        ParcoursException error = catchThrowableOfType(ParcoursException.class,
                () -> MapFiles.read("repeated.yaml", "personas:\n" + "  - {key: p, name: P}\n".repeat(5_000)));
        assertThat(error.getMessage()).startsWith("4999 problems; the first: repeated.yaml:3:");
        assertThat(error.problems()).hasSize(ParcoursException.MAX_PROBLEMS + 1);
        assertThat(error.problems().get(ParcoursException.MAX_PROBLEMS).message()).isEqualTo(
                "and 4799 more problems: mend these first");
    }
}
