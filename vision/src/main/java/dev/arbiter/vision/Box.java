package dev.arbiter.vision;

/**
 * An axis-aligned box {@code [x1, y1, x2, y2]} (top-left, bottom-right) in whatever coordinates it was given;
 * {@link CoordinateFrame} maps it to image pixels. Degenerate boxes (x2 ≤ x1 or y2 ≤ y1) are representable: every
 * overlap measure below states what it gives for them, and none of them throws.
 */
public record Box(double x1, double y1, double x2, double y2) {

    public double width() {
        return x2 - x1;
    }

    public double height() {
        return y2 - y1;
    }

    /** {@code (x2 − x1)(y2 − y1)}; negative for an inverted box, as the authors' code computes it. */
    public double area() {
        return (x2 - x1) * (y2 - y1);
    }

    public boolean isFinite() {
        return Double.isFinite(x1) && Double.isFinite(y1) && Double.isFinite(x2) && Double.isFinite(y2);
    }

    /** Whether x1 < x2 and y1 < y2. */
    public boolean isProper() {
        return x1 < x2 && y1 < y2;
    }

    /**
     * Plain continuous IoU: intersection over union of the two rectangles, in [0, 1]. Boxes that do not overlap
     * (or touch only along an edge) give 0; a zero union (two empty boxes) gives 0.
     */
    public double iou(Box o) {
        double w = Math.min(x2, o.x2) - Math.max(x1, o.x1);
        double h = Math.min(y2, o.y2) - Math.max(y1, o.y1);
        if (w <= 0 || h <= 0) {
            return 0.0;
        }
        double inter = w * h;
        double union = area() + o.area() - inter;
        return union > 0 ? inter / union : 0.0;
    }

    /**
     * VLM-R1's legacy "−1/+1" IoU (catalog A2): the intersection is taken on inclusive pixel indices, so an overlap
     * of width or height ≤ 1 counts as 0, while the union uses the plain areas. A zero union (the authors' code
     * divides by zero and catches it) gives 0.
     */
    public double legacyIou(Box o) {
        double ix1 = Math.max(x1, o.x1);
        double iy1 = Math.max(y1, o.y1);
        double ix2 = Math.min(x2 - 1, o.x2 - 1);
        double iy2 = Math.min(y2 - 1, o.y2 - 1);
        double inter = ix1 < ix2 && iy1 < iy2 ? (ix2 - ix1 + 1) * (iy2 - iy1 + 1) : 0.0;
        double union = area() + o.area() - inter;
        if (union == 0 || !Double.isFinite(union)) {
            return 0.0;
        }
        double v = inter / union;
        return Double.isFinite(v) ? v : 0.0;
    }

    /**
     * COCO's box IoU ({@code maskUtils.iou} for boxes, not crowd): computed from the xywh form
     * {@code [x1, y1, x2 − x1, y2 − y1]} exactly as pycocotools does, so ties and rounding match.
     */
    public double cocoIou(Box gt) {
        double dx = x1;
        double dy = y1;
        double dw = x2 - x1;
        double dh = y2 - y1;
        double gx = gt.x1;
        double gy = gt.y1;
        double gw = gt.x2 - gt.x1;
        double gh = gt.y2 - gt.y1;
        double w = Math.min(dw + dx, gw + gx) - Math.max(dx, gx);
        if (w <= 0) {
            return 0.0;
        }
        double h = Math.min(dh + dy, gh + gy) - Math.max(dy, gy);
        if (h <= 0) {
            return 0.0;
        }
        double i = w * h;
        double u = dw * dh + gw * gh - i;
        return i / u;
    }

    /**
     * Generalized IoU (Rezatofighi et al.): {@code IoU − (C − U)/C} with C the smallest enclosing box, in [−1, 1].
     * Degenerate pairs whose union or enclosing area is 0 give 0 (DETR's code would divide by zero).
     */
    public double giou(Box o) {
        double w = Math.max(0, Math.min(x2, o.x2) - Math.max(x1, o.x1));
        double h = Math.max(0, Math.min(y2, o.y2) - Math.max(y1, o.y1));
        double inter = w * h;
        double union = area() + o.area() - inter;
        double cw = Math.max(0, Math.max(x2, o.x2) - Math.min(x1, o.x1));
        double ch = Math.max(0, Math.max(y2, o.y2) - Math.min(y1, o.y1));
        double c = cw * ch;
        if (union <= 0 || c <= 0) {
            return 0.0;
        }
        return inter / union - (c - union) / c;
    }

    /** The L1 distance between the corner vectors (DETR's {@code cdist(p=1)} over x1, y1, x2, y2). */
    public double l1(Box o) {
        return Math.abs(x1 - o.x1) + Math.abs(y1 - o.y1) + Math.abs(x2 - o.x2) + Math.abs(y2 - o.y2);
    }

    public Box scale(double sx, double sy) {
        return new Box(x1 * sx, y1 * sy, x2 * sx, y2 * sy);
    }

    /** As a JSON-ready list {@code [x1, y1, x2, y2]}. */
    public java.util.List<Double> toList() {
        return java.util.List.of(x1, y1, x2, y2);
    }
}
