package io.parcours.io.segment;

import io.parcours.io.Fuzz;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Segment messages and batches for the fuzz tests of the parser and of the HTTP API: valid ones of
 * every type, and broken ones (mutated bytes, wrong types in a field, huge strings, deep nesting,
 * times at the edges of what Java holds, batches of a hundred thousand tiny items).
 */
public final class SegmentBodies {
    /** One valid message of each type. */
    public static final List<String> MESSAGES = List.of(
            "{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"u1\",\"anonymousId\":\"a1\",\"messageId\":\"m1\","
                    + "\"timestamp\":\"2026-11-22T14:05:17.319Z\",\"sentAt\":\"2026-11-22T14:05:18Z\","
                    + "\"properties\":{\"revenue\":12.5,\"items\":[1,2,{\"sku\":\"é\"}]},\"context\":{\"page\":{\"url\":\"https://x\"}}}",
            "{\"type\":\"identify\",\"userId\":42,\"traits\":{\"plan\":\"gold\",\"address\":{\"city\":\"Lyon\"}}}",
            "{\"type\":\"page\",\"name\":\"Home\",\"anonymousId\":\"a2\",\"properties\":{\"path\":\"/\"}}",
            "{\"type\":\"screen\",\"name\":\"Cart\",\"userId\":\"u3\",\"timestamp\":\"2026-01-01T00:00:00+01:00\"}",
            "{\"type\":\"group\",\"groupId\":\"g1\",\"userId\":\"u4\",\"traits\":{\"name\":\"Shop\"}}",
            "{\"type\":\"alias\",\"previousId\":\"a5\",\"userId\":\"u5\",\"writeKey\":\"wk\"}");

    /** The fields a message may have. */
    public static final List<String> FIELDS = List.of("type", "event", "name", "userId", "anonymousId", "messageId", "previousId",
            "groupId", "timestamp", "sentAt", "writeKey", "properties", "traits", "context", "batch");

    private final Fuzz fuzz;

    public SegmentBodies(Fuzz fuzz) {
        this.fuzz = fuzz;
    }

    /** One message, valid or broken in one of many ways. */
    public String message() {
        String valid = fuzz.pick(MESSAGES);
        return switch (fuzz.between(0, 9)) {
            case 0, 1 -> new String(fuzz.mutate(valid.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
            case 2, 3 -> withField(valid, fuzz.pick(FIELDS), fuzz.json(3));
            case 4 -> withField(valid, fuzz.pick(FIELDS), Fuzz.quoted(fuzz.longText(fuzz.size(70_000))));
            case 5 -> withField(valid, fuzz.pick("timestamp", "sentAt"), Fuzz.quoted(time()));
            case 6 -> withField(valid, fuzz.pick("properties", "traits", "context"), fuzz.nested(fuzz.size(100_000)));
            case 7 -> fuzz.chance(0.5) ? fuzz.nested(fuzz.size(100_000)) : fuzz.json(4);
            case 8 -> withField(valid, fuzz.pick("properties", "traits", "context"),
                    "{\"pad\":" + Fuzz.quoted("x".repeat(fuzz.between(32_000, 33_000))) + "}");
            default -> valid;
        };
    }

    /** One message as bytes: as {@link #message}, or a valid one with its bytes mutated (invalid UTF-8 kept). */
    public byte[] messageBytes() {
        return fuzz.chance(0.3) ? fuzz.mutate(fuzz.pick(MESSAGES).getBytes(StandardCharsets.UTF_8))
                : message().getBytes(StandardCharsets.UTF_8);
    }

    /** A batch as bytes: as {@link #batch}, or a valid one with its bytes mutated. */
    public byte[] batchBytes() {
        return fuzz.chance(0.3) ? fuzz.mutate(validBatch().getBytes(StandardCharsets.UTF_8))
                : batch().getBytes(StandardCharsets.UTF_8);
    }

    /** A batch body, valid or broken. */
    public String batch() {
        return switch (fuzz.between(0, 7)) {
            case 0 -> new String(fuzz.mutate(validBatch().getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
            case 1 -> tinyItems(fuzz.size(100_000), fuzz.pick("{}", "1", "null", "[]",
                    "{\"type\":\"track\",\"event\":\"e\",\"anonymousId\":\"t\"}"));
            case 2 -> "{\"batch\":" + fuzz.json(3) + ",\"sentAt\":" + fuzz.json(1) + ",\"context\":" + fuzz.json(2) + "}";
            case 3 -> fuzz.chance(0.5) ? fuzz.json(4) : fuzz.nested(fuzz.size(100_000));
            case 4 -> "{\"batch\":[" + message() + "," + message() + "]}";
            case 5 -> "{\"batch\":[" + message() + "],\"batch\":[" + message() + "],\"sentAt\":" + Fuzz.quoted(time()) + "}";
            case 6 -> "{\"batch\":[" + String.join(",", java.util.Collections.nCopies(fuzz.between(1, 20), message()))
                    + "],\"context\":" + fuzz.pick("{\"a\":1}", "null", "[]", fuzz.nested(fuzz.size(1000))) + "}";
            default -> validBatch();
        };
    }

    private String validBatch() {
        return "{\"batch\":[" + String.join(",", MESSAGES) + "],\"sentAt\":\"2026-11-22T14:05:18Z\","
                + "\"context\":{\"library\":{\"name\":\"fuzz\"}}}";
    }

    private static String tinyItems(int count, String item) {
        StringBuilder body = new StringBuilder(count * (item.length() + 1) + 16).append("{\"batch\":[");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append(item);
        }
        return body.append("]}").toString();
    }

    /** A time that may be valid, impossible, or at the edges of what Java's time types hold. */
    public String time() {
        return switch (fuzz.between(0, 4)) {
            case 0 -> fuzz.pick("+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+292278994-08-17T07:12:55.807Z",
                    "-292275055-05-16T16:47:04.192Z", "+10000-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
                    "2026-02-29T00:00:00Z", "2024-02-29T24:00:00Z", "2026-11-22T14:05:17+18:00", "2026-11-22T14:05:17+19:00",
                    "2026-11-22T14:05:17.123456789123Z", "2026-11-22", "14:05", "", "Z");
            case 1 -> String.format("%s%0" + fuzz.between(4, 10) + "d-%02d-%02dT%02d:%02d:%02d%s", fuzz.pick("", "+", "-"),
                    fuzz.between(0, Integer.MAX_VALUE), fuzz.between(0, 13), fuzz.between(0, 32), fuzz.between(0, 25),
                    fuzz.between(0, 61), fuzz.between(0, 61), fuzz.pick("Z", "", "+01:00", "-23:59", "+99:99", "z"));
            case 2 -> Long.toString(fuzz.nextLong());
            default -> fuzz.text();
        };
    }

    /** {@code message} with {@code field} set to {@code value} (raw JSON text), added when absent. */
    public static String withField(String message, String field, String value) {
        String name = "\"" + field + "\":";
        int at = message.indexOf(name);
        if (at < 0) {
            return "{" + name + value + "," + message.substring(1);
        }
        int start = at + name.length();
        int end = endOfValue(message, start);
        return message.substring(0, start) + value + message.substring(end);
    }

    /** Where the JSON value starting at {@code start} of the (valid) message ends. */
    private static int endOfValue(String text, int start) {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                    if (depth == 0) {
                        return i + 1;
                    }
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    return i;
                }
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return text.length();
    }
}
