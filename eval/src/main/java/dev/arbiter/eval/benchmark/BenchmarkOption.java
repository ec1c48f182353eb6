package dev.arbiter.eval.benchmark;

import java.util.List;

/**
 * An option a benchmark accepts ({@code --option name=value} on the command line).
 *
 * @param name         lower snake case
 * @param defaultValue the value when not given, or {@code null} for none
 * @param choices      the allowed values, or empty for free text
 * @param description  one line
 */
public record BenchmarkOption(String name, String defaultValue, List<String> choices, String description) {
    public BenchmarkOption {
        choices = List.copyOf(choices);
    }

    public static BenchmarkOption free(String name, String defaultValue, String description) {
        return new BenchmarkOption(name, defaultValue, List.of(), description);
    }

    public static BenchmarkOption choice(String name, String defaultValue, List<String> choices, String description) {
        return new BenchmarkOption(name, defaultValue, choices, description);
    }

    /** {@code run}: picks one run, judge or model in a file holding several. Every benchmark accepts it. */
    public static final BenchmarkOption RUN = free("run", null,
            "which run (model, judge, result file key) to evaluate when a score file holds several");
}
