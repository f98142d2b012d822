package io.parcours.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parcours.analytics.Attribution;
import io.parcours.analytics.Conformance;
import io.parcours.analytics.Funnel;
import io.parcours.analytics.KeyTouchpoints;
import io.parcours.analytics.Paths;
import io.parcours.analytics.ProcessView;
import io.parcours.io.Json;
import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import io.parcours.store.LoadedResultRecords;
import io.parcours.store.ParcoursStore;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Results of analyses computed elsewhere (by the Spark job, or by another Parcours) and loaded into
 * a workspace, to be shown in the dashboard with the same charts and tables as the live analyses.
 * A result is the JSON that {@code parcours analyze KIND --json} prints and
 * {@code GET /api/workspaces/{ws}/analytics/{kind}} answers. Before it is stored it is checked
 * field by field against its kind's result type (no field unknown, none missing, each of its type),
 * and the first thing wrong is named by its path; it is then read with {@link Json#mapper()} and
 * stored as Parcours writes it again. The API and the command line both load through here.
 * Thread-safe.
 */
public final class LoadedResults {
    /**
     * The result type of each kind of analysis, in the order of the analytics pages: the one table
     * of it (the Spark job writes these same types).
     */
    public static final Map<String, Class<?>> TYPES = types();

    /** The largest result accepted, in bytes. */
    public static final long MAX_BYTES = 32L * 1024 * 1024;

    /** The engine a result was computed by when none is named. */
    public static final String DEFAULT_ENGINE = "spark";

    /** The schema name of a result of any kind in the OpenAPI description. */
    static final String SCHEMA = "AnalysisResult";

    static final int MAX_LABEL = 200;
    static final int MAX_PARAMETERS = 50;
    static final int MAX_PARAMETER_VALUE = 1000;
    private static final Pattern ENGINE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,39}");
    private static final Pattern PARAMETER = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");
    private static final Pattern ID = Pattern.compile("[0-9]{1,18}");
    private static final Set<String> NOT_A_NUMBER = Set.of("NaN", "Infinity", "-Infinity");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    /**
     * A loaded result without its JSON.
     *
     * @param parameters the parameters the analysis ran with, by name (map, from, to, model...)
     * @param bytes the length of the result's JSON
     */
    public record LoadedResultSummary(long id, String workspace, String kind, String label, String engine,
            Map<String, String> parameters, Instant loadedAt, String loadedBy, long bytes) {
        public LoadedResultSummary {
            parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }
    }

    /** A loaded result with its JSON, as the API answers it. */
    public record LoadedResult(long id, String workspace, String kind, String label, String engine,
            Map<String, String> parameters, Instant loadedAt, String loadedBy, long bytes, JsonNode result) {
        public LoadedResult {
            parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }
    }

    /**
     * What is known of a result to load beside its JSON.
     *
     * @param label its name in the list; empty for the kind and the time it was loaded
     * @param engine what computed it; empty for {@link #DEFAULT_ENGINE}
     * @param parameters the parameters the analysis ran with, by name
     * @param loadedBy who loads it
     */
    public record Loading(String kind, Optional<String> label, Optional<String> engine, Map<String, String> parameters,
            String loadedBy) {}

    /** A loaded result read back as its type, for the pages. */
    record Typed(LoadedResultSummary summary, Object result) {}

    private final ParcoursStore store;
    private final ObjectMapper json = Json.mapper();

    public LoadedResults(ParcoursStore store) {
        this.store = store;
    }

    private static Map<String, Class<?>> types() {
        Map<String, Class<?>> types = new LinkedHashMap<>();
        types.put("funnel", Funnel.Result.class);
        types.put("paths", Paths.Result.class);
        types.put("process", ProcessView.Result.class);
        types.put("attribution", Attribution.Result.class);
        types.put("conformance", Conformance.Result.class);
        types.put("touchpoints", KeyTouchpoints.Result.class);
        types.put("abandonment", io.parcours.analytics.AbandonmentView.class);
        // Every field of every type must be one the check below knows: found at start, not on a load.
        types.values().forEach(type -> supported(type, type.getSimpleName()));
        return java.util.Collections.unmodifiableMap(types);
    }

    // ---- loading --------------------------------------------------------------------------------

    /** Checks {@code body} as a result of {@code loading.kind()} and stores it in {@code workspace}. */
    public LoadedResultSummary load(String workspace, Loading loading, byte[] body, Instant at) {
        Class<?> type = type(loading.kind());
        String label = label(loading.label(), loading.kind(), at);
        String engine = engine(loading.engine());
        Map<String, String> parameters = parameters(loading.parameters());
        store.requireWorkspace(workspace);
        Object result = read(loading.kind(), type, body);
        return summary(store.loadedResults().add(workspace, loading.kind(), label, engine, write(parameters),
                loading.loadedBy(), write(result), at));
    }

    /**
     * Reads the body of a request or a file, at most {@link #MAX_BYTES}: larger is refused as too
     * large (413) without reading it all.
     *
     * @param declared the length the request declares, or -1
     */
    public static byte[] readLimited(InputStream in, long declared) {
        if (declared > MAX_BYTES) {
            throw tooLarge(declared);
        }
        try {
            byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw tooLarge(-1);
            }
            return bytes;
        } catch (IOException e) {
            throw ParcoursException.invalid("", "the result could not be read whole: " + e.getMessage());
        }
    }

    private static ParcoursException tooLarge(long bytes) {
        return new ParcoursException(ErrorCode.TOO_LARGE, "the result is larger than " + MAX_BYTES / (1024 * 1024)
                + " MB" + (bytes > 0 ? " (" + bytes / (1024 * 1024) + " MB)" : "") + ": load a smaller one, with fewer "
                + "variants or customers listed (the analyses' variants and limit parameters)");
    }

    /** The result type of {@code kind}; invalid input naming the kinds otherwise. */
    static Class<?> type(String kind) {
        if (kind == null || kind.isBlank()) {
            throw ParcoursException.invalid("kind", "give the kind of analysis the result is of as kind: one of "
                    + String.join(", ", TYPES.keySet()));
        }
        Class<?> type = TYPES.get(kind);
        if (type == null) {
            throw ParcoursException.invalid("kind", "kind must be one of " + String.join(", ", TYPES.keySet())
                    + ", not '" + kind + "'");
        }
        return type;
    }

    private static String label(Optional<String> given, String kind, Instant at) {
        String label = given.map(String::strip).orElse("");
        if (label.isEmpty()) {
            return kind + ", loaded " + MINUTE.format(at) + " UTC";
        }
        if (label.length() > MAX_LABEL || label.chars().anyMatch(Character::isISOControl)) {
            throw ParcoursException.invalid("label", "label must be one line of at most " + MAX_LABEL + " characters");
        }
        return label;
    }

    private static String engine(Optional<String> given) {
        String engine = given.map(String::strip).filter(text -> !text.isEmpty()).orElse(DEFAULT_ENGINE);
        if (!ENGINE.matcher(engine).matches()) {
            throw ParcoursException.invalid("engine", "engine names what computed the result in letters, digits, '.', "
                    + "'-' or '_', at most 40 (such as spark or spark-4.1), not '" + engine + "'");
        }
        return engine;
    }

    private static Map<String, String> parameters(Map<String, String> given) {
        if (given.size() > MAX_PARAMETERS) {
            throw ParcoursException.invalid("parameters", "at most " + MAX_PARAMETERS + " parameters, not " + given.size());
        }
        Map<String, String> parameters = new TreeMap<>();
        given.forEach((name, value) -> {
            if (!PARAMETER.matcher(name).matches()) {
                throw ParcoursException.invalid(name, "a parameter's name is a letter then letters, digits, '.', '-' or "
                        + "'_', at most 64, not '" + name + "'");
            }
            if (value.length() > MAX_PARAMETER_VALUE || value.chars().anyMatch(Character::isISOControl)) {
                throw ParcoursException.invalid(name, "parameter " + name + " must be one line of at most "
                        + MAX_PARAMETER_VALUE + " characters");
            }
            parameters.put(name, value);
        });
        return parameters;
    }

    /** The JSON {@code body} read as a result of {@code kind}; invalid input naming the first thing wrong otherwise. */
    Object read(String kind, Class<?> type, byte[] body) {
        JsonNode tree;
        try {
            // Nothing after the result, and no field twice: what is stored is all that was sent.
            tree = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION).readTree(body);
        } catch (IOException e) {
            String where = e instanceof JsonProcessingException parse && parse.getLocation() != null
                    ? " at line " + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr() : "";
            String reason = e instanceof JsonProcessingException parse ? parse.getOriginalMessage() : e.getMessage();
            throw ParcoursException.invalid("", "the result is not valid JSON" + where + ": " + reason);
        }
        if (tree == null || tree.isMissingNode()) {
            throw ParcoursException.invalid("", "the result is empty: send the JSON of GET /api/workspaces/{ws}/analytics/"
                    + kind + " (or of parcours analyze " + kind + " --json)");
        }
        if (!tree.isObject()) {
            throw ParcoursException.invalid("", "the result must be the JSON of a " + kind + " result (GET /api/workspaces/"
                    + "{ws}/analytics/" + kind + "): " + takes(type) + ", not " + given(tree));
        }
        check(tree, type, "");
        Object result;
        try {
            result = json.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw ParcoursException.invalid("", "the result cannot be read as a " + kind + " result: "
                    + e.getOriginalMessage());
        }
        if (result instanceof Attribution.Result attribution) {
            try {
                Attribution.Model.of(attribution.model());
            } catch (IllegalArgumentException e) {
                throw ParcoursException.invalid("model", e.getMessage());
            }
        }
        return result;
    }

    /**
     * Checks that {@code node} is a value of {@code type}, at {@code path}: an object with exactly
     * the fields of a record (those of a boxed type, which Parcours leaves out when null, may be
     * missing), a list of values of its element type, an object of values of a map's value type,
     * whole numbers that fit, numbers (or "NaN", "Infinity", as Parcours writes them), true or
     * false, strings.
     */
    private static void check(JsonNode node, Type type, String path) {
        if (!fits(node, type)) {
            throw ParcoursException.invalid(path, name(path) + " must be " + takes(type) + ", not " + given(node));
        }
        if (type instanceof ParameterizedType parameterized) {
            Type element = parameterized.getActualTypeArguments()[parameterized.getActualTypeArguments().length - 1];
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    check(node.get(i), element, path + "[" + i + "]");
                }
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    check(entry.getValue(), element, path + "[" + quote(entry.getKey()) + "]");
                }
            }
        } else if (type instanceof Class<?> raw && raw.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), raw.getComponentType(), path + "[" + i + "]");
            }
        } else if (type instanceof Class<?> raw && raw.isRecord()) {
            Map<String, RecordComponent> components = new LinkedHashMap<>();
            for (RecordComponent component : raw.getRecordComponents()) {
                components.put(component.getName(), component);
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!components.containsKey(name)) {
                    throw ParcoursException.invalid(field(path, name), name(field(path, name)) + " is not a field of "
                            + (path.isEmpty() ? "this result" : path) + ", which has " + fieldNames(raw));
                }
            }
            for (RecordComponent component : components.values()) {
                String at = field(path, component.getName());
                JsonNode value = node.get(component.getName());
                if (value == null || value.isNull()) {
                    if (!nullable(component.getType())) {
                        throw ParcoursException.invalid(at, name(at) + " is " + (value == null ? "missing" : "null")
                                + ": it must be " + takes(component.getGenericType()));
                    }
                } else {
                    check(value, component.getGenericType(), at);
                }
            }
        }
    }

    /** Whether {@code node} has the shape of {@code type} (its parts are checked apart). */
    private static boolean fits(JsonNode node, Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            return List.class.isAssignableFrom(raw) ? node.isArray() : node.isObject();
        }
        Class<?> raw = (Class<?>) type;
        if (raw == long.class || raw == Long.class) {
            return node.isIntegralNumber() && node.canConvertToLong();
        }
        if (raw == int.class || raw == Integer.class) {
            return node.isIntegralNumber() && node.canConvertToInt();
        }
        if (raw == double.class || raw == Double.class) {
            return node.isNumber() || node.isTextual() && NOT_A_NUMBER.contains(node.asText());
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return node.isBoolean();
        }
        if (raw == String.class) {
            return node.isTextual();
        }
        return raw.isArray() ? node.isArray() : node.isObject();
    }

    private static boolean nullable(Class<?> type) {
        return type == Double.class || type == Long.class || type == Integer.class || type == Boolean.class;
    }

    /** What a value of {@code type} is, in words. */
    static String takes(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type element = parameterized.getActualTypeArguments()[parameterized.getActualTypeArguments().length - 1];
            return List.class.isAssignableFrom(raw) ? "a list, each " + takes(element)
                    : "an object whose values are each " + takes(element);
        }
        Class<?> raw = (Class<?>) type;
        if (raw == long.class || raw == Long.class || raw == int.class || raw == Integer.class) {
            return "a whole number";
        }
        if (raw == double.class || raw == Double.class) {
            return "a number";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "true or false";
        }
        if (raw == String.class) {
            return "a string";
        }
        if (raw.isArray()) {
            return "a list, each " + takes(raw.getComponentType());
        }
        return "an object with " + fieldNames(raw);
    }

    private static String fieldNames(Class<?> record) {
        List<String> names = java.util.Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList();
        return names.size() == 1 ? names.get(0) : String.join(", ", names.subList(0, names.size() - 1)) + " and "
                + names.get(names.size() - 1);
    }

    /** What was sent instead, in words. */
    private static String given(JsonNode node) {
        if (node.isTextual()) {
            String text = node.asText();
            return "the string " + quote(text.length() > 40 ? text.substring(0, 40) + "…" : text);
        }
        if (node.isNumber()) {
            return (node.isIntegralNumber() ? "the whole number " : "the number ") + node.asText();
        }
        if (node.isBoolean()) {
            return node.asText();
        }
        if (node.isNull()) {
            return "null";
        }
        return node.isArray() ? "a list" : "an object";
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String field(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String name(String path) {
        return path.isEmpty() ? "the result" : path;
    }

    /** Fails when {@code type} has a field the check does not know, at start rather than on a load. */
    private static void supported(Type type, String path) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            boolean map = Map.class.isAssignableFrom(raw) && arguments[0] == String.class;
            if (!List.class.isAssignableFrom(raw) && !map) {
                throw new IllegalStateException("a loaded result cannot hold " + type + " (at " + path + ")");
            }
            supported(arguments[arguments.length - 1], path + "[]");
            return;
        }
        Class<?> raw = (Class<?>) type;
        if (raw.isRecord()) {
            for (RecordComponent component : raw.getRecordComponents()) {
                supported(component.getGenericType(), path + "." + component.getName());
            }
        } else if (raw.isArray()) {
            supported(raw.getComponentType(), path + "[]");
        } else if (!Set.of(long.class, Long.class, int.class, Integer.class, double.class, Double.class, boolean.class,
                Boolean.class, String.class).contains(raw)) {
            throw new IllegalStateException("a loaded result cannot hold " + raw + " (at " + path + ")");
        }
    }

    // ---- reading back ---------------------------------------------------------------------------

    /** The results loaded into {@code workspace}, newest first. */
    public List<LoadedResultSummary> all(String workspace) {
        return store.loadedResults().all(workspace).stream().map(this::summary).toList();
    }

    /** Result {@code id} of {@code workspace} with its JSON, as the API answers it. */
    public LoadedResult find(String workspace, String id) {
        LoadedResultRecords.Loaded loaded = loaded(workspace, id);
        LoadedResultSummary s = summary(loaded.entry());
        try {
            return new LoadedResult(s.id(), s.workspace(), s.kind(), s.label(), s.engine(), s.parameters(), s.loadedAt(),
                    s.loadedBy(), s.bytes(), json.readTree(loaded.result()));
        } catch (JsonProcessingException e) {
            throw new ParcoursException(ErrorCode.INTERNAL, "loaded result " + id + " is not JSON any more", e);
        }
    }

    /** Result {@code id} of {@code workspace} read as its kind's type, for the pages. */
    Typed typed(String workspace, String id) {
        LoadedResultRecords.Loaded loaded = loaded(workspace, id);
        try {
            return new Typed(summary(loaded.entry()), json.readValue(loaded.result(), type(loaded.entry().kind())));
        } catch (JsonProcessingException e) {
            throw new ParcoursException(ErrorCode.INTERNAL, "loaded result " + id + " cannot be read any more", e);
        }
    }

    /** Deletes result {@code id} of {@code workspace}. */
    public void delete(String workspace, String id) {
        store.loadedResults().delete(workspace, number(workspace, id));
    }

    private LoadedResultRecords.Loaded loaded(String workspace, String id) {
        return store.loadedResults().find(workspace, number(workspace, id))
                .orElseThrow(() -> LoadedResultRecords.unknown(workspace, id));
    }

    private static long number(String workspace, String id) {
        if (!ID.matcher(id).matches()) {
            throw LoadedResultRecords.unknown(workspace, id);
        }
        return Long.parseLong(id);
    }

    private LoadedResultSummary summary(LoadedResultRecords.Entry entry) {
        Map<String, String> parameters;
        try {
            parameters = json.readValue(entry.parameters(), new TypeReference<LinkedHashMap<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new ParcoursException(ErrorCode.INTERNAL, "the parameters of loaded result " + entry.id()
                    + " are not JSON any more", e);
        }
        return new LoadedResultSummary(entry.id(), entry.workspace(), entry.kind(), entry.label(), entry.engine(),
                parameters, entry.loadedAt(), entry.loadedBy(), entry.bytes());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new ParcoursException(ErrorCode.INTERNAL, "cannot write " + value.getClass().getSimpleName()
                    + " as JSON", e);
        }
    }
}
