package dev.arbiter.eval.probe;

import java.util.Arrays;
import java.util.List;

/** Pearson and Spearman correlation (average ranks for ties); NaN when undefined. */
public final class Correlation {
    private Correlation() {
    }

    public static double pearson(List<Double> x, List<Double> y) {
        int n = x.size();
        if (n < 2 || y.size() != n) {
            return Double.NaN;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x.get(i);
            my += y.get(i);
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x.get(i) - mx;
            double dy = y.get(i) - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    public static double spearman(List<Double> x, List<Double> y) {
        return pearson(ranks(x), ranks(y));
    }

    static List<Double> ranks(List<Double> v) {
        int n = v.size();
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(v.get(a), v.get(b)));
        Double[] r = new Double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && v.get(idx[j + 1]).equals(v.get(idx[i]))) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[idx[k]] = avg;
            }
            i = j + 1;
        }
        return Arrays.asList(r);
    }
}
