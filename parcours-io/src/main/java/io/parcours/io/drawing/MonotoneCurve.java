package io.parcours.io.drawing;

import java.util.ArrayList;
import java.util.List;

/**
 * A smooth curve through points in increasing x that never overshoots them: monotone cubic
 * Hermite interpolation (F. N. Fritsch and R. E. Carlson, "Monotone Piecewise Cubic
 * Interpolation", SIAM J. Numer. Anal. 17, 1980), written as cubic Bézier segments. Between two
 * stages with the same emotion the curve stays flat, and it never rises above +2 or below -2, which
 * a Catmull-Rom spline would do.
 */
final class MonotoneCurve {
    private MonotoneCurve() {}

    /** The path through {@code points} (each {x, y}, x increasing, at least two). */
    static List<Shape.Step> through(List<double[]> points) {
        int n = points.size();
        if (n < 2) {
            throw new IllegalArgumentException("a curve needs two points");
        }
        double[] slopes = new double[n - 1];
        for (int k = 0; k < n - 1; k++) {
            slopes[k] = (y(points, k + 1) - y(points, k)) / (x(points, k + 1) - x(points, k));
        }
        double[] tangents = new double[n];
        tangents[0] = slopes[0];
        tangents[n - 1] = slopes[n - 2];
        for (int k = 1; k < n - 1; k++) {
            tangents[k] = slopes[k - 1] * slopes[k] <= 0 ? 0 : (slopes[k - 1] + slopes[k]) / 2;
        }
        for (int k = 0; k < n - 1; k++) {
            if (slopes[k] == 0) {
                tangents[k] = 0;
                tangents[k + 1] = 0;
                continue;
            }
            double alpha = tangents[k] / slopes[k];
            double beta = tangents[k + 1] / slopes[k];
            double length = alpha * alpha + beta * beta;
            if (length > 9) {
                double tau = 3 / Math.sqrt(length);
                tangents[k] = tau * alpha * slopes[k];
                tangents[k + 1] = tau * beta * slopes[k];
            }
        }
        List<Shape.Step> steps = new ArrayList<>();
        steps.add(new Shape.MoveTo(x(points, 0), y(points, 0)));
        for (int k = 0; k < n - 1; k++) {
            double third = (x(points, k + 1) - x(points, k)) / 3;
            steps.add(new Shape.CurveTo(x(points, k) + third, y(points, k) + tangents[k] * third,
                    x(points, k + 1) - third, y(points, k + 1) - tangents[k + 1] * third,
                    x(points, k + 1), y(points, k + 1)));
        }
        return steps;
    }

    private static double x(List<double[]> points, int index) {
        return points.get(index)[0];
    }

    private static double y(List<double[]> points, int index) {
        return points.get(index)[1];
    }
}
