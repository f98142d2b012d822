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
 * prefixed {@code case:}, as process-mining tools do). Nested attributes are skipped.
 *
 * <p>A hostile file gets nowhere: the JDK's own parser reads it with DTDs and external entities
 * off, and a file that declares a DTD ({@code <!DOCTYPE ...>}, which XES never needs) is refused at
 * once, so no entity is expanded and no local file or URL is read. What a file could make Parcours
 * hold in memory is bounded too, however far a {@code .xes.gz} expands: elements nest at most
 * {@link #MAX_DEPTH} deep, a trace holds at most {@link #MAX_TRACE_EVENTS} events (a trace is read
 * whole before its events go out), an event at most {@link #MAX_ATTRIBUTES} attributes, and no
 * value or text runs longer than {@link #MAX_TEXT_BYTES} bytes; the rest streams, trace by trace.
 */
final class XesReader implements EventFileReader {
    /** The deepest nesting of elements read: XES needs a handful of levels. */
    static final int MAX_DEPTH = 100;
    /** The most events one trace may hold. */
    static final int MAX_TRACE_EVENTS = 100_000;
    /** The most attributes one event (or trace) may hold. */
    static final int MAX_ATTRIBUTES = 1_000;
    /** The longest run of bytes without markup ('<'): bounds every attribute value and text. */
    static final int MAX_TEXT_BYTES = 1 << 20;

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
        // The JDK's parser, whatever else is on the class path: its limits are the ones set here.
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty("jdk.xml.maxElementDepth", MAX_DEPTH);
        try {
            this.xml = factory.createXMLStreamReader(new TextRunLimit(counting));
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
                int token = nextToken();
                if (token == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("trace")) {
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
            int token = nextToken();
            if (token == XMLStreamConstants.START_ELEMENT) {
                if (xml.getLocalName().equals("event")) {
                    if (events.size() == MAX_TRACE_EVENTS) {
                        throw tooLarge("a trace holds more than " + MAX_TRACE_EVENTS + " events (at event " + (eventNumber + 1)
                                + "): split it, or check that the file is what it seems");
                    }
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
            int token = nextToken();
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
            if (into.size() == MAX_ATTRIBUTES && !into.containsKey(key)) {
                throw tooLarge("an event or trace has more than " + MAX_ATTRIBUTES + " attributes (near event "
                        + (eventNumber + 1) + ")");
            }
            into.put(key, value);
        }
    }

    /** The next token; a DTD is refused: XES has none, and it is how entities would be declared. */
    private int nextToken() throws XMLStreamException {
        int token = xml.next();
        if (token == XMLStreamConstants.DTD) {
            throw new ParcoursException(ErrorCode.INVALID_INPUT, "not a readable XES file: it declares a DTD (<!DOCTYPE "
                    + "...>, at line " + xml.getLocation().getLineNumber() + "), which XES does not use and Parcours does "
                    + "not read, so that a file cannot expand entities or make Parcours open other files; remove it");
        }
        return token;
    }

    private static ParcoursException tooLarge(String what) {
        return new ParcoursException(ErrorCode.INVALID_INPUT, "not a readable XES file: " + what);
    }

    /** Skips the rest of the current element, nested content included. */
    private void skipElement() throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && xml.hasNext()) {
            int token = nextToken();
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

    /** The parser's complaint in one line: its message without the position it repeats. */
    private static ParcoursException notXes(XMLStreamException e) {
        if (e.getNestedException() instanceof ParcoursException refused) {
            return refused;
        }
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNumber();
        String message = String.valueOf(e.getMessage());
        int said = message.indexOf("Message: ");
        message = (said >= 0 ? message.substring(said + "Message: ".length()) : message).replaceAll("\\s+", " ").strip();
        return new ParcoursException(ErrorCode.INVALID_INPUT, "not a readable XES file" + where + ": " + message, e);
    }

    /**
     * Refuses a run of more than {@link #MAX_TEXT_BYTES} bytes without a '<': no attribute value or
     * text of an XES file is that long, and the parser would hold it whole.
     */
    private static final class TextRunLimit extends java.io.FilterInputStream {
        private long run;
        private long line = 1;

        TextRunLimit(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws java.io.IOException {
            int b = super.read();
            if (b >= 0) {
                count(b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
            int read = super.read(buffer, offset, length);
            for (int i = 0; i < read; i++) {
                count(buffer[offset + i]);
            }
            return read;
        }

        private void count(int b) {
            run = b == '<' ? 0 : run + 1;
            if (b == '\n') {
                line++;
            }
            if (run > MAX_TEXT_BYTES) {
                throw tooLarge("at line " + line + ", a value or text runs longer than " + MAX_TEXT_BYTES / 1024
                        + " KB without markup");
            }
        }
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
