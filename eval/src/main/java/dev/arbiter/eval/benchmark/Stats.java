package dev.arbiter.eval.benchmark;

import java.util.Collection;

/** Small numeric helpers shared by the benchmarks. */
public final class Stats {
    private Stats() {
    }

    /** The mean, or {@code NaN} for no values. */
    public static double mean(Collection<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.size();
    }

    public static double mean(double... xs) {
        if (xs.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.length;
    }

    /** The mean of the values that are not NaN (numpy's nanmean), NaN when none is. */
    public static double nanMean(double... xs) {
        double s = 0;
        int n = 0;
        for (double x : xs) {
            if (!Double.isNaN(x)) {
                s += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** {@code 100 × x}, keeping NaN; {@code null} for NaN so reports print n/a. */
    public static Double pct(double fraction) {
        return Double.isNaN(fraction) ? null : 100.0 * fraction;
    }

    /** {@code null} for NaN. */
    public static Double orNull(double x) {
        return Double.isNaN(x) ? null : x;
    }

    public static double max(double[] xs) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : xs) {
            m = Math.max(m, x);
        }
        return m;
    }

    public static double min(double[] xs) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : xs) {
            m = Math.min(m, x);
        }
        return m;
    }
}
