package dev.arbiter.eval.benchmark;

import dev.arbiter.eval.data.EvalItem;
import dev.arbiter.eval.data.ScoreTable;

import java.util.List;

/**
 * A benchmark's own result layout read from {@code --scores}: per-item scores (and, when the file is self-contained,
 * the items themselves), or an aggregate that is already a full evaluation (per-subset accuracies, outcome counts).
 *
 * @param items       items synthesized from the score file when no data file was given, else {@code null}
 * @param table       per-item scores, or {@code null} for an aggregate
 * @param aggregate   the evaluation of an aggregate-only file, or {@code null}
 * @param description what was recognised, for the report
 */
public record OfficialScores(List<EvalItem> items, ScoreTable table, Evaluation aggregate, String description) {
    public static OfficialScores perItem(List<EvalItem> items, ScoreTable table, String description) {
        return new OfficialScores(items, table, null, description);
    }

    public static OfficialScores aggregate(Evaluation evaluation, String description) {
        return new OfficialScores(null, null, evaluation, description);
    }
}
