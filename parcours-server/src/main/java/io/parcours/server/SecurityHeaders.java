package io.parcours.server;

import io.javalin.http.Context;
import java.util.function.BiConsumer;

/**
 * The security headers of every response, set in one place before any handler runs, so that no
 * page, API answer, asset or error goes without them. Three kinds of response, by path:
 *
 * <ul>
 *   <li>the dashboard, the API and everything else: scripts, styles, images and requests only from
 *       Parcours itself, no inline script or style, no plugin, forms only to Parcours, and no
 *       framing by any site (clickjacking);
 *   <li>the hosted survey page {@code /s/{token}}: no script at all, its one style sheet, its form
 *       posting only to Parcours; any site may frame it, since teams may show it inside their own
 *       pages (all it holds is one invitation's questions, which the framing site's visitor was
 *       given the link to anyway);
 *   <li>the public routes under {@code /v1} and the widget script {@code /widget.js}: data and a
 *       script for customers' sites, with nothing to run or frame.
 * </ul>
 *
 * Every response also says {@code nosniff} (a browser takes each answer for the type it says it
 * is) and sends no referrer to other sites. Handlers may narrow a policy further (the survey
 * builder's preview adds a sandbox), never widen it. Immutable, so thread-safe.
 */
final class SecurityHeaders {
    /**
     * The dashboard: everything from Parcours itself. {@code style-src-attr 'unsafe-inline'} lets
     * ECharts draw (its SVG renderer and its tooltips write style attributes); style sheets and
     * {@code <style>} elements stay limited to Parcours's own files (htmx is told not to add its
     * own, in layout.jte). SecurityBrowserTest shows the pages working under it, and which part
     * fails without that allowance.
     */
    static final String DASHBOARD_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "style-src-attr 'unsafe-inline'; img-src 'self'; font-src 'self'; connect-src 'self'; "
            + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /** The hosted survey page: no script, its style sheet, its form posted to Parcours, framed by anyone. */
    static final String SURVEY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors *";

    /** The survey page as the builder previews it: sandboxed, and its form goes nowhere. */
    static final String SURVEY_PREVIEW_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'; sandbox";

    /** Data and scripts for other sites (JSON under /v1, the widget script): nothing to run or frame. */
    static final String PUBLIC_API_POLICY = "default-src 'none'; frame-ancestors 'none'";

    /** How long a browser that saw Parcours over HTTPS keeps to HTTPS for it: a year. */
    static final String STRICT_TRANSPORT = "max-age=31536000";

    private final boolean https;

    /** The headers of a server whose public URL is https ({@code https}), or not. */
    SecurityHeaders(boolean https) {
        this.https = https;
    }

    /** Sets the headers for the request's path: registered before every other handler. */
    void apply(Context ctx) {
        apply(ctx.path(), ctx::header);
    }

    /**
     * Sets the headers for a response to {@code path} through {@code header} (name, value). Behind
     * an https public URL, browsers are also told to use nothing but HTTPS (HSTS).
     */
    void apply(String path, BiConsumer<String, String> header) {
        if (https) {
            header.accept("Strict-Transport-Security", STRICT_TRANSPORT);
        }
        header.accept("X-Content-Type-Options", "nosniff");
        if (isSurveyPage(path)) {
            header.accept("Content-Security-Policy", SURVEY_POLICY);
            // The link is the customer's credential: it goes to no other site, not even as a referrer.
            header.accept("Referrer-Policy", "no-referrer");
            return;
        }
        header.accept("Referrer-Policy", "same-origin");
        header.accept("X-Frame-Options", "DENY");
        header.accept("Content-Security-Policy", path.startsWith("/v1/") || path.equals("/widget.js")
                ? PUBLIC_API_POLICY : DASHBOARD_POLICY);
    }

    private static boolean isSurveyPage(String path) {
        return path.startsWith("/s/");
    }
}
