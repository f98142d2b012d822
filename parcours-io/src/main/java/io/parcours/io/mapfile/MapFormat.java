package io.parcours.io.mapfile;

import java.util.List;

/**
 * The field names of the map file format, per kind of object, in the order the writer puts them.
 * The reader rejects any other field, and a test checks the JSON Schema against these lists.
 */
public final class MapFormat {
    /** The format version this code reads and writes. */
    public static final int VERSION = 1;

    public static final List<String> DOCUMENT = List.of("parcours", "workspace", "teams", "personas", "maps");
    public static final List<String> WORKSPACE = List.of("key", "name", "description");
    public static final List<String> TEAM = List.of("key", "name", "email", "webhook");
    public static final List<String> PERSONA = List.of("key", "name", "description", "goals", "pains", "gains", "match");
    public static final List<String> MAP = List.of("key", "name", "persona", "state", "description", "conversion",
            "redesigns", "stages", "touchpoints");
    public static final List<String> STAGE = List.of("key", "name", "description", "customerGoals", "actions",
            "questions", "expectations", "emotion", "pains", "gains", "opportunities", "companyGoals", "measures",
            "targets", "touchpoints");
    public static final List<String> EMOTION = List.of("score", "word");
    public static final List<String> TOUCHPOINT = List.of("key", "name", "stage", "channel", "owner", "parent",
            "description", "targets", "match", "surveys");
    public static final List<String> MATCH_RULE = List.of("event", "type", "where");
    public static final List<String> SURVEY = List.of("key", "type", "question", "why", "questions", "delay",
            "sampling", "expiry");
    public static final List<String> QUESTION = List.of("key", "kind", "text", "min", "max", "choices", "required");
    public static final List<String> CHOICE = List.of("key", "text");

    private MapFormat() {}
}
