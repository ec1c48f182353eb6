package dev.arbiter.eval.benchmark;

import java.util.List;
import java.util.Locale;

/**
 * Reducing a PRM's per-step scores to one solution score (RewardMATH §4.2). {@link #MEAN_LOGIT}, {@link #MEAN_ODDS}
 * and {@link #GEOMEAN} need step scores that are probabilities; values are clamped to [1e-12, 1 − 1e-12] for the
 * logit and odds.
 */
public enum PrmAggregation {
    MIN, MAX, PROD, GEOMEAN, MEAN, MEAN_LOGIT, MEAN_ODDS, LAST;

    private static final double EPS = 1e-12;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> keys() {
        return java.util.Arrays.stream(values()).map(PrmAggregation::key).toList();
    }

    public static PrmAggregation of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }

    /** Whether this reducer needs probabilities in [0, 1]. */
    public boolean needsProbabilities() {
        return this == GEOMEAN || this == MEAN_LOGIT || this == MEAN_ODDS;
    }

    public double apply(List<Double> steps) {
        int n = steps.size();
        switch (this) {
            case MIN: return steps.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
            case MAX: return steps.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            case LAST: return steps.get(n - 1);
            case MEAN: return steps.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            case PROD: {
                double p = 1;
                for (double s : steps) {
                    p *= s;
                }
                return p;
            }
            case GEOMEAN: {
                double l = 0;
                for (double s : steps) {
                    l += Math.log(Math.max(s, 0));
                }
                return Math.exp(l / n);
            }
            case MEAN_LOGIT: {
                double l = 0;
                for (double s : steps) {
                    double p = clamp(s);
                    l += Math.log(p / (1 - p));
                }
                return 1 / (1 + Math.exp(-l / n));
            }
            case MEAN_ODDS: {
                double o = 0;
                for (double s : steps) {
                    double p = clamp(s);
                    o += p / (1 - p);
                }
                return o / n;
            }
            default: throw new IllegalStateException();
        }
    }

    private static double clamp(double p) {
        return Math.min(1 - EPS, Math.max(EPS, p));
    }
}
