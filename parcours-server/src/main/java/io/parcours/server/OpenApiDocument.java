package io.parcours.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parcours.io.Json;
import io.parcours.io.builtin.MapSchema;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenAPI 3.1 description of the API, generated from the route table that the router also
 * registers, so the two cannot drift. The map format's objects come from its JSON Schema, and
 * every other answer's schema is derived from the Java record the API serialises.
 */
final class OpenApiDocument {
    /** Component names of the map format, with the JSON Schema definition each comes from. */
    private static final Map<String, String> MAP_FORMAT = Map.of("Map", "map", "Stage", "stage",
            "FlatTouchpoint", "flatTouchpoint", "Touchpoint", "touchpoint", "Team", "team", "Persona", "persona");

    private final ObjectMapper json;
    private final ObjectNode schemas;

    private OpenApiDocument(ObjectMapper json) {
        this.json = json;
        this.schemas = json.createObjectNode();
    }

    static JsonNode build(ObjectMapper json, List<Route> routes, String version) {
        return new OpenApiDocument(json).document(routes, version);
    }

    private JsonNode document(List<Route> routes, String version) {
        ObjectNode root = json.createObjectNode();
        root.put("openapi", "3.1.0");
        ObjectNode info = root.putObject("info");
        info.put("title", "Parcours API");
        info.put("version", version);
        info.put("description", "Customer journey maps, their versions and diffs. Every route needs "
                + "'Authorization: Bearer <token>'. Errors answer {\"error\": {\"code\", \"message\", \"field\", \"problems\"}}.");
        ObjectNode paths = root.putObject("paths");
        for (Route route : routes) {
            ObjectNode path = paths.has(route.path()) ? (ObjectNode) paths.get(route.path()) : paths.putObject(route.path());
            path.set(route.method().name().toLowerCase(Locale.ROOT), operation(route));
        }
        addMapFormat();
        schemas.set("Error", errorSchema());
        ObjectNode components = root.putObject("components");
        components.set("schemas", schemas);
        ObjectNode bearer = components.putObject("securitySchemes").putObject("bearer");
        bearer.put("type", "http");
        bearer.put("scheme", "bearer");
        root.putArray("security").addObject().putArray("bearer");
        return root;
    }

    private ObjectNode operation(Route route) {
        ObjectNode operation = json.createObjectNode();
        operation.putArray("tags").add(route.tag());
        operation.put("summary", route.summary());
        operation.put("description", "Needs the " + route.role().id() + " role (or a higher one).");
        operation.put("x-required-role", route.role().id());
        operation.put("operationId", route.method().name().toLowerCase(Locale.ROOT)
                + route.path().replaceAll("[{}]", "").replaceAll("[^A-Za-z0-9]+(.)?", "_$1"));
        ArrayNode parameters = operation.putArray("parameters");
        for (String name : route.pathParameters()) {
            ObjectNode parameter = parameters.addObject();
            parameter.put("name", name);
            parameter.put("in", "path");
            parameter.put("required", true);
            parameter.putObject("schema").put("type", name.equals("version") ? "integer" : "string");
        }
        for (Route.Parameter query : route.query()) {
            ObjectNode parameter = parameters.addObject();
            parameter.put("name", query.name());
            parameter.put("in", "query");
            parameter.put("required", query.required());
            parameter.put("description", query.description());
            parameter.putObject("schema").put("type", query.type());
        }
        route.requestSchema().ifPresent(schema -> {
            ObjectNode body = operation.putObject("requestBody");
            body.put("required", true);
            ObjectNode content = body.putObject("content");
            content.putObject("application/json").set("schema", reference(schema));
            if (!schema.endsWith("Fields") && !schema.equals(LoadedResults.SCHEMA)) {
                content.putObject("application/yaml").set("schema", reference(schema));
            }
        });
        ObjectNode responses = operation.putObject("responses");
        ObjectNode success = responses.putObject(Integer.toString(route.status()));
        success.put("description", route.status() == 204 ? "Done; no content" : "Success");
        if (route.responseType().equals("application/json")) {
            route.responseSchema().ifPresent(schema ->
                    success.putObject("content").putObject("application/json").set("schema", reference(schema)));
        } else {
            success.putObject("content").putObject(route.responseType()).putObject("schema").put("type", "string");
        }
        route.otherStatuses().forEach((status, description) -> {
            ObjectNode other = responses.putObject(Integer.toString(status));
            other.put("description", description);
            route.responseSchema().ifPresent(schema ->
                    other.putObject("content").putObject("application/json").set("schema", reference(schema)));
        });
        for (int status : new int[] {400, 401, 404, 409, 413, 500, 503}) {
            ObjectNode error = responses.putObject(Integer.toString(status));
            error.put("description", switch (status) {
                case 400 -> "Invalid input: the message and problems say what to change";
                case 401 -> "Missing, unknown or revoked token";
                case 404 -> "No such workspace, map, version, stage, touchpoint, team or persona";
                case 409 -> "The change clashes with what is stored";
                case 413 -> "The body is larger than the limit";
                case 500 -> "A fault inside Parcours; the server log has the details";
                default -> "The database cannot be used";
            });
            error.putObject("content").putObject("application/json").set("schema", reference("Error"));
        }
        return operation;
    }

    /** A reference to a component; {@code Name[]} is an array of them. Record components are derived on first use. */
    private ObjectNode reference(String name) {
        if (name.endsWith("[]")) {
            ObjectNode array = json.createObjectNode();
            array.put("type", "array");
            array.set("items", reference(name.substring(0, name.length() - 2)));
            return array;
        }
        if (name.equals(LoadedResults.SCHEMA) && !schemas.has(name)) {
            // A loaded result is the answer of any analysis: one of their schemas.
            ArrayNode kinds = schemas.putObject(name).putArray("oneOf");
            LoadedResults.TYPES.values().forEach(type -> kinds.add(reference(schemaName(type))));
        }
        if (!MAP_FORMAT.containsKey(name) && !name.equals("MapFile") && !name.equals("Error") && !schemas.has(name)) {
            schemas.putObject(name);
            schemas.set(name, recordSchema(recordClass(name)));
        }
        ObjectNode reference = json.createObjectNode();
        reference.put("$ref", "#/components/schemas/" + name);
        return reference;
    }

    private static Class<?> recordClass(String name) {
        for (Class<?> candidate : List.of(ApiViews.WorkspaceView.class, ApiViews.MapSummary.class, ApiViews.SavedMap.class,
                ApiViews.WorkspaceFields.class, ApiViews.SourceFields.class, ApiViews.NewWriteKey.class,
                ApiViews.EventView.class, ApiViews.JourneyView.class, ApiViews.UnmatchedEvent.class,
                ApiViews.JourneysSummary.class,
                io.parcours.store.Source.class, io.parcours.store.WriteKey.class, io.parcours.store.WorkspaceSummary.class, io.parcours.store.VersionInfo.class,
                io.parcours.store.ImportResult.class, io.parcours.model.MapDiff.class,
                io.parcours.analytics.Funnel.Result.class, io.parcours.analytics.Paths.Result.class,
                io.parcours.analytics.ProcessView.Result.class, io.parcours.analytics.Attribution.Result.class,
                io.parcours.analytics.Conformance.Result.class, io.parcours.analytics.KeyTouchpoints.Result.class,
                io.parcours.analytics.AbandonmentView.class, KpiTables.KpiTable.class, KpiTables.TouchpointTerms.class,
                io.parcours.store.SurveyAnswer.class, io.parcours.store.Invitation.class,
                io.parcours.store.SurveyRecords.Settings.class, io.parcours.store.Alert.class,
                io.parcours.store.HypothesisRecords.Stored.class, io.parcours.model.Hypothesis.class,
                HypothesisTests.Evaluation.class, People.UserView.class, People.NewUser.class, People.UserFields.class,
                People.CreatedUser.class, People.TokenFields.class, io.parcours.store.ApiToken.class,
                io.parcours.store.CreatedToken.class, io.parcours.store.User.class,
                LoadedResults.LoadedResultSummary.class, LoadedResults.LoadedResult.class, CustomerData.Erased.class,
                io.parcours.store.PrivacyRecords.Erasure.class, PrivacyRoutes.RetentionPeriods.class,
                Retention.Purged.class)) {
            if (schemaName(candidate).equals(name)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("no schema for " + name + ": add its record to OpenApiDocument");
    }

    /**
     * The schema name of a record: its simple name, prefixed by its enclosing class for the records
     * of the analyses (Funnel.Stage is FunnelStage, not the map's Stage).
     */
    static String schemaName(Class<?> type) {
        if (type.getEnclosingClass() != null && type.getPackageName().equals("io.parcours.analytics")) {
            return type.getEnclosingClass().getSimpleName() + type.getSimpleName();
        }
        return type.getSimpleName();
    }

    private ObjectNode recordSchema(Class<?> type) {
        ObjectNode schema = json.createObjectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        for (RecordComponent component : type.getRecordComponents()) {
            Type generic = component.getGenericType();
            boolean optional = generic instanceof ParameterizedType p && p.getRawType() == Optional.class;
            properties.set(component.getName(), typeSchema(generic));
            if (!optional) {
                required.add(component.getName());
            }
        }
        return schema;
    }

    private ObjectNode typeSchema(Type type) {
        ObjectNode schema = json.createObjectNode();
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type argument = parameterized.getActualTypeArguments()[parameterized.getActualTypeArguments().length - 1];
            if (raw == Optional.class) {
                return typeSchema(argument);
            }
            if (List.class.isAssignableFrom(raw)) {
                schema.put("type", "array");
                schema.set("items", typeSchema(argument));
                return schema;
            }
            if (Map.class.isAssignableFrom(raw)) {
                schema.put("type", "object");
                return schema;
            }
        }
        Class<?> raw = (Class<?>) type;
        if (raw == String.class) {
            schema.put("type", "string");
        } else if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            schema.put("type", "integer");
        } else if (raw == double.class || raw == Double.class) {
            schema.put("type", "number");
        } else if (raw == boolean.class || raw == Boolean.class) {
            schema.put("type", "boolean");
        } else if (raw == Instant.class) {
            schema.put("type", "string");
            schema.put("format", "date-time");
        } else if (raw.isEnum()) {
            schema.put("type", "string");
            ArrayNode values = schema.putArray("enum");
            for (Object constant : raw.getEnumConstants()) {
                values.add(Json.id((Enum<?>) constant));
            }
        } else if (raw == com.fasterxml.jackson.databind.JsonNode.class) {
            schema.put("type", "object");
        } else if (raw.isRecord()) {
            String name = schemaName(raw);
            if (!schemas.has(name)) {
                schemas.putObject(name);
                schemas.set(name, recordSchema(raw));
            }
            schema.put("$ref", "#/components/schemas/" + name);
        } else {
            throw new IllegalArgumentException("no JSON schema for " + raw);
        }
        return schema;
    }

    private void addMapFormat() {
        try {
            String text = MapSchema.text().replace("#/$defs/", "#/components/schemas/");
            JsonNode schema = json.readTree(text);
            JsonNode defs = schema.get("$defs");
            defs.fieldNames().forEachRemaining(name -> {
                String component = MAP_FORMAT.entrySet().stream().filter(e -> e.getValue().equals(name))
                        .map(Map.Entry::getKey).findFirst().orElse(name);
                schemas.set(component, defs.get(name));
            });
            ObjectNode file = (ObjectNode) schema.deepCopy();
            file.remove("$defs");
            file.remove("$schema");
            file.remove("$id");
            String renamed = json.writeValueAsString(file);
            for (Map.Entry<String, String> entry : MAP_FORMAT.entrySet()) {
                renamed = renamed.replace("#/components/schemas/" + entry.getValue() + "\"",
                        "#/components/schemas/" + entry.getKey() + "\"");
            }
            schemas.set("MapFile", json.readTree(renamed));
            String all = json.writeValueAsString(schemas);
            for (Map.Entry<String, String> entry : MAP_FORMAT.entrySet()) {
                all = all.replace("#/components/schemas/" + entry.getValue() + "\"",
                        "#/components/schemas/" + entry.getKey() + "\"");
            }
            schemas.removeAll();
            schemas.setAll((ObjectNode) json.readTree(all));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the map JSON Schema shipped in the build is not valid JSON", e);
        }
    }

    private ObjectNode errorSchema() {
        try {
            return (ObjectNode) json.readTree("""
                    {"type": "object", "required": ["error"], "properties": {"error": {"type": "object",
                      "required": ["code", "message"], "properties": {
                        "code": {"type": "string", "enum": %s},
                        "message": {"type": "string", "description": "What is wrong and how to fix it"},
                        "field": {"type": "string", "description": "The field of the first problem, as a path"},
                        "problems": {"type": "array", "items": {"type": "object", "properties": {
                          "field": {"type": "string"}, "message": {"type": "string"},
                          "line": {"type": "integer"}, "column": {"type": "integer"}}}}}}}}
                    """.formatted(json.writeValueAsString(ErrorResponses.codes())));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
