package io.parcours.io.mapfile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.parcours.io.builtin.DemoWorkspaces;
import io.parcours.io.builtin.MapSchema;
import io.parcours.io.builtin.Templates;
import io.parcours.model.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The published JSON Schema and the reader agree: same fields, and every document the reader accepts passes. */
class MapSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(MapSchema.text());

    private static Set<ValidationMessage> validate(MapDocument document) {
        return SCHEMA.validate(JSON.valueToTree(MapFiles.tree(document)));
    }

    @Test
    void demoWorkspacesAndTemplatesPassTheSchema() {
        for (Workspace workspace : DemoWorkspaces.load()) {
            assertThat(validate(MapDocument.of(workspace))).as(workspace.key()).isEmpty();
        }
        for (Templates.Template template : Templates.list()) {
            assertThat(validate(Templates.load(template.name()))).as(template.name()).isEmpty();
        }
    }

    @Test
    void randomValidDocumentsPassTheSchema() {
        RandomDocuments documents = new RandomDocuments(7L);
        for (int i = 0; i < 300; i++) {
            MapDocument document = documents.next();
            assertThat(validate(document)).as("document %d", i).isEmpty();
        }
    }

    @Test
    void schemaNamesExactlyTheFieldsTheReaderAccepts() throws Exception {
        JsonNode schema = JSON.readTree(MapSchema.text());
        assertThat(names(schema.get("properties"))).isEqualTo(MapFormat.DOCUMENT);
        JsonNode defs = schema.get("$defs");
        assertThat(names(schema.at("/properties/workspace/properties"))).isEqualTo(MapFormat.WORKSPACE);
        assertThat(names(defs.at("/team/properties"))).isEqualTo(MapFormat.TEAM);
        assertThat(names(defs.at("/persona/properties"))).isEqualTo(MapFormat.PERSONA);
        assertThat(names(defs.at("/map/properties"))).isEqualTo(MapFormat.MAP);
        assertThat(names(defs.at("/stage/properties"))).isEqualTo(MapFormat.STAGE);
        assertThat(names(defs.at("/emotion/properties"))).isEqualTo(MapFormat.EMOTION);
        assertThat(names(defs.at("/touchpoint/properties"))).isEqualTo(MapFormat.TOUCHPOINT);
        assertThat(names(defs.at("/flatTouchpoint/properties"))).isEqualTo(MapFormat.TOUCHPOINT);
        assertThat(names(defs.at("/matchRule/oneOf/1/properties"))).isEqualTo(MapFormat.MATCH_RULE);
        assertThat(names(defs.at("/survey/properties"))).isEqualTo(MapFormat.SURVEY);
        assertThat(names(defs.at("/question/properties"))).isEqualTo(MapFormat.QUESTION);
        assertThat(names(defs.at("/choice/properties"))).isEqualTo(MapFormat.CHOICE);
        List<String> channels = new ArrayList<>();
        defs.at("/channel/enum").forEach(node -> channels.add(node.asText()));
        assertThat(channels).containsExactlyElementsOf(
                java.util.Arrays.stream(io.parcours.model.Channel.values()).map(io.parcours.model.Channel::id).toList());
        assertThat(names(defs.at("/targets/properties"))).containsExactlyElementsOf(
                java.util.Arrays.stream(io.parcours.model.Metric.values()).map(io.parcours.model.Metric::id).toList());
    }

    @Test
    void schemaRejectsWhatTheReaderRejects() throws Exception {
        JsonNode bad = JSON.readTree("""
                {"parcours": 1, "maps": [{"key": "Bad Key", "name": "M", "persona": "p",
                  "stages": [{"key": "s", "name": "S", "emotion": {"score": 5}, "colour": "red"}]}]}""");
        assertThat(SCHEMA.validate(bad)).hasSizeGreaterThanOrEqualTo(3);
    }

    private static List<String> names(JsonNode properties) {
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
