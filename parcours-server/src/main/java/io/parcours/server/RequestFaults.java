package io.parcours.server;

import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import java.util.Optional;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;

/**
 * Failures that are the client's doing though they surface as exceptions from deep in Jetty or
 * Javalin while a handler reads the request: a body that ends before its announced length (a chunk
 * cut short, a client gone), a form Jetty cannot decode, a character set no one knows in the
 * Content-Type. They are answered as the 4xx they are, not as a 500.
 */
final class RequestFaults {
    private RequestFaults() {}

    /** The refusal to answer with when {@code error} (or one of its causes) is the client's fault; empty otherwise. */
    static Optional<ParcoursException> of(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof java.nio.charset.UnsupportedCharsetException
                    || cause instanceof java.nio.charset.IllegalCharsetNameException) {
                return Optional.of(ParcoursException.invalid("Content-Type", "the character set of the request ("
                        + cause.getMessage() + ") is not one Parcours knows: send UTF-8"));
            }
            if (cause instanceof EofException) {
                return Optional.of(new ParcoursException(ErrorCode.INVALID_INPUT,
                        "the request ended before its body was complete: send the whole body", cause));
            }
            if (cause instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                ErrorCode code = http.getCode() == 413 ? ErrorCode.TOO_LARGE : ErrorCode.INVALID_INPUT;
                return Optional.of(new ParcoursException(code, "the request could not be read (" + http.getCode() + " "
                        + Optional.ofNullable(http.getReason()).orElse("bad request") + "): check its framing and encoding",
                        cause));
            }
        }
        return Optional.empty();
    }
}
