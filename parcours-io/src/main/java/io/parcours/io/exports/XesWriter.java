package io.parcours.io.exports;

import io.parcours.model.Event;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes journeys as an XES event log (IEEE 1849), streaming: one trace per customer, whose
 * {@code concept:name} is the customer id, and one event per event with its {@code concept:name}
 * (the event name, or the type for nameless messages), {@code time:timestamp}, source and type.
 * Events must come grouped by customer, in time order.
 */
public final class XesWriter implements AutoCloseable {
    private final OutputStream out;
    private final XMLStreamWriter xml;
    private String currentCustomer;

    public XesWriter(OutputStream out) {
        this.out = out;
        try {
            xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("log");
            xml.writeAttribute("xes.version", "1.0");
            xml.writeAttribute("xes.features", "");
            xml.writeAttribute("openxes.version", "1.0RC7");
            xml.writeCharacters("\n");
            extension("Concept", "concept", "http://www.xes-standard.org/concept.xesext");
            extension("Time", "time", "http://www.xes-standard.org/time.xesext");
        } catch (XMLStreamException e) {
            throw new IllegalStateException("the JDK's XML writer failed", e);
        }
    }

    private void extension(String name, String prefix, String uri) throws XMLStreamException {
        xml.writeEmptyElement("extension");
        xml.writeAttribute("name", name);
        xml.writeAttribute("prefix", prefix);
        xml.writeAttribute("uri", uri);
        xml.writeCharacters("\n");
    }

    public void write(String customer, String source, Event event) {
        try {
            if (!Objects.equals(customer, currentCustomer)) {
                if (currentCustomer != null) {
                    xml.writeEndElement();
                    xml.writeCharacters("\n");
                }
                xml.writeStartElement("trace");
                attribute("string", "concept:name", customer);
                currentCustomer = customer;
            }
            xml.writeStartElement("event");
            attribute("string", "concept:name", event.name().isEmpty() ? event.type().id() : event.name());
            attribute("date", "time:timestamp", Instant.ofEpochMilli(event.timestamp()).toString());
            attribute("string", "parcours:source", source);
            attribute("string", "parcours:type", event.type().id());
            attribute("string", "parcours:messageId", event.messageId());
            xml.writeEndElement();
        } catch (XMLStreamException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    private void attribute(String kind, String key, String value) throws XMLStreamException {
        xml.writeEmptyElement(kind);
        xml.writeAttribute("key", key);
        xml.writeAttribute("value", value);
    }

    @Override
    public void close() {
        try {
            if (currentCustomer != null) {
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
            out.close();
        } catch (XMLStreamException | IOException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
