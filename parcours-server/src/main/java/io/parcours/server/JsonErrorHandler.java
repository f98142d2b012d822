package io.parcours.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty produces itself, before any route runs (a malformed URI, a bad header),
 * with the same JSON error body as the rest of the API instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    private final SecurityHeaders securityHeaders;

    JsonErrorHandler(SecurityHeaders securityHeaders) {
        this.securityHeaders = securityHeaders;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        Object detail = request.getAttribute(ERROR_MESSAGE);
        String message = "the request was refused by the HTTP server (" + status + ")"
                + (detail == null ? "" : ": " + detail);
        // 505: the request named an HTTP version Jetty does not speak, the client's doing
        String code = status == 413 ? "too-large" : status >= 500 && status != 505 ? "internal" : "invalid-input";
        String body = "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + escape(message) + "\"}}";
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        securityHeaders.apply(pathOf(request), (name, value) -> response.getHeaders().put(name, value));
        // Jetty closes the connection after a request it could not parse; say so, so clients do not reuse it.
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    /** The request's path, or "" when it is too malformed to have one. */
    private static String pathOf(Request request) {
        try {
            String path = request.getHttpURI().getPath();
            return path == null ? "" : path;
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
