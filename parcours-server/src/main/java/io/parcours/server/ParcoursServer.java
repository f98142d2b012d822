package io.parcours.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.parcours.io.Json;
import io.parcours.io.builtin.MapSchema;
import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import io.parcours.store.ParcoursStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Parcours HTTP server: the REST API under {@code /api} (bearer tokens) and its OpenAPI
 * description; the public routes under {@code /v1} (tracking, survey answers, experiment variants,
 * with write keys or survey tokens), the hosted survey page {@code /s/{token}} and the widget
 * script; {@code /health}, the map JSON Schema, and the pages that list the maps and draw one.
 * In the background it turns events into survey invitations, mails them when SMTP is set, and
 * checks touchpoints against their targets. Start it on a port (0 picks a free one) and close it
 * when done.
 */
public final class ParcoursServer implements AutoCloseable {
    /** The request attribute holding when a request arrived (System.nanoTime), for its latency metric. */
    private static final String REQUEST_STARTED = "parcours.requestStarted";

    /** The largest request body accepted unless configured otherwise: ample for any map file. */
    public static final long MAX_REQUEST_BYTES = 8L * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ParcoursServer.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("io.parcours.access");

    /** How often the survey triggers read the new events. */
    static final java.time.Duration TRIGGER_INTERVAL = java.time.Duration.ofSeconds(2);
    /** How often due survey e-mails are sent. */
    static final java.time.Duration MAIL_INTERVAL = java.time.Duration.ofSeconds(5);
    /** How often touchpoints are checked against their targets, unless configured otherwise. */
    static final java.time.Duration ALERT_INTERVAL = java.time.Duration.ofMinutes(10);
    /** How often data older than the workspaces' retention periods is deleted. */
    static final java.time.Duration RETENTION_INTERVAL = java.time.Duration.ofHours(1);

    private final Javalin javalin;
    private final String host;
    private final Journeys journeys;
    private final SurveyTriggers triggers;
    private final Mailer mailer;
    private final AlertMonitor alerts;
    private final Retention retention;
    private final List<PageRoute> pages;

    private ParcoursServer(Javalin javalin, String host, Journeys journeys, SurveyTriggers triggers, Mailer mailer,
            AlertMonitor alerts, Retention retention, List<PageRoute> pages) {
        this.retention = retention;
        this.pages = List.copyOf(pages);
        this.javalin = javalin;
        this.host = host;
        this.journeys = journeys;
        this.triggers = triggers;
        this.mailer = mailer;
        this.alerts = alerts;
    }

    /** Starts a server on {@code host}:{@code port} over {@code store}; port 0 picks a free port. */
    public static ParcoursServer start(ParcoursStore store, String host, int port) {
        return start(store, host, port, ServerOptions.defaults());
    }

    /** Starts a server with {@code options}: the public URL, SMTP for survey e-mails, the clock. */
    public static ParcoursServer start(ParcoursStore store, String host, int port, ServerOptions options) {
        ObjectMapper json = Json.mapper();
        Journeys journeys = Journeys.follow(store);
        ServerOptions.Limits limits = options.limits();
        ApiRoutes api = new ApiRoutes(store, journeys, json, limits);
        List<Route> routes = api.all();
        boolean secureCookies = options.publicUrl().filter(url -> url.startsWith("https://")).isPresent();
        Authentication authentication = new Authentication(store, options.clock(), secureCookies, limits.sessionLifetime());
        People people = new People(store, authentication, json, limits);
        routes.addAll(people.routes(options.clock()));
        Retention retention = new Retention(store, options.clock());
        routes.addAll(new PrivacyRoutes(store, new CustomerData(store, journeys, json, options.clock()), retention, json)
                .routes());
        routes.addAll(new BackupRoutes(store, options.clock()).routes());
        JsonNode openApi = OpenApiDocument.build(json, routes, version());
        TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
        Dashboard dashboard = new Dashboard(store, templates, authentication);
        List<PageRoute> pages = new java.util.ArrayList<>();
        pages.addAll(new PeoplePages(dashboard, people, options.clock(), limits).routes());
        pages.addAll(new MapPages(dashboard, api.kpis(), api.analyses(), json, options.clock()).routes());
        pages.addAll(new MapEditorPages(dashboard, json).routes());
        pages.addAll(new WorkspaceEditorPages(dashboard, json).routes());
        pages.addAll(new AnalyticsPages(dashboard, api, journeys, json).routes());
        pages.addAll(new LoadedResultsPages(dashboard, api, json).routes());
        pages.addAll(new MeasurementPages(dashboard, api.kpis(), api.hypothesisTests(), json, options.clock()).routes());
        ServerMetrics metrics = new ServerMetrics(store, journeys, api.analyses().figures());
        SecurityHeaders securityHeaders = new SecurityHeaders(secureCookies);
        org.eclipse.jetty.util.thread.ThreadPool threads = io.javalin.util.ConcurrencyUtil.jettyThreadPool(
                "JettyServerThreadPool", Math.min(8, limits.threads()), limits.threads(), false);
        Javalin javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = limits.maxRequestBytes();
            config.jetty.threadPool = threads;
            // ctx.ip(), which every per-client limit counts by: the client behind a trusted proxy.
            config.contextResolver.ip = ctx -> ClientAddress.resolve(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"),
                    options.trustedProxies());
            // Requests Jetty refuses before they reach a route (a malformed URI) also get a JSON error.
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler(securityHeaders)));
            config.jsonMapper(new JavalinJackson(json, false));
            config.staticFiles.enableWebjars();
            config.routes.before(ctx -> ctx.attribute(REQUEST_STARTED, arrivedAt(ctx.req())));
            config.routes.before(securityHeaders::apply);
            config.routes.after(ctx -> {
                Long started = ctx.attribute(REQUEST_STARTED);
                if (started != null) {
                    io.javalin.router.Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
                    String method = ctx.method().name();
                    String route = route(ctx);
                    long nanos = System.nanoTime() - started;
                    metrics.record(endpoint == null ? method : endpoint, method, route, ctx.status().getCode(), nanos);
                    if (options.accessLog()) {
                        ACCESS.atInfo().addKeyValue("method", method).addKeyValue("route", route)
                                .addKeyValue("status", ctx.status().getCode())
                                .addKeyValue("durationMs", nanos / 1_000_000).log("request");
                    }
                }
            });
            config.routes.before("/api/*", authentication::checkApi);
            config.routes.before("/metrics", authentication::checkApi);
            config.routes.before("/api", authentication::checkApi);
            // The tracking routes first: a request is matched against the routes in the order they
            // were added, one pattern at a time, and ingestion is most of the requests.
            TrackingRoutes tracking = new TrackingRoutes(store, options.clock(), options.ipAddresses(), threads);
            for (TrackingRoutes.TrackingRoute route : tracking.all()) {
                config.routes.addHttpHandler(route.method(), route.path(), route.handler());
            }
            for (Route route : routes) {
                config.routes.addHttpHandler(route.method(), route.path(), Authentication.guard(route.role(), route.handler()));
            }
            for (PageRoute page : pages) {
                config.routes.addHttpHandler(page.method(), page.path(), dashboard.wrap(page));
            }
            SurveyRoutes surveys = new SurveyRoutes(store, journeys, tracking, options.clock(), limits,
                    page -> dashboard.render("survey.jte", Map.of("page", page)));
            config.routes.before("/s/*", surveys::limit);
            config.routes.before("/v1/surveys/*", surveys::limit);
            for (TrackingRoutes.TrackingRoute route : new ExperimentRoutes(store, tracking, options.clock()).all()) {
                config.routes.addHttpHandler(route.method(), route.path(), route.handler());
            }
            for (TrackingRoutes.TrackingRoute route : surveys.all()) {
                config.routes.addHttpHandler(route.method(), route.path(), route.handler());
            }
            config.routes.get("/api/openapi.json", ctx -> ctx.json(openApi));
            config.routes.get("/health", ctx -> ctx.json(new ApiViews.Health("ok", version())));
            config.routes.get("/ready", ctx -> ready(ctx, store));
            config.routes.get("/metrics", Authentication.guard(io.parcours.model.Role.ADMIN, ctx -> ctx
                    .contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.text())));
            config.routes.get("/schema/" + MapSchema.FILE_NAME,
                    ctx -> ctx.contentType("application/schema+json").result(MapSchema.text()));
            config.routes.get("/assets/parcours.css", ctx -> ctx.contentType("text/css; charset=utf-8")
                    .header("Cache-Control", "max-age=3600").result(resource("/assets/parcours.css")));
            // The public API is called from customers' browsers on the team's own sites: any origin may
            // call it, without credentials (write keys and survey tokens travel in the request).
            config.routes.before("/v1/*", ctx -> ctx.header("Access-Control-Allow-Origin", "*"));
            config.routes.addHttpHandler(io.javalin.http.HandlerType.OPTIONS, "/v1/*", ctx -> ctx
                    .header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                    .header("Access-Control-Allow-Headers", "Content-Type, Authorization")
                    .header("Access-Control-Max-Age", "86400").status(204));
            config.routes.get("/widget.js", ctx -> ctx.contentType("text/javascript; charset=utf-8")
                    .header("Cache-Control", "max-age=3600").header("Access-Control-Allow-Origin", "*")
                    .result(resource("/assets/widget.js")));
            config.routes.get("/assets/survey.css", ctx -> ctx.contentType("text/css; charset=utf-8")
                    .header("Cache-Control", "max-age=3600").result(resource("/assets/survey.css")));
            config.routes.get("/assets/dashboard.js", ctx -> ctx.contentType("text/javascript; charset=utf-8")
                    .header("Cache-Control", "max-age=3600").result(resource("/assets/dashboard.js")));
            config.routes.exception(ParcoursException.class, (error, ctx) -> fail(ctx, error));
            config.routes.exception(HttpResponseException.class, (error, ctx) -> fail(ctx, fromHttp(error, ctx,
                    limits.maxRequestBytes())));
            config.routes.exception(java.util.concurrent.CompletionException.class, (error, ctx) -> {
                if (error.getCause() instanceof ParcoursException parcours) {
                    fail(ctx, parcours);
                } else {
                    LOG.error("unexpected failure on {} {}", ctx.method(), loggedPath(ctx), error);
                    fail(ctx, new ParcoursException(ErrorCode.INTERNAL,
                            "Parcours failed on this request; the server log has the details"));
                }
            });
            config.routes.exception(Exception.class, (error, ctx) -> {
                Optional<ParcoursException> clientFault = RequestFaults.of(error);
                if (clientFault.isPresent()) {
                    fail(ctx, clientFault.get());
                    return;
                }
                LOG.error("unexpected failure on {} {}", ctx.method(), loggedPath(ctx), error);
                fail(ctx, new ParcoursException(ErrorCode.INTERNAL,
                        "Parcours failed on this request; the server log has the details"));
            });
        });
        try {
            javalin.start(host, port);
        } catch (RuntimeException e) {
            Throwable root = rootCause(e);
            String reason = root instanceof java.net.BindException ? "the port is taken or not allowed"
                    : root instanceof java.nio.channels.UnresolvedAddressException ? "no such address"
                    : String.valueOf(root.getMessage());
            journeys.close();
            throw ParcoursException.invalid("port", "cannot listen on " + host + ":" + port + " (" + reason
                    + "): choose another --port or --host");
        }
        api.kpis().warmUp();
        SurveyTriggers triggers = SurveyTriggers.start(store, journeys, options.clock(), TRIGGER_INTERVAL);
        String listening = "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + javalin.port();
        Mailer mailer = options.smtp().map(smtp -> Mailer.start(store, smtp,
                () -> options.publicUrl().orElse(listening), options.clock(), MAIL_INTERVAL)).orElse(null);
        AlertMonitor alerts = new AlertMonitor(store, api.kpis(), options.clock(), () -> options.publicUrl().orElse(listening),
                Optional.ofNullable(mailer)).every(limits.alertInterval());
        retention.every(RETENTION_INTERVAL);
        return new ParcoursServer(javalin, host, journeys, triggers, mailer, alerts, retention, pages);
    }

    /** The first admin's login, made on first start: printed once, like the admin token. */
    public record FirstAdmin(String email, String password) {}

    /** The address the first admin logs in with unless another is given. */
    public static final String FIRST_ADMIN_EMAIL = "admin@parcours.local";

    /** Creates the first admin user when there is no user yet, and returns the login to print once; empty otherwise. */
    public static Optional<FirstAdmin> ensureFirstAdmin(ParcoursStore store, String email) {
        return People.ensureFirstAdmin(store, email).map(created -> new FirstAdmin(created.user().email(),
                created.password()));
    }

    /**
     * The demo's admin: made when missing, and given a new password at every demo start, so the demo
     * always prints a login that works.
     */
    public static FirstAdmin demoAdmin(ParcoursStore store, String email) {
        People.checkEmail(email);
        String password = Passwords.generate();
        io.parcours.store.User admin = store.users().byEmail(email).orElseGet(() ->
                store.users().create(email, "Admin", io.parcours.model.Role.ADMIN, Passwords.hash(password)));
        store.users().setPassword(admin.id(), Passwords.hash(password));
        if (!admin.active()) {
            store.users().setDisabled(admin.id(), false);
        }
        if (admin.role() != io.parcours.model.Role.ADMIN) {
            store.users().update(admin.id(), admin.name(), io.parcours.model.Role.ADMIN, admin.language());
        }
        store.users().clearFailures(email);
        return new FirstAdmin(admin.email(), password);
    }

    /** Creates the admin token when no active token exists and returns its secret, to print once; empty otherwise. */
    public static Optional<String> ensureAdminToken(ParcoursStore store) {
        if (store.hasActiveToken()) {
            return Optional.empty();
        }
        return Optional.of(store.createToken("admin", io.parcours.model.Role.ADMIN).secret());
    }

    /** The dashboard's pages and form actions, with the role each needs. */
    List<PageRoute> pages() {
        return pages;
    }

    /** Every route the server answers, as "METHOD /path/{param}": the pages, the API, the public routes, the assets. */
    List<String> endpoints() {
        return javalin.unsafe.internalRouter.allHttpHandlers().stream().map(parsed -> parsed.endpoint)
                .filter(endpoint -> ROUTE_METHODS.contains(endpoint.method))
                .map(endpoint -> endpoint.method.name() + " " + endpoint.path).distinct().toList();
    }

    private static final java.util.Set<io.javalin.http.HandlerType> ROUTE_METHODS = java.util.Set.of(
            io.javalin.http.HandlerType.GET, io.javalin.http.HandlerType.POST, io.javalin.http.HandlerType.PUT,
            io.javalin.http.HandlerType.PATCH, io.javalin.http.HandlerType.DELETE, io.javalin.http.HandlerType.OPTIONS);

    /** The paths of the dashboard's pages a logged-in person opens (GET), with their {parameters}: for load tools. */
    public List<String> pagePaths() {
        return pages.stream().filter(page -> page.method() == io.javalin.http.HandlerType.GET && page.role().isPresent())
                .map(PageRoute::path).toList();
    }

    public int port() {
        return javalin.port();
    }

    public String url() {
        String shown = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return "http://" + shown + ":" + port();
    }

    @Override
    public void close() {
        alerts.close();
        retention.close();
        if (mailer != null) {
            mailer.close();
        }
        triggers.close();
        javalin.stop();
        journeys.close();
    }

    /**
     * When Jetty began to receive the request (System.nanoTime), so that its latency counts the
     * wait for a thread to take it up, not only the handling; now when Jetty does not say.
     */
    private static long arrivedAt(jakarta.servlet.http.HttpServletRequest request) {
        long now = System.nanoTime();
        org.eclipse.jetty.ee10.servlet.ServletContextRequest jetty =
                org.eclipse.jetty.ee10.servlet.ServletContextRequest.getServletContextRequest(request);
        long begin = jetty == null ? 0 : jetty.getBeginNanoTime();
        long waited = now - begin;
        return begin != 0 && waited >= 0 && waited < java.util.concurrent.TimeUnit.HOURS.toNanos(1) ? begin : now;
    }

    /** The request's route pattern for logs and metrics, never its path: paths carry survey tokens and customer ids. */
    private static String route(Context ctx) {
        io.javalin.router.Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
        return endpoint == null ? "unmatched" : endpoint.path;
    }

    private static void fail(Context ctx, ParcoursException error) {
        int status = ErrorResponses.status(error.code());
        if (error.code() == ErrorCode.OVERLOADED && ctx.res().getHeader("Retry-After") == null) {
            ctx.header("Retry-After", "1");
        }
        if (status >= 500) {
            LOG.warn("{} {} answered {}: {}", ctx.method(), loggedPath(ctx), status, error.getMessage());
        }
        if (ctx.path().startsWith("/api") || ctx.path().equals("/health") || ctx.path().equals("/ready")
                || ctx.path().equals("/metrics") || !acceptsHtml(ctx)) {
            ctx.status(status).json(ErrorResponses.body(error));
        } else {
            ctx.status(status).html(Pages.errorPage(status, error.getMessage()));
        }
    }

    /**
     * The path of a request as the log shows it: its route with the parameters filled in, except a
     * survey token (the customer's credential), which stays {@code {token}}; the query (which may
     * hold a write key) is never shown.
     */
    static String loggedPath(Context ctx) {
        io.javalin.router.Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
        if (endpoint == null) {
            return loggedPath(ctx.path());
        }
        return loggedPath(endpoint.path, name -> ctx.pathParamMap().getOrDefault(name, "?"));
    }

    /** A path no route took (refused before its route ran): a survey path still hides its token. */
    static String loggedPath(String path) {
        String shown = path.replaceFirst("^/s/[^/]+", "/s/{token}")
                .replaceFirst("^/v1/surveys/(?!pending$)[^/]+", "/v1/surveys/{token}");
        return shown.length() > 200 ? shown.substring(0, 200) + "..." : shown;
    }

    /** The route {@code pattern} with each parameter but {@code token} replaced by its value. */
    static String loggedPath(String pattern, java.util.function.UnaryOperator<String> parameter) {
        java.util.regex.Matcher names = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (names.find()) {
            String name = names.group(1);
            names.appendReplacement(path, java.util.regex.Matcher.quoteReplacement(name.equals("token") ? names.group()
                    : parameter.apply(name)));
        }
        names.appendTail(path);
        return path.toString();
    }

    private static boolean acceptsHtml(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("text/html");
    }

    private static ParcoursException fromHttp(HttpResponseException error, Context ctx, long maxRequestBytes) {
        if (error.getStatus() == 404 || error.getStatus() == 405) {
            return ParcoursException.notFound("no route " + ctx.method() + " " + ctx.path()
                    + (ctx.path().startsWith("/api") ? ": see /api/openapi.json for the routes" : ""));
        }
        ErrorCode code = switch (error.getStatus()) {
            case 413 -> ErrorCode.TOO_LARGE;
            case 404 -> ErrorCode.NOT_FOUND;
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.FORBIDDEN;
            default -> error.getStatus() >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_INPUT;
        };
        String message = code == ErrorCode.TOO_LARGE
                ? "the request body is larger than " + (maxRequestBytes >= 1024 * 1024 ? maxRequestBytes / (1024 * 1024) + " MB"
                        : maxRequestBytes / 1024 + " KB")
                : error.getMessage();
        return new ParcoursException(code, message);
    }

    private static Throwable rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /**
     * Whether this instance should get traffic: 200 when it runs and its ingestion queue has room,
     * 503 with the reason otherwise (shutting down; the queue nearly full, when senders already get
     * 429 and a load balancer should prefer another instance; the disk full or read-only, or the
     * database failing to load events).
     */
    private static void ready(io.javalin.http.Context ctx, ParcoursStore store) {
        io.parcours.store.EventLog.Stats events = store.events().stats();
        Optional<String> reason = !events.running() ? Optional.of("shutting down")
                : events.pending() >= events.maxPending() * 9 / 10
                        ? Optional.of("the ingestion queue is nearly full (" + events.pending() + " of " + events.maxPending()
                                + " events waiting)")
                        : store.events().storageProblem();
        ctx.status(reason.isPresent() ? 503 : 200).json(new ApiViews.Readiness(reason.isPresent() ? "unavailable" : "ready",
                version(), events.pending(), events.loadLag(), reason));
    }

    static String version() {
        String version = ParcoursServer.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    static byte[] resource(String path) {
        try (InputStream in = ParcoursServer.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("resource missing from the build: " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The HTML error page, for a browser that asked for a page. */
    static final class Pages {
        private Pages() {}

        static String errorPage(int status, String message) {
            String escaped = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
            return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + status
                    + " · Parcours</title><link rel=\"stylesheet\" href=\"/assets/parcours.css\"></head><body>"
                    + "<header class=\"top\"><a href=\"/\" class=\"brand\">Parcours</a></header><main><h1>" + status
                    + "</h1><p>" + escaped + "</p><p><a href=\"/\">Back to the journey maps</a></p></main></body></html>";
        }
    }
}
