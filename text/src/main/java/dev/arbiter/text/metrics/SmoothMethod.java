package dev.arbiter.text.metrics;

import java.util.Arrays;
import java.util.List;

/**
 * sacreBLEU's sentence-BLEU smoothing methods (Chen &amp; Cherry, 2014), by their sacreBLEU names.
 * {@link #FLOOR} and {@link #ADD_K} take a value (defaults 0.1 and 1); the others take none.
 */
public enum SmoothMethod {
    /** No smoothing: a zero precision makes BLEU 0 (unless effective order stops before it). */
    NONE("none", Double.NaN),
    /** Method 1: a zero match count becomes {@code smooth_value} matches. */
    FLOOR("floor", 0.1),
    /** Method 2: add {@code smooth_value} to matches and totals of orders 2 and up (Lin &amp; Och generalized). */
    ADD_K("add-k", 1.0),
    /** Method 3, NIST's (mteval-v13a): the k-th zero precision becomes 1/(2^k · total). sacreBLEU's default. */
    EXP("exp", Double.NaN);

    private final String specName;
    private final double defaultValue;

    SmoothMethod(String specName, double defaultValue) {
        this.specName = specName;
        this.defaultValue = defaultValue;
    }

    public String specName() {
        return specName;
    }

    /** Whether the method uses a smoothing value. */
    public boolean takesValue() {
        return !Double.isNaN(defaultValue);
    }

    /** The value used when none is given; NaN for methods without one. */
    public double defaultValue() {
        return defaultValue;
    }

    public static List<String> specNames() {
        return Arrays.stream(values()).map(SmoothMethod::specName).toList();
    }

    public static SmoothMethod fromSpecName(String name) {
        for (SmoothMethod m : values()) {
            if (m.specName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown smooth_method '" + name + "'; known: " + specNames());
    }
}
