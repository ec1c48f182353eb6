package dev.arbiter.eval.probe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one robustness probe.
 *
 * @param name    machine name ({@code master_key}, {@code null_model}, …)
 * @param title   display title
 * @param source  the paper or benchmark the probe follows
 * @param verdict {@code pass}, {@code warn}, {@code fail}, or {@code n/a} when it could not run
 * @param summary one sentence with the key number and the threshold that set the verdict
 * @param metrics metric → value (percentages 0–100 unless the name says otherwise), in display order
 * @param rows    per-case rows (per master key, per null response, per batch size…), for tables and charts
 * @param notes   caveats
 */
public record ProbeResult(String name, String title, String source, String verdict, String summary, Map<String, Double> metrics,
                          List<Row> rows, List<String> notes) {
    public ProbeResult {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        rows = List.copyOf(rows);
        notes = List.copyOf(notes);
    }

    /** One row: a label and its values. */
    public record Row(String label, Map<String, Double> values) {
        public Row {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    public static ProbeResult notApplicable(String name, String title, String source, String why) {
        return new ProbeResult(name, title, source, "n/a", why, Map.of(), List.of(), List.of());
    }
}
