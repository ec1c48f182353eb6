package dev.arbiter.eval.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The numbers of one section, subset, domain, language or category.
 *
 * @param kind    what the group is ({@code section}, {@code subset}, {@code domain}, {@code language}, {@code category},
 *                {@code reference}, …)
 * @param name    the official key ({@code Chat Hard}, {@code mmlu-pro}, {@code arb_Arab})
 * @param label   display name
 * @param n       units in the group (items, pairs, steps: {@code unit} of the report says which)
 * @param metrics metric name → value (percentages 0–100 unless the benchmark's unit says otherwise), in display order
 * @param primary the metric charted for this group
 */
public record MetricGroup(String kind, String name, String label, int n, Map<String, Double> metrics, String primary) {
    public MetricGroup {
        label = label == null ? name : label;
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    public Double value() {
        return metrics.get(primary);
    }
}
