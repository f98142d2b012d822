package io.parcours.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import io.parcours.model.Role;
import io.parcours.store.ApiToken;
import io.parcours.store.CreatedToken;
import io.parcours.store.ParcoursStore;
import io.parcours.store.User;
import io.parcours.store.UserRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The people who use Parcours: logging in (with a lock-out after repeated failures), users managed
 * by admins, and each user's password, language and personal API tokens. The dashboard pages and
 * the {@code /api/users} and {@code /api/me} routes both go through here, so they follow the same
 * rules.
 */
final class People {
    /** Failed logins in a row, each within {@link #FAILURE_WINDOW} of the last, that lock an address (the defaults). */
    static final int MAX_FAILURES = 5;
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);
    static final Duration LOCK = Duration.ofMinutes(15);

    /** A user just made or given a new password by an admin: the password is shown this once. */
    record CreatedUser(User user, String password) {}

    /** The fields of a new user. */
    record NewUser(String email, String name, String role) {}

    /** The fields an admin changes on a user; absent fields stay as they are. */
    record UserFields(String name, String role, String language, Boolean disabled) {}

    /** The name of a new personal token. */
    record TokenFields(String name) {}

    /** A user as the API shows it, with whether their address is locked out now. */
    record UserView(String id, String email, String name, String role, Optional<String> language, Instant createdAt,
            boolean disabled, boolean locked) {}

    /** The outcome of a login: the user, or why not. */
    sealed interface Login {
        record Success(User user, UserRecords.OpenedSession session) implements Login {}

        record Refused(boolean locked, long minutesLeft) implements Login {}
    }

    private final ParcoursStore store;
    private final Authentication authentication;
    private final ObjectMapper json;
    private final ServerOptions.Limits limits;

    People(ParcoursStore store, Authentication authentication, ObjectMapper json, ServerOptions.Limits limits) {
        this.store = store;
        this.authentication = authentication;
        this.json = json;
        this.limits = limits;
    }

    /** Creates the first admin when no user exists and returns the password to print once; empty otherwise. */
    static Optional<CreatedUser> ensureFirstAdmin(ParcoursStore store, String email) {
        if (store.users().count() > 0) {
            return Optional.empty();
        }
        checkEmail(email);
        String password = Passwords.generate();
        User admin = store.users().create(email, "Admin", Role.ADMIN, Passwords.hash(password));
        return Optional.of(new CreatedUser(admin, password));
    }

    /**
     * Checks a login. The answer is the same for an unknown address and a wrong password, and takes
     * the same time; an address is locked for a while after repeated failures ({@link ServerOptions.Limits}).
     */
    Login login(String email, String password, Instant now) {
        UserRecords.Failures failures = store.users().failures(email);
        if (failures.lockedAt(now)) {
            Passwords.spendEqualTime(password);
            return new Login.Refused(true, minutesLeft(failures, now));
        }
        Optional<UserRecords.Credentials> credentials = store.users().credentials(email);
        boolean matches;
        if (credentials.isEmpty()) {
            Passwords.spendEqualTime(password);
            matches = false;
        } else {
            matches = Passwords.matches(password, credentials.get().passwordHash());
        }
        if (!matches) {
            UserRecords.Failures after = store.users().recordFailure(email, limits.loginMaxFailures(),
                    limits.loginFailureWindow(), limits.loginLockout());
            return new Login.Refused(after.lockedAt(now), minutesLeft(after, now));
        }
        store.users().clearFailures(email);
        store.users().purgeExpiredSessions();
        User user = credentials.get().user();
        return new Login.Success(user, store.users().openSession(user, authentication.sessionLifetime()));
    }

    private static long minutesLeft(UserRecords.Failures failures, Instant now) {
        return failures.lockedUntil().map(until -> Math.max(1, (Duration.between(now, until).getSeconds() + 59) / 60))
                .orElse(0L);
    }

    CreatedUser createUser(String email, String name, Role role) {
        checkEmail(email);
        String cleanName = checkName(name == null || name.isBlank() ? email.trim() : name);
        String password = Passwords.generate();
        return new CreatedUser(store.users().create(email, cleanName, role, Passwords.hash(password)), password);
    }

    User updateUser(String id, UserFields fields) {
        User user = store.users().require(id);
        Role role = fields.role() == null ? user.role() : Role.parse("role", fields.role());
        String name = fields.name() == null ? user.name() : checkName(fields.name());
        Optional<String> language = fields.language() == null ? user.language() : language(fields.language());
        User updated = store.users().update(id, name, role, language);
        if (fields.disabled() != null && fields.disabled() != !user.active()) {
            updated = store.users().setDisabled(id, fields.disabled());
        }
        authentication.forgetUser(id);
        return updated;
    }

    /** An admin's reset: a new random password, shown once, and every session of the user ended. */
    CreatedUser resetPassword(String id) {
        User user = store.users().require(id);
        String password = Passwords.generate();
        store.users().setPassword(id, Passwords.hash(password));
        store.users().closeSessionsOf(id, Optional.empty());
        store.users().clearFailures(user.email());
        authentication.forgetUser(id);
        return new CreatedUser(user, password);
    }

    /** A user's own change of password: the current one must be right; their other sessions end. */
    void changePassword(Caller caller, String current, String next) {
        User user = requireUser(caller);
        UserRecords.Credentials credentials = store.users().credentials(user.email()).orElseThrow(() ->
                new ParcoursException(ErrorCode.UNAUTHENTICATED, "this user is disabled"));
        if (!Passwords.matches(current, credentials.passwordHash())) {
            throw ParcoursException.invalid("current", "the current password is not right: type it again");
        }
        Passwords.checkNew(next, user.email());
        store.users().setPassword(user.id(), Passwords.hash(next));
        store.users().closeSessionsOf(user.id(), caller.session().map(session -> session.sessionHash()));
        authentication.forgetUser(user.id());
    }

    void unlock(String id) {
        store.users().clearFailures(store.users().require(id).email());
    }

    User setLanguage(Caller caller, String language) {
        User user = requireUser(caller);
        User updated = store.users().update(user.id(), user.name(), user.role(), language(language));
        authentication.forgetUser(user.id());
        return updated;
    }

    CreatedToken createToken(Caller caller, String name) {
        User user = requireUser(caller);
        String clean = name == null ? "" : name.trim();
        if (clean.isEmpty() || clean.length() > 100) {
            throw ParcoursException.invalid("name", "give the token a name of 1 to 100 characters, such as 'laptop' or 'CI'");
        }
        long active = store.tokensOf(user.id()).stream().filter(ApiToken::active).count();
        if (active >= 20) {
            throw new ParcoursException(ErrorCode.CONFLICT, "you have 20 active tokens: revoke one you no longer use first");
        }
        return store.createToken(clean, user.role(), Optional.of(user.id()));
    }

    List<ApiToken> tokens(Caller caller) {
        return store.tokensOf(requireUser(caller).id());
    }

    void revokeToken(Caller caller, String tokenId) {
        User user = requireUser(caller);
        boolean own = store.tokensOf(user.id()).stream().anyMatch(token -> token.id().equals(tokenId) && token.active());
        if (!own) {
            throw ParcoursException.notFound("you have no active token with id '" + tokenId + "'");
        }
        store.revokeToken(tokenId);
    }

    List<UserView> users(Instant now) {
        List<UserView> views = new ArrayList<>();
        for (User user : store.users().all()) {
            views.add(view(user, now));
        }
        return views;
    }

    UserView view(User user, Instant now) {
        return new UserView(user.id(), user.email(), user.name(), user.role().id(), user.language(), user.createdAt(),
                !user.active(), store.users().failures(user.email()).lockedAt(now));
    }

    static User requireUser(Caller caller) {
        return caller.user().orElseThrow(() -> new ParcoursException(ErrorCode.FORBIDDEN,
                "this is about a user's own account, and this token belongs to no user: log in, or use a personal token"));
    }

    // ---- the API ----------------------------------------------------------------------------------

    List<Route> routes(java.time.Clock clock) {
        List<Route> routes = new ArrayList<>();
        routes.add(Route.get("/api/me").tag("people").summary("Who is calling: the user, or the token's name and role")
                .returns("UserView").handle(ctx -> {
                    Caller caller = Caller.require(ctx);
                    ctx.json(caller.user().map(user -> view(user, clock.instant())).orElse(new UserView("", "",
                            caller.name(), caller.role().id(), Optional.empty(), Instant.EPOCH, false, false)));
                }));
        routes.add(Route.get("/api/me/tokens").tag("people").summary("Your personal API tokens (never their secrets)")
                .returns("ApiToken[]").handle(ctx -> ctx.json(tokens(Caller.require(ctx)))));
        routes.add(Route.post("/api/me/tokens").role(Role.VIEWER).tag("people")
                .summary("Create a personal API token, with your role; its secret is in this answer only")
                .body("TokenFields").status(201).returns("CreatedToken").handle(ctx -> ctx.status(201)
                        .json(createToken(Caller.require(ctx), read(ctx, TokenFields.class).name()))));
        routes.add(Route.delete("/api/me/tokens/{id}").role(Role.VIEWER).tag("people").summary("Revoke one of your tokens")
                .handle(ctx -> {
                    revokeToken(Caller.require(ctx), ctx.pathParam("id"));
                    ctx.status(204);
                }));
        routes.add(Route.get("/api/users").role(Role.ADMIN).tag("people").summary("Every user, with their role and state")
                .returns("UserView[]").handle(ctx -> ctx.json(users(clock.instant()))));
        routes.add(Route.post("/api/users").role(Role.ADMIN).tag("people")
                .summary("Add a user; the answer holds their first password, shown this once")
                .body("NewUser").status(201).returns("CreatedUser").handle(ctx -> {
                    NewUser fields = read(ctx, NewUser.class);
                    Role role = Role.parse("role", fields.role() == null ? "viewer" : fields.role());
                    ctx.status(201).json(createUser(fields.email(), fields.name(), role));
                }));
        routes.add(Route.put("/api/users/{id}").role(Role.ADMIN).tag("people")
                .summary("Change a user's name, role or language, or disable or enable them")
                .body("UserFields").returns("UserView").handle(ctx -> ctx.json(view(updateUser(ctx.pathParam("id"),
                        read(ctx, UserFields.class)), clock.instant()))));
        routes.add(Route.post("/api/users/{id}/password").role(Role.ADMIN).tag("people")
                .summary("Give a user a new random password (shown once) and end their sessions")
                .returns("CreatedUser").handle(ctx -> ctx.json(resetPassword(ctx.pathParam("id")))));
        routes.add(Route.post("/api/users/{id}/unlock").role(Role.ADMIN).tag("people")
                .summary("Lift the lock-out after repeated failed logins").status(204).handle(ctx -> {
                    unlock(ctx.pathParam("id"));
                    ctx.status(204);
                }));
        return routes;
    }

    private <T> T read(Context ctx, Class<T> type) {
        try {
            JsonNode body = json.readTree(ApiRoutes.body(ctx));
            if (body == null || !body.isObject()) {
                throw ParcoursException.invalid("", "the body must be a JSON object");
            }
            return json.treeToValue(body, type);
        } catch (JsonProcessingException e) {
            throw ParcoursException.invalid("", "the body is not valid JSON for this route: " + e.getOriginalMessage());
        }
    }

    // ---- checks -----------------------------------------------------------------------------------

    static String checkEmail(String email) {
        String clean = email == null ? "" : email.trim();
        if (clean.length() > 254 || !clean.matches("[^@\\s]+@[^@\\s]+")) {
            throw ParcoursException.invalid("email", "give an e-mail address such as awa@example.com, not '"
                    + (clean.length() > 60 ? clean.substring(0, 60) + "..." : clean) + "'");
        }
        return clean;
    }

    private static String checkName(String name) {
        String clean = name.trim();
        if (clean.isEmpty() || clean.length() > 100 || clean.chars().anyMatch(Character::isISOControl)) {
            throw ParcoursException.invalid("name", "a name has 1 to 100 characters on one line");
        }
        return clean;
    }

    private static Optional<String> language(String language) {
        if (language.isBlank()) {
            return Optional.empty();
        }
        if (!Texts.LANGUAGES.contains(language)) {
            throw ParcoursException.invalid("language", "Parcours speaks " + String.join(" and ", Texts.LANGUAGES)
                    + ", not '" + language + "'");
        }
        return Optional.of(language);
    }
}
