package dev.arbiter.text.metrics;

import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.Params;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the reference-metric rewards share: the {@code scale} parameter and signatures with effective values. */
final class MetricRewards {
    static final String SCALE = "scale";

    private MetricRewards() {
    }

    static Param scaleParam(String metric) {
        return Param.choice(SCALE, "1", List.of("1", "100"),
                "1 gives " + metric + " in [0, 1]; 100 gives sacreBLEU's [0, 100]");
    }

    static double scale(Params p) {
        return Double.parseDouble(p.string(SCALE));
    }

    /** {@code p}'s signature with some values replaced by the effective ones. */
    static RewardSignature signature(Params p, int version, Object... overrides) {
        RewardSignature base = p.signature(version);
        Map<String, Object> params = new LinkedHashMap<>(base.params());
        for (int i = 0; i < overrides.length; i += 2) {
            params.put((String) overrides[i], overrides[i + 1]);
        }
        return new RewardSignature(base.type(), base.version(), params);
    }

    static int intInRange(Params p, String name, int min, int max) {
        int v = p.integer(name);
        if (v < min || v > max) {
            throw p.error(name, name + " must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    /** A [0, 100] metric value on the reward's scale, kept inside the range against last-bit rounding. */
    static double scaled(double value100, double scale) {
        double v = scale == 100 ? value100 : value100 / 100;
        return Math.max(0.0, Math.min(scale, v));
    }

    /** {@code v} with two decimals (for reasons; cheaper than {@code String.format}). */
    static String fmt(double v) {
        if (!Double.isFinite(v) || Math.abs(v) >= 1e15) {
            return Double.toString(v);
        }
        long cents = Math.round(Math.abs(v) * 100);
        long frac = cents % 100;
        return (v < 0 && cents != 0 ? "-" : "") + cents / 100 + (frac < 10 ? ".0" : ".") + frac;
    }

    static String nrefs(int n) {
        return n + (n == 1 ? " reference" : " references");
    }
}
