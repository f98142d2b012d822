package io.parcours.server;

import io.parcours.io.Json;
import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import io.parcours.model.Problem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place where error codes become HTTP statuses, and errors become the JSON body
 * {@code {"error": {"code", "message", "field", "problems"}}}.
 */
final class ErrorResponses {
    private ErrorResponses() {}

    static int status(ErrorCode code) {
        return switch (code) {
            case INVALID_INPUT -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case GONE -> 410;
            case TOO_LARGE -> 413;
            case OVERLOADED -> 429;
            case STORAGE -> 503;
            case INTERNAL -> 500;
        };
    }

    static Map<String, Object> body(ParcoursException error) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("code", Json.id(error.code()));
        fields.put("message", error.getMessage());
        if (!error.field().isEmpty()) {
            fields.put("field", error.field());
        }
        if (error.problems().size() > 0) {
            fields.put("problems", error.problems().stream().map(ErrorResponses::problem).toList());
        }
        return Map.of("error", fields);
    }

    private static Map<String, Object> problem(Problem problem) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("field", problem.field());
        fields.put("message", problem.message());
        problem.location().ifPresent(location -> {
            fields.put("line", location.line());
            fields.put("column", location.column());
        });
        return fields;
    }

    static List<String> codes() {
        return java.util.Arrays.stream(ErrorCode.values()).map(Json::id).toList();
    }
}
