package io.parcours.server;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import io.parcours.model.Role;
import io.parcours.store.User;
import io.parcours.store.UserSession;
import java.util.Optional;

/**
 * Who is making a request: a user logged in through the browser (with their session), a user's
 * personal API token, or a token made from the command line (no user). The name is the author of
 * the map versions the caller saves.
 */
record Caller(String name, Role role, Optional<User> user, Optional<UserSession> session) {
    private static final String ATTRIBUTE = "parcours.caller";

    Caller {
        requireNonNull(name, "name is null");
        requireNonNull(role, "role is null");
        requireNonNull(user, "user is null");
        requireNonNull(session, "session is null");
    }

    void attachTo(Context ctx) {
        ctx.attribute(ATTRIBUTE, this);
    }

    static Optional<Caller> of(Context ctx) {
        return Optional.ofNullable(ctx.attribute(ATTRIBUTE));
    }

    /** The caller, who must be known by now (the route is behind authentication). */
    static Caller require(Context ctx) {
        return of(ctx).orElseThrow(() -> new ParcoursException(ErrorCode.UNAUTHENTICATED,
                "log in first, or send an API token as 'Authorization: Bearer <token>'"));
    }

    /** Refuses the request unless the caller's role includes {@code needed}. */
    void mustBe(Role needed) {
        if (!role.includes(needed)) {
            throw new ParcoursException(ErrorCode.FORBIDDEN, "this needs the " + needed.id() + " role and "
                    + name + " is " + article(role) + role.id() + ": ask an admin to change the role");
        }
    }

    /** The CSRF token the caller's pages and scripts must send back; empty for API tokens, which need none. */
    Optional<String> csrfToken() {
        return session.map(UserSession::csrfToken);
    }

    private static String article(Role role) {
        return role == Role.ADMIN || role == Role.EDITOR ? "an " : "a ";
    }
}
