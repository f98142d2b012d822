package io.parcours.server;

import static io.parcours.server.ApiRoutes.WS;
import static io.parcours.server.ApiRoutes.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.parcours.model.ParcoursException;
import io.parcours.model.Role;
import io.parcours.store.ParcoursStore;
import io.parcours.store.PrivacyRecords;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API of customers' rights and retention, for admins: a customer's data as JSON (access),
 * erasing a customer, the record of erasures, and each workspace's retention periods with a purge
 * on demand (the server also purges every hour).
 */
final class PrivacyRoutes {
    private final ParcoursStore store;
    private final CustomerData customers;
    private final Retention retention;
    private final ObjectMapper json;

    PrivacyRoutes(ParcoursStore store, CustomerData customers, Retention retention, ObjectMapper json) {
        this.store = store;
        this.customers = customers;
        this.retention = retention;
        this.json = json;
    }

    List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        routes.add(Route.get(WS + "/customers/{customer}/data").role(Role.ADMIN).tag("privacy")
                .summary("Everything held about a customer (right of access), named by any of their ids: every id "
                        + "stitched to them, every event as stored, every survey invitation and answer, as one JSON "
                        + "document to download")
                .handle(this::export));
        routes.add(Route.delete(WS + "/customers/{customer}").role(Role.ADMIN).tag("privacy")
                .summary("Erase a customer (right to erasure), named by any of their ids: every event carrying one of "
                        + "their ids, from the database, the journal and the journey index; their survey invitations "
                        + "and answers; their ids in loaded results. Answers what was erased")
                .returns("Erased").handle(ctx -> ctx.json(customers.erase(ws(ctx), ctx.pathParam("customer"),
                        Caller.require(ctx).name()))));
        routes.add(Route.get(WS + "/erasures").role(Role.ADMIN).tag("privacy")
                .summary("The erasures done in the workspace, newest first: when, who asked, how much was erased "
                        + "(never the customer's ids)")
                .returns("Erasure[]").handle(ctx -> ctx.json(store.privacy().erasures(ws(ctx)))));
        routes.add(Route.get(WS + "/retention").role(Role.ADMIN).tag("privacy")
                .summary("How many days each kind of data is kept (events, answers, invitations); null: forever")
                .returns("RetentionPeriods").handle(ctx -> ctx.json(periods(ws(ctx)))));
        routes.add(Route.put(WS + "/retention").role(Role.ADMIN).tag("privacy")
                .summary("Set retention periods in days, such as {\"events\": 395, \"answers\": 730, \"invitations\": 90}; "
                        + "null keeps that kind forever, a kind left out keeps its period. Older data is deleted within "
                        + "the hour, or at once with POST .../retention/purge")
                .body("RetentionPeriods").returns("RetentionPeriods").handle(this::setPeriods));
        routes.add(Route.post(WS + "/retention/purge").role(Role.ADMIN).tag("privacy")
                .summary("Delete now what is older than the workspace's retention periods; answers how much went")
                .returns("Purged").handle(ctx -> {
                    store.requireWorkspace(ws(ctx));
                    ctx.json(retention.purge(ws(ctx)));
                }));
        return routes;
    }

    /** The customer's data, written to a temporary file first, so that an error is answered as one. */
    private void export(Context ctx) throws IOException {
        String workspace = ws(ctx);
        String customer = ctx.pathParam("customer");
        Path file = Files.createTempFile("parcours-customer-", ".json");
        try {
            try (OutputStream out = Files.newOutputStream(file)) {
                customers.export(workspace, customer, out);
            }
            ctx.contentType("application/json; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"customer-data.json\"")
                    .header("Cache-Control", "no-store")
                    .result(Files.newInputStream(file, StandardOpenOption.DELETE_ON_CLOSE));
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** A workspace's retention periods in days; null: kept forever. */
    record RetentionPeriods(Integer events, Integer answers, Integer invitations) {}

    private RetentionPeriods periods(String workspace) {
        Map<PrivacyRecords.Kind, Integer> days = store.privacy().retention(workspace);
        return new RetentionPeriods(days.get(PrivacyRecords.Kind.EVENTS), days.get(PrivacyRecords.Kind.ANSWERS),
                days.get(PrivacyRecords.Kind.INVITATIONS));
    }

    private void setPeriods(Context ctx) {
        String workspace = ws(ctx);
        JsonNode body;
        try {
            body = json.readTree(ApiRoutes.body(ctx));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ParcoursException.invalid("", "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(body instanceof ObjectNode object) || object.isEmpty()) {
            throw ParcoursException.invalid("", "send the periods in days as {\"events\": 395, \"answers\": 730, "
                    + "\"invitations\": 90}; null keeps a kind forever");
        }
        Map<PrivacyRecords.Kind, Optional<Integer>> changes = new java.util.EnumMap<>(PrivacyRecords.Kind.class);
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            PrivacyRecords.Kind kind = PrivacyRecords.Kind.fromId(field.getKey())
                    .orElseThrow(() -> PrivacyRecords.Kind.unknown(field.getKey()));
            JsonNode value = field.getValue();
            if (value.isNull()) {
                changes.put(kind, Optional.empty());
            } else if (value.isIntegralNumber() && value.canConvertToInt()) {
                int days = value.asInt();
                if (days < 1 || days > PrivacyRecords.MAX_DAYS) {
                    throw ParcoursException.invalid(kind.id(), "a retention period is from 1 to " + PrivacyRecords.MAX_DAYS
                            + " days, not " + days + "; null keeps " + kind.id() + " forever");
                }
                changes.put(kind, Optional.of(days));
            } else {
                throw ParcoursException.invalid(kind.id(), kind.id() + " must be a whole number of days, or null to keep "
                        + kind.id() + " forever, not " + value);
            }
        }
        changes.forEach((kind, days) -> store.privacy().setRetention(workspace, kind, days));
        ctx.json(periods(workspace));
    }
}
