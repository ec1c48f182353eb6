package dev.arbiter.eval.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one item was scored.
 *
 * @param id         the item id
 * @param subset     its subset (or finest group), may be null
 * @param group      its coarser group (section, domain, language, category), may be null
 * @param outcome    what the rule gave: e.g. {@code correct: 1}, {@code credit: 0.5}, {@code reciprocal_rank: 0.25}
 * @param candidates each candidate's role, score and length
 */
public record ItemResult(String id, String subset, String group, Map<String, Double> outcome,
                         List<CandidateResult> candidates) {
    public ItemResult {
        outcome = Collections.unmodifiableMap(new LinkedHashMap<>(outcome));
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
    }

    /**
     * @param cid    candidate id
     * @param role   its role
     * @param score  its score (after any PRM aggregation), or {@code null} when the rule used verdicts only
     * @param length characters of its text (0 when the input carried no text)
     */
    public record CandidateResult(String cid, String role, Double score, int length) {
    }
}
