package io.parcours.io.segment;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parcours.io.time.FastTime;
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
        MessageScanner.RawMessage message = one(body, "the body", "the body must be a JSON object (a Segment message)");
        if (message.type != null && !message.type.equals(pathType.id())) {
            throw ParcoursException.invalid("type", "this is /v1/" + pathType.id() + ", but the message says type \""
                    + message.type + "\": send it to /v1/" + message.type + " or drop the type");
        }
        Long sentAt = time(message.sentAt, "sentAt");
        Optional<String> writeKey = Optional.ofNullable(message.writeKey).filter(key -> !key.isEmpty());
        return new Parsed(List.of(event(message, pathType, "", receivedAt, sentAt, null)), writeKey);
    }

    /** The body of {@code /v1/batch} or {@code /v1/import}: {@code {"batch": [...], "context": {...}, "sentAt": ...}}. */
    public static Parsed batch(byte[] body, long receivedAt) {
        if (body.length > MAX_BATCH_BYTES) {
            throw tooLarge("the batch is " + body.length + " bytes; a batch request may be at most " + MAX_BATCH_BYTES
                    + " bytes (500 KB): send fewer messages per request");
        }
        List<MessageScanner.RawMessage> items = new ArrayList<>();
        boolean batchSeen = false;
        String sentAtText = null;
        String writeKey = null;
        ObjectNode sharedContext = null;
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ParcoursException.invalid("", "the body must be a JSON object with a 'batch' array");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "batch" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw ParcoursException.invalid("batch", "'batch' must be an array of messages");
                        }
                        batchSeen = true;
                        JsonToken item;
                        while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
                            String path = "batch[" + items.size() + "]";
                            if (item != JsonToken.START_OBJECT) {
                                throw ParcoursException.invalid(path, path + " must be a message object");
                            }
                            MessageScanner.RawMessage message = MessageScanner.scan(parser, body, path + ".");
                            if (message.bytes > MAX_MESSAGE_BYTES) {
                                throw tooLarge(path + " is " + message.bytes + " bytes; a message may be at most "
                                        + MAX_MESSAGE_BYTES + " bytes (32 KB)");
                            }
                            items.add(message);
                        }
                    }
                    case "sentAt" -> {
                        if (value != JsonToken.VALUE_NULL) {
                            if (value != JsonToken.VALUE_STRING) {
                                throw ParcoursException.invalid("sentAt", "sentAt must be an ISO-8601 date and time string");
                            }
                            sentAtText = parser.getText();
                        }
                    }
                    case "writeKey" -> {
                        if (value == JsonToken.VALUE_STRING) {
                            writeKey = parser.getText();
                        } else {
                            parser.skipChildren();
                        }
                    }
                    case "context" -> {
                        if (value == JsonToken.START_OBJECT) {
                            sharedContext = MAPPER.readTree(parser);
                        } else if (value != JsonToken.VALUE_NULL) {
                            throw ParcoursException.invalid("context", "context must be an object");
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw ParcoursException.invalid("", "there is more after the JSON object: send one object per request");
            }
        } catch (JsonProcessingException e) {
            throw notJson(e, "the body");
        } catch (IOException e) {
            throw new ParcoursException(ErrorCode.INVALID_INPUT, "cannot read the body: " + e.getMessage(), e);
        }
        if (!batchSeen) {
            throw ParcoursException.invalid("batch", "the body needs a 'batch' array of messages");
        }
        Long sentAt = time(sentAtText, "sentAt");
        List<Event> events = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String path = "batch[" + i + "]";
            MessageScanner.RawMessage item = items.get(i);
            events.add(event(item, typeOf(item, path), path + ".", receivedAt, sentAt, sharedContext));
        }
        return new Parsed(events, Optional.ofNullable(writeKey).filter(key -> !key.isEmpty()));
    }

    /** One line of a JSON-lines file: a message that names its own {@code type}. */
    public static Event line(String text, long receivedAt) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length > MAX_MESSAGE_BYTES) {
            throw tooLarge("the message is " + bytes.length + " bytes; a message may be at most " + MAX_MESSAGE_BYTES
                    + " bytes (32 KB)");
        }
        MessageScanner.RawMessage message = one(bytes, "the line", "each line must be one JSON object (a Segment message)");
        return event(message, typeOf(message, ""), "", receivedAt, time(message.sentAt, "sentAt"), null);
    }

    /** Reads a body that is exactly one message object. */
    private static MessageScanner.RawMessage one(byte[] body, String what, String notAnObject) {
        try (JsonParser parser = JSON.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw ParcoursException.invalid("", what + " is empty: send a JSON object");
            }
            if (first != JsonToken.START_OBJECT) {
                throw ParcoursException.invalid("", notAnObject);
            }
            MessageScanner.RawMessage message = MessageScanner.scan(parser, body, "");
            if (parser.nextToken() != null) {
                throw ParcoursException.invalid("", "there is more after the JSON object: send one object per request");
            }
            return message;
        } catch (JsonProcessingException e) {
            throw notJson(e, what);
        } catch (IOException e) {
            throw new ParcoursException(ErrorCode.INVALID_INPUT, "cannot read " + what + ": " + e.getMessage(), e);
        }
    }

    private static EventType typeOf(MessageScanner.RawMessage message, String path) {
        String field = path.isEmpty() ? "type" : path + ".type";
        if (message.type == null) {
            throw ParcoursException.invalid(field, field + " is missing: one of track, identify, page, screen, group, alias");
        }
        return EventType.fromId(message.type).orElseThrow(() -> ParcoursException.invalid(field, "type \""
                + message.type + "\" is not known: use track, identify, page, screen, group or alias"));
    }

    private static Event event(MessageScanner.RawMessage message, EventType type, String prefix, long receivedAt,
            Long batchSentAt, ObjectNode sharedContext) {
        String name = switch (type) {
            case TRACK -> message.event == null ? "" : message.event;
            case PAGE, SCREEN -> message.name == null ? "" : message.name;
            default -> "";
        };
        Long timestamp = time(message.timestamp, prefix + "timestamp");
        Long ownSentAt = time(message.sentAt, prefix + "sentAt");
        Long sentAt = ownSentAt != null ? ownSentAt : batchSentAt;
        long happened = timestamp == null ? receivedAt : sentAt == null ? timestamp : receivedAt - (sentAt - timestamp);
        String context = message.context == null ? "{}" : message.context;
        if (sharedContext != null) {
            ObjectNode merged = sharedContext.deepCopy();
            if (message.context != null) {
                try {
                    merged.setAll((ObjectNode) MAPPER.readTree(message.context));
                } catch (JsonProcessingException e) {
                    throw notJson(e, prefix + "context");
                }
            }
            context = merged.toString();
        }
        String messageId = message.messageId != null ? message.messageId : "parcours-" + UUID.randomUUID();
        try {
            return new Event(messageId, type, name, Optional.ofNullable(message.userId),
                    Optional.ofNullable(message.anonymousId), happened, receivedAt,
                    message.properties == null ? "{}" : message.properties, message.traits == null ? "{}" : message.traits,
                    context, Optional.ofNullable(message.previousId), Optional.ofNullable(message.groupId));
        } catch (ParcoursException e) {
            throw e.under(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1));
        }
    }

    /** Epoch milliseconds of an ISO-8601 time, the common UTC form read without the general parser. */
    private static Long time(String text, String field) {
        if (text == null) {
            return null;
        }
        Long fast = FastTime.parseUtc(text);
        if (fast != null) {
            return fast;
        }
        try {
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                return Instant.parse(text).toEpochMilli();
            }
        } catch (DateTimeParseException e) {
            throw ParcoursException.invalid(field, field + " '" + text
                    + "' is not an ISO-8601 date and time with a zone, such as 2026-11-22T14:05:17.319Z");
        } catch (ArithmeticException e) {
            // a year such as +999999999 parses, but its milliseconds overflow a long
            throw ParcoursException.invalid(field, field + " '" + text
                    + "' is out of range: a date and time between the years -292 million and +292 million");
        }
    }

    private static ParcoursException notJson(JsonProcessingException e, String what) {
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return ParcoursException.invalid("", what + " is not valid JSON" + where + ": " + e.getOriginalMessage());
    }

    private static ParcoursException tooLarge(String message) {
        return ParcoursException.invalid("", message);
    }

}
