package io.parcours.io.exports;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parcours.model.Event;
import io.parcours.model.EventType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Writes events as JSON lines of Segment messages: the format {@code parcours import} and the HTTP
 * API read, so an export can be imported again (it keeps each message id, and so stores nothing twice).
 */
public final class JsonLinesWriter implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final OutputStream out;
    private final JsonFactory factory = MAPPER.getFactory();

    public JsonLinesWriter(OutputStream out) {
        this.out = out;
    }

    public void write(Event event) {
        try {
            JsonGenerator json = factory.createGenerator(out);
            json.writeStartObject();
            json.writeStringField("type", event.type().id());
            if (event.type() == EventType.TRACK) {
                json.writeStringField("event", event.name());
            } else if (!event.name().isEmpty()) {
                json.writeStringField("name", event.name());
            }
            json.writeStringField("messageId", event.messageId());
            if (event.userId().isPresent()) {
                json.writeStringField("userId", event.userId().get());
            }
            if (event.anonymousId().isPresent()) {
                json.writeStringField("anonymousId", event.anonymousId().get());
            }
            if (event.previousId().isPresent()) {
                json.writeStringField("previousId", event.previousId().get());
            }
            if (event.groupId().isPresent()) {
                json.writeStringField("groupId", event.groupId().get());
            }
            json.writeStringField("timestamp", Instant.ofEpochMilli(event.timestamp()).toString());
            json.writeStringField("receivedAt", Instant.ofEpochMilli(event.receivedAt()).toString());
            json.writeFieldName("properties");
            json.writeRawValue(event.properties());
            json.writeFieldName("traits");
            json.writeRawValue(event.traits());
            json.writeFieldName("context");
            json.writeRawValue(event.context());
            json.writeEndObject();
            json.flush();
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
