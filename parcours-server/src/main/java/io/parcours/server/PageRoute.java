package io.parcours.server;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.parcours.model.Role;
import java.util.Optional;

/**
 * One dashboard page or form action: its method and path, the least role it needs (empty for the
 * public login page), and its handler. The server wraps every handler with the check of the role,
 * so no page can forget it; a test walks the list with every role.
 */
record PageRoute(HandlerType method, String path, Optional<Role> role, Handler handler) {
    PageRoute {
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        requireNonNull(role, "role is null");
        requireNonNull(handler, "handler is null");
    }

    static PageRoute get(String path, Role role, Handler handler) {
        return new PageRoute(HandlerType.GET, path, Optional.of(role), handler);
    }

    static PageRoute post(String path, Role role, Handler handler) {
        return new PageRoute(HandlerType.POST, path, Optional.of(role), handler);
    }

    static PageRoute open(HandlerType method, String path, Handler handler) {
        return new PageRoute(method, path, Optional.empty(), handler);
    }
}
