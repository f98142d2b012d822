package io.parcours.io.drawing;

import static java.util.Objects.requireNonNull;

import java.awt.Color;
import java.util.List;
import java.util.Optional;

/**
 * One thing the drawing paints, in drawing units with the origin at the top left. The same shapes
 * are written as SVG ({@link SvgWriter}) and painted with Java2D ({@link Java2dPainter}) for the
 * PNG and the PDF, so the three formats show one scene.
 */
sealed interface Shape permits Shape.Rect, Shape.Line, Shape.Ellipse, Shape.Path, Shape.Text, Shape.Group {

    /** A line's colour, width and whether it is dashed (removed elements, the zero line of the emotion curve). */
    record Outline(Color colour, double width, boolean dashed) {
        public Outline {
            requireNonNull(colour, "colour is null");
        }

        static Outline solid(Color colour, double width) {
            return new Outline(colour, width, false);
        }

        static Outline dashed(Color colour, double width) {
            return new Outline(colour, width, true);
        }
    }

    /** A rectangle, with rounded corners when {@code radius} is above 0. */
    record Rect(Box box, double radius, Optional<Color> fill, Optional<Outline> outline) implements Shape {
        public Rect {
            requireNonNull(box, "box is null");
            requireNonNull(fill, "fill is null");
            requireNonNull(outline, "outline is null");
        }

        static Rect filled(Box box, double radius, Color fill) {
            return new Rect(box, radius, Optional.of(fill), Optional.empty());
        }
    }

    record Line(double x1, double y1, double x2, double y2, Outline outline) implements Shape {
        public Line {
            requireNonNull(outline, "outline is null");
        }
    }

    /** An ellipse, or a circle when both radii are equal. */
    record Ellipse(double cx, double cy, double rx, double ry, Optional<Color> fill, Optional<Outline> outline)
            implements Shape {
        public Ellipse {
            requireNonNull(fill, "fill is null");
            requireNonNull(outline, "outline is null");
        }

        static Ellipse circle(double cx, double cy, double r, Optional<Color> fill, Optional<Outline> outline) {
            return new Ellipse(cx, cy, r, r, fill, outline);
        }
    }

    /** A polyline or curve: moves, straight lines, cubic Bézier curves, and closes. */
    record Path(List<Step> steps, Optional<Color> fill, Optional<Outline> outline) implements Shape {
        public Path {
            steps = List.copyOf(steps);
            requireNonNull(fill, "fill is null");
            requireNonNull(outline, "outline is null");
            if (steps.isEmpty() || !(steps.get(0) instanceof MoveTo)) {
                throw new IllegalArgumentException("a path starts with a move");
            }
        }
    }

    /** One step of a {@link Path}. */
    sealed interface Step permits MoveTo, LineTo, CurveTo, Close {}

    record MoveTo(double x, double y) implements Step {}

    record LineTo(double x, double y) implements Step {}

    record CurveTo(double x1, double y1, double x2, double y2, double x, double y) implements Step {}

    record Close() implements Step {}

    /** Where a text line is placed relative to its {@code x}. */
    enum Anchor { START, MIDDLE, END }

    /** A font size (drawing units), weight, colour and anchor; the family is always {@link TextMetrics#FAMILY}. */
    record TextStyle(double size, boolean bold, Color colour, Anchor anchor) {
        public TextStyle {
            requireNonNull(colour, "colour is null");
            requireNonNull(anchor, "anchor is null");
        }

        TextStyle colour(Color newColour) {
            return new TextStyle(size, bold, newColour, anchor);
        }

        TextStyle anchor(Anchor newAnchor) {
            return new TextStyle(size, bold, colour, newAnchor);
        }
    }

    /**
     * Lines of text already wrapped to fit {@code area}: the first baseline at {@code baseline}, the
     * next ones {@code lineHeight} lower. {@code widths} are the measured widths of the lines, so
     * that painters anchor them exactly where the layout measured them.
     */
    record Text(double x, double baseline, List<String> lines, List<Double> widths, TextStyle style,
            double lineHeight, Box area) implements Shape {
        public Text {
            lines = List.copyOf(lines);
            widths = List.copyOf(widths);
            requireNonNull(style, "style is null");
            requireNonNull(area, "area is null");
            if (lines.size() != widths.size()) {
                throw new IllegalArgumentException("one width per line");
            }
        }

        /** Where line {@code index} starts, after its anchor is applied. */
        double left(int index) {
            return switch (style.anchor()) {
                case START -> x;
                case MIDDLE -> x - widths.get(index) / 2;
                case END -> x - widths.get(index);
            };
        }
    }

    /** What a group stands for, which decides the attributes a web page can rely on in the SVG. */
    enum Role {
        /** A touchpoint card: focusable, with the touchpoint key and an accessible label. */
        TOUCHPOINT,
        /** The ghost of a touchpoint removed since the compared version. */
        REMOVED_TOUCHPOINT,
        /** A stage header. */
        STAGE,
        /** The cell of one stage in one lane. */
        CELL,
        /** Any other part (the title block, a lane, the legend). */
        PART
    }

    /**
     * Shapes that belong together: one touchpoint card, one stage header, one cell. {@code key} is
     * the touchpoint or stage key (empty for parts), {@code label} the text alternative (may be
     * empty), {@code area} the region the group covers.
     */
    record Group(Role role, String key, List<String> classes, String label, Box area, List<Shape> children)
            implements Shape {
        public Group {
            requireNonNull(role, "role is null");
            requireNonNull(key, "key is null");
            classes = List.copyOf(classes);
            requireNonNull(label, "label is null");
            requireNonNull(area, "area is null");
            children = List.copyOf(children);
        }
    }
}
