package dev.arbiter.models.judge;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.References;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;
import dev.arbiter.models.Outcomes;
import dev.arbiter.models.remote.RemoteException;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code judge_llm_match}: VLM-R1's {@code llm} reward (catalog B13). The judge extracts the student's final answer and
 * replies {@code 1.0} or {@code 0.0}; the reward is the reply read as a number (clamped to [0, 1]). As in the authors'
 * code, with {@code fallback: exact_match} a failed call or a non-numeric reply falls back to exact string equality of
 * the answer (the last {@code <answer>} content, else the whole response) with a reference; the result says so.
 */
public record LlmMatchJudge(JudgeSupport.Settings settings, boolean fallback, RewardSignature signature) implements JudgeReward {
    private static final Pattern ANSWER = Pattern.compile("<answer>(.*?)</answer>", Pattern.DOTALL);
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    @Override
    public RewardResult judge(Sample s, Deadline deadline) {
        String response = settings.response(s);
        List<String> refs = References.answers(s.reference());
        String raw;
        try {
            raw = settings.call(Map.of("question", JudgeSupport.question(s), "response", response, "reference",
                    String.join(" or ", refs)), deadline).first().text();
        } catch (RemoteException e) {
            if (!fallback) {
                throw e;
            }
            return exact(response, refs, "the judge call failed (" + e.getMessage() + ")");
        }
        String t = raw.strip();
        if (NUMBER.matcher(t).matches()) {
            double v = Math.max(0, Math.min(1, Double.parseDouble(t)));
            return RewardResult.ok(v, "the judge replied " + t).withDetail("raw", Outcomes.clip(raw));
        }
        if (fallback) {
            return exact(response, refs, "the judge's reply is not a number").withDetail("raw", Outcomes.clip(raw));
        }
        return Outcomes.unparsed("a number", raw, settings.unparsedZero());
    }

    private static RewardResult exact(String response, List<String> refs, String why) {
        Matcher m = ANSWER.matcher(response);
        String answer = response;
        while (m.find()) {
            answer = m.group(1);
        }
        String a = answer.strip();
        boolean eq = refs.stream().anyMatch(r -> r.strip().equals(a));
        return RewardResult.ok(eq ? 1.0 : 0.0, why + "; fell back to exact string match").withDetail("fallback", true);
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "judge_llm_match"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "models"; }
        @Override public String source() { return "VLM-R1 grpo_jsonl.py llm_reward"; }
        @Override public String description() {
            return "An LLM judge's 1.0/0.0 on whether the answer matches the reference in meaning, in [0, 1].";
        }
        @Override public List<Param> parameters() {
            return JudgeSupport.with(List.of(Param.choice("fallback", "exact_match", List.of("exact_match", "none"),
                    "on a failed call or a non-numeric reply: exact string match (the authors' code), or none")),
                    JudgeSupport.parameters("vlmr1_llm", 16, 0.0));
        }

        @Override
        public Reward create(Params p) {
            return new LlmMatchJudge(JudgeSupport.settings(p, Set.of("question", "response", "reference")),
                    p.string("fallback").equals("exact_match"), p.signature(version()));
        }
    }
}
