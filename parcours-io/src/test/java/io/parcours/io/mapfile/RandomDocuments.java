package io.parcours.io.mapfile;

import io.parcours.model.Channel;
import io.parcours.model.Emotion;
import io.parcours.model.JourneyMap;
import io.parcours.model.KpiTarget;
import io.parcours.model.MapState;
import io.parcours.model.Metric;
import io.parcours.model.Persona;
import io.parcours.model.Stage;
import io.parcours.model.Team;
import io.parcours.model.Touchpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Generates valid map documents with awkward content: texts that look like numbers, booleans or
 * YAML syntax, multi-line and non-ASCII text, empty and long lists, sub-touchpoints.
 */
public final class RandomDocuments {
    private static final String[] AWKWARD = {
        "yes", "no", "null", "~", "true", "0", "007", "1e3", "-2", "3.14", "#hashtag", "key: value", "- dash",
        "[brackets]", "{braces}", "quote ' single", "quote \" double", "  leading spaces", "trailing spaces  ",
        "tab\tinside", "Café à côté", "émotion forte", "日本語", "emoji 👟", "line one\nline two", "a\n\nb\n",
        "back\\slash", "percent % sign", "&anchor", "*alias", "!tag", "|pipe", ">folded", "@at", "`tick`",
        "ends with colon:", "multi\nline\nwith: colon", "x".repeat(300)
    };

    private final Random random;

    public RandomDocuments(long seed) {
        this.random = new Random(seed);
    }

    public MapDocument next() {
        List<Team> teams = new ArrayList<>();
        int teamCount = random.nextInt(4);
        for (int i = 0; i < teamCount; i++) {
            teams.add(new Team("team-" + i, name(), maybe(() -> "team" + random.nextInt(100) + "@example.com"),
                    maybe(() -> "https://hooks.example.com/" + random.nextInt(1000))));
        }
        List<Persona> personas = new ArrayList<>();
        int personaCount = 1 + random.nextInt(3);
        for (int i = 0; i < personaCount; i++) {
            List<io.parcours.model.TraitRule> rules = new ArrayList<>();
            for (int r = random.nextInt(3); r > 0; r--) {
                java.util.Map<String, String> where = new java.util.LinkedHashMap<>();
                where.put("traits.plan", AWKWARD[random.nextInt(AWKWARD.length)]);
                if (random.nextBoolean()) {
                    where.put("traits.address.city", "Lyon*");
                }
                rules.add(new io.parcours.model.TraitRule(where));
            }
            personas.add(new Persona("persona-" + i, name(), text(), texts(), texts(), texts(), rules));
        }
        List<JourneyMap> maps = new ArrayList<>();
        int mapCount = random.nextInt(4);
        for (int i = 0; i < mapCount; i++) {
            maps.add(map("map-" + i, personas, teams, i > 0 ? Optional.of("map-0") : Optional.empty(),
                    maps.isEmpty() ? null : maps.get(0)));
        }
        Optional<WorkspaceInfo> workspace = random.nextBoolean()
                ? Optional.of(new WorkspaceInfo("ws-" + random.nextInt(10), name(), text()))
                : Optional.empty();
        return new MapDocument(workspace, teams, personas, maps);
    }

    private JourneyMap map(String key, List<Persona> personas, List<Team> teams, Optional<String> redesignCandidate,
            JourneyMap first) {
        List<Stage> stages = new ArrayList<>();
        int stageCount = random.nextInt(6);
        for (int i = 0; i < stageCount; i++) {
            stages.add(new Stage("stage-" + i, name(), text(), texts(), texts(), texts(), texts(),
                    random.nextBoolean() ? Optional.of(new Emotion(random.nextInt(5) - 2, random.nextBoolean() ? "" : word()))
                            : Optional.empty(),
                    texts(), texts(), texts(), texts(), texts(), targets()));
        }
        List<Touchpoint> touchpoints = new ArrayList<>();
        if (!stages.isEmpty()) {
            int touchpointCount = random.nextInt(12);
            for (int i = 0; i < touchpointCount; i++) {
                Optional<String> parent = !touchpoints.isEmpty() && random.nextInt(4) == 0
                        ? Optional.of(touchpoints.get(random.nextInt(touchpoints.size())).key())
                        : Optional.empty();
                Optional<String> owner = !teams.isEmpty() && random.nextBoolean()
                        ? Optional.of(teams.get(random.nextInt(teams.size())).key())
                        : Optional.empty();
                touchpoints.add(new Touchpoint("tp-" + i, name(), stages.get(random.nextInt(stages.size())).key(),
                        Channel.values()[random.nextInt(Channel.values().length)], owner, parent, text(), targets(),
                        rules(), surveys("sv-" + i)));
            }
        }
        Optional<String> conversion = !touchpoints.isEmpty() && random.nextBoolean()
                ? Optional.of(touchpoints.get(random.nextInt(touchpoints.size())).key())
                : Optional.empty();
        MapState state = first != null && random.nextBoolean() ? MapState.FUTURE : MapState.CURRENT;
        Optional<String> redesigns = state == MapState.FUTURE && first.state() == MapState.CURRENT
                ? redesignCandidate
                : Optional.empty();
        return new JourneyMap(key, name(), personas.get(random.nextInt(personas.size())).key(), state, text(),
                conversion, redesigns, stages, touchpoints);
    }

    private List<io.parcours.model.MatchRule> rules() {
        List<io.parcours.model.MatchRule> rules = new ArrayList<>();
        int count = random.nextInt(3);
        for (int i = 0; i < count; i++) {
            List<String> events = new ArrayList<>();
            int names = random.nextInt(3);
            for (int n = 0; n < names; n++) {
                events.add(name());
            }
            java.util.Map<String, String> where = new java.util.LinkedHashMap<>();
            if (random.nextBoolean() || events.isEmpty()) {
                where.put(random.nextBoolean() ? "context.page.url" : "properties.utm_source",
                        random.nextBoolean() ? "*/products/*" : AWKWARD[random.nextInt(AWKWARD.length)]);
            }
            Optional<io.parcours.model.EventType> type = random.nextInt(4) == 0
                    ? Optional.of(io.parcours.model.EventType.values()[random.nextInt(6)])
                    : Optional.empty();
            rules.add(new io.parcours.model.MatchRule(events, type, where));
        }
        return rules;
    }

    private List<io.parcours.model.Survey> surveys(String prefix) {
        List<io.parcours.model.Survey> surveys = new ArrayList<>();
        int count = random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0;
        for (int i = 0; i < count; i++) {
            io.parcours.model.SurveyType type = io.parcours.model.SurveyType.values()[random.nextInt(4)];
            List<io.parcours.model.SurveyQuestion> questions = new ArrayList<>();
            if (type == io.parcours.model.SurveyType.CUSTOM) {
                int questionCount = 1 + random.nextInt(3);
                for (int q = 0; q < questionCount; q++) {
                    questions.add(question("q" + q));
                }
            }
            Optional<io.parcours.model.LocalizedText> wording = type.standard() ? maybe(this::localized) : Optional.empty();
            java.time.Duration delay = random.nextBoolean() ? java.time.Duration.ZERO
                    : java.time.Duration.ofMinutes(1 + random.nextInt(20_000));
            java.time.Duration expiry = random.nextBoolean() ? io.parcours.model.Survey.DEFAULT_EXPIRY
                    : java.time.Duration.ofHours(1 + random.nextInt(2_000));
            double sampling = random.nextBoolean() ? 1.0 : (1 + random.nextInt(100)) / 100.0;
            surveys.add(new io.parcours.model.Survey(prefix + "-" + i, type, wording, questions, random.nextBoolean(),
                    delay, sampling, expiry));
        }
        return surveys;
    }

    private io.parcours.model.SurveyQuestion question(String key) {
        io.parcours.model.SurveyQuestion.Kind kind = io.parcours.model.SurveyQuestion.Kind.values()[random.nextInt(4)];
        List<io.parcours.model.SurveyQuestion.Choice> choices = new ArrayList<>();
        boolean choice = kind == io.parcours.model.SurveyQuestion.Kind.SINGLE
                || kind == io.parcours.model.SurveyQuestion.Kind.MULTIPLE;
        int choiceCount = choice ? 2 + random.nextInt(3) : 0;
        for (int c = 0; c < choiceCount; c++) {
            choices.add(new io.parcours.model.SurveyQuestion.Choice("c" + c, localized()));
        }
        int minimum = random.nextInt(2);
        return new io.parcours.model.SurveyQuestion(key, kind, localized(), minimum, minimum + 1 + random.nextInt(9 - minimum),
                choices, random.nextBoolean());
    }

    private io.parcours.model.LocalizedText localized() {
        java.util.Map<String, String> texts = new java.util.LinkedHashMap<>();
        switch (random.nextInt(3)) {
            case 0 -> texts.put("en", name());
            case 1 -> texts.put("fr", name());
            default -> {
                texts.put("en", name());
                texts.put("fr", name());
            }
        }
        return io.parcours.model.LocalizedText.of(texts);
    }

    private List<KpiTarget> targets() {
        List<KpiTarget> targets = new ArrayList<>();
        for (Metric metric : Metric.values()) {
            if (random.nextInt(5) == 0) {
                double max = Math.min(metric.maximum(), 1000);
                double value = metric.minimum() + random.nextInt((int) (max - metric.minimum()) + 1);
                if (random.nextBoolean() && value + 0.5 <= max) {
                    value += 0.5;
                }
                targets.add(new KpiTarget(metric, value));
            }
        }
        return targets;
    }

    private String name() {
        String candidate = random.nextInt(3) == 0 ? AWKWARD[random.nextInt(AWKWARD.length)] : word() + " " + word();
        candidate = candidate.replace('\n', ' ');
        if (candidate.isBlank() || candidate.length() > 200) {
            return "Name " + random.nextInt(1000);
        }
        return candidate;
    }

    private String word() {
        String[] words = {"curious", "cart", "checkout", "store", "hotline", "review", "delivery", "Amina", "Thomas",
            "frustré", "happy", "post", "newsletter"};
        return words[random.nextInt(words.length)];
    }

    private String text() {
        return switch (random.nextInt(4)) {
            case 0 -> "";
            case 1 -> AWKWARD[random.nextInt(AWKWARD.length)];
            default -> word() + " " + word() + " " + word();
        };
    }

    private List<String> texts() {
        int count = random.nextInt(4);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String text = text();
            texts.add(text.isBlank() ? word() : text);
        }
        return texts;
    }

    private <T> Optional<T> maybe(java.util.function.Supplier<T> supplier) {
        return random.nextBoolean() ? Optional.of(supplier.get()) : Optional.empty();
    }
}
