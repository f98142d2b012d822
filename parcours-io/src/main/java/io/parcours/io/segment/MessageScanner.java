package io.parcours.io.segment;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.parcours.model.ParcoursException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads one Segment message from a streaming JSON parser without building a tree: the ids, names
 * and times it needs are read as they pass, and the payloads (properties, traits, context) are
 * kept as the exact bytes that were sent, sliced from the body. This is the hot path of ingestion,
 * several times faster than parsing into a tree and writing the payloads out again.
 */
final class MessageScanner {
    /** The fields of one message, as sent; payloads as raw JSON text, absent fields as null. */
    static final class RawMessage {
        String type;
        String userId;
        String anonymousId;
        String event;
        String name;
        String messageId;
        String previousId;
        String groupId;
        String timestamp;
        String sentAt;
        String writeKey;
        String properties;
        String traits;
        String context;
        long bytes;
    }

    private MessageScanner() {}

    /** Reads the message whose START_OBJECT is the parser's current token, from {@code body}. */
    static RawMessage scan(JsonParser parser, byte[] body, String prefix) throws IOException {
        RawMessage message = new RawMessage();
        long start = parser.currentTokenLocation().getByteOffset();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "type" -> message.type = text(parser, value, prefix, field);
                case "userId" -> message.userId = id(parser, value, prefix, field);
                case "anonymousId" -> message.anonymousId = id(parser, value, prefix, field);
                case "event" -> message.event = text(parser, value, prefix, field);
                case "name" -> message.name = text(parser, value, prefix, field);
                case "messageId" -> message.messageId = id(parser, value, prefix, field);
                case "previousId" -> message.previousId = id(parser, value, prefix, field);
                case "groupId" -> message.groupId = id(parser, value, prefix, field);
                case "timestamp" -> message.timestamp = time(parser, value, prefix, field);
                case "sentAt" -> message.sentAt = time(parser, value, prefix, field);
                case "writeKey" -> message.writeKey = value == JsonToken.VALUE_STRING ? parser.getText() : skip(parser);
                case "properties" -> message.properties = object(parser, value, body, prefix, field);
                case "traits" -> message.traits = object(parser, value, body, prefix, field);
                case "context" -> message.context = object(parser, value, body, prefix, field);
                default -> parser.skipChildren();
            }
        }
        message.bytes = parser.currentLocation().getByteOffset() - start;
        return message;
    }

    private static String skip(JsonParser parser) throws IOException {
        parser.skipChildren();
        return null;
    }

    private static String text(JsonParser parser, JsonToken value, String prefix, String field) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw wrong(parser, value, prefix + field, "a string");
        }
        return parser.getText();
    }

    /** An id may be a string or a whole number (some libraries send numeric user ids). */
    private static String id(JsonParser parser, JsonToken value, String prefix, String field) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value == JsonToken.VALUE_STRING) {
            String text = parser.getText();
            return text.isEmpty() ? null : text;
        }
        if (value == JsonToken.VALUE_NUMBER_INT) {
            return parser.getText();
        }
        throw wrong(parser, value, prefix + field, "a string");
    }

    private static String time(JsonParser parser, JsonToken value, String prefix, String field) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw wrong(parser, value, prefix + field,
                    "an ISO-8601 date and time string such as 2026-11-22T14:05:17.319Z");
        }
        return parser.getText();
    }

    private static String object(JsonParser parser, JsonToken value, byte[] body, String prefix, String field)
            throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_OBJECT) {
            throw wrong(parser, value, prefix + field, "an object");
        }
        int start = (int) parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        int end = (int) parser.currentLocation().getByteOffset();
        return new String(body, start, end - start, StandardCharsets.UTF_8);
    }

    private static ParcoursException wrong(JsonParser parser, JsonToken value, String field, String expected)
            throws IOException {
        String actual = switch (value) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> {
                String text = parser.getText();
                yield text.length() > 40 ? value.name().toLowerCase() : (value == JsonToken.VALUE_STRING ? '"' + text + '"' : text);
            }
        };
        return ParcoursException.invalid(field, field + " must be " + expected + ", not " + actual);
    }
}
