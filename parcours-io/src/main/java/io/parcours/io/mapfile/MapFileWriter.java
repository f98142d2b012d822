package io.parcours.io.mapfile;

import io.parcours.model.DurationText;
import io.parcours.model.Emotion;
import io.parcours.model.JourneyMap;
import io.parcours.model.KpiTarget;
import io.parcours.model.LocalizedText;
import io.parcours.model.MatchRule;
import io.parcours.model.Persona;
import io.parcours.model.Stage;
import io.parcours.model.Survey;
import io.parcours.model.SurveyQuestion;
import io.parcours.model.Team;
import io.parcours.model.Touchpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Writes a {@link MapDocument} in the map file format: fields in a fixed order, touchpoints under
 * their stage, empty fields left out, multi-line text as literal blocks. Reading what it writes
 * gives the same document.
 */
final class MapFileWriter {
    private static final String HEADER = "# Parcours map file. Format: docs/map-format.md\n";

    private MapFileWriter() {}

    static String write(MapDocument document) {
        DumpSettings settings = DumpSettings.builder()
                .setDefaultFlowStyle(FlowStyle.BLOCK)
                .setIndent(2)
                .setIndicatorIndent(2)
                .setIndentWithIndicator(true)
                .setWidth(120)
                .setSplitLines(true)
                .build();
        return HEADER + new Dump(settings).dumpToString(tree(document));
    }

    /** The document as plain maps and lists, in the format's field order: also the JSON form of the API. */
    static Map<String, Object> tree(MapDocument document) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("parcours", MapFormat.VERSION);
        document.workspace().ifPresent(info -> {
            Map<String, Object> workspace = new LinkedHashMap<>();
            workspace.put("key", info.key());
            workspace.put("name", info.name());
            putText(workspace, "description", info.description());
            root.put("workspace", workspace);
        });
        putList(root, "teams", document.teams().stream().map(MapFileWriter::team).toList());
        putList(root, "personas", document.personas().stream().map(MapFileWriter::persona).toList());
        putList(root, "maps", document.maps().stream().map(MapFileWriter::map).toList());
        return root;
    }

    static Map<String, Object> team(Team team) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("key", team.key());
        fields.put("name", team.name());
        putOptional(fields, "email", team.email());
        putOptional(fields, "webhook", team.webhookUrl());
        return fields;
    }

    static Map<String, Object> persona(Persona persona) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("key", persona.key());
        fields.put("name", persona.name());
        putText(fields, "description", persona.description());
        putList(fields, "goals", persona.goals());
        putList(fields, "pains", persona.pains());
        putList(fields, "gains", persona.gains());
        putList(fields, "match", persona.match().stream().map(rule -> new LinkedHashMap<>(rule.where())).toList());
        return fields;
    }

    static Map<String, Object> map(JourneyMap map) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("key", map.key());
        fields.put("name", map.name());
        fields.put("persona", map.persona());
        fields.put("state", map.state().id());
        putText(fields, "description", map.description());
        putOptional(fields, "conversion", map.conversion());
        putOptional(fields, "redesigns", map.redesigns());
        List<Object> stages = new ArrayList<>();
        for (Stage stage : map.stages()) {
            stages.add(stage(stage, map.touchpointsOf(stage.key())));
        }
        putList(fields, "stages", stages);
        return fields;
    }

    static Map<String, Object> stage(Stage stage, List<Touchpoint> touchpoints) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("key", stage.key());
        fields.put("name", stage.name());
        putText(fields, "description", stage.description());
        putList(fields, "customerGoals", stage.customerGoals());
        putList(fields, "actions", stage.actions());
        putList(fields, "questions", stage.questions());
        putList(fields, "expectations", stage.expectations());
        stage.emotion().ifPresent(emotion -> fields.put("emotion", emotion(emotion)));
        putList(fields, "pains", stage.pains());
        putList(fields, "gains", stage.gains());
        putList(fields, "opportunities", stage.opportunities());
        putList(fields, "companyGoals", stage.companyGoals());
        putList(fields, "measures", stage.measures());
        putTargets(fields, stage.targets());
        putList(fields, "touchpoints", touchpoints.stream().map(MapFileWriter::touchpoint).toList());
        return fields;
    }

    static Map<String, Object> touchpoint(Touchpoint touchpoint) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("key", touchpoint.key());
        fields.put("name", touchpoint.name());
        fields.put("channel", touchpoint.channel().id());
        putOptional(fields, "owner", touchpoint.owner());
        putOptional(fields, "parent", touchpoint.parent());
        putText(fields, "description", touchpoint.description());
        putTargets(fields, touchpoint.targets());
        putList(fields, "match", touchpoint.match().stream().map(MapFileWriter::rule).toList());
        putList(fields, "surveys", touchpoint.surveys().stream().map(MapFileWriter::survey).toList());
        return fields;
    }

    /** A survey with only what differs from the defaults: a standard NPS survey is two lines. */
    static Map<String, Object> survey(Survey survey) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("key", survey.key());
        fields.put("type", survey.type().id());
        survey.question().ifPresent(question -> fields.put("question", text(question)));
        if (survey.type().standard() && !survey.askWhy()) {
            fields.put("why", false);
        }
        putList(fields, "questions", survey.customQuestions().stream().map(MapFileWriter::question).toList());
        if (!survey.delay().isZero()) {
            fields.put("delay", DurationText.format(survey.delay()));
        }
        if (survey.sampling() != 1.0) {
            fields.put("sampling", survey.sampling());
        }
        if (!survey.expiry().equals(Survey.DEFAULT_EXPIRY)) {
            fields.put("expiry", DurationText.format(survey.expiry()));
        }
        return fields;
    }

    private static Map<String, Object> question(SurveyQuestion question) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("key", question.key());
        fields.put("kind", question.kind().id());
        fields.put("text", text(question.text()));
        if (question.kind() == SurveyQuestion.Kind.RATING) {
            fields.put("min", question.minimum());
            fields.put("max", question.maximum());
        }
        putList(fields, "choices", question.choices().stream().map(choice -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("key", choice.key());
            c.put("text", text(choice.text()));
            return c;
        }).toList());
        if (!question.required()) {
            fields.put("required", false);
        }
        return fields;
    }

    /** A text in one language is written plainly when English; otherwise as a mapping by language. */
    private static Object text(LocalizedText text) {
        if (text.texts().size() == 1 && text.texts().containsKey("en")) {
            return text.texts().get("en");
        }
        return new LinkedHashMap<>(text.texts());
    }

    /** A rule with only one event name is written as that name; others as a mapping. */
    static Object rule(MatchRule rule) {
        if (rule.events().size() == 1 && rule.type().isEmpty() && rule.where().isEmpty()) {
            return rule.events().get(0);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        if (rule.events().size() == 1) {
            fields.put("event", rule.events().get(0));
        } else if (!rule.events().isEmpty()) {
            fields.put("event", rule.events());
        }
        rule.type().ifPresent(type -> fields.put("type", type.id()));
        if (!rule.where().isEmpty()) {
            fields.put("where", new LinkedHashMap<>(rule.where()));
        }
        return fields;
    }

    private static Map<String, Object> emotion(Emotion emotion) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("score", emotion.score());
        putText(fields, "word", emotion.word());
        return fields;
    }

    private static void putTargets(Map<String, Object> fields, List<KpiTarget> targets) {
        if (targets.isEmpty()) {
            return;
        }
        Map<String, Object> byMetric = new LinkedHashMap<>();
        for (KpiTarget target : targets) {
            double value = target.target();
            byMetric.put(target.metric().id(), value == Math.rint(value) && Math.abs(value) < 1e15 ? (Object) (long) value : value);
        }
        fields.put("targets", byMetric);
    }

    private static void putText(Map<String, Object> fields, String name, String value) {
        if (!value.isEmpty()) {
            fields.put(name, value);
        }
    }

    private static void putOptional(Map<String, Object> fields, String name, Optional<String> value) {
        value.ifPresent(text -> fields.put(name, text));
    }

    private static void putList(Map<String, Object> fields, String name, List<?> values) {
        if (!values.isEmpty()) {
            fields.put(name, values);
        }
    }
}
