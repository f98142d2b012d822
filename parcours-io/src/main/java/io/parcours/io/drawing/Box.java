package io.parcours.io.drawing;

/** A rectangle of the drawing, in drawing units (CSS pixels), from its top-left corner. */
record Box(double x, double y, double width, double height) {
    Box {
        if (!(width >= 0) || !(height >= 0)) {
            throw new IllegalArgumentException("a box has no negative size: " + width + " x " + height);
        }
    }

    double right() {
        return x + width;
    }

    double bottom() {
        return y + height;
    }

    double centerX() {
        return x + width / 2;
    }

    double centerY() {
        return y + height / 2;
    }

    Box grow(double margin) {
        return new Box(x - margin, y - margin, width + 2 * margin, height + 2 * margin);
    }

    boolean contains(Box other) {
        double slack = 0.01;
        return other.x >= x - slack && other.y >= y - slack && other.right() <= right() + slack
                && other.bottom() <= bottom() + slack;
    }
}
