package io.parcours.io.mapfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.io.builtin.DemoWorkspaces;
import io.parcours.io.builtin.Templates;
import io.parcours.model.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MapFilesRoundTripTest {

    @Test
    void randomDocumentsSurviveWriteThenRead() {
        RandomDocuments documents = new RandomDocuments(20261122L);
        for (int i = 0; i < 2_000; i++) {
            MapDocument original = documents.next();
            String written = MapFiles.write(original);
            MapDocument read = MapFiles.read("generated-" + i + ".yaml", written);
            assertThat(read).as("document %d written as:%n%s", i, written).isEqualTo(original);
            assertThat(MapFiles.write(read)).as("writing is stable").isEqualTo(written);
        }
    }

    @Test
    void emojiAcrossTheYamlReadersBufferIsRead() {
        // snakeyaml-engine reads 1,024 characters at a time and failed when a surrogate pair straddled the boundary
        for (int offset = 1015; offset <= 1030; offset++) {
            String head = "parcours: 1\nworkspace:\n  key: w\n  name: W\n  description: ";
            String text = head + "x".repeat(offset - head.length()) + "👟 end\n";
            MapDocument read = MapFiles.read("emoji.yaml", text);
            assertThat(read.workspace().orElseThrow().description()).endsWith("👟 end");
        }
    }

    @Test
    void demoWorkspacesSurviveWriteThenRead() {
        for (Workspace workspace : DemoWorkspaces.load()) {
            MapDocument document = MapDocument.of(workspace);
            MapDocument read = MapFiles.read(workspace.key() + ".yaml", MapFiles.write(document));
            assertThat(read.toWorkspace()).isEqualTo(workspace);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"purchase-phases", "aida", "ecommerce"})
    void templatesSurviveWriteThenRead(String name) {
        MapDocument template = Templates.load(name);
        assertThat(MapFiles.read(name, MapFiles.write(template))).isEqualTo(template);
    }

    @Test
    void flatTouchpointListReadsLikeNestedOne() {
        String nested = """
                parcours: 1
                personas: [{key: p, name: P}]
                maps:
                  - key: m
                    name: M
                    persona: p
                    stages:
                      - key: a
                        name: A
                        touchpoints:
                          - {key: one, name: One, channel: web}
                      - key: b
                        name: B
                        touchpoints:
                          - {key: two, name: Two, channel: store}
                          - {key: three, name: Three, channel: phone}
                """;
        String flat = """
                parcours: 1
                personas: [{key: p, name: P}]
                maps:
                  - key: m
                    name: M
                    persona: p
                    stages:
                      - {key: a, name: A}
                      - {key: b, name: B}
                    touchpoints:
                      - {key: two, name: Two, channel: store, stage: b}
                      - {key: one, name: One, channel: web, stage: a}
                      - {key: three, name: Three, channel: phone, stage: b}
                """;
        assertThat(MapFiles.read("flat.yaml", flat)).isEqualTo(MapFiles.read("nested.yaml", nested));
    }

    @Test
    void jsonIsReadLikeYaml() {
        String json = """
                {"parcours": 1, "personas": [{"key": "p", "name": "P"}],
                 "maps": [{"key": "m", "name": "M", "persona": "p", "state": "future",
                           "stages": [{"key": "a", "name": "A", "emotion": {"score": -2, "word": "angry"},
                                       "targets": {"nps": 30},
                                       "touchpoints": [{"key": "t", "name": "T", "channel": "chat"}]}]}]}
                """;
        MapDocument document = MapFiles.read("body.json", json);
        assertThat(document.maps().get(0).stages().get(0).emotion().orElseThrow().score()).isEqualTo(-2);
        assertThat(document.maps().get(0).touchpoints().get(0).key()).isEqualTo("t");
    }
}
