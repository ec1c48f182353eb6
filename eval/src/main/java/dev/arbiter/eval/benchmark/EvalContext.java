package dev.arbiter.eval.benchmark;

import dev.arbiter.eval.EvalException;
import dev.arbiter.eval.data.EvalItem;
import dev.arbiter.eval.data.InputFiles;
import dev.arbiter.eval.report.Skipped;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one evaluation: validated options, the bad-input policy, and the skipped items and notes collected
 * on the way. Not thread-safe; one per run.
 */
public final class EvalContext {
    private final Benchmark benchmark;
    private final Map<String, String> options;
    private final boolean strict;
    private final List<Skipped> skipped = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /**
     * @param options the options given; validated against {@link Benchmark#options()} plus {@code run}
     * @param strict  when true, the first bad item fails the run ({@link EvalException}) instead of being skipped
     */
    public EvalContext(Benchmark benchmark, Map<String, String> options, boolean strict) {
        this.benchmark = benchmark;
        this.strict = strict;
        Map<String, String> given = options == null ? Map.of() : options;
        Map<String, String> effective = new LinkedHashMap<>();
        List<BenchmarkOption> declared = new ArrayList<>(benchmark.options());
        declared.add(BenchmarkOption.RUN);
        for (String key : given.keySet()) {
            if (declared.stream().noneMatch(o -> o.name().equals(key))) {
                throw new EvalException(EvalException.Kind.USAGE, "unknown option '" + key + "' for benchmark "
                        + benchmark.name() + "; its options: " + String.join(", ", declared.stream().map(BenchmarkOption::name).toList()));
            }
        }
        for (BenchmarkOption o : declared) {
            String v = given.getOrDefault(o.name(), o.defaultValue());
            if (v != null && !o.choices().isEmpty() && !o.choices().contains(v)) {
                throw new EvalException(EvalException.Kind.USAGE, "option " + o.name() + "=" + v + " is not one of "
                        + String.join(", ", o.choices()));
            }
            if (v != null) {
                effective.put(o.name(), v);
            }
        }
        this.options = Collections.unmodifiableMap(effective);
    }

    public Benchmark benchmark() {
        return benchmark;
    }

    /** The effective options (given values and defaults). */
    public Map<String, String> options() {
        return options;
    }

    /** An option's effective value, or {@code null}. */
    public String option(String name) {
        return options.get(name);
    }

    public double optionDouble(String name) {
        String v = options.get(name);
        try {
            return v == null ? Double.NaN : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new EvalException(EvalException.Kind.USAGE, "option " + name + "=" + v + " must be a number");
        }
    }

    public boolean strict() {
        return strict;
    }

    /** Leaves {@code item} out of every denominator with {@code reason}; in strict mode fails the run instead. */
    public void skip(EvalItem item, String reason) {
        if (strict) {
            throw new EvalException(EvalException.Kind.INPUT, item.label() + ": " + reason);
        }
        skipped.add(new Skipped(item.id(), item.origin(), reason));
    }

    /** Leaves an input row that did not become an item out, with {@code reason}; in strict mode fails the run. */
    public void skip(InputFiles.Row row, String id, String reason) {
        if (strict) {
            throw new EvalException(EvalException.Kind.INPUT, row.origin() + (id == null ? "" : " (id '" + id + "')") + ": " + reason);
        }
        skipped.add(new Skipped(id == null ? "line " + row.index() : id, row.origin(), reason));
    }

    public void skip(String id, String origin, String reason) {
        if (strict) {
            throw new EvalException(EvalException.Kind.INPUT, origin + " (id '" + id + "'): " + reason);
        }
        skipped.add(new Skipped(id, origin, reason));
    }

    public void note(String note) {
        if (!notes.contains(note)) {
            notes.add(note);
        }
    }

    public List<Skipped> skipped() {
        return List.copyOf(skipped);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }
}
