package dev.vigil.job.alert;

import dev.vigil.schemas.Zone;
import dev.vigil.schemas.ZonePoint;
import java.util.ArrayList;
import java.util.List;

/**
 * A zone's polygon in normalised frame coordinates, and the two ways a box can be in it: by its
 * bottom-centre point (where a person or vehicle stands), or by the share of its area inside.
 */
final class ZoneShape {
    private final String name;
    private final double[] xs;
    private final double[] ys;

    ZoneShape(String name, double[] xs, double[] ys) {
        this.name = name;
        this.xs = xs;
        this.ys = ys;
    }

    static ZoneShape of(Zone zone) {
        List<ZonePoint> points = zone.getPoints();
        double[] xs = new double[points.size()];
        double[] ys = new double[points.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = points.get(i).getX();
            ys[i] = points.get(i).getY();
        }
        return new ZoneShape(zone.getName(), xs, ys);
    }

    String name() {
        return name;
    }

    /**
     * The box's bottom-centre point is inside (even-odd rule; a point on an edge may go either
     * way).
     */
    boolean holdsBottomCentre(float xMin, float xMax, float yMax) {
        return contains((xMin + xMax) / 2.0, yMax);
    }

    boolean contains(double x, double y) {
        boolean inside = false;
        for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
            if ((ys[i] > y) != (ys[j] > y)
                    && x < (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]) + xs[i]) {
                inside = !inside;
            }
        }
        return inside;
    }

    /**
     * The share of the box's area that lies in the zone, 0..1: the polygon clipped to the box
     * (Sutherland-Hodgman, right for any polygon against a rectangle), its area over the box's. A
     * box without area counts by its bottom-centre point.
     */
    double shareOf(float xMin, float yMin, float xMax, float yMax) {
        double boxArea = (double) (xMax - xMin) * (yMax - yMin);
        if (boxArea <= 0) {
            return holdsBottomCentre(xMin, xMax, yMax) ? 1 : 0;
        }
        List<double[]> clipped = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            clipped.add(new double[] {xs[i], ys[i]});
        }
        clipped = clip(clipped, 0, xMin, true);
        clipped = clip(clipped, 0, xMax, false);
        clipped = clip(clipped, 1, yMin, true);
        clipped = clip(clipped, 1, yMax, false);
        return Math.min(1, area(clipped) / boxArea);
    }

    /** Keeps the part of the polygon with coordinate {@code axis} >= (or <=) {@code edge}. */
    private static List<double[]> clip(
            List<double[]> polygon, int axis, double edge, boolean keepAbove) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < polygon.size(); i++) {
            double[] current = polygon.get(i);
            double[] previous = polygon.get((i + polygon.size() - 1) % polygon.size());
            boolean currentIn = keepAbove ? current[axis] >= edge : current[axis] <= edge;
            boolean previousIn = keepAbove ? previous[axis] >= edge : previous[axis] <= edge;
            if (currentIn != previousIn) {
                double t = (edge - previous[axis]) / (current[axis] - previous[axis]);
                out.add(
                        new double[] {
                            previous[0] + t * (current[0] - previous[0]),
                            previous[1] + t * (current[1] - previous[1])
                        });
            }
            if (currentIn) {
                out.add(current);
            }
        }
        return out;
    }

    private static double area(List<double[]> polygon) {
        double sum = 0;
        for (int i = 0; i < polygon.size(); i++) {
            double[] a = polygon.get(i);
            double[] b = polygon.get((i + 1) % polygon.size());
            sum += a[0] * b[1] - b[0] * a[1];
        }
        return Math.abs(sum) / 2;
    }
}
