package io.parcours.io.drawing;

import java.awt.Color;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes a {@link Drawing} as a standalone SVG document: no script, no external reference, every
 * text escaped, a {@code <title>} and {@code <desc>} as the text alternative, and on each group the
 * attributes a web page can rely on (see docs/drawing.md).
 */
final class SvgWriter {
    static final String FONT_FAMILY = "DejaVu Sans, Verdana, sans-serif";

    private final StringBuilder out = new StringBuilder(64 * 1024);
    private final boolean inline;
    private int depth = 1;

    private SvgWriter(boolean inline) {
        this.inline = inline;
    }

    /** A standalone document; {@code inline}: an element for an HTML page (see {@link Drawing#toInlineSvg()}). */
    static String write(Drawing drawing, boolean inline) {
        SvgWriter writer = new SvgWriter(inline);
        writer.document(drawing);
        return writer.out.toString();
    }

    private void document(Drawing drawing) {
        String width = number(drawing.width());
        String height = number(drawing.height());
        if (!inline) {
            out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        }
        // A standalone file is one picture; on a page its touchpoints are buttons, which a screen
        // reader announces only inside a group, not inside an image.
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" role=\"").append(inline ? "group" : "img")
                .append("\" aria-labelledby=\"parcours-map-title parcours-map-desc\"")
                .append(" font-family=\"").append(FONT_FAMILY).append("\">\n");
        out.append("  <title id=\"parcours-map-title\">").append(Xml.escape(drawing.title())).append("</title>\n");
        out.append("  <desc id=\"parcours-map-desc\">").append(Xml.escape(drawing.description())).append("</desc>\n");
        out.append("  <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        for (Shape shape : drawing.shapes()) {
            shape(shape);
        }
        out.append("</svg>\n");
    }

    private void shape(Shape shape) {
        if (shape instanceof Shape.Rect rect) {
            rect(rect);
        } else if (shape instanceof Shape.Line line) {
            indent().append("<line x1=\"").append(number(line.x1())).append("\" y1=\"").append(number(line.y1()))
                    .append("\" x2=\"").append(number(line.x2())).append("\" y2=\"").append(number(line.y2()))
                    .append('"');
            outline(Optional.of(line.outline()));
            out.append(line.outline().dashed() ? "/>\n" : " stroke-linecap=\"round\"/>\n");
        } else if (shape instanceof Shape.Ellipse ellipse) {
            ellipse(ellipse);
        } else if (shape instanceof Shape.Path path) {
            path(path);
        } else if (shape instanceof Shape.Text text) {
            text(text);
        } else if (shape instanceof Shape.Group group) {
            group(group);
        }
    }

    private void rect(Shape.Rect rect) {
        Box box = rect.box();
        indent().append("<rect x=\"").append(number(box.x())).append("\" y=\"").append(number(box.y()))
                .append("\" width=\"").append(number(box.width())).append("\" height=\"").append(number(box.height()))
                .append('"');
        if (rect.radius() > 0) {
            out.append(" rx=\"").append(number(rect.radius())).append('"');
        }
        fill(rect.fill());
        outline(rect.outline());
        out.append("/>\n");
    }

    private void ellipse(Shape.Ellipse ellipse) {
        if (ellipse.rx() == ellipse.ry()) {
            indent().append("<circle cx=\"").append(number(ellipse.cx())).append("\" cy=\"")
                    .append(number(ellipse.cy())).append("\" r=\"").append(number(ellipse.rx())).append('"');
        } else {
            indent().append("<ellipse cx=\"").append(number(ellipse.cx())).append("\" cy=\"")
                    .append(number(ellipse.cy())).append("\" rx=\"").append(number(ellipse.rx())).append("\" ry=\"")
                    .append(number(ellipse.ry())).append('"');
        }
        fill(ellipse.fill());
        outline(ellipse.outline());
        out.append("/>\n");
    }

    private void path(Shape.Path path) {
        StringBuilder d = new StringBuilder();
        for (Shape.Step step : path.steps()) {
            if (d.length() > 0) {
                d.append(' ');
            }
            if (step instanceof Shape.MoveTo move) {
                d.append('M').append(number(move.x())).append(',').append(number(move.y()));
            } else if (step instanceof Shape.LineTo line) {
                d.append('L').append(number(line.x())).append(',').append(number(line.y()));
            } else if (step instanceof Shape.CurveTo curve) {
                d.append('C').append(number(curve.x1())).append(',').append(number(curve.y1())).append(' ')
                        .append(number(curve.x2())).append(',').append(number(curve.y2())).append(' ')
                        .append(number(curve.x())).append(',').append(number(curve.y()));
            } else {
                d.append('Z');
            }
        }
        indent().append("<path d=\"").append(d).append('"');
        fill(path.fill());
        outline(path.outline());
        if (path.outline().isPresent()) {
            out.append(" stroke-linejoin=\"round\" stroke-linecap=\"round\"");
        }
        out.append("/>\n");
    }

    private void text(Shape.Text text) {
        Shape.TextStyle style = text.style();
        for (int i = 0; i < text.lines().size(); i++) {
            indent().append("<text x=\"").append(number(text.x())).append("\" y=\"")
                    .append(number(text.baseline() + i * text.lineHeight())).append("\" font-size=\"")
                    .append(number(style.size())).append('"');
            if (style.bold()) {
                out.append(" font-weight=\"bold\"");
            }
            if (style.anchor() != Shape.Anchor.START) {
                out.append(" text-anchor=\"").append(style.anchor() == Shape.Anchor.MIDDLE ? "middle" : "end").append('"');
            }
            out.append(" fill=\"").append(colour(style.colour())).append("\">")
                    .append(Xml.escape(text.lines().get(i))).append("</text>\n");
        }
    }

    private void group(Shape.Group group) {
        indent().append("<g");
        if (!group.classes().isEmpty()) {
            out.append(" class=\"").append(Xml.escape(String.join(" ", group.classes()))).append('"');
        }
        String key = Xml.escape(group.key());
        switch (group.role()) {
            case TOUCHPOINT -> out.append(" id=\"tp-").append(key).append("\" data-touchpoint=\"").append(key)
                    .append("\" tabindex=\"0\" role=\"button\" aria-label=\"").append(Xml.escape(group.label()))
                    .append('"');
            case REMOVED_TOUCHPOINT -> out.append(" data-removed-touchpoint=\"").append(key).append("\" aria-label=\"")
                    .append(Xml.escape(group.label())).append('"');
            case STAGE, CELL -> out.append(" data-stage=\"").append(key).append('"');
            case PART -> { }
        }
        out.append(">\n");
        depth++;
        if (!group.label().isEmpty() && group.role() != Shape.Role.PART) {
            // A tooltip on hover, for sighted mouse users; screen readers read the aria-label.
            indent().append("<title>").append(Xml.escape(group.label())).append("</title>\n");
        }
        for (Shape child : group.children()) {
            shape(child);
        }
        depth--;
        indent().append("</g>\n");
    }

    private void fill(Optional<Color> fill) {
        out.append(" fill=\"").append(fill.map(SvgWriter::colour).orElse("none")).append('"');
        fill.filter(colour -> colour.getAlpha() < 255)
                .ifPresent(colour -> out.append(" fill-opacity=\"").append(number(colour.getAlpha() / 255.0)).append('"'));
    }

    private void outline(Optional<Shape.Outline> outline) {
        outline.ifPresent(line -> {
            out.append(" stroke=\"").append(colour(line.colour())).append("\" stroke-width=\"")
                    .append(number(line.width())).append('"');
            if (line.dashed()) {
                out.append(" stroke-dasharray=\"").append(number(line.width() * 3)).append(' ')
                        .append(number(line.width() * 2)).append('"');
            }
        });
    }

    private StringBuilder indent() {
        return out.append("  ".repeat(depth));
    }

    static String colour(Color colour) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", colour.getRed(), colour.getGreen(), colour.getBlue());
    }

    /** At most two decimals, no trailing zeros, never an exponent: {@code 12}, {@code 12.5}, {@code 0.33}. */
    static String number(double value) {
        long hundredths = Math.round(value * 100);
        if (hundredths % 100 == 0) {
            return Long.toString(hundredths / 100);
        }
        String sign = hundredths < 0 ? "-" : "";
        long magnitude = Math.abs(hundredths);
        String fraction = String.format(Locale.ROOT, "%02d", magnitude % 100);
        if (fraction.endsWith("0")) {
            fraction = fraction.substring(0, 1);
        }
        return sign + (magnitude / 100) + "." + fraction;
    }
}
