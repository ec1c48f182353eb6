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

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code judge_correctness}: a reference-based binary verdict in the Master-RM judge format (catalog D1): the judge
 * sees the question, the solution and the reference answer and says YES or NO; the reward is 1 for YES, 0 for NO.
 * The rule-based master-key pre-check lives in the {@code defenses} module; put it in front with core's {@code gate}
 * (see the module README). An answer that is neither YES nor NO is {@code error} with the raw text.
 */
public record CorrectnessJudge(JudgeSupport.Settings settings, RewardSignature signature) implements JudgeReward {

    @Override
    public RewardResult judge(Sample s, Deadline deadline) {
        String response = settings.response(s);
        String reference = settings.bounded(JudgeSupport.reference(s), "reference");
        String raw = settings.call(Map.of("question", JudgeSupport.question(s), "response", response, "reference", reference),
                deadline).first().text();
        Optional<Boolean> v = Verdicts.yesNo(raw);
        if (v.isEmpty()) {
            return Outcomes.unparsed("YES or NO", raw, settings.unparsedZero());
        }
        return RewardResult.ok(v.get() ? 1.0 : 0.0, "the judge said " + (v.get() ? "YES" : "NO"))
                .withDetail("verdict", v.get() ? "YES" : "NO").withDetail("raw", Outcomes.clip(raw));
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "judge_correctness"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "models"; }
        @Override public String source() { return "One Token to Fool LLM-as-a-Judge (Master-RM judge format), arXiv 2507.08794"; }
        @Override public String description() {
            return "An LLM judge's YES/NO on whether the response's final answer matches the reference: 1 or 0.";
        }
        @Override public List<Param> parameters() { return JudgeSupport.parameters("master_rm", 8, 0.0); }

        @Override
        public Reward create(Params p) {
            return new CorrectnessJudge(JudgeSupport.settings(p, Set.of("question", "response", "reference")),
                    p.signature(version()));
        }
    }
}
