package io.parcours.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.parcours.io.Json;
import io.parcours.model.Event;
import io.parcours.model.EventType;
import io.parcours.model.Hypothesis;
import io.parcours.model.Keys;
import io.parcours.model.ParcoursException;
import io.parcours.store.EventLog;
import io.parcours.store.HypothesisRecords;
import io.parcours.store.ParcoursStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/experiments/{key}/variant?userId=...} (or {@code anonymousId}), with a write key:
 * the variant of an A/B hypothesis that this visitor sees, the same on every call (a hash of the
 * hypothesis and the id, over the variants' weights), so that the site can show it. While the
 * experiment runs, the exposure is recorded as a Segment-style "Experiment Viewed" event
 * ({@code experiment_id}, {@code variation_id}...), once per id and source (its message id is
 * derived from both); before it starts and after it ends every visitor gets the first variant (the
 * control) and nothing is recorded.
 */
final class ExperimentRoutes {
    private final ParcoursStore store;
    private final TrackingRoutes tracking;
    private final Clock clock;

    ExperimentRoutes(ParcoursStore store, TrackingRoutes tracking, Clock clock) {
        this.store = store;
        this.tracking = tracking;
        this.clock = clock;
    }

    List<TrackingRoutes.TrackingRoute> all() {
        return List.of(new TrackingRoutes.TrackingRoute(HandlerType.GET, "/v1/experiments/{key}/variant", this::variant));
    }

    private void variant(Context ctx) {
        EventLog.Origin origin = tracking.originOf(ctx);
        String key = ctx.pathParam("key");
        if (!Keys.isValid(key)) {
            throw ParcoursException.notFound("no experiment '" + key + "'");
        }
        Optional<String> userId = Optional.ofNullable(ctx.queryParam("userId")).filter(id -> !id.isBlank());
        Optional<String> anonymousId = Optional.ofNullable(ctx.queryParam("anonymousId")).filter(id -> !id.isBlank());
        String id = userId.or(() -> anonymousId).orElseThrow(() -> ParcoursException.invalid("userId",
                "give the visitor as ?userId=... or ?anonymousId=..."));
        if (id.length() > Event.MAX_ID_LENGTH) {
            throw ParcoursException.invalid("userId", "the id is longer than " + Event.MAX_ID_LENGTH + " characters");
        }
        HypothesisRecords.Stored stored = store.hypotheses().find(origin.workspace(), key)
                .filter(found -> found.hypothesis().test() == Hypothesis.Test.AB)
                .orElseThrow(() -> ParcoursException.notFound("no A/B experiment '" + key + "' in this source's workspace"));
        Hypothesis hypothesis = stored.hypothesis();
        boolean running = stored.state() == HypothesisRecords.State.RUNNING;
        Hypothesis.Variant variant = running ? hypothesis.variantOf(id) : hypothesis.variants().get(0);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("experiment", key);
        answer.put("variant", variant.key());
        answer.put("running", running);
        if (!running) {
            ctx.json(answer);
            return;
        }
        ObjectNode properties = Json.mapper().createObjectNode();
        properties.put("experiment_id", key);
        properties.put("experiment_name", hypothesis.change());
        properties.put("variation_id", variant.key());
        properties.put("variation_name", variant.key());
        long now = clock.millis();
        String messageId = "exposure-" + Integer.toHexString(key.hashCode()) + "-"
                + Long.toHexString(Double.doubleToLongBits(Keys.uniformHash(key + "\u0000" + id)));
        Event exposure = new Event(messageId, EventType.TRACK, "Experiment Viewed", userId, userId.isPresent()
                ? Optional.empty() : anonymousId, now, now, properties.toString(), "{}", "{}", Optional.empty(),
                Optional.empty());
        tracking.answerOnceStored(ctx, store.events().append(origin, List.of(exposure)), answer);
    }
}
