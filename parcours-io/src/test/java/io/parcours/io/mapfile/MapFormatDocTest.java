package io.parcours.io.mapfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.model.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The complete example of docs/map-format.md is a valid workspace that uses every field of the format. */
class MapFormatDocTest {
    @Test
    void completeExampleIsValidAndUsesEveryField() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "map-format.md"));
        String section = doc.substring(doc.indexOf("## A complete example"));
        String yaml = section.substring(section.indexOf("```yaml") + "```yaml".length(), section.indexOf("```", section.indexOf("```yaml") + 7));
        Workspace workspace = MapFiles.read("map-format.md", yaml).toWorkspace();
        assertThat(workspace.maps()).hasSize(2);
        for (String field : MapFormat.STAGE) {
            assertThat(yaml).as("the example shows the stage field %s", field).contains(" " + field + ":");
        }
        for (String field : MapFormat.TOUCHPOINT) {
            assertThat(yaml).as("the example shows the touchpoint field %s", field).contains(field + ":");
        }
        for (String field : MapFormat.MAP) {
            assertThat(yaml).as("the example shows the map field %s", field).contains(field + ":");
        }
    }
}
