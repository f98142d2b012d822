package io.parcours.io.imports;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parcours.model.ErrorCode;
import io.parcours.model.Event;
import io.parcours.model.EventType;
import io.parcours.model.ParcoursException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an XES event log (IEEE 1849) with the JDK's streaming XML parser, one trace at a time: the
 * case id is the trace's {@code concept:name}, the activity the event's {@code concept:name}, the
 * time its {@code time:timestamp}; every other attribute is kept as a property (trace attributes
 * prefixed {@code case:}, as process-mining tools do). Nested attributes are skipped. The parser
 * refuses DTDs and external entities, so a hostile file cannot read local files or expand entities.
 */
final class XesReader implements EventFileReader {
    private final CountingInputStream counting;
    private final XMLStreamReader xml;
    private final long receivedAt;
    private final ZoneId zone;
    private final Deque<ImportItem> ready = new ArrayDeque<>();
    private final MessageDigest sha256;
    private long eventNumber;

    XesReader(InputStream in, long receivedAt, ZoneId zone) {
        this.counting = new CountingInputStream(in);
        this.receivedAt = receivedAt;
        this.zone = zone;
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        try {
            this.xml = factory.createXMLStreamReader(counting);
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (XMLStreamException e) {
            throw notXes(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private record RawEvent(long number, Map<String, String> attributes) {}

    @Override
    public boolean hasNext() {
        try {
            while (ready.isEmpty() && xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("trace")) {
                    readTrace();
                }
            }
        } catch (XMLStreamException e) {
            throw notXes(e);
        }
        return !ready.isEmpty();
    }

    private void readTrace() throws XMLStreamException {
        Map<String, String> traceAttributes = new LinkedHashMap<>();
        List<RawEvent> events = new ArrayList<>();
        int depth = 1;
        while (depth > 0 && xml.hasNext()) {
            int token = xml.next();
            if (token == XMLStreamConstants.START_ELEMENT) {
                if (xml.getLocalName().equals("event")) {
                    events.add(new RawEvent(++eventNumber, readAttributes("event")));
                } else if (depth == 1 && isAttribute(xml.getLocalName())) {
                    putAttribute(traceAttributes);
                    skipElement();
                } else {
                    depth++;
                }
            } else if (token == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        String caseId = traceAttributes.getOrDefault("concept:name", "");
        for (int i = 0; i < events.size(); i++) {
            ready.add(toItem(caseId, i, traceAttributes, events.get(i)));
        }
    }

    private Map<String, String> readAttributes(String element) throws XMLStreamException {
        Map<String, String> attributes = new LinkedHashMap<>();
        int depth = 1;
        while (depth > 0 && xml.hasNext()) {
            int token = xml.next();
            if (token == XMLStreamConstants.START_ELEMENT) {
                if (depth == 1 && isAttribute(xml.getLocalName())) {
                    putAttribute(attributes);
                }
                skipElement();
            } else if (token == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        return attributes;
    }

    private static boolean isAttribute(String name) {
        return switch (name) {
            case "string", "date", "int", "float", "boolean", "id" -> true;
            default -> false;
        };
    }

    private void putAttribute(Map<String, String> into) {
        String key = xml.getAttributeValue(null, "key");
        String value = xml.getAttributeValue(null, "value");
        if (key != null && value != null) {
            into.put(key, value);
        }
    }

    /** Skips the rest of the current element, nested content included. */
    private void skipElement() throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && xml.hasNext()) {
            int token = xml.next();
            if (token == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (token == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private ImportItem toItem(String caseId, int index, Map<String, String> trace, RawEvent raw) {
        if (caseId.isEmpty()) {
            return new ImportItem.Rejected(raw.number(), "its trace has no concept:name (the case id)");
        }
        String activity = raw.attributes().getOrDefault("concept:name", "");
        if (activity.isEmpty()) {
            return new ImportItem.Rejected(raw.number(), "it has no concept:name (the activity)");
        }
        String time = raw.attributes().getOrDefault("time:timestamp", "");
        Optional<Long> timestamp = Timestamps.parse(time, zone);
        if (timestamp.isEmpty()) {
            return new ImportItem.Rejected(raw.number(), "its time:timestamp '" + time + "' is not a date and time");
        }
        ObjectNode properties = JsonNodeFactory.instance.objectNode();
        trace.forEach((key, value) -> {
            if (!key.equals("concept:name")) {
                properties.put("case:" + key, value);
            }
        });
        raw.attributes().forEach((key, value) -> {
            if (!key.equals("concept:name") && !key.equals("time:timestamp")) {
                properties.put(key, value);
            }
        });
        sha256.reset();
        for (String part : new String[] {caseId, Integer.toString(index), activity, time}) {
            sha256.update(part.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
        }
        String messageId = "xes-" + HexFormat.of().formatHex(sha256.digest(), 0, 16);
        try {
            return new ImportItem.Accepted(raw.number(), new Event(messageId, EventType.TRACK, activity, Optional.of(caseId),
                    Optional.empty(), timestamp.get(), receivedAt, properties.toString(), "{}", "{}", Optional.empty(),
                    Optional.empty()));
        } catch (ParcoursException e) {
            return new ImportItem.Rejected(raw.number(), e.getMessage());
        }
    }

    private static ParcoursException notXes(XMLStreamException e) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNumber();
        return new ParcoursException(ErrorCode.INVALID_INPUT, "not a readable XES file" + where + ": " + e.getMessage(), e);
    }

    @Override
    public ImportItem next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }

    @Override
    public long bytesRead() {
        return counting.count();
    }

    @Override
    public String positionName() {
        return "event";
    }

    @Override
    public void close() {
        try {
            xml.close();
            counting.close();
        } catch (XMLStreamException | java.io.IOException ignored) {
            // closing a file we only read
        }
    }
}
