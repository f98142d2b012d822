package io.parcours.io.segment;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parcours.model.ErrorCode;
import io.parcours.model.Event;
import io.parcours.model.EventType;
import io.parcours.model.ParcoursException;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads messages of the Segment HTTP Tracking API ({@code track}, {@code identify}, {@code page},
 * {@code screen}, {@code group}, {@code alias}, and batches of them) into {@link Event}s, with the
 * same checks for the HTTP API and for JSON-lines imports. Every problem names the field
 * ({@code batch[3].event}) and says what to send instead.
 *
 * <p>Time follows Segment: {@code receivedAt} is the server's clock; when the sender gives
 * {@code sentAt}, the event time is corrected for the sender's clock skew,
 * {@code timestamp = receivedAt - (sentAt - timestamp)}; without a {@code timestamp} the event
 * happened when it was received. Thread-safe.
 */
public final class SegmentMessages {
    /** The largest single message accepted, as Segment documents it. */
    public static final int MAX_MESSAGE_BYTES = 32 * 1024;
    /** The largest batch request accepted, as Segment documents it. */
    public static final int MAX_BATCH_BYTES = 500 * 1024;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(MAX_BATCH_BYTES).build())
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(JSON);

    private SegmentMessages() {}

    /** What a request carried: its events, and the write key when the body gave one. */
    public record Parsed(List<Event> events, Optional<String> writeKey) {
        public Parsed {
            events = List.copyOf(events);
        }
    }

    /** The body of {@code /v1/track}, {@code /v1/page}...: one message of the type the path names. */
    public static Parsed single(byte[] body, EventType pathType, long receivedAt) {
        if (body.length > MAX_MESSAGE_BYTES) {
            throw tooLarge("the message is " + body.length + " bytes; a message may be at most " + MAX_MESSAGE_BYTES
                    + " bytes (32 KB)");
        }
        JsonNode root = parse(body);
        if (!root.isObject()) {
            throw ParcoursException.invalid("", "the body must be a JSON object (a Segment message)");
        }
        JsonNode type = root.get("type");
        if (type != null && !type.isNull() && !(type.isTextual() && type.asText().equals(pathType.id()))) {
            throw ParcoursException.invalid("type", "this is /v1/" + pathType.id() + ", but the message says type "
                    + type + ": send it to /v1/" + type.asText() + " or drop the type");
        }
        Long sentAt = time(root, "sentAt", "").orElse(null);
        return new Parsed(List.of(event(root, pathType, "", receivedAt, sentAt, null)), writeKey(root));
    }

    /** The body of {@code /v1/batch} or {@code /v1/import}: {@code {"batch": [...], "context": {...}, "sentAt": ...}}. */
    public static Parsed batch(byte[] body, long receivedAt) {
        if (body.length > MAX_BATCH_BYTES) {
            throw tooLarge("the batch is " + body.length + " bytes; a batch request may be at most " + MAX_BATCH_BYTES
                    + " bytes (500 KB): send fewer messages per request");
        }
        List<JsonNode> items = new ArrayList<>();
        boolean batchSeen = false;
        ObjectNode envelope = MAPPER.createObjectNode();
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ParcoursException.invalid("", "the body must be a JSON object with a 'batch' array");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("batch") && value == JsonToken.START_ARRAY) {
                    batchSeen = true;
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        long start = parser.currentTokenLocation().getByteOffset();
                        JsonNode item = MAPPER.readTree(parser);
                        long size = parser.currentLocation().getByteOffset() - start;
                        if (size > MAX_MESSAGE_BYTES) {
                            throw tooLarge("batch[" + items.size() + "] is " + size + " bytes; a message may be at most "
                                    + MAX_MESSAGE_BYTES + " bytes (32 KB)");
                        }
                        items.add(item);
                    }
                } else {
                    envelope.set(field, MAPPER.readTree(parser));
                }
            }
            if (parser.nextToken() != null) {
                throw ParcoursException.invalid("", "there is more after the JSON object: send one object per request");
            }
        } catch (JsonProcessingException e) {
            throw notJson(e);
        } catch (IOException e) {
            throw new ParcoursException(ErrorCode.INVALID_INPUT, "cannot read the body: " + e.getMessage(), e);
        }
        if (envelope.has("batch")) {
            throw ParcoursException.invalid("batch", "'batch' must be an array of messages");
        }
        if (!batchSeen) {
            throw ParcoursException.invalid("batch", "the body needs a 'batch' array of messages");
        }
        Long sentAt = time(envelope, "sentAt", "").orElse(null);
        JsonNode sharedContext = envelope.get("context");
        if (sharedContext != null && !sharedContext.isNull() && !sharedContext.isObject()) {
            throw ParcoursException.invalid("context", "context must be an object");
        }
        List<Event> events = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String path = "batch[" + i + "]";
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                throw ParcoursException.invalid(path, path + " must be a message object");
            }
            events.add(event(item, typeOf(item, path), path + ".", receivedAt, sentAt, (ObjectNode) sharedContext));
        }
        return new Parsed(events, writeKey(envelope));
    }

    /** One line of a JSON-lines file: a message that names its own {@code type}. */
    public static Event line(String text, long receivedAt) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length > MAX_MESSAGE_BYTES) {
            throw tooLarge("the message is " + bytes.length + " bytes; a message may be at most " + MAX_MESSAGE_BYTES
                    + " bytes (32 KB)");
        }
        JsonNode root;
        try {
            root = parse(bytes);
        } catch (ParcoursException e) {
            throw ParcoursException.invalid("", e.getMessage().replace("the body is", "the line is"));
        }
        if (!root.isObject()) {
            throw ParcoursException.invalid("", "each line must be one JSON object (a Segment message)");
        }
        Long sentAt = time(root, "sentAt", "").orElse(null);
        return event(root, typeOf(root, ""), "", receivedAt, sentAt, null);
    }

    private static EventType typeOf(JsonNode message, String path) {
        JsonNode type = message.get("type");
        String field = path.isEmpty() ? "type" : path + ".type";
        if (type == null || type.isNull()) {
            throw ParcoursException.invalid(field, field + " is missing: one of track, identify, page, screen, group, alias");
        }
        return EventType.fromId(type.asText()).filter(t -> type.isTextual()).orElseThrow(() -> ParcoursException.invalid(
                field, "type " + type + " is not known: use track, identify, page, screen, group or alias"));
    }

    private static Event event(JsonNode message, EventType type, String prefix, long receivedAt, Long batchSentAt,
            ObjectNode sharedContext) {
        Optional<String> userId = id(message, "userId", prefix);
        Optional<String> anonymousId = id(message, "anonymousId", prefix);
        String name = switch (type) {
            case TRACK -> text(message, "event", prefix).orElse("");
            case PAGE, SCREEN -> text(message, "name", prefix).orElse("");
            default -> "";
        };
        Optional<Long> timestamp = time(message, "timestamp", prefix);
        Long sentAt = time(message, "sentAt", prefix).orElse(batchSentAt);
        long happened = timestamp.map(t -> sentAt == null ? t : receivedAt - (sentAt - t)).orElse(receivedAt);
        ObjectNode context = object(message, "context", prefix);
        if (sharedContext != null) {
            ObjectNode merged = sharedContext.deepCopy();
            if (context != null) {
                merged.setAll(context);
            }
            context = merged;
        }
        String messageId = id(message, "messageId", prefix).orElseGet(() -> "parcours-" + UUID.randomUUID());
        try {
            return new Event(messageId, type, name, userId, anonymousId, happened, receivedAt,
                    json(object(message, "properties", prefix)), json(traits(message, type, prefix)), json(context),
                    id(message, "previousId", prefix), id(message, "groupId", prefix));
        } catch (ParcoursException e) {
            throw e.under(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1));
        }
    }

    private static ObjectNode traits(JsonNode message, EventType type, String prefix) {
        return object(message, "traits", prefix);
    }

    private static Optional<String> writeKey(JsonNode root) {
        JsonNode key = root.get("writeKey");
        return key != null && key.isTextual() && !key.asText().isEmpty() ? Optional.of(key.asText()) : Optional.empty();
    }

    /** An id may be a string or a number (some libraries send numeric user ids); anything else is an error. */
    private static Optional<String> id(JsonNode message, String field, String prefix) {
        JsonNode value = message.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isTextual()) {
            return value.asText().isEmpty() ? Optional.empty() : Optional.of(value.asText());
        }
        if (value.isIntegralNumber()) {
            return Optional.of(value.asText());
        }
        throw ParcoursException.invalid(prefix + field, prefix + field + " must be a string, not " + kind(value));
    }

    private static Optional<String> text(JsonNode message, String field, String prefix) {
        JsonNode value = message.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ParcoursException.invalid(prefix + field, prefix + field + " must be a string, not " + kind(value));
        }
        return Optional.of(value.asText());
    }

    private static ObjectNode object(JsonNode message, String field, String prefix) {
        JsonNode value = message.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw ParcoursException.invalid(prefix + field, prefix + field + " must be an object, not " + kind(value));
        }
        return (ObjectNode) value;
    }

    private static Optional<Long> time(JsonNode message, String field, String prefix) {
        JsonNode value = message.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ParcoursException.invalid(prefix + field, prefix + field
                    + " must be an ISO-8601 date and time string such as 2026-11-22T14:05:17.319Z, not " + kind(value));
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.asText()).toInstant().toEpochMilli());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(Instant.parse(value.asText()).toEpochMilli());
            } catch (DateTimeParseException again) {
                throw ParcoursException.invalid(prefix + field, prefix + field + " '" + value.asText()
                        + "' is not an ISO-8601 date and time with a zone, such as 2026-11-22T14:05:17.319Z");
            }
        }
    }

    private static String json(ObjectNode node) {
        return node == null ? "{}" : node.toString();
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode root = MAPPER.readTree(body);
            if (root == null) {
                throw ParcoursException.invalid("", "the body is empty: send a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw notJson(e);
        } catch (IOException e) {
            throw new ParcoursException(ErrorCode.INVALID_INPUT, "cannot read the body: " + e.getMessage(), e);
        }
    }

    private static ParcoursException notJson(JsonProcessingException e) {
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return ParcoursException.invalid("", "the body is not valid JSON" + where + ": " + e.getOriginalMessage());
    }

    private static ParcoursException tooLarge(String message) {
        return ParcoursException.invalid("", message);
    }

    private static String kind(JsonNode value) {
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "an array";
        }
        return value.toString().length() > 40 ? value.getNodeType().name().toLowerCase() : value.toString();
    }
}
