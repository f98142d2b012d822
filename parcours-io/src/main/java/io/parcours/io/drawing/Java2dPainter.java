package io.parcours.io.drawing;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.Optional;

/**
 * Paints a {@link Drawing} on any {@link Graphics2D}: a {@link java.awt.image.BufferedImage} for
 * the PNG, a PDFBox graphics for the PDF. Text is painted with the font and the widths the layout
 * measured ({@link TextMetrics}), so it lands where the layout put it.
 */
final class Java2dPainter {
    private final Graphics2D graphics;

    private Java2dPainter(Graphics2D graphics) {
        this.graphics = graphics;
    }

    static void paint(Drawing drawing, Graphics2D graphics) {
        TextMetrics.hint(graphics);
        Java2dPainter painter = new Java2dPainter(graphics);
        for (Shape shape : drawing.shapes()) {
            painter.shape(shape);
        }
    }

    private void shape(Shape shape) {
        if (shape instanceof Shape.Rect rect) {
            Box box = rect.box();
            java.awt.Shape outline = rect.radius() > 0
                    ? new RoundRectangle2D.Double(box.x(), box.y(), box.width(), box.height(), 2 * rect.radius(),
                            2 * rect.radius())
                    : new Rectangle2D.Double(box.x(), box.y(), box.width(), box.height());
            fillAndStroke(outline, rect.fill(), rect.outline());
        } else if (shape instanceof Shape.Line line) {
            fillAndStroke(new Line2D.Double(line.x1(), line.y1(), line.x2(), line.y2()), Optional.empty(),
                    Optional.of(line.outline()));
        } else if (shape instanceof Shape.Ellipse ellipse) {
            fillAndStroke(new Ellipse2D.Double(ellipse.cx() - ellipse.rx(), ellipse.cy() - ellipse.ry(),
                    2 * ellipse.rx(), 2 * ellipse.ry()), ellipse.fill(), ellipse.outline());
        } else if (shape instanceof Shape.Path path) {
            fillAndStroke(path2d(path), path.fill(), path.outline());
        } else if (shape instanceof Shape.Text text) {
            text(text);
        } else if (shape instanceof Shape.Group group) {
            for (Shape child : group.children()) {
                shape(child);
            }
        }
    }

    private static Path2D path2d(Shape.Path path) {
        Path2D.Double result = new Path2D.Double();
        for (Shape.Step step : path.steps()) {
            if (step instanceof Shape.MoveTo move) {
                result.moveTo(move.x(), move.y());
            } else if (step instanceof Shape.LineTo line) {
                result.lineTo(line.x(), line.y());
            } else if (step instanceof Shape.CurveTo curve) {
                result.curveTo(curve.x1(), curve.y1(), curve.x2(), curve.y2(), curve.x(), curve.y());
            } else {
                result.closePath();
            }
        }
        return result;
    }

    private void fillAndStroke(java.awt.Shape shape, Optional<Color> fill, Optional<Shape.Outline> outline) {
        fill.ifPresent(colour -> {
            graphics.setColor(colour);
            graphics.fill(shape);
        });
        outline.ifPresent(line -> {
            graphics.setColor(line.colour());
            float width = (float) line.width();
            graphics.setStroke(line.dashed()
                    ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                            new float[] {3 * width, 2 * width}, 0f)
                    : new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            graphics.draw(shape);
        });
    }

    private void text(Shape.Text text) {
        Shape.TextStyle style = text.style();
        graphics.setColor(style.colour());
        for (int i = 0; i < text.lines().size(); i++) {
            String line = text.lines().get(i);
            graphics.setFont(TextMetrics.font(line, style.size(), style.bold()));
            graphics.drawString(line, (float) text.left(i), (float) (text.baseline() + i * text.lineHeight()));
        }
    }
}
