package io.parcours.io.drawing;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * An SVG parsed the way a careful consumer would parse it (the JDK's DOM parser, no DTD, no
 * external entities), with the look-ups the tests need: groups by class and data attribute, and
 * the text a group shows.
 */
final class SvgDocument {
    static final String SVG = "http://www.w3.org/2000/svg";

    private final Document document;

    private SvgDocument(Document document) {
        this.document = document;
    }

    /** Parses {@code svg}; fails the test (with the parser's message) when it is not well-formed XML. */
    static SvgDocument parse(String svg) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            return new SvgDocument(factory.newDocumentBuilder().parse(new InputSource(new StringReader(svg))));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new AssertionError("the SVG is not well-formed XML: " + e.getMessage(), e);
        }
    }

    Element root() {
        return document.getDocumentElement();
    }

    /** The text of the root's first {@code <title>} or {@code <desc>}. */
    String rootText(String tag) {
        NodeList children = root().getElementsByTagNameNS(SVG, tag);
        return children.getLength() == 0 ? "" : children.item(0).getTextContent();
    }

    List<Element> elements(String tag) {
        NodeList nodes = document.getElementsByTagNameNS("*", tag);
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }

    /** Every {@code <g>} with {@code attribute="value"}. */
    List<Element> groups(String attribute, String value) {
        return elements("g").stream().filter(group -> value.equals(group.getAttribute(attribute))).toList();
    }

    List<Element> groupsWithClass(String cssClass) {
        return elements("g").stream().filter(group -> classes(group).contains(cssClass)).toList();
    }

    Optional<Element> touchpoint(String key) {
        return groups("data-touchpoint", key).stream().findFirst();
    }

    static List<String> classes(Element element) {
        return List.of(element.getAttribute("class").split(" "));
    }

    /** The lines of visible text under {@code element} ({@code <text>} elements, not titles), joined by spaces. */
    static String shownText(Element element) {
        NodeList texts = element.getElementsByTagNameNS(SVG, "text");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            lines.add(texts.item(i).getTextContent());
        }
        return String.join(" ", lines);
    }

    /** All visible text of the drawing. */
    String shownText() {
        return shownText(root());
    }
}
