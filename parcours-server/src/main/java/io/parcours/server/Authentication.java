package io.parcours.server;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import io.parcours.model.Role;
import io.parcours.store.ApiToken;
import io.parcours.store.ParcoursStore;
import io.parcours.store.User;
import io.parcours.store.UserSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds out who is calling and whether they may: an {@code Authorization: Bearer <token>} header
 * (command-line tokens and personal tokens), or the session cookie of a browser that logged in.
 * A request that changes anything with a session cookie must also send the session's CSRF token
 * (the {@code _csrf} form field or the {@code X-CSRF-Token} header), so that another site cannot
 * make a logged-in browser act; token requests need none, since browsers never send tokens on
 * their own. Sessions are remembered for a minute, so pages do not read the database for them on
 * every request; logging out, a password change or an admin's change of a user forgets them at once.
 */
final class Authentication {
    static final String SESSION_COOKIE = "parcours_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String CSRF_FIELD = "_csrf";
    /** How long a login lasts unless configured otherwise. */
    static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    private static final Duration REMEMBER = Duration.ofMinutes(1);
    private static final String PREFIX = "Bearer ";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private record Remembered(UserSession session, Instant until) {}

    private final ParcoursStore store;
    private final Clock clock;
    private final boolean secureCookies;
    private final Duration sessionLifetime;
    private final Map<String, Remembered> sessions = new ConcurrentHashMap<>();

    Authentication(ParcoursStore store, Clock clock, boolean secureCookies) {
        this(store, clock, secureCookies, SESSION_LIFETIME);
    }

    Authentication(ParcoursStore store, Clock clock, boolean secureCookies, Duration sessionLifetime) {
        this.store = store;
        this.clock = clock;
        this.secureCookies = secureCookies;
        this.sessionLifetime = sessionLifetime;
    }

    /** How long a login lasts. */
    Duration sessionLifetime() {
        return sessionLifetime;
    }

    /** Before every {@code /api} route: a valid token or session, and the CSRF token on changes made with a session. */
    void checkApi(Context ctx) {
        Caller caller = identify(ctx).orElseThrow(() -> new ParcoursException(ErrorCode.UNAUTHENTICATED,
                "this route needs an API token: send the header 'Authorization: Bearer <token>' (the admin token is "
                        + "printed when Parcours first starts; each user can make personal tokens on their account page)"));
        checkCsrf(ctx, caller);
    }

    /** Who is calling, from the token or the session cookie; empty for an anonymous request. */
    Optional<Caller> identify(Context ctx) {
        Optional<Caller> known = Caller.of(ctx);
        if (known.isPresent()) {
            return known;
        }
        String header = ctx.header("Authorization");
        Optional<Caller> caller;
        if (header != null && !header.isBlank()) {
            caller = Optional.of(fromToken(header));
        } else {
            caller = session(ctx.cookie(SESSION_COOKIE))
                    .map(session -> new Caller(session.user().name(), session.user().role(), Optional.of(session.user()),
                            Optional.of(session)));
        }
        caller.ifPresent(found -> found.attachTo(ctx));
        return caller;
    }

    /** Wraps a route's handler so that it runs only for callers whose role includes {@code needed}. */
    static Handler guard(Role needed, Handler handler) {
        return ctx -> {
            Caller.require(ctx).mustBe(needed);
            handler.handle(ctx);
        };
    }

    /** Refuses a change made with a session cookie that does not carry the session's CSRF token. */
    void checkCsrf(Context ctx, Caller caller) {
        if (caller.session().isEmpty() || safe(ctx.method())) {
            return;
        }
        String sent = ctx.header(CSRF_HEADER);
        if (sent == null && isForm(ctx)) {
            sent = ctx.formParam(CSRF_FIELD);
        }
        if (sent == null || !constantTimeEquals(sent, caller.session().get().csrfToken())) {
            throw new ParcoursException(ErrorCode.FORBIDDEN, "this form is out of date or came from another site "
                    + "(its CSRF token is missing or wrong): reload the page and try again");
        }
    }

    private Caller fromToken(String header) {
        if (!header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new ParcoursException(ErrorCode.UNAUTHENTICATED, "the Authorization header must be 'Bearer <token>'");
        }
        ApiToken token = store.findActiveToken(header.substring(PREFIX.length()).trim()).orElseThrow(() ->
                new ParcoursException(ErrorCode.UNAUTHENTICATED,
                        "this API token is not valid or was revoked: ask an admin for a new one"));
        if (token.userId().isEmpty()) {
            return new Caller(token.name(), token.role(), Optional.empty(), Optional.empty());
        }
        User user = store.users().find(token.userId().get()).filter(User::active).orElseThrow(() ->
                new ParcoursException(ErrorCode.UNAUTHENTICATED,
                        "this personal token's user is disabled: its tokens no longer work"));
        Role role = token.role().compareTo(user.role()) <= 0 ? token.role() : user.role();
        return new Caller(user.name(), role, Optional.of(user), Optional.empty());
    }

    private Optional<UserSession> session(String secret) {
        if (secret == null || secret.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Remembered remembered = sessions.get(secret);
        if (remembered != null && now.isBefore(remembered.until()) && now.isBefore(remembered.session().expiresAt())) {
            return Optional.of(remembered.session());
        }
        sessions.remove(secret);
        Optional<UserSession> found = store.users().session(secret);
        found.ifPresent(session -> {
            if (sessions.size() > 10_000) {
                sessions.clear();
            }
            sessions.put(secret, new Remembered(session, now.plus(REMEMBER)));
        });
        return found;
    }

    /** Sets the session cookie after a login. */
    void startSession(Context ctx, String secret) {
        ctx.cookie(new Cookie(SESSION_COOKIE, secret, "/", (int) sessionLifetime.toSeconds(), secureCookies, true, null,
                SameSite.LAX));
    }

    /** Logs out: forgets the session here and in the store, and clears the cookie. */
    void endSession(Context ctx) {
        String secret = ctx.cookie(SESSION_COOKIE);
        Caller.of(ctx).flatMap(Caller::session).ifPresent(session -> store.users().closeSession(session.sessionHash()));
        if (secret != null) {
            sessions.remove(secret);
        }
        ctx.cookie(new Cookie(SESSION_COOKIE, "", "/", 0, secureCookies, true, null, SameSite.LAX));
    }

    /** Forgets the remembered sessions of a user whose role, state or password changed. */
    void forgetUser(String userId) {
        sessions.values().removeIf(remembered -> remembered.session().user().id().equals(userId));
    }

    boolean secureCookies() {
        return secureCookies;
    }

    private static boolean isForm(Context ctx) {
        String type = String.valueOf(ctx.contentType());
        return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data");
    }

    private static boolean safe(HandlerType method) {
        return method == HandlerType.GET || method == HandlerType.HEAD || method == HandlerType.OPTIONS;
    }

    /** 32 random bytes, URL-safe: for one-off form tokens. */
    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
