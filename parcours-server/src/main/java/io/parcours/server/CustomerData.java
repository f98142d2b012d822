package io.parcours.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parcours.model.Event;
import io.parcours.model.ParcoursException;
import io.parcours.store.EventLog;
import io.parcours.store.Invitation;
import io.parcours.store.ParcoursStore;
import io.parcours.store.PrivacyRecords;
import io.parcours.store.SurveyAnswer;
import io.parcours.store.SurveyRecords;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A customer's rights over what Parcours holds about them. <b>Access</b>: every id stitched to
 * the customer, every event carrying one of them (as stored, with its properties, traits and
 * context), every survey invitation and answer, as one JSON document. <b>Erasure</b>: all of that
 * deleted, from the events table, the journal and the journey index (rebuilt without them), the
 * survey records, and the results loaded from elsewhere that name the customer; the ids' numbers
 * stay, renamed, so that every other customer keeps theirs. Used by the API and the command line.
 */
public final class CustomerData {
    /** What an erasure removed: how many ids, events, invitations, answers, and loaded results that named them. */
    public record Erased(String customer, int ids, long events, int invitations, int answers, int results) {}

    private final ParcoursStore store;
    private final Journeys journeys;
    private final ObjectMapper json;
    private final Clock clock;

    public CustomerData(ParcoursStore store, Journeys journeys, ObjectMapper json, Clock clock) {
        this.store = store;
        this.journeys = journeys;
        this.json = json;
        this.clock = clock;
    }

    /** Every id of the customer named by {@code customer}, checked; not found when nothing is held about them. */
    private List<String> idsOf(String workspace, String customer) {
        if (customer.isEmpty() || customer.length() > Event.MAX_ID_LENGTH) {
            throw ParcoursException.invalid("customer", "give a user id or anonymous id of at most "
                    + Event.MAX_ID_LENGTH + " characters");
        }
        store.requireWorkspace(workspace);
        return journeys.idsOf(workspace, customer);
    }

    /**
     * Writes everything held about the customer named by {@code customer} (any of their ids) as
     * one JSON document; not found when nothing is held.
     */
    public void export(String workspace, String customer, OutputStream out) {
        List<String> ids = idsOf(workspace, customer);
        SurveyRecords.CustomerSurveys surveys = store.surveys().ofCustomer(workspace, ids);
        try (JsonGenerator generator = json.getFactory().createGenerator(out)) {
            generator.useDefaultPrettyPrinter();
            generator.writeStartObject();
            generator.writeStringField("workspace", workspace);
            generator.writeStringField("customer", journeys.customerOf(workspace, customer));
            generator.writeArrayFieldStart("ids");
            for (String id : ids) {
                generator.writeString(id);
            }
            generator.writeEndArray();
            generator.writeStringField("exportedAt", Instant.now(clock).toString());
            generator.writeArrayFieldStart("events"); // in time order, ties in arrival order
            long[] events = {0};
            // Where the journey index says the customer's events lie, when it knows; else the whole table.
            Journeys.EventRange range = journeys.rangeOf(workspace, customer)
                    .orElse(new Journeys.EventRange(0, Long.MAX_VALUE, 0));
            store.forEachEventOf(workspace, ids, range.first(), range.last(), stored -> {
                try {
                    writeEvent(generator, stored);
                    events[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            generator.writeEndArray();
            if (events[0] == 0 && surveys.invitations().isEmpty() && surveys.answers().isEmpty()) {
                throw nothingHeld(workspace, customer);
            }
            generator.writeFieldName("surveyInvitations");
            json.writeValue(generator, surveys.invitations().stream().map(this::invitation).toList());
            generator.writeFieldName("surveyAnswers");
            json.writeValue(generator, surveys.answers().stream().map(this::answer).toList());
            generator.writeEndObject();
        } catch (IOException | UncheckedIOException e) {
            throw new ParcoursException(io.parcours.model.ErrorCode.STORAGE, "writing the customer's data failed: "
                    + e.getMessage(), e);
        }
    }

    private static ParcoursException nothingHeld(String workspace, String customer) {
        return ParcoursException.notFound("nothing is held about customer '" + customer + "' in workspace '" + workspace
                + "': no event, survey invitation or answer carries this id");
    }

    private static void writeEvent(JsonGenerator generator, io.parcours.store.StoredEvent stored) throws IOException {
        Event event = stored.event();
        generator.writeStartObject();
        generator.writeNumberField("seq", stored.seq());
        generator.writeStringField("source", stored.source());
        generator.writeStringField("messageId", event.messageId());
        generator.writeStringField("type", event.type().id());
        generator.writeStringField("name", event.name());
        generator.writeStringField("userId", event.userId().orElse(null));
        generator.writeStringField("anonymousId", event.anonymousId().orElse(null));
        generator.writeStringField("timestamp", Instant.ofEpochMilli(event.timestamp()).toString());
        generator.writeStringField("receivedAt", Instant.ofEpochMilli(event.receivedAt()).toString());
        // Stored as the JSON text that was sent (and checked then): copied as is.
        generator.writeFieldName("properties");
        generator.writeRawValue(event.properties());
        generator.writeFieldName("traits");
        generator.writeRawValue(event.traits());
        generator.writeFieldName("context");
        generator.writeRawValue(event.context());
        generator.writeStringField("previousId", event.previousId().orElse(null));
        generator.writeStringField("groupId", event.groupId().orElse(null));
        generator.writeEndObject();
    }

    private ObjectNode invitation(Invitation invitation) {
        ObjectNode node = json.createObjectNode();
        node.put("map", invitation.map()).put("survey", invitation.survey()).put("touchpoint", invitation.touchpoint())
                .put("customer", invitation.customer()).put("locale", invitation.locale())
                .put("email", invitation.email().orElse(null)).put("createdAt", invitation.createdAt().toString())
                .put("dueAt", invitation.dueAt().toString()).put("expiresAt", invitation.expiresAt().toString())
                .put("sentAt", invitation.sentAt().map(Instant::toString).orElse(null))
                .put("answeredAt", invitation.answeredAt().map(Instant::toString).orElse(null));
        return node;
    }

    private ObjectNode answer(SurveyAnswer answer) {
        ObjectNode node = json.createObjectNode();
        node.put("map", answer.map()).put("survey", answer.survey()).put("touchpoint", answer.touchpoint())
                .put("type", answer.type().id()).put("customer", answer.customer()).put("locale", answer.locale())
                .put("score", answer.score().orElse(null)).put("comment", answer.comment().orElse(null))
                .put("answeredAt", answer.answeredAt().toString());
        try {
            node.set("answers", json.readTree(answer.answers()));
        } catch (IOException e) {
            node.put("answers", answer.answers());
        }
        return node;
    }

    /**
     * Erases the customer named by {@code customer} (any of their ids): see the class comment.
     * Events acknowledged while the erasure runs may escape it; erasing again takes them. Not
     * found when nothing is held about the customer.
     */
    public Erased erase(String workspace, String customer, String requestedBy) {
        List<String> ids = idsOf(workspace, customer);
        String named = journeys.customerOf(workspace, customer);
        EventLog.Removed removed = store.events().eraseCustomer(workspace, ids);
        SurveyRecords.Deleted deleted = store.surveys().eraseCustomer(workspace, ids);
        Set<String> erased = new HashSet<>(ids);
        int results = store.loadedResults().rewrite(workspace, result -> withoutIds(result, erased));
        if (removed.events() == 0 && deleted.invitations() == 0 && deleted.answers() == 0 && results == 0) {
            throw nothingHeld(workspace, customer);
        }
        Erased done = new Erased(named, ids.size(), removed.events(), deleted.invitations(), deleted.answers(), results);
        store.privacy().recordErasure(new PrivacyRecords.Erasure(workspace, Instant.now(clock), requestedBy,
                done.ids(), done.events(), done.invitations(), done.answers(), done.results()));
        return done;
    }

    /** The JSON text without any array element that is one of {@code ids} (the abandonment result lists customers). */
    private String withoutIds(String text, Set<String> ids) {
        JsonNode tree;
        try {
            tree = json.readTree(text);
        } catch (IOException e) {
            return text;
        }
        return removeIds(tree, ids) ? tree.toString() : text;
    }

    private static boolean removeIds(JsonNode node, Set<String> ids) {
        boolean changed = false;
        if (node instanceof ArrayNode array) {
            for (int i = array.size() - 1; i >= 0; i--) {
                if (array.get(i).isTextual() && ids.contains(array.get(i).asText())) {
                    array.remove(i);
                    changed = true;
                } else {
                    changed |= removeIds(array.get(i), ids);
                }
            }
        } else if (node instanceof ObjectNode object) {
            for (JsonNode child : object) {
                changed |= removeIds(child, ids);
            }
        }
        return changed;
    }
}
