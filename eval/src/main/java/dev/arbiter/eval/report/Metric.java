package dev.arbiter.eval.report;

import java.util.Objects;

/**
 * One number of a report.
 *
 * @param name    machine name ({@code score}, {@code score_legacy_prior_sets}, …)
 * @param label   human name
 * @param value   the value, or {@code null} when it cannot be computed here (then {@code formula} says why)
 * @param unit    {@code %} for percentages (0–100), empty for raw values
 * @param n       the number of units it averages over, or {@code null}
 * @param formula how it is computed, in one line (names the published formula it follows)
 */
public record Metric(String name, String label, Double value, String unit, Integer n, String formula) {
    public Metric {
        Objects.requireNonNull(name, "name");
        label = label == null ? name : label;
        unit = unit == null ? "" : unit;
        formula = formula == null ? "" : formula;
    }

    public static Metric pct(String name, String label, Double value, Integer n, String formula) {
        return new Metric(name, label, value, "%", n, formula);
    }

    public static Metric raw(String name, String label, Double value, Integer n, String formula) {
        return new Metric(name, label, value, "", n, formula);
    }

    /** The value rounded half-up to {@code digits} decimals, as text; {@code n/a} when absent. */
    public String format(int digits) {
        if (value == null) {
            return "n/a";
        }
        if (value.isNaN()) {
            return "NaN";
        }
        return new java.math.BigDecimal(value).setScale(digits, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}
