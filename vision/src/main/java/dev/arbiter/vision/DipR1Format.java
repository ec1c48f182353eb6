package dev.arbiter.vision;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.References;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code dip_r1_format}: DIP-R1's "standard reasoning reward" (catalog A13) as an ordered-tag format check, 1/0: the
 * response (trimmed) is exactly the three reasoning blocks — scene understanding, observing ambiguous regions,
 * decision making — in order, then the answer block, each once, with only whitespace between; every block non-empty.
 *
 * <p>The catalog's source is the abstract only, which does not name the tags: they are parameters, with
 * {@code <scene>}, {@code <observe>}, {@code <decide>} and {@code <answer>} as defaults. No reference is needed.
 */
public record DipR1Format(List<String> steps, String answerTag, Pattern pattern, RewardSignature signature)
        implements Reward {

    static DipR1Format of(List<String> steps, String answerTag, RewardSignature sig) {
        StringBuilder sb = new StringBuilder();
        for (String s : steps) {
            String q = Pattern.quote(s);
            sb.append("<").append(q).append(">(?!\\s*</").append(q).append(">).*?</").append(q).append(">\\s*");
        }
        String a = Pattern.quote(answerTag);
        sb.append("<").append(a).append(">(?!\\s*</").append(a).append(">).*?</").append(a).append(">");
        return new DipR1Format(List.copyOf(steps), answerTag, Pattern.compile(sb.toString(), Pattern.DOTALL), sig);
    }

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String response = References.response(sample).strip();
        for (String tag : steps) {
            if (Tags.count(response, "<" + tag + ">") != 1 || Tags.count(response, "</" + tag + ">") != 1) {
                return RewardResult.ok(0.0, "<" + tag + "> must appear exactly once");
            }
        }
        if (Tags.count(response, "<" + answerTag + ">") != 1 || Tags.count(response, "</" + answerTag + ">") != 1) {
            return RewardResult.ok(0.0, "<" + answerTag + "> must appear exactly once");
        }
        return pattern.matcher(deadline.guard(response)).matches() ? RewardResult.ok(1.0, "well formed")
                : RewardResult.ok(0.0, "blocks out of order, empty, or text outside them");
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "dip_r1_format"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "vision"; }
        @Override public String source() { return "DIP-R1 reasoning reward, reconstructed from the abstract (catalog A13)"; }
        @Override public String description() {
            return "1 if the response is the three reasoning blocks in order and then the answer block, else 0.";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.optional("steps", ParamKind.STRING_LIST, List.of("scene", "observe", "decide"),
                            "the reasoning tags, in order (scene understanding, ambiguous regions, decision)"),
                    Param.optional("answer_tag", ParamKind.STRING, "answer", "the final answer tag"));
        }

        @Override
        public Reward create(Params p) {
            List<String> steps = p.strings("steps");
            if (steps.isEmpty()) {
                throw p.error("steps", "at least one step tag is needed");
            }
            for (String t : steps) {
                if (!t.matches("[A-Za-z_][A-Za-z0-9_:.-]*")) {
                    throw p.error("steps", "not a tag name: \"" + t + "\"");
                }
            }
            if (!p.string("answer_tag").matches("[A-Za-z_][A-Za-z0-9_:.-]*") || steps.contains(p.string("answer_tag"))
                    || new java.util.HashSet<>(steps).size() != steps.size()) {
                throw p.error("answer_tag", "tags must be distinct tag names");
            }
            return of(steps, p.string("answer_tag"), p.signature(version()));
        }
    }
}
