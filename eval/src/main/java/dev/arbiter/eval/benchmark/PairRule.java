package dev.arbiter.eval.benchmark;

import dev.arbiter.eval.data.EvalItem;
import dev.arbiter.eval.data.Gold;
import dev.arbiter.eval.data.Judgment;
import dev.arbiter.eval.data.ScoreRecord;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RewardBench v1's per-pair rule ({@code strict_gt}): with scores, {@code 1[s(chosen) > s(rejected)]}, equal
 * scores counting as wrong; with judge verdicts ({@code rewardbench-gen}), picking the chosen scores 1, the
 * rejected 0, an unparseable or tied verdict 0.5, and several verdicts (judges or samples) are decided by majority
 * (an even split scores 0.5).
 */
public final class PairRule {
    private PairRule() {
    }

    /** Outcome of one pair: the credit and the scores used (empty for verdicts). */
    public record Outcome(double credit, Map<String, Double> scores, boolean byJudge) {
    }

    public static Gold.Pair gold(EvalItem item) {
        if (item.gold() instanceof Gold.Pair p) {
            return p;
        }
        throw new ItemSkipped("gold type '" + item.gold().type() + "' does not fit this benchmark's pair rule (needs 'pair')");
    }

    public static Outcome apply(EvalItem item, ScoreRecord rec) {
        Gold.Pair g = gold(item);
        boolean hasScores = ItemScores.has(item, rec, g.chosen()) || ItemScores.has(item, rec, g.rejected());
        if (hasScores || rec.judgments().isEmpty()) {
            double c = ItemScores.score(item, rec, g.chosen());
            double r = ItemScores.score(item, rec, g.rejected());
            Map<String, Double> s = new LinkedHashMap<>();
            s.put(g.chosen(), c);
            s.put(g.rejected(), r);
            return new Outcome(c > r ? 1.0 : 0.0, s, false);
        }
        int chosen = 0;
        int rejected = 0;
        double single = 0.5;
        for (Judgment j : rec.judgments()) {
            String w = Verdicts.winner(j, Verdicts::bracketLetter);
            if (g.chosen().equals(w)) {
                chosen++;
                single = 1.0;
            } else if (g.rejected().equals(w)) {
                rejected++;
                single = 0.0;
            } else {
                single = 0.5;
            }
        }
        double credit = rec.judgments().size() == 1 ? single : chosen > rejected ? 1.0 : rejected > chosen ? 0.0 : 0.5;
        return new Outcome(credit, Map.of(), true);
    }
}
