package dev.arbiter.vision;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.References;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code vlmr1_format}: VLM-R1's format rewards (catalog A1), 1 or 0. No reference is needed.
 * <ul>
 *   <li><b>generic</b> ({@code grpo_jsonl.py format_reward}): the whole response fully matches
 *       {@code <think>.*?</think>\s*<answer>.*?</answer>} (DOTALL) — nothing before {@code <think>} or after
 *       {@code </answer>}, not even a newline.</li>
 *   <li><b>rec</b> ({@code qwen_module.py format_reward_rec}): the pattern
 *       {@code <think>.*?</think>\s*<answer>.*?\{.*\[\d+,\s*\d+,\s*\d+,\s*\d+\].*\}.*?</answer>} is found anywhere: the
 *       answer holds a {@code {…}} with a list of four non-negative integers inside.</li>
 * </ul>
 */
public record Vlmr1Format(boolean rec, RewardSignature signature) implements Reward {
    private static final Pattern GENERIC = Pattern.compile("<think>.*?</think>\\s*<answer>.*?</answer>", Pattern.DOTALL);
    private static final Pattern REC = Pattern.compile(
            "<think>.*?</think>\\s*<answer>.*?\\{.*\\[\\d+,\\s*\\d+,\\s*\\d+,\\s*\\d+\\].*\\}.*?</answer>", Pattern.DOTALL);

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String response = References.response(sample);
        CharSequence text = deadline.guard(response);
        boolean ok = rec ? REC.matcher(text).find() : GENERIC.matcher(text).matches();
        return ok ? RewardResult.ok(1.0, "well formed")
                : RewardResult.ok(0.0, rec ? "no <think>…</think><answer>{…[x1, y1, x2, y2]…}</answer>"
                : "the response is not exactly <think>…</think><answer>…</answer>");
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "vlmr1_format"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "vision"; }
        @Override public String source() { return "VLM-R1 format_reward / format_reward_rec (catalog A1)"; }
        @Override public String description() {
            return "1 if the response is <think>…</think><answer>…</answer> (generic: full match; rec: answer holds {…[int×4]…}), else 0.";
        }
        @Override public List<Param> parameters() {
            return List.of(Param.choice("variant", "generic", List.of("generic", "rec"),
                    "generic: full match of think/answer; rec: search, the answer must hold a box in braces"));
        }

        @Override
        public Reward create(Params p) {
            return new Vlmr1Format(p.string("variant").equals("rec"), p.signature(version()));
        }
    }
}
