package dev.arbiter.eval.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a model run produced for one item (section 11.2): a score per candidate, optionally per-step scores and
 * judge verdicts. Scores are kept per candidate so any rule and tie convention can be re-applied.
 *
 * @param id         the item's id
 * @param scores     cid → score; a {@code NaN} is kept as is and reported by the benchmark
 * @param stepScores cid → per-step scores (PRMs)
 * @param judgments  judge verdicts
 * @param failures   cid → why that candidate has no score (a reward that answered invalid_input, timeout, error)
 * @param origin     {@code file:line} of the record, for messages
 */
public record ScoreRecord(String id, Map<String, Double> scores, Map<String, List<Double>> stepScores,
                          List<Judgment> judgments, Map<String, String> failures, String origin) {
    public ScoreRecord {
        Objects.requireNonNull(id, "id");
        scores = scores == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scores));
        stepScores = stepScores == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stepScores));
        judgments = judgments == null ? List.of() : List.copyOf(judgments);
        failures = failures == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(failures));
        origin = origin == null ? "" : origin;
    }

    public static ScoreRecord ofScores(String id, Map<String, Double> scores) {
        return new ScoreRecord(id, scores, null, null, null, null);
    }
}
