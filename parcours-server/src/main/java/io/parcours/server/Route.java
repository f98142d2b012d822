package io.parcours.server;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.parcours.model.Role;
import java.util.List;
import java.util.Optional;

/**
 * One API route: what the router registers and what the OpenAPI description says of it, from the
 * same value, so that the two cannot drift apart.
 *
 * @param requestSchema the component schema of the body, if the route takes one
 * @param responseSchema the component schema of a JSON answer, or empty for no body
 * @param responseType {@code application/json}, {@code application/yaml} or {@code text/plain}
 * @param role the least role a caller needs: viewer to read, editor to change the model, admin for
 *     users, write keys and settings
 */
record Route(
        HandlerType method,
        String path,
        String tag,
        String summary,
        Optional<String> requestSchema,
        int status,
        Optional<String> responseSchema,
        String responseType,
        List<Parameter> query,
        java.util.Map<Integer, String> otherStatuses,
        Role role,
        Handler handler) {

    /** A query parameter, documented in the OpenAPI description. */
    record Parameter(String name, String type, boolean required, String description) {}

    Route {
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        query = List.copyOf(query);
        otherStatuses = java.util.Map.copyOf(otherStatuses);
        requireNonNull(role, "role is null");
    }

    /** The names of the path's parameters: {@code /maps/{map}} has {@code map}. */
    List<String> pathParameters() {
        return java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path).results().map(m -> m.group(1)).toList();
    }

    static Builder get(String path) {
        return new Builder(HandlerType.GET, path);
    }

    static Builder post(String path) {
        return new Builder(HandlerType.POST, path);
    }

    static Builder put(String path) {
        return new Builder(HandlerType.PUT, path);
    }

    static Builder delete(String path) {
        return new Builder(HandlerType.DELETE, path).status(204);
    }

    /** Builds a route; every route names its tag, summary and handler. */
    static final class Builder {
        private final HandlerType method;
        private final String path;
        private String tag = "";
        private String summary = "";
        private Optional<String> requestSchema = Optional.empty();
        private int status = 200;
        private Optional<String> responseSchema = Optional.empty();
        private String responseType = "application/json";
        private final List<Parameter> query = new java.util.ArrayList<>();
        private final java.util.Map<Integer, String> otherStatuses = new java.util.TreeMap<>();
        private Role role;

        private Builder(HandlerType method, String path) {
            this.method = method;
            this.path = path;
            this.role = method == HandlerType.GET ? Role.VIEWER : Role.EDITOR;
        }

        /** The least role the route needs; by default viewer for reads and editor for changes. */
        Builder role(Role value) {
            role = value;
            return this;
        }

        Builder tag(String value) {
            tag = value;
            return this;
        }

        Builder summary(String value) {
            summary = value;
            return this;
        }

        Builder body(String schema) {
            requestSchema = Optional.of(schema);
            return this;
        }

        Builder status(int value) {
            status = value;
            return this;
        }

        Builder returns(String schema) {
            responseSchema = Optional.of(schema);
            return this;
        }

        Builder returnsYaml() {
            responseType = "application/yaml";
            return this;
        }

        Builder returnsText() {
            responseType = "text/plain";
            return this;
        }

        /** A file of this media type as the answer, such as {@code application/zip}. */
        Builder returnsFile(String mediaType) {
            responseType = mediaType;
            return this;
        }

        Builder query(String name, String type, boolean required, String description) {
            query.add(new Parameter(name, type, required, description));
            return this;
        }

        /** Another success status the route may answer, with the same body. */
        Builder alsoStatus(int value, String description) {
            otherStatuses.put(value, description);
            return this;
        }

        Route handle(Handler handler) {
            return new Route(method, path, tag, summary, requestSchema, status, responseSchema, responseType, query,
                    otherStatuses, role, handler);
        }
    }
}
