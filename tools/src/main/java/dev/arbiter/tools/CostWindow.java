package dev.arbiter.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Router-R1's run-wide cost normalisation (catalog A9c, {@code normalize_reward} in {@code main_ppo.py}) as an
 * explicit state object that the trainer (or {@link RouterR1Cost}) owns:
 * <ol>
 *   <li>{@code u = sqrt(cost)} (or {@code log1p(α·cost)}, or the cost itself);</li>
 *   <li>u is pushed into a FIFO of the last {@code window} values;</li>
 *   <li>with ≥ 2 values, lo/hi are the {@code q_low}/{@code q_high} percentiles (numpy's default linear
 *       interpolation, reproduced to the last bit), else the min and max;</li>
 *   <li>{@code hi − lo < 1e-8} → c = 0.5, else {@code c = 1 − clip((u − lo)/(hi − lo), 0, 1)}; higher c is cheaper.</li>
 * </ol>
 * Not thread-safe: one window is fed in a fixed order. Its whole state is {@link #save()}d as JSON and
 * {@link #restore}d from it, so a run can be resumed exactly.
 */
public final class CostWindow {
    /** How a raw cost is transformed before it enters the window. */
    public enum Transform { SQRT, LOG, NONE }

    private final int capacity;
    private final double qLow;
    private final double qHigh;
    private final Transform transform;
    private final double alpha;
    private final Deque<Double> values = new ArrayDeque<>();
    /** The window's values in ascending order, kept in step with {@link #values} (insert and remove by binary search). */
    private double[] sorted = new double[16];
    private int count;

    public CostWindow(int capacity, double qLow, double qHigh, Transform transform, double alpha) {
        if (capacity < 1) {
            throw new IllegalArgumentException("window (" + capacity + ") must be at least 1");
        }
        if (!(0 <= qLow && qLow <= qHigh && qHigh <= 1)) {
            throw new IllegalArgumentException("need 0 ≤ q_low ≤ q_high ≤ 1, got " + qLow + ", " + qHigh);
        }
        this.capacity = capacity;
        this.qLow = qLow;
        this.qHigh = qHigh;
        this.transform = transform;
        this.alpha = alpha;
    }

    /** Router-R1's settings: window 1000, percentiles 5 and 95, sqrt. */
    public static CostWindow routerR1() {
        return new CostWindow(1000, 0.05, 0.95, Transform.SQRT, 0.01);
    }

    /**
     * Pushes one trajectory's raw cost and returns its normalised cost score c ∈ [0, 1].
     *
     * @throws IllegalArgumentException for a negative or non-finite cost (the window is left unchanged)
     */
    public double push(double cost) {
        if (!Double.isFinite(cost) || cost < 0) {
            throw new IllegalArgumentException("cost must be finite and non-negative, got " + cost);
        }
        double u = switch (transform) {
            case SQRT -> Math.sqrt(cost);
            case LOG -> Math.log1p(alpha * cost);
            case NONE -> cost;
        };
        add(u);
        double lo;
        double hi;
        if (count >= 2) {
            lo = percentile(sorted, count, qLow * 100);
            hi = percentile(sorted, count, qHigh * 100);
        } else {
            lo = sorted[0];
            hi = sorted[count - 1];
        }
        double denom = hi - lo;
        if (denom < 1e-8) {
            return 0.5;
        }
        double scaled = (u - lo) / denom;
        return 1.0 - Math.max(0.0, Math.min(1.0, scaled));
    }

    private void add(double u) {
        values.addLast(u);
        insertSorted(u);
        if (values.size() > capacity) {
            removeSorted(values.removeFirst());
        }
    }

    private void insertSorted(double u) {
        if (count == sorted.length) {
            sorted = Arrays.copyOf(sorted, Math.max(16, count * 2));
        }
        int i = Arrays.binarySearch(sorted, 0, count, u);
        if (i < 0) {
            i = -i - 1;
        }
        System.arraycopy(sorted, i, sorted, i + 1, count - i);
        sorted[i] = u;
        count++;
    }

    private void removeSorted(double u) {
        int i = Arrays.binarySearch(sorted, 0, count, u);
        System.arraycopy(sorted, i + 1, sorted, i, count - i - 1);
        count--;
    }

    /** numpy.percentile(a, q) with the default 'linear' method, on sorted values. */
    static double percentile(double[] sorted, double q) {
        return percentile(sorted, sorted.length, q);
    }

    /** numpy.percentile over the first n values of a sorted array. */
    static double percentile(double[] sorted, int n, double q) {
        double quantile = q / 100;
        double virtual = n * quantile + (1 + quantile * (1 - 1 - 1)) - 1;
        if (virtual >= n - 1) {
            return sorted[n - 1];
        }
        if (virtual < 0) {
            return sorted[0];
        }
        double previous = Math.floor(virtual);
        int i = (int) previous;
        double gamma = virtual - previous;
        double a = sorted[i];
        double b = sorted[i + 1];
        double diff = b - a;
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    }

    public int size() {
        return values.size();
    }

    /** The whole state: settings and the window's values in order. */
    public JsonNode save() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("window", capacity);
        o.put("q_low", qLow);
        o.put("q_high", qHigh);
        o.put("transform", transform.name().toLowerCase(java.util.Locale.ROOT));
        o.put("alpha", alpha);
        ArrayNode v = o.putArray("values");
        values.forEach(v::add);
        return o;
    }

    /** A window restored from {@link #save()}. */
    public static CostWindow restore(JsonNode state) {
        CostWindow w = new CostWindow(state.path("window").asInt(1000), state.path("q_low").asDouble(0.05),
                state.path("q_high").asDouble(0.95),
                Transform.valueOf(state.path("transform").asText("sqrt").toUpperCase(java.util.Locale.ROOT)),
                state.path("alpha").asDouble(0.01));
        for (JsonNode v : state.path("values")) {
            double d = v.asDouble();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("a saved window value is not finite: " + v);
            }
            w.add(d);
        }
        return w;
    }
}
