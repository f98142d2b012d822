package io.parcours.server;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import io.parcours.model.ParcoursException;
import io.parcours.model.Role;
import io.parcours.store.CreatedToken;
import io.parcours.store.User;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The pages about people: logging in and out, one's own account (language, password, personal
 * tokens), and the admins' list of users. Each form posts to its own path and comes back to its
 * page with a message, so a reload never sends a form twice.
 */
final class PeoplePages {
    /** The cookie that carries the login form's own CSRF token: there is no session yet to hold one. */
    static final String LOGIN_COOKIE = "parcours_login";

    private final Dashboard dashboard;
    private final People people;
    private final Clock clock;
    private final RateLimiter failedLogins;

    PeoplePages(Dashboard dashboard, People people, Clock clock, ServerOptions.Limits limits) {
        this.dashboard = dashboard;
        this.people = people;
        this.clock = clock;
        // Twenty failed logins at once from one address, then one every six seconds (by default): slows
        // guessing across many e-mail addresses, which the lock-out of each address alone would not.
        this.failedLogins = new RateLimiter(limits.loginAddressBurst(), RateLimiter.perSecond(limits.loginAddressInterval()),
                10_000, System::nanoTime);
    }

    List<PageRoute> routes() {
        return List.of(
                PageRoute.open(HandlerType.GET, "/login", this::loginPage),
                PageRoute.open(HandlerType.POST, "/login", this::login),
                PageRoute.post("/logout", Role.VIEWER, this::logout),
                PageRoute.get("/account", Role.VIEWER, this::account),
                PageRoute.post("/account/language", Role.VIEWER, ctx -> accountAction(ctx, () -> {
                    people.setLanguage(Caller.require(ctx), form(ctx, "language"));
                    // The saved choice wins over an earlier switch of this browser.
                    ctx.removeCookie(Texts.COOKIE, "/");
                    return "account.saved";
                })),
                PageRoute.post("/account/password", Role.VIEWER, ctx -> accountAction(ctx, () -> {
                    people.changePassword(Caller.require(ctx), form(ctx, "current"), form(ctx, "next"));
                    return "account.password.changed";
                })),
                PageRoute.post("/account/tokens", Role.VIEWER, this::createToken),
                PageRoute.post("/account/tokens/{id}/revoke", Role.VIEWER, ctx -> accountAction(ctx, () -> {
                    people.revokeToken(Caller.require(ctx), ctx.pathParam("id"));
                    return "account.tokens.revokedOne";
                })),
                PageRoute.get("/admin/users", Role.ADMIN, this::users),
                PageRoute.post("/admin/users", Role.ADMIN, ctx -> userAction(ctx, () -> {
                    People.CreatedUser created = people.createUser(form(ctx, "email"), form(ctx, "name"),
                            Role.parse("role", form(ctx, "role")));
                    return new Outcome(Dashboard.texts(ctx).t("users.created", created.user().email()), created.password());
                })),
                PageRoute.post("/admin/users/{id}/role", Role.ADMIN, ctx -> userAction(ctx, () -> {
                    people.updateUser(ctx.pathParam("id"), new People.UserFields(null, form(ctx, "role"), null, null));
                    return new Outcome(Dashboard.texts(ctx).t("account.saved"), "");
                })),
                PageRoute.post("/admin/users/{id}/disable", Role.ADMIN, ctx -> userAction(ctx, () -> {
                    people.updateUser(ctx.pathParam("id"), new People.UserFields(null, null, null, true));
                    return new Outcome(Dashboard.texts(ctx).t("account.saved"), "");
                })),
                PageRoute.post("/admin/users/{id}/enable", Role.ADMIN, ctx -> userAction(ctx, () -> {
                    people.updateUser(ctx.pathParam("id"), new People.UserFields(null, null, null, false));
                    return new Outcome(Dashboard.texts(ctx).t("account.saved"), "");
                })),
                PageRoute.post("/admin/users/{id}/password", Role.ADMIN, ctx -> userAction(ctx, () -> {
                    People.CreatedUser reset = people.resetPassword(ctx.pathParam("id"));
                    return new Outcome(Dashboard.texts(ctx).t("users.resetDone", reset.user().email()), reset.password());
                })),
                PageRoute.post("/admin/users/{id}/unlock", Role.ADMIN, ctx -> userAction(ctx, () -> {
                    people.unlock(ctx.pathParam("id"));
                    return new Outcome(Dashboard.texts(ctx).t("account.saved"), "");
                })));
    }

    // ---- login ------------------------------------------------------------------------------------

    private void loginPage(Context ctx) {
        if (Caller.of(ctx).isPresent()) {
            ctx.redirect(Dashboard.localTarget(ctx.queryParam("next"), "/"), HttpStatus.SEE_OTHER);
            return;
        }
        showLogin(ctx, ctx.queryParam("next"), "", "");
    }

    private void showLogin(Context ctx, String next, String email, String error) {
        String loginCsrf = Authentication.randomToken();
        ctx.cookie(new Cookie(LOGIN_COOKIE, loginCsrf, "/login", 3600, dashboard.authentication().secureCookies(), true,
                null, SameSite.STRICT));
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("shell", dashboard.shell(ctx));
        parameters.put("next", Dashboard.localTarget(next, "/"));
        parameters.put("email", email == null ? "" : email);
        parameters.put("error", error);
        parameters.put("loginCsrf", loginCsrf);
        dashboard.page(ctx, "login.jte", parameters);
    }

    private void login(Context ctx) {
        String next = Dashboard.localTarget(ctx.formParam("next"), "/");
        String email = ctx.formParam("email");
        String password = ctx.formParam("password");
        Texts texts = Dashboard.texts(ctx);
        String expected = ctx.cookie(LOGIN_COOKIE);
        String sent = ctx.formParam(Authentication.CSRF_FIELD);
        if (expected == null || sent == null || !Authentication.constantTimeEquals(expected, sent)) {
            ctx.status(403);
            showLogin(ctx, next, email, texts.t("login.expired"));
            return;
        }
        if (failedLogins.exhausted(ctx.ip())) {
            ctx.status(429).header("Retry-After", Long.toString(Math.max(1, failedLogins.retryAfterSeconds(ctx.ip()))));
            showLogin(ctx, next, email, texts.t("login.slowDown"));
            return;
        }
        if (email == null || email.isBlank() || password == null || password.isEmpty() || email.length() > 254
                || password.length() > Passwords.MAX_LENGTH) {
            ctx.status(400);
            showLogin(ctx, next, email == null || email.length() > 254 ? "" : email, texts.t("login.missing"));
            return;
        }
        People.Login outcome = people.login(email, password, clock.instant());
        if (outcome instanceof People.Login.Success success) {
            dashboard.authentication().startSession(ctx, success.session().secret());
            ctx.removeCookie(LOGIN_COOKIE, "/login");
            ctx.redirect(next, HttpStatus.SEE_OTHER);
            return;
        }
        failedLogins.allow(ctx.ip());
        People.Login.Refused refused = (People.Login.Refused) outcome;
        if (refused.locked()) {
            ctx.status(429).header("Retry-After", Long.toString(refused.minutesLeft() * 60));
            showLogin(ctx, next, email, texts.t("login.locked", refused.minutesLeft()));
        } else {
            ctx.status(401);
            showLogin(ctx, next, email, texts.t("login.wrong"));
        }
    }

    private void logout(Context ctx) {
        dashboard.authentication().endSession(ctx);
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }

    // ---- account ----------------------------------------------------------------------------------

    private void account(Context ctx) {
        showAccount(ctx, "", flash(ctx, "message"), flash(ctx, "error"));
    }

    private void showAccount(Context ctx, String newSecret, String message, String error) {
        Caller caller = Caller.require(ctx);
        User user = People.requireUser(caller);
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("shell", dashboard.shell(ctx).in("", "account"));
        parameters.put("user", user);
        parameters.put("tokens", people.tokens(caller));
        parameters.put("newSecret", newSecret);
        parameters.put("message", message);
        parameters.put("error", error);
        dashboard.page(ctx, "account.jte", parameters);
    }

    private void createToken(Context ctx) {
        try {
            CreatedToken token = people.createToken(Caller.require(ctx), form(ctx, "name"));
            // The secret is shown on this answer only: it is never stored, so it cannot come back after a redirect.
            showAccount(ctx, token.secret(), Dashboard.texts(ctx).t("account.tokens.created"), "");
        } catch (ParcoursException error) {
            ctx.status(ErrorResponses.status(error.code()));
            showAccount(ctx, "", "", error.getMessage());
        }
    }

    /** An action on one's account: back to the account page with the outcome. */
    private void accountAction(Context ctx, java.util.function.Supplier<String> action) {
        try {
            String message = action.get();
            ctx.redirect("/account?message=" + message, HttpStatus.SEE_OTHER);
        } catch (ParcoursException error) {
            Dashboard.refuse(ctx, error);
            showAccount(ctx, "", "", error.getMessage());
        }
    }

    // ---- users ------------------------------------------------------------------------------------

    /** What an admin's action on users produced: a message, and a password to show once (or ""). */
    private record Outcome(String message, String secret) {}

    private void users(Context ctx) {
        showUsers(ctx, flash(ctx, "message"), "", "");
    }

    private void showUsers(Context ctx, String message, String secret, String error) {
        Instant now = clock.instant();
        List<User> users = dashboard.store().users().all();
        Set<String> locked = users.stream().filter(user -> dashboard.store().users().failures(user.email()).lockedAt(now))
                .map(User::id).collect(Collectors.toSet());
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("shell", dashboard.shell(ctx).in("", "users"));
        parameters.put("users", users);
        parameters.put("locked", locked);
        parameters.put("message", message);
        parameters.put("secret", secret);
        parameters.put("error", error);
        dashboard.page(ctx, "users.jte", parameters);
    }

    private void userAction(Context ctx, java.util.function.Supplier<Outcome> action) {
        try {
            Outcome outcome = action.get();
            if (outcome.secret().isEmpty()) {
                ctx.redirect("/admin/users?message=account.saved", HttpStatus.SEE_OTHER);
            } else {
                showUsers(ctx, outcome.message(), outcome.secret(), "");
            }
        } catch (ParcoursException error) {
            Dashboard.refuse(ctx, error);
            showUsers(ctx, "", "", error.getMessage());
        }
    }

    /** A message named in the query after a redirect, looked up in the page's language (never shown as given). */
    private static String flash(Context ctx, String parameter) {
        String key = ctx.queryParam(parameter);
        if (key == null || !key.matches("[a-zA-Z.]{1,60}")) {
            return "";
        }
        String text = Dashboard.texts(ctx).t(key);
        return text.equals(key) ? "" : text;
    }

    private static String form(Context ctx, String name) {
        String value = ctx.formParam(name);
        return value == null ? "" : value;
    }
}
