package io.parcours.server;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import io.parcours.store.ParcoursStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the dashboard's pages share: rendering a template inside the page frame, the frame's
 * {@link Shell} for the request, and the wrapper every page handler runs in. The wrapper sends an
 * anonymous visitor to the login page (and back afterwards), refuses a role that is too low,
 * checks the CSRF token of every form, and switches the language when a link asks for it.
 */
final class Dashboard {
    private final ParcoursStore store;
    private final TemplateEngine templates;
    private final Authentication authentication;

    Dashboard(ParcoursStore store, TemplateEngine templates, Authentication authentication) {
        this.store = store;
        this.templates = templates;
        this.authentication = authentication;
    }

    ParcoursStore store() {
        return store;
    }

    Authentication authentication() {
        return authentication;
    }

    /** The handler to register for {@code route}: the checks above, then the page. */
    Handler wrap(PageRoute route) {
        return ctx -> {
            if (switchLanguage(ctx)) {
                return;
            }
            Optional<Caller> caller = authentication.identify(ctx);
            if (route.role().isPresent()) {
                if (caller.isEmpty()) {
                    if (ctx.method() == HandlerType.GET) {
                        ctx.redirect("/login?next=" + URLEncoder.encode(pathWithQuery(ctx), StandardCharsets.UTF_8), 
                                io.javalin.http.HttpStatus.SEE_OTHER);
                        return;
                    }
                    throw new ParcoursException(ErrorCode.UNAUTHENTICATED, "your session has ended: log in again");
                }
                caller.get().mustBe(route.role().get());
                authentication.checkCsrf(ctx, caller.get());
            }
            ctx.header("Cache-Control", "no-store");
            route.handler().handle(ctx);
        };
    }

    /** {@code ?lang=fr} on any page: remember the choice in a cookie and show the page again without it. */
    private boolean switchLanguage(Context ctx) {
        String language = ctx.queryParam("lang");
        if (language == null || ctx.method() != HandlerType.GET) {
            return false;
        }
        if (Texts.LANGUAGES.contains(language)) {
            ctx.cookie(new Cookie(Texts.COOKIE, language, "/", 365 * 24 * 3600, authentication.secureCookies(), true, null,
                    SameSite.LAX));
        }
        Map<String, String> rest = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((name, values) -> {
            if (!name.equals("lang") && !values.isEmpty()) {
                rest.put(name, values.get(0));
            }
        });
        StringBuilder target = new StringBuilder(ctx.path());
        String separator = "?";
        for (Map.Entry<String, String> entry : rest.entrySet()) {
            target.append(separator).append(URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8));
            separator = "&";
        }
        ctx.redirect(target.toString(), io.javalin.http.HttpStatus.SEE_OTHER);
        return true;
    }

    /** The frame of a page for this request, in its language. */
    Shell shell(Context ctx) {
        Optional<Caller> caller = Caller.of(ctx);
        Texts texts = Texts.of(ctx, caller.flatMap(Caller::user));
        return new Shell(texts, caller, pathWithQuery(ctx), caller.isPresent() ? store.workspaces() : java.util.List.of(),
                Optional.empty(), "");
    }

    static Texts texts(Context ctx) {
        return Texts.of(ctx, Caller.of(ctx).flatMap(Caller::user));
    }

    String render(String template, Map<String, Object> parameters) {
        StringOutput output = new StringOutput();
        templates.render(template, parameters, output);
        return output.toString();
    }

    void page(Context ctx, String template, Map<String, Object> parameters) {
        ctx.html(render(template, parameters));
    }

    static String pathWithQuery(Context ctx) {
        String query = ctx.queryString();
        return ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    /**
     * Shows a refused request's problem on its page with the error's status (4xx); trouble of the
     * server itself (internal, storage) goes on to the error handler as a 5xx instead.
     */
    static void refuse(Context ctx, ParcoursException error) {
        rethrowIfServerTrouble(error);
        ctx.status(ErrorResponses.status(error.code()));
    }

    /** Throws {@code error} again when it is the server's trouble rather than a problem of the request. */
    static void rethrowIfServerTrouble(ParcoursException error) {
        if (error.code() == ErrorCode.INTERNAL || error.code() == ErrorCode.STORAGE) {
            throw error;
        }
    }

    /** A local path to go back to after a form, never another site's address. */
    static String localTarget(String next, String fallback) {
        if (next == null || next.isEmpty() || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.length() > 2000 || next.chars().anyMatch(c -> c < 0x20)) {
            return fallback;
        }
        return next;
    }
}
