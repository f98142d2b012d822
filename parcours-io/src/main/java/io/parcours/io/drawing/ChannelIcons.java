package io.parcours.io.drawing;

import io.parcours.model.Channel;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A small line icon for each channel, drawn from primitives (no icon font, no image) so that it
 * looks the same in SVG, PNG and PDF: a globe for the web, a phone for the app, an envelope for
 * e-mail and post, a shop front for the store, speech bubbles for chat and word of mouth, a
 * magnifier for search, and so on. Each glyph is designed on a 16 x 16 grid centred on 0, 0.
 */
final class ChannelIcons {
    private static final double STROKE = 1.4;

    private final double cx;
    private final double cy;
    private final double scale;
    private final Color colour;
    private final List<Shape> shapes = new ArrayList<>();

    private ChannelIcons(double cx, double cy, double size, Color colour) {
        this.cx = cx;
        this.cy = cy;
        this.scale = size / 16;
        this.colour = colour;
    }

    /** The glyph of {@code channel}, {@code size} units wide, centred on {@code cx, cy}. */
    static List<Shape> glyph(Channel channel, double cx, double cy, double size, Color colour) {
        ChannelIcons icon = new ChannelIcons(cx, cy, size, colour);
        icon.draw(channel);
        return List.copyOf(icon.shapes);
    }

    private void draw(Channel channel) {
        switch (channel) {
            case WEB -> {
                circle(0, 0, 7, false);
                ellipse(0, 0, 3, 7);
                line(-7, 0, 7, 0);
                line(-6, -3.5, 6, -3.5);
                line(-6, 3.5, 6, 3.5);
            }
            case APP -> {
                rect(-4.5, -7.5, 9, 15, 1.8);
                line(-1.5, 5, 1.5, 5);
            }
            case PHONE -> path(true, move(-5.5, -7), curve(-8, -1, -2, 6, 5.5, 7.5), line(7.5, 4.5), line(4, 1.8),
                    line(2.3, 3.4), curve(0.2, 2.4, -1.8, 0.4, -3, -2), line(-1.4, -3.7), line(-3.4, -7.4), close());
            case EMAIL, MAIL -> {
                rect(-7.5, -5.5, 15, 11, 1.2);
                path(false, move(-7.5, -5), line(0, 1), line(7.5, -5));
            }
            case SMS -> {
                bubble(-7.5, -6.5, 15, 10.5);
                line(-4, -3, 4, -3);
                line(-4, 0, 2, 0);
            }
            case CHAT -> {
                bubble(-7.5, -6.5, 15, 10.5);
                dot(-3.5, -1.3, 1.1);
                dot(0, -1.3, 1.1);
                dot(3.5, -1.3, 1.1);
            }
            case SOCIAL -> {
                line(-4.5, 0, 4, -5);
                line(-4.5, 0, 4, 5);
                dot(-4.5, 0, 2.4);
                dot(4, -5, 2.4);
                dot(4, 5, 2.4);
            }
            case WORD_OF_MOUTH -> {
                bubble(-7.5, -7.5, 10, 7.5);
                path(false, move(4, -2), line(7.5, -2), line(7.5, 5), line(6, 5), line(6, 7.5), line(3.5, 5),
                        line(-2, 5), line(-2, 2.5));
            }
            case SEARCH -> {
                circle(-1.5, -1.5, 5, false);
                shapes.add(new Shape.Line(x(2.2), y(2.2), x(7), y(7), Shape.Outline.solid(colour, 2.2 * scale)));
            }
            case ADS -> {
                path(false, move(-7, -2.5), line(-3, -2.5), line(5, -7), line(5, 7), line(-3, 2.5), line(-7, 2.5),
                        close());
                line(-4.5, 2.5, -3.5, 7);
            }
            case REVIEWS -> star();
            case MARKETPLACE -> {
                rect(-6, -3, 12, 10, 1);
                path(false, move(-3, -3), curve(-3, -8.5, 3, -8.5, 3, -3));
            }
            case PUSH -> {
                path(false, move(-6, 4), curve(-5, 2.5, -5, 1, -5, -1), curve(-5, -5, -3, -6.5, 0, -6.5),
                        curve(3, -6.5, 5, -5, 5, -1), curve(5, 1, 5, 2.5, 6, 4), close());
                dot(0, 6.2, 1.4);
            }
            case STORE -> {
                path(false, move(-7.5, -3), line(-6, -7), line(6, -7), line(7.5, -3), close());
                line(-2.5, -7, -3, -3);
                line(2.5, -7, 3, -3);
                rect(-6, -3, 12, 10, 0);
                rect(-1.8, 2, 3.6, 5, 0);
            }
            case EVENT -> {
                rect(-7, -5.5, 14, 12.5, 1.2);
                line(-7, -1.5, 7, -1.5);
                line(-3.5, -7.5, -3.5, -4);
                line(3.5, -7.5, 3.5, -4);
                dot(-3, 2.5, 1);
                dot(0.5, 2.5, 1);
                dot(4, 2.5, 1);
            }
            case PRINT -> {
                path(false, move(-5.5, -7.5), line(2.5, -7.5), line(5.5, -4.5), line(5.5, 7.5), line(-5.5, 7.5), close());
                path(false, move(2.5, -7.5), line(2.5, -4.5), line(5.5, -4.5));
                line(-3, -1, 3, -1);
                line(-3, 2, 3, 2);
                line(-3, 5, 1, 5);
            }
            case OUTDOOR -> {
                rect(-7.5, -7, 15, 8.5, 0.8);
                line(-4, 1.5, -4, 7.5);
                line(4, 1.5, 4, 7.5);
            }
            case RADIO -> {
                rect(-7.5, -3.5, 15, 10.5, 1.5);
                circle(-2.7, 1.8, 2.8, false);
                line(2.5, 0, 5, 0);
                line(2.5, 3.5, 5, 3.5);
                line(-5, -3.5, 5, -8);
            }
            case TV -> {
                rect(-7.5, -6, 15, 10.5, 1.5);
                line(0, 4.5, 0, 7.5);
                line(-3.5, 7.5, 3.5, 7.5);
            }
            case DELIVERY -> {
                rect(-7.5, -5, 9.5, 8.5, 0.6);
                path(false, move(2, -2), line(5.5, -2), line(7.5, 1), line(7.5, 3.5), line(2, 3.5));
                circle(-4, 5, 1.9, true);
                circle(4.5, 5, 1.9, true);
            }
            case PARTNER -> {
                circle(-2.8, 0, 4.6, false);
                circle(2.8, 0, 4.6, false);
            }
        }
    }

    private double x(double gridX) {
        return cx + gridX * scale;
    }

    private double y(double gridY) {
        return cy + gridY * scale;
    }

    private Shape.Outline outline() {
        return Shape.Outline.solid(colour, STROKE * scale);
    }

    private void line(double x1, double y1, double x2, double y2) {
        shapes.add(new Shape.Line(x(x1), y(y1), x(x2), y(y2), outline()));
    }

    private void rect(double x, double y, double width, double height, double radius) {
        shapes.add(new Shape.Rect(new Box(x(x), y(y), width * scale, height * scale), radius * scale,
                Optional.empty(), Optional.of(outline())));
    }

    /** A circle; {@code knockout} fills it white so that it hides what it covers (truck wheels). */
    private void circle(double x, double y, double r, boolean knockout) {
        shapes.add(Shape.Ellipse.circle(x(x), y(y), r * scale, knockout ? Optional.of(Color.WHITE) : Optional.empty(),
                Optional.of(outline())));
    }

    private void ellipse(double x, double y, double rx, double ry) {
        shapes.add(new Shape.Ellipse(x(x), y(y), rx * scale, ry * scale, Optional.empty(), Optional.of(outline())));
    }

    private void dot(double x, double y, double r) {
        shapes.add(Shape.Ellipse.circle(x(x), y(y), r * scale, Optional.of(colour), Optional.empty()));
    }

    /** A speech bubble: a rounded box with a tail at its bottom left. */
    private void bubble(double x, double y, double width, double height) {
        double bottom = y + height;
        path(false, move(x + 1.5, y), line(x + width - 1.5, y), curve(x + width, y, x + width, y, x + width, y + 1.5),
                line(x + width, bottom - 1.5), curve(x + width, bottom, x + width, bottom, x + width - 1.5, bottom),
                line(x + 5, bottom), line(x + 2, bottom + 3), line(x + 2.5, bottom), line(x + 1.5, bottom),
                curve(x, bottom, x, bottom, x, bottom - 1.5), line(x, y + 1.5), curve(x, y, x, y, x + 1.5, y), close());
    }

    private void star() {
        List<Shape.Step> steps = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            double radius = i % 2 == 0 ? 7.8 : 3.3;
            double angle = -Math.PI / 2 + i * Math.PI / 5;
            double px = radius * Math.cos(angle);
            double py = radius * Math.sin(angle) + 0.6;
            steps.add(i == 0 ? move(px, py) : line(px, py));
        }
        steps.add(close());
        path(false, steps.toArray(Shape.Step[]::new));
    }

    private void path(boolean filled, Shape.Step... steps) {
        shapes.add(new Shape.Path(List.of(steps), filled ? Optional.of(colour) : Optional.empty(),
                filled ? Optional.empty() : Optional.of(outline())));
    }

    private Shape.Step move(double x, double y) {
        return new Shape.MoveTo(x(x), y(y));
    }

    private Shape.Step line(double x, double y) {
        return new Shape.LineTo(x(x), y(y));
    }

    private Shape.Step curve(double x1, double y1, double x2, double y2, double x, double y) {
        return new Shape.CurveTo(x(x1), y(y1), x(x2), y(y2), x(x), y(y));
    }

    private Shape.Step close() {
        return new Shape.Close();
    }
}
