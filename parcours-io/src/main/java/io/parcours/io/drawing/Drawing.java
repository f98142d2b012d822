package io.parcours.io.drawing;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A journey map drawn as a scene: a size in drawing units (CSS pixels) and a list of shapes
 * (rectangles, lines, curves, circles, text already wrapped into lines), some grouped under a
 * touchpoint or a stage. {@link #toSvg()} writes it as SVG; {@link DrawingExport} paints the same
 * shapes as PNG or PDF. Made by {@link MapDrawing}; immutable and safe to share between threads.
 */
public final class Drawing {
    private final double width;
    private final double height;
    private final String title;
    private final String description;
    private final List<Shape> shapes;

    Drawing(double width, double height, String title, String description, List<Shape> shapes) {
        if (!(width > 0) || !(height > 0)) {
            throw new IllegalArgumentException("a drawing has a size: " + width + " x " + height);
        }
        this.width = width;
        this.height = height;
        this.title = requireNonNull(title, "title is null");
        this.description = requireNonNull(description, "description is null");
        this.shapes = List.copyOf(shapes);
    }

    public double width() {
        return width;
    }

    public double height() {
        return height;
    }

    /** The short text alternative: the map's name. */
    public String title() {
        return title;
    }

    /** The long text alternative: persona, state, stages, touchpoints by status, changes. */
    public String description() {
        return description;
    }

    /** The drawing as a standalone SVG document (UTF-8 XML, no script, no external reference). */
    public String toSvg() {
        return SvgWriter.write(this, false);
    }

    /**
     * The drawing as an {@code <svg>} element to place in an HTML page: no XML declaration, and the
     * role "group" instead of "img", so that screen readers announce the touchpoint buttons inside it.
     */
    public String toInlineSvg() {
        return SvgWriter.write(this, true);
    }

    List<Shape> shapes() {
        return shapes;
    }

    /** Every group, depth first. */
    Stream<Shape.Group> groups() {
        return shapes.stream().flatMap(Drawing::groupsIn);
    }

    /** Every text, depth first. */
    Stream<Shape.Text> texts() {
        return shapes.stream().flatMap(Drawing::textsIn);
    }

    /** The card of a touchpoint of the map. */
    Optional<Shape.Group> touchpoint(String key) {
        return groups().filter(group -> group.role() == Shape.Role.TOUCHPOINT && group.key().equals(key)).findFirst();
    }

    private static Stream<Shape.Group> groupsIn(Shape shape) {
        if (shape instanceof Shape.Group group) {
            return Stream.concat(Stream.of(group), group.children().stream().flatMap(Drawing::groupsIn));
        }
        return Stream.empty();
    }

    private static Stream<Shape.Text> textsIn(Shape shape) {
        if (shape instanceof Shape.Text text) {
            return Stream.of(text);
        }
        if (shape instanceof Shape.Group group) {
            return group.children().stream().flatMap(Drawing::textsIn);
        }
        return Stream.empty();
    }
}
