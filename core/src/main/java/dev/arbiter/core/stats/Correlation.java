package dev.arbiter.core.stats;

import java.util.Arrays;
import java.util.List;

/**
 * Pearson's and Spearman's correlation of two equally long series, as numpy's {@code corrcoef} and scipy's
 * {@code spearmanr} (average ranks for ties) give them; NaN when fewer than two points or a series is constant.
 * For a streaming, mergeable Pearson see the defenses module's {@code LengthCorrelation}.
 */
public final class Correlation {
    private Correlation() {
    }

    public static double pearson(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series lengths differ: " + x.length + " vs " + y.length);
        }
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) {
            return Double.NaN;
        }
        return Math.max(-1.0, Math.min(1.0, sxy / Math.sqrt(sxx * syy)));
    }

    public static double pearson(List<Double> x, List<Double> y) {
        return pearson(toArray(x), toArray(y));
    }

    public static double spearman(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series lengths differ: " + x.length + " vs " + y.length);
        }
        return pearson(ranks(x), ranks(y));
    }

    public static double spearman(List<Double> x, List<Double> y) {
        return spearman(toArray(x), toArray(y));
    }

    /** 1-based ranks, ties given the average of the ranks they span. */
    public static double[] ranks(double[] v) {
        int n = v.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && Double.compare(v[idx[j + 1]], v[idx[i]]) == 0) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[idx[k]] = avg;
            }
            i = j + 1;
        }
        return r;
    }

    private static double[] toArray(List<Double> v) {
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i);
        }
        return out;
    }
}
