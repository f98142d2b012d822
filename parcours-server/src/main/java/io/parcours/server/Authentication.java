package io.parcours.server;

import io.javalin.http.Context;
import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import io.parcours.store.ApiToken;
import io.parcours.store.ParcoursStore;
import java.util.Optional;

/**
 * Checks the {@code Authorization: Bearer <token>} of every {@code /api} request against the stored
 * token hashes, and remembers who is calling (the token's name is the author of the versions it saves).
 */
final class Authentication {
    static final String TOKEN_NAME = "parcours.token.name";
    private static final String PREFIX = "Bearer ";

    private final ParcoursStore store;

    Authentication(ParcoursStore store) {
        this.store = store;
    }

    void check(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new ParcoursException(ErrorCode.UNAUTHENTICATED, "this route needs an API token: send the header "
                    + "'Authorization: Bearer <token>' (the admin token is printed when Parcours first starts)");
        }
        if (!header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new ParcoursException(ErrorCode.UNAUTHENTICATED,
                    "the Authorization header must be 'Bearer <token>'");
        }
        Optional<ApiToken> token = store.findActiveToken(header.substring(PREFIX.length()).trim());
        if (token.isEmpty()) {
            throw new ParcoursException(ErrorCode.UNAUTHENTICATED,
                    "this API token is not valid or was revoked: ask an admin for a new one");
        }
        ctx.attribute(TOKEN_NAME, token.get().name());
    }
}
