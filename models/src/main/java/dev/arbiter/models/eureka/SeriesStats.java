package dev.arbiter.models.eureka;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the reward reflection says about one logged series (a reward component, the task score): its values sampled
 * about every tenth of training, and its max, mean and min over the whole run, as Eureka's feedback does.
 *
 * @param name    the series' name as the reflection shows it
 * @param sampled the values at steps 0, f, 2f, … (f = the sampling stride)
 * @param max     the largest value
 * @param mean    the arithmetic mean
 * @param min     the smallest value
 */
public record SeriesStats(String name, List<Double> sampled, double max, double mean, double min) {

    public SeriesStats {
        sampled = List.copyOf(sampled);
    }

    /** Eureka's stride: {@code max(n / 10, 1)} for a run of {@code n} logged steps. */
    public static int stride(int n) {
        return Math.max(n / 10, 1);
    }

    /**
     * The statistics of {@code values} sampled every {@code stride} steps starting at step 0.
     *
     * @throws IllegalArgumentException when the series is empty, holds a non-finite value, or the stride is below 1
     */
    public static SeriesStats of(String name, double[] values, int stride) {
        if (values.length == 0) {
            throw new IllegalArgumentException("series '" + name + "' is empty");
        }
        if (stride < 1) {
            throw new IllegalArgumentException("stride (" + stride + ") must be at least 1");
        }
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("series '" + name + "' holds a non-finite value at step " + i);
            }
            max = Math.max(max, v);
            min = Math.min(min, v);
            sum += v;
        }
        List<Double> sampled = new ArrayList<>();
        for (int i = 0; i < values.length; i += stride) {
            sampled.add(values[i]);
        }
        return new SeriesStats(name, sampled, max, sum / values.length, min);
    }

    /** One reflection line: {@code name: [0.10, 0.20, …], max 0.70, mean 0.45, min 0.10}, two decimals. */
    public String line() {
        StringBuilder sb = new StringBuilder(name).append(": [");
        for (int i = 0; i < sampled.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(fmt(sampled.get(i)));
        }
        return sb.append("], max ").append(fmt(max)).append(", mean ").append(fmt(mean)).append(", min ")
                .append(fmt(min)).toString();
    }

    static String fmt(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.equals("-0.00") ? "0.00" : s;
    }

    /**
     * Pearson's correlation of two equally long series (numpy's {@code corrcoef(x, y)[0, 1]}); NaN when either is
     * constant or they have fewer than two points.
     */
    public static double pearson(double[] x, double[] y) {
        return dev.arbiter.core.stats.Correlation.pearson(x, y);
    }
}
