package dev.arbiter.math;

/**
 * How two parsed answers are compared.
 *
 * @param relTolerance       relative tolerance for irrational or complex values computed in double precision
 *                           (exact rationals are always compared exactly, so {@code 1/2^99 ≠ 1/2^98})
 * @param floatRounding      a number written with a decimal point matches when both sides agree to this many
 *                           decimal places (and within 5% of each other, so tiny values are not all equal)
 * @param percent            how a percentage compares with a bare number
 * @param strictVariables    whether variable names must match ({@code f(x)} vs {@code f(y)})
 * @param relationMatchesSet whether a prediction written as a relation ({@code x \le 3}) may match a gold written
 *                           as a set ({@code (-\infty,3]}); a gold relation always may match a predicted set
 */
public record CompareOptions(double relTolerance, int floatRounding, PercentMode percent, boolean strictVariables,
                             boolean relationMatchesSet) {

    public static final CompareOptions DEFAULTS = new CompareOptions(1e-9, 6, PercentMode.LENIENT, true, false);

    public CompareOptions {
        if (!(relTolerance >= 0 && relTolerance < 1)) {
            throw new IllegalArgumentException("rel_tolerance must be in [0, 1), was " + relTolerance);
        }
        if (floatRounding < 0 || floatRounding > 30) {
            throw new IllegalArgumentException("float_rounding must be in [0, 30], was " + floatRounding);
        }
    }

    public CompareOptions withFloatRounding(int places) {
        return new CompareOptions(relTolerance, places, percent, strictVariables, relationMatchesSet);
    }

    public CompareOptions withStrictVariables(boolean strict) {
        return new CompareOptions(relTolerance, floatRounding, percent, strict, relationMatchesSet);
    }

    public CompareOptions withRelationMatchesSet(boolean allowed) {
        return new CompareOptions(relTolerance, floatRounding, percent, strictVariables, allowed);
    }

    public CompareOptions withPercent(PercentMode mode) {
        return new CompareOptions(relTolerance, floatRounding, mode, strictVariables, relationMatchesSet);
    }

    /** How {@code 25\%} compares with a bare number. */
    public enum PercentMode {
        /** {@code 25\%} matches {@code 25}, {@code 0.25} and {@code 25\%}. */
        LENIENT("lenient"),
        /** {@code 25\%} is the number 0.25: it matches {@code 0.25} and {@code \frac14}, not {@code 25}. */
        VALUE("value"),
        /** The percent sign is ignored: {@code 25\%} is 25. */
        STRIP("strip");

        private final String specName;

        PercentMode(String specName) {
            this.specName = specName;
        }

        public String specName() {
            return specName;
        }

        public static PercentMode fromSpecName(String name) {
            for (PercentMode m : values()) {
                if (m.specName.equals(name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown percent mode '" + name + "'");
        }
    }
}
