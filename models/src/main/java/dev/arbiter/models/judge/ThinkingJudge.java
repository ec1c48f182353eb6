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
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code judge_thinking}: SophiaVL-R1's thinking-quality judge (catalog B9): the judge (the authors' thinking reward
 * model, or any chat model) rates the reasoning process, not the answer, in [0, 1]; images in {@code meta.images}
 * are sent along. The score is read by the first rule that matches: {@code \box{x}} / {@code \boxed{x}} /
 * {@code \boxes{x}} with x in {@code [01](\.\d)?}; {@code <answer> x </answer>}; the first standalone
 * {@code [01](\.\d)?}; a number after {@code </think>}; then clamped to [0, 1]. The authors' three "wrong steps"
 * fallbacks are not reproduced (their mapping from a step count to a score is not in the catalog). Nothing matches →
 * {@code error} ({@code unparsed: zero} is the authors' 0). How the score is weighted against the outcome reward
 * (Trust-GRPO) is a group transform (catalog C6).
 */
public record ThinkingJudge(JudgeSupport.Settings settings, RewardSignature signature) implements JudgeReward {
    private static final Pattern BOX = Pattern.compile("\\\\box(?:ed|es)?\\{\\s*([01](?:\\.\\d)?)\\s*}");
    private static final Pattern ANSWER = Pattern.compile("<answer>\\s*(\\d+(?:\\.\\d+)?)\\s*</answer>");
    private static final Pattern PLAIN = Pattern.compile("(?<![\\d.])([01](?:\\.\\d)?)(?![\\d.])");
    private static final Pattern AFTER_THINK = Pattern.compile("</think>\\s*(\\d+(?:\\.\\d+)?)");

    static OptionalDouble extract(String raw) {
        for (Pattern p : List.of(BOX, ANSWER, PLAIN, AFTER_THINK)) {
            Matcher m = p.matcher(raw);
            if (m.find()) {
                return OptionalDouble.of(Math.max(0, Math.min(1, Double.parseDouble(m.group(1)))));
            }
        }
        return OptionalDouble.empty();
    }

    @Override
    public RewardResult judge(Sample s, Deadline deadline) {
        String response = settings.response(s);
        String raw = settings.call(Map.of("question", JudgeSupport.question(s), "response", response),
                JudgeSupport.images(s), 1, 0, deadline).first().text();
        OptionalDouble v = extract(raw);
        if (v.isEmpty()) {
            return Outcomes.unparsed("a score in [0, 1]", raw, settings.unparsedZero());
        }
        return RewardResult.ok(v.getAsDouble(), "thinking score " + v.getAsDouble()).withDetail("raw", Outcomes.clip(raw));
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "judge_thinking"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "models"; }
        @Override public String source() { return "SophiaVL-R1 (kxfan2002/SophiaVL-R1 verl/workers/reward/custom.py)"; }
        @Override public String description() {
            return "A judge's score of the reasoning process (not the answer), in [0, 1].";
        }
        @Override public List<Param> parameters() { return JudgeSupport.parameters("sophiavl_thinking", 1024, 0.0); }

        @Override
        public Reward create(Params p) {
            return new ThinkingJudge(JudgeSupport.settings(p, Set.of("question", "response")), p.signature(version()));
        }
    }
}
