package io.parcours.server;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.parcours.io.segment.IpAddresses;
import io.parcours.io.segment.SegmentMessages;
import io.parcours.model.ErrorCode;
import io.parcours.model.EventType;
import io.parcours.model.ParcoursException;
import io.parcours.store.EventLog;
import io.parcours.store.ParcoursStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The Segment-compatible HTTP Tracking API under {@code /v1}: {@code track}, {@code identify},
 * {@code page}, {@code screen}, {@code group}, {@code alias}, {@code batch} and {@code import}, so
 * that any Segment, RudderStack or analytics.js client can send to Parcours unchanged.
 *
 * <p>A request is answered {@code 200 {"success": true}} only once its events are committed to
 * disk by the {@link EventLog}; the handler waits asynchronously, so a Jetty thread is not held
 * while the group commit runs. The answer is written by one of the server's threads, not by the
 * event log's writer that completes the commit: the writer goes straight on to the next group
 * instead of writing every answer of the last one first.
 *
 * <p>At most as many requests as there are cores parse their events at once; the others wait
 * (parked, taking no CPU) with their body read. The cores stay shared with the dashboard: a page
 * competes with a couple of ingesting threads, not with every connection that is sending.
 *
 * <p>A client (an address) that sent {@link #FAILED_KEY_BURST} wrong write keys gets 429 with
 * Retry-After for every write key it sends, right or wrong, until its allowance refills at one a
 * second: guessing keys costs a second a guess, and cannot churn the cache of checked keys.
 * Requests with a right key never count.
 */
final class TrackingRoutes {
    /** Wrong write keys a client may send at once, before one a second. */
    static final int FAILED_KEY_BURST = 30;

    private static final Map<String, Boolean> SUCCESS = Map.of("success", true);
    private static final String BASIC = "Basic ";

    private final ParcoursStore store;
    private final Clock clock;
    private final IpAddresses ipAddresses;
    private final Executor responders;
    private final RateLimiter failedKeys = new RateLimiter(FAILED_KEY_BURST, 1.0, 100_000, System::nanoTime);
    private final java.util.concurrent.Semaphore parsing = new java.util.concurrent.Semaphore(
            Runtime.getRuntime().availableProcessors(), true);

    /** {@code responders} write the answers once events are stored: the server's thread pool. */
    TrackingRoutes(ParcoursStore store, Clock clock, IpAddresses ipAddresses, Executor responders) {
        this.store = store;
        this.clock = clock;
        this.ipAddresses = ipAddresses;
        this.responders = responders;
    }

    /** A public route (tracking, surveys) outside the token-checked API, as the server registers it. */
    record TrackingRoute(HandlerType method, String path, io.javalin.http.Handler handler) {}

    List<TrackingRoute> all() {
        List<TrackingRoute> routes = new java.util.ArrayList<>();
        for (EventType type : EventType.values()) {
            routes.add(new TrackingRoute(HandlerType.POST, "/v1/" + type.id(), ctx -> single(ctx, type)));
        }
        routes.add(new TrackingRoute(HandlerType.POST, "/v1/batch", this::batch));
        routes.add(new TrackingRoute(HandlerType.POST, "/v1/import", this::batch));
        return routes;
    }

    private void single(Context ctx, EventType type) {
        Optional<EventLog.Origin> fromHeader = originFromHeader(ctx);
        byte[] body = ctx.bodyAsBytes();
        parsing(() -> {
            SegmentMessages.Parsed parsed = SegmentMessages.single(body, type, clock.millis());
            store(ctx, fromHeader.orElseGet(() -> originFromBody(ctx, parsed)), parsed);
        });
    }

    private void batch(Context ctx) {
        Optional<EventLog.Origin> fromHeader = originFromHeader(ctx);
        byte[] body = ctx.bodyAsBytes();
        parsing(() -> {
            SegmentMessages.Parsed parsed = SegmentMessages.batch(body, clock.millis());
            store(ctx, fromHeader.orElseGet(() -> originFromBody(ctx, parsed)), parsed);
        });
    }

    /** Parses and queues with one of the permits (see the class comment); the commit is awaited without it. */
    private void parsing(Runnable work) {
        parsing.acquireUninterruptibly();
        try {
            work.run();
        } finally {
            parsing.release();
        }
    }

    private void store(Context ctx, EventLog.Origin origin, SegmentMessages.Parsed parsed) {
        List<io.parcours.model.Event> events = parsed.events();
        if (ipAddresses != IpAddresses.KEEP) {
            events = events.stream().map(ipAddresses::apply).toList();
        }
        answerOnceStored(ctx, store.events().append(origin, events), SUCCESS);
    }

    /**
     * Answers {@code answer} as JSON once {@code stored} completes (an error if it fails), on one of
     * the {@code responders}: Javalin writes the response on the thread that completes the future.
     */
    void answerOnceStored(Context ctx, CompletableFuture<?> stored, Object answer) {
        ctx.future(() -> stored.thenAcceptAsync(result -> ctx.json(answer), responders));
    }

    /** The source of a request that carries its write key in the Authorization header or as {@code ?writeKey=}. */
    EventLog.Origin originOf(Context ctx) {
        return originFromHeader(ctx).orElseGet(() -> origin(ctx, Optional.ofNullable(ctx.queryParam("writeKey"))
                .orElseThrow(() -> unauthenticated("no write key: send it as HTTP Basic user name "
                        + "(Authorization: Basic base64('<write key>:')) or as ?writeKey="))));
    }

    /** The source of a request authenticated Segment's way: HTTP Basic with the write key as user name. */
    private Optional<EventLog.Origin> originFromHeader(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        if (!header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            throw unauthenticated("the Authorization header must be 'Basic ' and base64 of '<write key>:'");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw unauthenticated("the Authorization header is not valid base64: send base64 of '<write key>:'");
        }
        int colon = decoded.indexOf(':');
        String key = colon < 0 ? decoded : decoded.substring(0, colon);
        return Optional.of(origin(ctx, key));
    }

    private EventLog.Origin originFromBody(Context ctx, SegmentMessages.Parsed parsed) {
        return origin(ctx, parsed.writeKey().orElseThrow(() -> unauthenticated("no write key: send it as HTTP Basic user "
                + "name (Authorization: Basic base64('<write key>:')) or as 'writeKey' in the body")));
    }

    private EventLog.Origin origin(Context ctx, String writeKey) {
        String client = ctx.ip();
        if (failedKeys.exhausted(client)) {
            long seconds = Math.max(1, failedKeys.retryAfterSeconds(client));
            ctx.header("Retry-After", Long.toString(seconds));
            throw new ParcoursException(ErrorCode.OVERLOADED, "too many wrong write keys from this address: try again in "
                    + seconds + " s with a valid key");
        }
        Optional<EventLog.Origin> origin = store.originOfWriteKey(writeKey);
        if (origin.isEmpty()) {
            failedKeys.allow(client);
            throw unauthenticated("this write key is not valid or was revoked: create one with 'parcours keys create'");
        }
        return origin.get();
    }

    private static ParcoursException unauthenticated(String message) {
        return new ParcoursException(ErrorCode.UNAUTHENTICATED, message);
    }
}
