package dev.arbiter.models.judge;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;
import dev.arbiter.models.Outcomes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code judge_pairwise}: the response against a baseline response, judged in both orders (response as A, then as B)
 * and combined by a consistency rule (rm-benchmarks §10.1): each game votes +1 (response better), −1 (baseline
 * better) or 0 (tie, {@code [[C]]}).
 * <ul>
 *   <li>{@code vote} (JudgeBench): the sign of the sum decides; 1 win, 0.5 tie, 0 loss;</li>
 *   <li>{@code agree}: a win or loss only when both games say so, else 0.5.</li>
 * </ul>
 * {@code orders: single} plays only the first game. The two calls run in parallel.
 */
public record PairwiseJudge(JudgeSupport.Settings settings, String baseline, boolean both, boolean agree,
                            RewardSignature signature) implements JudgeReward {

    @Override
    public RewardResult judge(Sample s, Deadline deadline) {
        String response = settings.response(s);
        String other = settings.bounded(Baselines.of(s, baseline), "baseline");
        String q = JudgeSupport.question(s);
        List<Boolean> games = both ? List.of(true, false) : List.of(true);
        List<String> raws = settings.parallel(games, responseFirst -> settings.call(Map.of("question", q,
                "response_a", responseFirst ? response : other, "response_b", responseFirst ? other : response),
                deadline).first().text());
        int sum = 0;
        int positive = 0;
        int negative = 0;
        Map<String, Object> d = new LinkedHashMap<>();
        for (int g = 0; g < games.size(); g++) {
            Optional<Character> v = Verdicts.bracket(raws.get(g));
            if (v.isEmpty()) {
                return Outcomes.unparsed("[[A]], [[B]] or [[C]] (game " + (g + 1) + ")", raws.get(g), settings.unparsedZero())
                        .withDetail("games_raw", raws.stream().map(Outcomes::clip).toList());
            }
            char c = v.get();
            int vote = c == 'C' ? 0 : (c == 'A') == games.get(g) ? 1 : -1;
            sum += vote;
            positive += vote > 0 ? 1 : 0;
            negative += vote < 0 ? 1 : 0;
            d.put("game" + (g + 1), (games.get(g) ? "response=A" : "response=B") + " verdict=" + c);
        }
        double score;
        if (agree) {
            score = positive == games.size() ? 1.0 : negative == games.size() ? 0.0 : 0.5;
        } else {
            score = sum > 0 ? 1.0 : sum < 0 ? 0.0 : 0.5;
        }
        d.put("consistent", positive == games.size() || negative == games.size() || positive + negative == 0);
        return RewardResult.ok(score, score == 1.0 ? "the response won" : score == 0.0 ? "the baseline won" : "a tie")
                .withDetails(d).withDetail("raw", raws.stream().map(Outcomes::clip).toList());
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "judge_pairwise"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "models"; }
        @Override public String source() { return "JudgeBench (both orders, vote); MT-Bench pairwise prompt"; }
        @Override public String description() {
            return "An LLM judge compares the response with a baseline in both orders: 1 win, 0.5 tie, 0 loss.";
        }
        @Override public List<Param> parameters() {
            return JudgeSupport.with(List.of(Baselines.param(),
                    Param.choice("orders", "both", List.of("both", "single"), "play both orders, or only response-first"),
                    Param.choice("rule", "vote", List.of("vote", "agree"), "how two games combine")),
                    JudgeSupport.parameters("pairwise", 1024, 0.0));
        }

        @Override
        public Reward create(Params p) {
            return new PairwiseJudge(JudgeSupport.settings(p, Set.of("question", "response_a", "response_b")),
                    p.string("baseline"), p.string("orders").equals("both"), p.string("rule").equals("agree"),
                    p.signature(version()));
        }
    }
}
