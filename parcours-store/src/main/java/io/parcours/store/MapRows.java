package io.parcours.store;

import io.parcours.model.Channel;
import io.parcours.model.Emotion;
import io.parcours.model.JourneyMap;
import io.parcours.model.KpiTarget;
import io.parcours.model.LocalizedText;
import io.parcours.model.MapState;
import io.parcours.model.MatchRule;
import io.parcours.model.Metric;
import io.parcours.model.Persona;
import io.parcours.model.Stage;
import io.parcours.model.Survey;
import io.parcours.model.SurveyQuestion;
import io.parcours.model.SurveyType;
import io.parcours.model.Team;
import io.parcours.model.Touchpoint;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

/** The mapping between the model's records and the rows of the map tables. */
final class MapRows {
    private MapRows() {}

    static void insertVersion(Handle handle, String workspace, int version, Instant savedAt, String author,
            String message, JourneyMap map) {
        handle.createUpdate("""
                        INSERT INTO map_versions (workspace_key, map_key, version, saved_at, author, message, name,
                            persona_key, state, description, conversion, redesigns)
                        VALUES (:ws, :map, :version, :savedAt, :author, :message, :name, :persona, :state,
                            :description, :conversion, :redesigns)""")
                .bind("ws", workspace).bind("map", map.key()).bind("version", version)
                .bind("savedAt", savedAt.atOffset(ZoneOffset.UTC)).bind("author", author).bind("message", message)
                .bind("name", map.name()).bind("persona", map.persona()).bind("state", map.state().id())
                .bind("description", map.description()).bind("conversion", map.conversion().orElse(null))
                .bind("redesigns", map.redesigns().orElse(null))
                .execute();
        for (int i = 0; i < map.stages().size(); i++) {
            Stage stage = map.stages().get(i);
            Update insert = handle.createUpdate("""
                            INSERT INTO stages (workspace_key, map_key, version, position, key, name, description,
                                customer_goals, actions, questions, expectations, emotion_score, emotion_word, pains,
                                gains, opportunities, company_goals, measures)
                            VALUES (:ws, :map, :version, :position, :key, :name, :description, :customerGoals,
                                :actions, :questions, :expectations, :emotionScore, :emotionWord, :pains, :gains,
                                :opportunities, :companyGoals, :measures)""")
                    .bind("ws", workspace).bind("map", map.key()).bind("version", version).bind("position", i)
                    .bind("key", stage.key()).bind("name", stage.name()).bind("description", stage.description())
                    .bind("emotionScore", stage.emotion().map(Emotion::score).orElse(null))
                    .bind("emotionWord", stage.emotion().map(Emotion::word).orElse(null));
            bindTexts(insert, "customerGoals", stage.customerGoals());
            bindTexts(insert, "actions", stage.actions());
            bindTexts(insert, "questions", stage.questions());
            bindTexts(insert, "expectations", stage.expectations());
            bindTexts(insert, "pains", stage.pains());
            bindTexts(insert, "gains", stage.gains());
            bindTexts(insert, "opportunities", stage.opportunities());
            bindTexts(insert, "companyGoals", stage.companyGoals());
            bindTexts(insert, "measures", stage.measures());
            insert.execute();
            insertTargets(handle, workspace, map.key(), version, "stage", stage.key(), stage.targets());
        }
        for (int i = 0; i < map.touchpoints().size(); i++) {
            Touchpoint touchpoint = map.touchpoints().get(i);
            handle.createUpdate("""
                            INSERT INTO touchpoints (workspace_key, map_key, version, position, key, name, stage_key,
                                channel, online, owner_team, parent_key, description)
                            VALUES (:ws, :map, :version, :position, :key, :name, :stage, :channel, :online, :owner,
                                :parent, :description)""")
                    .bind("ws", workspace).bind("map", map.key()).bind("version", version).bind("position", i)
                    .bind("key", touchpoint.key()).bind("name", touchpoint.name()).bind("stage", touchpoint.stage())
                    .bind("channel", touchpoint.channel().id()).bind("online", touchpoint.online())
                    .bind("owner", touchpoint.owner().orElse(null)).bind("parent", touchpoint.parent().orElse(null))
                    .bind("description", touchpoint.description())
                    .execute();
            insertTargets(handle, workspace, map.key(), version, "touchpoint", touchpoint.key(), touchpoint.targets());
            for (int r = 0; r < touchpoint.match().size(); r++) {
                MatchRule rule = touchpoint.match().get(r);
                Update insert = handle.createUpdate("""
                                INSERT INTO match_rules (workspace_key, map_key, version, touchpoint_key, position, events,
                                    type, where_paths, where_patterns)
                                VALUES (:ws, :map, :version, :touchpoint, :position, :events, :type, :paths, :patterns)""")
                        .bind("ws", workspace).bind("map", map.key()).bind("version", version)
                        .bind("touchpoint", touchpoint.key()).bind("position", r)
                        .bind("type", rule.type().map(io.parcours.model.EventType::id).orElse(null));
                bindTexts(insert, "events", rule.events());
                bindTexts(insert, "paths", List.copyOf(rule.where().keySet()));
                bindTexts(insert, "patterns", List.copyOf(rule.where().values()));
                insert.execute();
            }
            for (int v = 0; v < touchpoint.surveys().size(); v++) {
                insertSurvey(handle, workspace, map.key(), version, touchpoint.key(), v, touchpoint.surveys().get(v));
            }
        }
    }

    private static void insertSurvey(Handle handle, String workspace, String map, int version, String touchpoint,
            int position, Survey survey) {
        handle.createUpdate("""
                        INSERT INTO surveys (workspace_key, map_key, version, touchpoint_key, position, key, type,
                            question_en, question_fr, ask_why, delay_seconds, sampling, expiry_seconds)
                        VALUES (:ws, :map, :version, :touchpoint, :position, :key, :type, :questionEn, :questionFr,
                            :askWhy, :delay, :sampling, :expiry)""")
                .bind("ws", workspace).bind("map", map).bind("version", version).bind("touchpoint", touchpoint)
                .bind("position", position).bind("key", survey.key()).bind("type", survey.type().id())
                .bind("questionEn", survey.question().map(text -> text.texts().get("en")).orElse(null))
                .bind("questionFr", survey.question().map(text -> text.texts().get("fr")).orElse(null))
                .bind("askWhy", survey.askWhy()).bind("delay", survey.delay().getSeconds())
                .bind("sampling", survey.sampling()).bind("expiry", survey.expiry().getSeconds())
                .execute();
        for (int q = 0; q < survey.customQuestions().size(); q++) {
            SurveyQuestion question = survey.customQuestions().get(q);
            handle.createUpdate("""
                            INSERT INTO survey_questions (workspace_key, map_key, version, survey_key, position, key, kind,
                                text_en, text_fr, minimum, maximum, required)
                            VALUES (:ws, :map, :version, :survey, :position, :key, :kind, :en, :fr, :minimum, :maximum,
                                :required)""")
                    .bind("ws", workspace).bind("map", map).bind("version", version).bind("survey", survey.key())
                    .bind("position", q).bind("key", question.key()).bind("kind", question.kind().id())
                    .bind("en", question.text().texts().get("en")).bind("fr", question.text().texts().get("fr"))
                    .bind("minimum", question.minimum()).bind("maximum", question.maximum())
                    .bind("required", question.required())
                    .execute();
            for (int c = 0; c < question.choices().size(); c++) {
                SurveyQuestion.Choice choice = question.choices().get(c);
                handle.createUpdate("""
                                INSERT INTO survey_choices (workspace_key, map_key, version, survey_key, question_key,
                                    position, key, text_en, text_fr)
                                VALUES (:ws, :map, :version, :survey, :question, :position, :key, :en, :fr)""")
                        .bind("ws", workspace).bind("map", map).bind("version", version).bind("survey", survey.key())
                        .bind("question", question.key()).bind("position", c).bind("key", choice.key())
                        .bind("en", choice.text().texts().get("en")).bind("fr", choice.text().texts().get("fr"))
                        .execute();
            }
        }
    }

    /** The surveys of one map version, by touchpoint, in order. */
    private static Map<String, List<Survey>> surveys(Handle handle, String workspace, String mapKey, int version) {
        Map<String, List<SurveyQuestion.Choice>> choices = new HashMap<>();
        handle.createQuery("""
                        SELECT * FROM survey_choices WHERE workspace_key = :ws AND map_key = :map AND version = :version
                        ORDER BY survey_key, question_key, position""")
                .bind("ws", workspace).bind("map", mapKey).bind("version", version)
                .map((rs, ctx) -> choices.computeIfAbsent(rs.getString("survey_key") + "/" + rs.getString("question_key"),
                        k -> new ArrayList<>()).add(new SurveyQuestion.Choice(rs.getString("key"),
                        localized(rs, "text_en", "text_fr").orElseThrow())))
                .list();
        Map<String, List<SurveyQuestion>> questions = new HashMap<>();
        handle.createQuery("""
                        SELECT * FROM survey_questions WHERE workspace_key = :ws AND map_key = :map AND version = :version
                        ORDER BY survey_key, position""")
                .bind("ws", workspace).bind("map", mapKey).bind("version", version)
                .map((rs, ctx) -> {
                    String survey = rs.getString("survey_key");
                    String key = rs.getString("key");
                    return questions.computeIfAbsent(survey, k -> new ArrayList<>()).add(new SurveyQuestion(key,
                            SurveyQuestion.Kind.fromId(rs.getString("kind")).orElseThrow(),
                            localized(rs, "text_en", "text_fr").orElseThrow(), rs.getInt("minimum"), rs.getInt("maximum"),
                            choices.getOrDefault(survey + "/" + key, List.of()), rs.getBoolean("required")));
                })
                .list();
        Map<String, List<Survey>> surveys = new HashMap<>();
        handle.createQuery("""
                        SELECT * FROM surveys WHERE workspace_key = :ws AND map_key = :map AND version = :version
                        ORDER BY touchpoint_key, position""")
                .bind("ws", workspace).bind("map", mapKey).bind("version", version)
                .map((rs, ctx) -> {
                    String key = rs.getString("key");
                    return surveys.computeIfAbsent(rs.getString("touchpoint_key"), k -> new ArrayList<>()).add(new Survey(
                            key, SurveyType.fromId(rs.getString("type")).orElseThrow(),
                            localized(rs, "question_en", "question_fr"), questions.getOrDefault(key, List.of()),
                            rs.getBoolean("ask_why"), Duration.ofSeconds(rs.getLong("delay_seconds")),
                            rs.getDouble("sampling"), Duration.ofSeconds(rs.getLong("expiry_seconds"))));
                })
                .list();
        return surveys;
    }

    private static Optional<LocalizedText> localized(ResultSet rs, String english, String french) throws SQLException {
        Map<String, String> texts = new java.util.LinkedHashMap<>();
        Optional.ofNullable(rs.getString(english)).ifPresent(text -> texts.put("en", text));
        Optional.ofNullable(rs.getString(french)).ifPresent(text -> texts.put("fr", text));
        return texts.isEmpty() ? Optional.empty() : Optional.of(LocalizedText.of(texts));
    }

    private static void insertTargets(Handle handle, String workspace, String map, int version, String kind,
            String key, List<KpiTarget> targets) {
        for (KpiTarget target : targets) {
            handle.createUpdate("""
                            INSERT INTO kpi_targets (workspace_key, map_key, version, element_kind, element_key, metric, target)
                            VALUES (:ws, :map, :version, :kind, :key, :metric, :target)""")
                    .bind("ws", workspace).bind("map", map).bind("version", version).bind("kind", kind)
                    .bind("key", key).bind("metric", target.metric().id()).bind("target", target.target())
                    .execute();
        }
    }

    static MapVersion load(Handle handle, String workspace, String mapKey, int version) {
        Map<String, List<KpiTarget>> targets = new HashMap<>();
        handle.createQuery("""
                        SELECT element_kind, element_key, metric, target FROM kpi_targets
                        WHERE workspace_key = :ws AND map_key = :map AND version = :version""")
                .bind("ws", workspace).bind("map", mapKey).bind("version", version)
                .map((rs, ctx) -> {
                    targets.computeIfAbsent(rs.getString("element_kind") + "/" + rs.getString("element_key"),
                            k -> new ArrayList<>()).add(new KpiTarget(Metric.fromId(rs.getString("metric")).orElseThrow(),
                            rs.getDouble("target")));
                    return null;
                }).list();
        List<Stage> stages = handle.createQuery("""
                        SELECT * FROM stages WHERE workspace_key = :ws AND map_key = :map AND version = :version
                        ORDER BY position""")
                .bind("ws", workspace).bind("map", mapKey).bind("version", version)
                .map((rs, ctx) -> {
                    int score = rs.getInt("emotion_score");
                    Optional<Emotion> emotion = rs.wasNull() ? Optional.empty()
                            : Optional.of(new Emotion(score, rs.getString("emotion_word")));
                    String key = rs.getString("key");
                    return new Stage(key, rs.getString("name"), rs.getString("description"),
                            texts(rs, "customer_goals"), texts(rs, "actions"), texts(rs, "questions"),
                            texts(rs, "expectations"), emotion, texts(rs, "pains"), texts(rs, "gains"),
                            texts(rs, "opportunities"), texts(rs, "company_goals"), texts(rs, "measures"),
                            targets.getOrDefault("stage/" + key, List.of()));
                }).list();
        Map<String, List<MatchRule>> rules = new HashMap<>();
        handle.createQuery("""
                        SELECT * FROM match_rules WHERE workspace_key = :ws AND map_key = :map AND version = :version
                        ORDER BY touchpoint_key, position""")
                .bind("ws", workspace).bind("map", mapKey).bind("version", version)
                .map((rs, ctx) -> {
                    rules.computeIfAbsent(rs.getString("touchpoint_key"), k -> new ArrayList<>()).add(new MatchRule(
                            texts(rs, "events"), Optional.ofNullable(rs.getString("type"))
                                    .flatMap(io.parcours.model.EventType::fromId), conditions(rs)));
                    return null;
                }).list();
        Map<String, List<Survey>> surveys = surveys(handle, workspace, mapKey, version);
        List<Touchpoint> touchpoints = handle.createQuery("""
                        SELECT * FROM touchpoints WHERE workspace_key = :ws AND map_key = :map AND version = :version
                        ORDER BY position""")
                .bind("ws", workspace).bind("map", mapKey).bind("version", version)
                .map((rs, ctx) -> {
                    String key = rs.getString("key");
                    return new Touchpoint(key, rs.getString("name"), rs.getString("stage_key"),
                            Channel.fromId(rs.getString("channel")).orElseThrow(),
                            Optional.ofNullable(rs.getString("owner_team")), Optional.ofNullable(rs.getString("parent_key")),
                            rs.getString("description"), targets.getOrDefault("touchpoint/" + key, List.of()),
                            rules.getOrDefault(key, List.of()), surveys.getOrDefault(key, List.of()));
                }).list();
        return handle.createQuery("""
                        SELECT * FROM map_versions WHERE workspace_key = :ws AND map_key = :map AND version = :version""")
                .bind("ws", workspace).bind("map", mapKey).bind("version", version)
                .map((rs, ctx) -> new MapVersion(workspace, version,
                        rs.getObject("saved_at", OffsetDateTime.class).toInstant(), rs.getString("author"),
                        rs.getString("message"),
                        new JourneyMap(mapKey, rs.getString("name"), rs.getString("persona_key"),
                                MapState.fromId(rs.getString("state")).orElseThrow(), rs.getString("description"),
                                Optional.ofNullable(rs.getString("conversion")),
                                Optional.ofNullable(rs.getString("redesigns")), stages, touchpoints)))
                .one();
    }

    static List<Team> teams(Handle handle, String workspace) {
        return handle.createQuery("SELECT * FROM teams WHERE workspace_key = :ws ORDER BY position")
                .bind("ws", workspace)
                .map((rs, ctx) -> new Team(rs.getString("key"), rs.getString("name"),
                        Optional.ofNullable(rs.getString("email")), Optional.ofNullable(rs.getString("webhook_url"))))
                .list();
    }

    static List<Persona> personas(Handle handle, String workspace) {
        Map<String, List<io.parcours.model.TraitRule>> rules = new HashMap<>();
        handle.createQuery("SELECT * FROM persona_rules WHERE workspace_key = :ws ORDER BY persona_key, position")
                .bind("ws", workspace)
                .map((rs, ctx) -> {
                    rules.computeIfAbsent(rs.getString("persona_key"), k -> new ArrayList<>())
                            .add(new io.parcours.model.TraitRule(conditions(rs)));
                    return null;
                }).list();
        return handle.createQuery("SELECT * FROM personas WHERE workspace_key = :ws ORDER BY position")
                .bind("ws", workspace)
                .map((rs, ctx) -> new Persona(rs.getString("key"), rs.getString("name"), rs.getString("description"),
                        texts(rs, "goals"), texts(rs, "pains"), texts(rs, "gains"),
                        rules.getOrDefault(rs.getString("key"), List.of())))
                .list();
    }

    /** Replaces the workspace's teams with {@code teams}, in that order. */
    static void replaceTeams(Handle handle, String workspace, List<Team> teams) {
        handle.createUpdate("DELETE FROM teams WHERE workspace_key = :ws").bind("ws", workspace).execute();
        for (int i = 0; i < teams.size(); i++) {
            Team team = teams.get(i);
            handle.createUpdate("""
                            INSERT INTO teams (workspace_key, key, position, name, email, webhook_url)
                            VALUES (:ws, :key, :position, :name, :email, :webhook)""")
                    .bind("ws", workspace).bind("key", team.key()).bind("position", i).bind("name", team.name())
                    .bind("email", team.email().orElse(null)).bind("webhook", team.webhookUrl().orElse(null))
                    .execute();
        }
    }

    static void replacePersonas(Handle handle, String workspace, List<Persona> personas) {
        handle.createUpdate("DELETE FROM personas WHERE workspace_key = :ws").bind("ws", workspace).execute();
        handle.createUpdate("DELETE FROM persona_rules WHERE workspace_key = :ws").bind("ws", workspace).execute();
        for (int i = 0; i < personas.size(); i++) {
            Persona persona = personas.get(i);
            Update insert = handle.createUpdate("""
                            INSERT INTO personas (workspace_key, key, position, name, description, goals, pains, gains)
                            VALUES (:ws, :key, :position, :name, :description, :goals, :pains, :gains)""")
                    .bind("ws", workspace).bind("key", persona.key()).bind("position", i).bind("name", persona.name())
                    .bind("description", persona.description());
            bindTexts(insert, "goals", persona.goals());
            bindTexts(insert, "pains", persona.pains());
            bindTexts(insert, "gains", persona.gains());
            insert.execute();
            for (int r = 0; r < persona.match().size(); r++) {
                io.parcours.model.TraitRule rule = persona.match().get(r);
                Update ruleInsert = handle.createUpdate("""
                                INSERT INTO persona_rules (workspace_key, persona_key, position, where_paths, where_patterns)
                                VALUES (:ws, :persona, :position, :paths, :patterns)""")
                        .bind("ws", workspace).bind("persona", persona.key()).bind("position", r);
                bindTexts(ruleInsert, "paths", List.copyOf(rule.where().keySet()));
                bindTexts(ruleInsert, "patterns", List.copyOf(rule.where().values()));
                ruleInsert.execute();
            }
        }
    }

    private static void bindTexts(Update update, String name, List<String> texts) {
        update.bindArray(name, String.class, texts);
    }

    /** The conditions of a rule row, kept as two parallel lists (where_paths, where_patterns), in written order. */
    private static Map<String, String> conditions(ResultSet rs) throws SQLException {
        List<String> paths = texts(rs, "where_paths");
        List<String> patterns = texts(rs, "where_patterns");
        Map<String, String> where = new java.util.LinkedHashMap<>();
        for (int i = 0; i < paths.size(); i++) {
            where.put(paths.get(i), patterns.get(i));
        }
        return where;
    }

    private static List<String> texts(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return List.of();
        }
        Object[] items = (Object[]) array.getArray();
        return Arrays.stream(items).map(String::valueOf).toList();
    }
}
