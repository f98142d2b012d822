package io.parcours.io.mapfile;

import io.parcours.model.Channel;
import io.parcours.model.DurationText;
import io.parcours.model.Emotion;
import io.parcours.model.JourneyMap;
import io.parcours.model.EventType;
import io.parcours.model.KpiTarget;
import io.parcours.model.LocalizedText;
import io.parcours.model.MatchRule;
import io.parcours.model.MapState;
import io.parcours.model.Metric;
import io.parcours.model.ParcoursException;
import io.parcours.model.Persona;
import io.parcours.model.Problem;
import io.parcours.model.Stage;
import io.parcours.model.Suggestions;
import io.parcours.model.Survey;
import io.parcours.model.SurveyQuestion;
import io.parcours.model.SurveyType;
import io.parcours.model.Team;
import io.parcours.model.Touchpoint;
import io.parcours.model.WorkspaceRules;
import java.io.Reader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads the map file format (docs/map-format.md) into a {@link MapDocument}. Every problem of the
 * file is collected, placed at its line and column, and thrown together; the model's own rules are
 * applied through its records and {@link WorkspaceRules}, so a file is valid exactly when the model
 * accepts it.
 */
final class MapFileReader {
    private final YamlInput input;
    /** For a single object sent to an API path: the key the path names, which the body may leave out. */
    private final Optional<String> pathKey;

    MapFileReader(String source) {
        this(source, Optional.empty());
    }

    MapFileReader(String source, Optional<String> pathKey) {
        this.input = new YamlInput(source);
        this.pathKey = pathKey;
    }

    /** The key to name an object by in a message, before the object is built. */
    private String displayKey(YamlFields fields, String path) {
        Optional<String> written = fields.optionalText("key");
        if (written.isPresent()) {
            return written.get();
        }
        return path.isEmpty() && pathKey.isPresent() ? pathKey.get() : "?";
    }

    /** The key of the object at {@code path}; the top object of an API body takes the path's key when it has none. */
    private String key(YamlFields fields, String path) {
        String written = fields.text("key");
        if (!path.isEmpty() || pathKey.isEmpty()) {
            return written;
        }
        if (written != null && !written.equals(pathKey.get())) {
            input.problem("key", fields.value("key").orElseThrow(), "the body's key '" + written
                    + "' differs from '" + pathKey.get() + "' in the URL: keys cannot be changed, create a new one instead");
        }
        return pathKey.get();
    }

    MapDocument read(Reader reader, WorkspaceRules.Known known) {
        Optional<Node> root = input.parse(reader);
        input.throwIfProblems();
        Optional<YamlFields> document = YamlFields.of(input, root.orElseThrow(), "", "a map file", MapFormat.DOCUMENT);
        if (document.isEmpty()) {
            input.throwIfProblems();
        }
        YamlFields fields = document.orElseThrow();
        fields.registerAt("");
        fields.integer("parcours").ifPresent(version -> {
            if (version != MapFormat.VERSION) {
                input.problem("parcours", fields.value("parcours").orElseThrow(), "this file is in map format version "
                        + version + ", but this Parcours reads version " + MapFormat.VERSION + ": upgrade Parcours");
            }
        });
        Optional<WorkspaceInfo> workspace = fields.value("workspace").flatMap(node -> readWorkspace(node));
        List<Team> teams = readAll(fields, "teams", this::readTeam);
        List<Persona> personas = readAll(fields, "personas", this::readPersona);
        List<JourneyMap> maps = readAll(fields, "maps", this::readMap);
        if (input.problemCount() == 0) {
            WorkspaceRules.problems(teams, personas, maps, known).forEach(input::modelProblem);
        }
        input.throwIfProblems();
        return new MapDocument(workspace, teams, personas, maps);
    }

    /** Reads one object of the format (a map, stage, touchpoint, team or persona) as the API receives it. */
    <T> T readElement(Reader reader, Element<T> element) {
        Optional<Node> root = input.parse(reader);
        input.throwIfProblems();
        Optional<T> read = element.read(this, root.orElseThrow());
        input.throwIfProblems();
        return read.orElseThrow(() -> new IllegalStateException("no problem recorded for a failed read"));
    }

    /** The kinds of object {@link #readElement} reads. */
    interface Element<T> {
        Element<Team> TEAM = (reader, node) -> reader.readTeam(node, "");
        Element<Persona> PERSONA = (reader, node) -> reader.readPersona(node, "");
        Element<JourneyMap> MAP = (reader, node) -> reader.readMap(node, "");
        Element<Stage> STAGE = (reader, node) -> reader.readStage(node, "", 0, new ArrayList<>(), STAGE_ALONE);
        Element<Touchpoint> TOUCHPOINT = (reader, node) -> reader.readTouchpoint(node, "", Optional.empty())
                .map(ReadTouchpoint::touchpoint);

        Optional<T> read(MapFileReader reader, Node node);
    }

    private static final List<String> STAGE_ALONE = MapFormat.STAGE.stream()
            .filter(field -> !field.equals("touchpoints")).toList();

    private interface ElementReader<T> {
        Optional<T> read(Node node, String path);
    }

    private <T> List<T> readAll(YamlFields fields, String name, ElementReader<T> reader) {
        List<T> elements = new ArrayList<>();
        List<Node> items = fields.items(name);
        for (int i = 0; i < items.size(); i++) {
            String path = name + "[" + elements.size() + "]";
            reader.read(items.get(i), path).ifPresent(elements::add);
        }
        return elements;
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** Builds a record, turning the problems its constructor reports into located problems. */
    private <T> Optional<T> build(String path, int problemsBefore, Supplier<T> constructor) {
        if (input.problemCount() > problemsBefore) {
            return Optional.empty();
        }
        try {
            return Optional.of(constructor.get());
        } catch (ParcoursException e) {
            for (Problem problem : e.problems()) {
                input.modelProblem(problem.under(path));
            }
            return Optional.empty();
        }
    }

    private Optional<WorkspaceInfo> readWorkspace(Node node) {
        int before = input.problemCount();
        return YamlFields.of(input, node, "workspace", "the workspace section", MapFormat.WORKSPACE).flatMap(f -> {
            f.registerAt("workspace");
            return build("workspace", before,
                    () -> new WorkspaceInfo(f.text("key"), f.text("name"), f.optionalText("description").orElse("")));
        });
    }

    private Optional<Team> readTeam(Node node, String path) {
        int before = input.problemCount();
        return YamlFields.of(input, node, path, "a team", MapFormat.TEAM).flatMap(f -> {
            f.registerAt(path);
            return build(path, before, () -> new Team(key(f, path), f.text("name"), f.optionalText("email"),
                    f.optionalText("webhook")));
        });
    }

    private Optional<Persona> readPersona(Node node, String path) {
        int before = input.problemCount();
        return YamlFields.of(input, node, path, "a persona", MapFormat.PERSONA).flatMap(f -> {
            f.registerAt(path);
            List<io.parcours.model.TraitRule> rules = new ArrayList<>();
            List<Node> items = f.items("match");
            for (int i = 0; i < items.size(); i++) {
                String rulePath = join(path, "match[" + i + "]");
                input.register(rulePath, items.get(i));
                int ruleBefore = input.problemCount();
                Map<String, String> where = new java.util.LinkedHashMap<>();
                if (!(items.get(i) instanceof org.snakeyaml.engine.v2.nodes.MappingNode mapping)) {
                    input.problem(rulePath, items.get(i), "a persona rule is a mapping of trait conditions, such as "
                            + "'traits.plan: gold'");
                    continue;
                }
                for (org.snakeyaml.engine.v2.nodes.NodeTuple tuple : mapping.getValue()) {
                    if (tuple.getKeyNode() instanceof ScalarNode key && tuple.getValueNode() instanceof ScalarNode value
                            && !YamlFields.isNull(tuple.getValueNode())) {
                        where.put(key.getValue(), value.getValue());
                    } else {
                        input.problem(rulePath, tuple.getKeyNode(), "each condition of a persona rule is a trait path and a "
                                + "text pattern, such as 'traits.plan: gold'");
                    }
                }
                build(rulePath, ruleBefore, () -> new io.parcours.model.TraitRule(where)).ifPresent(rules::add);
            }
            return build(path, before, () -> new Persona(key(f, path), f.text("name"),
                    f.optionalText("description").orElse(""), f.texts("goals"), f.texts("pains"), f.texts("gains"), rules));
        });
    }

    private record ReadTouchpoint(Touchpoint touchpoint, YamlFields fields, int stageIndex) {}

    private Optional<JourneyMap> readMap(Node node, String path) {
        int before = input.problemCount();
        Optional<YamlFields> read = YamlFields.of(input, node, path, "a map", MapFormat.MAP);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        YamlFields f = read.get();
        f.registerAt(path);
        MapState state = f.optionalText("state").map(text -> MapState.fromId(text).orElseGet(() -> {
            input.problem(join(path, "state"), f.value("state").orElseThrow(),
                    "state '" + text + "' is not known: use 'current' (the journey as it is) or 'future' (as it should be)");
            return MapState.CURRENT;
        })).orElse(MapState.CURRENT);

        List<Stage> stages = new ArrayList<>();
        List<ReadTouchpoint> touchpoints = new ArrayList<>();
        List<Node> stageNodes = f.items("stages");
        for (int i = 0; i < stageNodes.size(); i++) {
            readStage(stageNodes.get(i), join(path, "stages[") + stages.size() + "]", stages.size(), touchpoints,
                    MapFormat.STAGE)
                    .ifPresent(stages::add);
        }
        List<Node> flatNodes = f.items("touchpoints");
        Map<String, Integer> stageIndex = new HashMap<>();
        for (int i = 0; i < stages.size(); i++) {
            stageIndex.put(stages.get(i).key(), i);
        }
        for (int i = 0; i < flatNodes.size(); i++) {
            readTouchpoint(flatNodes.get(i), join(path, "touchpoints#") + i, Optional.empty()).ifPresent(read1 -> {
                int index = stageIndex.getOrDefault(read1.touchpoint().stage(), Integer.MAX_VALUE);
                touchpoints.add(new ReadTouchpoint(read1.touchpoint(), read1.fields(), index));
            });
        }
        // The model keeps touchpoints in stage order; register each at the index the model will give it.
        touchpoints.sort(Comparator.comparingInt(ReadTouchpoint::stageIndex));
        for (int i = 0; i < touchpoints.size(); i++) {
            touchpoints.get(i).fields().registerAt(join(path, "touchpoints[" + i + "]"));
        }
        return build(path, before, () -> new JourneyMap(key(f, path), f.text("name"), f.text("persona"), state,
                f.optionalText("description").orElse(""), f.optionalText("conversion"), f.optionalText("redesigns"),
                stages, touchpoints.stream().map(ReadTouchpoint::touchpoint).toList()));
    }

    private Optional<Stage> readStage(Node node, String path, int index, List<ReadTouchpoint> touchpoints,
            List<String> allowed) {
        int before = input.problemCount();
        Optional<YamlFields> read = YamlFields.of(input, node, path, "a stage", allowed);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        YamlFields f = read.get();
        f.registerAt(path);
        Optional<Emotion> emotion = f.value("emotion").flatMap(emotionNode -> readEmotion(emotionNode, join(path, "emotion")));
        List<KpiTarget> targets = readTargets(f, path);
        Optional<String> stageKey = f.optionalText("key");
        List<Node> touchpointNodes = f.items("touchpoints");
        for (int i = 0; i < touchpointNodes.size(); i++) {
            readTouchpoint(touchpointNodes.get(i), join(path, "touchpoints[" + i + "]"), stageKey)
                    .ifPresent(t -> touchpoints.add(new ReadTouchpoint(t.touchpoint(), t.fields(), index)));
        }
        return build(path, before, () -> new Stage(key(f, path), f.text("name"), f.optionalText("description").orElse(""),
                f.texts("customerGoals"), f.texts("actions"), f.texts("questions"), f.texts("expectations"), emotion,
                f.texts("pains"), f.texts("gains"), f.texts("opportunities"), f.texts("companyGoals"),
                f.texts("measures"), targets));
    }

    private Optional<Emotion> readEmotion(Node node, String path) {
        int before = input.problemCount();
        return YamlFields.of(input, node, path, "an emotion", MapFormat.EMOTION).flatMap(f -> {
            f.registerAt(path);
            if (!f.has("score")) {
                input.problem(path, node, "the emotion needs a score from -2 (very negative) to 2 (very positive)");
            }
            Optional<Integer> score = f.integer("score");
            return build(path, before, () -> new Emotion(score.orElse(0), f.optionalText("word").orElse("")));
        });
    }

    private List<KpiTarget> readTargets(YamlFields f, String path) {
        List<KpiTarget> targets = new ArrayList<>();
        for (Map.Entry<ScalarNode, Node> entry : f.entries("targets").entrySet()) {
            String name = entry.getKey().getValue();
            String targetPath = join(path, "targets." + name);
            Optional<Metric> metric = Metric.fromId(name);
            if (metric.isEmpty()) {
                input.problem(targetPath, entry.getKey(), "unknown metric '" + name + "' in targets"
                        + Suggestions.hint(name, Arrays.stream(Metric.values()).map(Metric::id).toList()));
                continue;
            }
            Node value = entry.getValue();
            Double target = null;
            if (value instanceof ScalarNode scalar) {
                try {
                    target = Double.parseDouble(scalar.getValue().trim());
                } catch (NumberFormatException ignored) {
                    // reported below
                }
            }
            if (target == null || !Double.isFinite(target)) {
                input.problem(targetPath, value, "the target for " + name + " must be a number, such as 30");
                continue;
            }
            input.register(targetPath, value);
            double finalTarget = target;
            build(targetPath, input.problemCount(), () -> new KpiTarget(metric.get(), finalTarget)).ifPresent(targets::add);
        }
        return targets;
    }

    private List<MatchRule> readMatch(YamlFields f, String path) {
        List<MatchRule> rules = new ArrayList<>();
        List<Node> items = f.items("match");
        for (int i = 0; i < items.size(); i++) {
            String rulePath = join(path, "match[" + i + "]");
            Node item = items.get(i);
            input.register(rulePath, item);
            int before = input.problemCount();
            if (item instanceof ScalarNode scalar) {
                build(rulePath, before, () -> MatchRule.event(scalar.getValue())).ifPresent(rules::add);
                continue;
            }
            Optional<YamlFields> read = YamlFields.of(input, item, rulePath, "a match rule", MapFormat.MATCH_RULE);
            if (read.isEmpty()) {
                continue;
            }
            YamlFields rule = read.get();
            rule.registerAt(rulePath);
            List<String> events = rule.texts("event");
            Optional<EventType> type = rule.optionalText("type").flatMap(text -> {
                Optional<EventType> known = EventType.fromId(text);
                if (known.isEmpty()) {
                    input.problem(rulePath + ".type", rule.value("type").orElseThrow(), "unknown message type '" + text
                            + "': use track, page, screen, identify, group or alias");
                }
                return known;
            });
            Map<String, String> where = new java.util.LinkedHashMap<>();
            rule.entries("where").forEach((condition, value) -> {
                if (value instanceof ScalarNode scalar && !YamlFields.isNull(value)) {
                    where.put(condition.getValue(), scalar.getValue());
                } else {
                    input.problem(rulePath + ".where", value, "the condition on " + condition.getValue()
                            + " must be a text pattern, such as \"*/products/*\"");
                }
            });
            build(rulePath, before, () -> new MatchRule(events, type, where)).ifPresent(rules::add);
        }
        return rules;
    }

    private Optional<ReadTouchpoint> readTouchpoint(Node node, String path, Optional<String> enclosingStage) {
        int before = input.problemCount();
        Optional<YamlFields> read = YamlFields.of(input, node, path, "a touchpoint", MapFormat.TOUCHPOINT);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        YamlFields f = read.get();
        f.registerAt(path);
        String stage;
        if (enclosingStage.isPresent()) {
            if (f.has("stage") && !enclosingStage.get().equals(f.text("stage"))) {
                input.problem(join(path, "stage"), f.value("stage").orElseThrow(), "this touchpoint is listed under stage '"
                        + enclosingStage.get() + "' but says stage '" + f.text("stage")
                        + "': remove the stage field, or move the touchpoint under that stage");
            }
            stage = enclosingStage.get();
        } else {
            stage = f.text("stage");
            if (stage == null && !f.has("stage")) {
                input.problem(path, node, "touchpoint '" + displayKey(f, path)
                        + "' has no stage: list it under its stage's touchpoints, or give it 'stage: <stage key>'");
            }
        }
        Channel channel = null;
        String channelText = f.text("channel");
        if (channelText == null && !f.has("channel")) {
            input.problem(path, node, "touchpoint '" + displayKey(f, path)
                    + "' has no channel: add 'channel:' with one of " + Channel.ids());
        } else if (channelText != null) {
            channel = Channel.fromId(channelText).orElse(null);
            if (channel == null) {
                input.problem(join(path, "channel"), f.value("channel").orElseThrow(), "unknown channel '" + channelText + "'"
                        + Suggestions.hint(channelText, Arrays.stream(Channel.values()).map(Channel::id).toList()));
            }
        }
        List<KpiTarget> targets = readTargets(f, path);
        List<MatchRule> match = readMatch(f, path);
        List<Survey> surveys = readSurveys(f, path);
        Channel finalChannel = channel;
        return build(path, before, () -> new Touchpoint(key(f, path), f.text("name"), stage, finalChannel,
                f.optionalText("owner"), f.optionalText("parent"), f.optionalText("description").orElse(""), targets, match,
                surveys))
                .map(touchpoint -> new ReadTouchpoint(touchpoint, f, -1));
    }

    private List<Survey> readSurveys(YamlFields f, String path) {
        List<Survey> surveys = new ArrayList<>();
        List<Node> items = f.items("surveys");
        for (int i = 0; i < items.size(); i++) {
            String surveyPath = join(path, "surveys[" + i + "]");
            int before = input.problemCount();
            Optional<YamlFields> read = YamlFields.of(input, items.get(i), surveyPath, "a survey", MapFormat.SURVEY);
            if (read.isEmpty()) {
                continue;
            }
            YamlFields s = read.get();
            s.registerAt(surveyPath);
            SurveyType type = null;
            String typeText = s.text("type");
            if (typeText == null) {
                if (!s.has("type")) {
                    input.problem(surveyPath, items.get(i), "survey '" + displayKey(s, surveyPath)
                            + "' has no type: add 'type:' with one of " + SurveyType.ids());
                }
            } else {
                type = SurveyType.fromId(typeText).orElse(null);
                if (type == null) {
                    input.problem(surveyPath + ".type", s.value("type").orElseThrow(), "unknown survey type '" + typeText
                            + "': use one of " + SurveyType.ids());
                }
            }
            Optional<LocalizedText> question = s.value("question").flatMap(node -> readText(node, surveyPath + ".question"));
            boolean askWhy = readBoolean(s, "why", surveyPath, true);
            List<SurveyQuestion> questions = new ArrayList<>();
            List<Node> questionNodes = s.items("questions");
            for (int q = 0; q < questionNodes.size(); q++) {
                readQuestion(questionNodes.get(q), surveyPath + ".questions[" + q + "]").ifPresent(questions::add);
            }
            Duration delay = readDuration(s, "delay", surveyPath).orElse(Duration.ZERO);
            Duration expiry = readDuration(s, "expiry", surveyPath).orElse(Survey.DEFAULT_EXPIRY);
            double sampling = readShare(s, "sampling", surveyPath);
            SurveyType finalType = type;
            build(surveyPath, before, () -> new Survey(key(s, surveyPath), finalType, question, questions, askWhy, delay,
                    sampling, expiry)).ifPresent(surveys::add);
        }
        return surveys;
    }

    private Optional<SurveyQuestion> readQuestion(Node node, String path) {
        int before = input.problemCount();
        Optional<YamlFields> read = YamlFields.of(input, node, path, "a question", MapFormat.QUESTION);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        YamlFields q = read.get();
        q.registerAt(path);
        SurveyQuestion.Kind kind = null;
        String kindText = q.text("kind");
        if (kindText == null) {
            input.problem(path, node, "question '" + displayKey(q, path) + "' has no kind: add 'kind:' with rating, "
                    + "single, multiple or text");
        } else {
            kind = SurveyQuestion.Kind.fromId(kindText).orElse(null);
            if (kind == null) {
                input.problem(path + ".kind", q.value("kind").orElseThrow(), "unknown question kind '" + kindText
                        + "': use rating, single, multiple or text");
            }
        }
        Optional<LocalizedText> text = q.value("text").flatMap(value -> readText(value, path + ".text"));
        if (!q.has("text")) {
            input.problem(path, node, "question '" + displayKey(q, path) + "' has no text: add 'text:' with what to ask");
        }
        int minimum = q.integer("min").orElse(1);
        int maximum = q.integer("max").orElse(5);
        List<SurveyQuestion.Choice> choices = new ArrayList<>();
        List<Node> choiceNodes = q.items("choices");
        for (int c = 0; c < choiceNodes.size(); c++) {
            String choicePath = path + ".choices[" + c + "]";
            int choiceBefore = input.problemCount();
            Optional<YamlFields> choice = YamlFields.of(input, choiceNodes.get(c), choicePath, "a choice", MapFormat.CHOICE);
            if (choice.isEmpty()) {
                continue;
            }
            YamlFields ch = choice.get();
            ch.registerAt(choicePath);
            Optional<LocalizedText> label = ch.value("text").flatMap(value -> readText(value, choicePath + ".text"));
            if (label.isEmpty() && !ch.has("text")) {
                input.problem(choicePath, choiceNodes.get(c), "choice '" + displayKey(ch, choicePath)
                        + "' has no text: add 'text:' with what the customer sees");
            }
            build(choicePath, choiceBefore, () -> new SurveyQuestion.Choice(key(ch, choicePath), label.orElse(null)))
                    .ifPresent(choices::add);
        }
        boolean required = readBoolean(q, "required", path, true);
        SurveyQuestion.Kind finalKind = kind;
        return build(path, before, () -> new SurveyQuestion(key(q, path), finalKind, text.orElse(null), minimum, maximum,
                choices, required));
    }

    /** A text: plain (English) or a mapping of languages to texts. */
    private Optional<LocalizedText> readText(Node node, String path) {
        int before = input.problemCount();
        if (node instanceof ScalarNode scalar && !YamlFields.isNull(node)) {
            return build(path, before, () -> LocalizedText.english(scalar.getValue()));
        }
        Optional<YamlFields> read = YamlFields.of(input, node, path, "a text in several languages", LocalizedText.LANGUAGES);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> texts = new java.util.LinkedHashMap<>();
        for (String language : LocalizedText.LANGUAGES) {
            read.get().optionalText(language).ifPresent(text -> texts.put(language, text));
        }
        return build(path, before, () -> LocalizedText.of(texts));
    }

    private boolean readBoolean(YamlFields f, String name, String path, boolean absent) {
        Optional<String> text = f.optionalText(name);
        if (text.isEmpty()) {
            return absent;
        }
        return switch (text.get().trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                input.problem(join(path, name), f.value(name).orElseThrow(), name + " must be true or false, not '"
                        + text.get() + "'");
                yield absent;
            }
        };
    }

    private Optional<Duration> readDuration(YamlFields f, String name, String path) {
        Optional<String> text = f.optionalText(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<Duration> duration = DurationText.parse(text.get());
        if (duration.isEmpty()) {
            input.problem(join(path, name), f.value(name).orElseThrow(), "cannot read the " + name + " '" + text.get()
                    + "': " + DurationText.HINT);
        }
        return duration;
    }

    /** A share: 0.25 or 25%; 1 when absent. */
    private double readShare(YamlFields f, String name, String path) {
        Optional<String> text = f.optionalText(name);
        if (text.isEmpty()) {
            return 1.0;
        }
        String value = text.get().trim();
        try {
            return value.endsWith("%") ? Double.parseDouble(value.substring(0, value.length() - 1).trim()) / 100
                    : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            input.problem(join(path, name), f.value(name).orElseThrow(), "the " + name + " must be a share such as 0.25 or 25%, not '"
                    + value + "'");
            return 1.0;
        }
    }
}
