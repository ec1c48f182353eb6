package dev.arbiter.eval.benchmark;

import dev.arbiter.eval.data.EvalItem;
import dev.arbiter.eval.data.InputFiles;
import dev.arbiter.eval.data.ScoreTable;

import java.util.List;
import java.util.Optional;

/**
 * One reward-model benchmark: a loader for its official data layouts (plus the normalized format), optional readers
 * for its official result files, and its scoring rule and aggregation. Implementations are stateless; per-run state
 * lives in {@link EvalContext}.
 */
public interface Benchmark {
    /** The name used on the command line ({@code rewardbench}, {@code rm-bench}, …). */
    String name();

    /** Other accepted names. */
    List<String> aliases();

    /** The display title. */
    String title();

    /** One line: what is scored and how it is aggregated. */
    String description();

    /** Options beyond {@code run}. */
    List<BenchmarkOption> options();

    /** Reads {@code input} (official layout or normalized JSONL) into items; bad rows are skipped through {@code ctx}. */
    List<EvalItem> load(InputFiles.Input input, EvalContext ctx);

    /**
     * Reads {@code --scores} when it is in one of this benchmark's official result layouts; empty when it is not,
     * in which case it is read as generic score records (section 11.2).
     *
     * @param items the items loaded from {@code --data}, or empty when none was given
     */
    default Optional<OfficialScores> readOfficialScores(InputFiles.Input scores, List<EvalItem> items, EvalContext ctx) {
        return Optional.empty();
    }

    /** Applies the rule to every item and aggregates; items that cannot be scored are skipped through {@code ctx}. */
    Evaluation evaluate(List<EvalItem> items, ScoreTable scores, EvalContext ctx);

    /**
     * Whether a reward spec must also score every step prefix of candidates with steps (for step-level rules).
     * When true, the {@code k}-th step score of a candidate is the reward of its first {@code k+1} steps.
     */
    default boolean needsStepScores(EvalContext ctx) {
        return false;
    }
}
