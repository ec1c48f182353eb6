package dev.arbiter.text;

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
 * {@code format}: the R1-style structure reward, 1 when the response has a reasoning block then an answer block
 * ({@code <think>…</think><answer>…</answer>}, tag names configurable), else 0.
 *
 * <ul>
 *   <li><b>strict</b> (DeepSeek-R1 / VLM-R1): the whole response, trimmed, is one think block, optional whitespace,
 *       and one answer block, each tag exactly once — nothing before or after.</li>
 *   <li><b>lenient</b>: a think block is followed somewhere later by an answer block; text around them is allowed.</li>
 * </ul>
 * No reference is needed.
 */
public record FormatReward(String think, String answer, boolean strict, Pattern strictPattern, Pattern lenientPattern,
                           RewardSignature signature) implements Reward {

    static FormatReward of(String think, String answer, boolean strict, RewardSignature sig) {
        String t = Pattern.quote(think);
        String a = Pattern.quote(answer);
        Pattern s = Pattern.compile("<" + t + ">.*?</" + t + ">\\s*<" + a + ">.*?</" + a + ">", Pattern.DOTALL);
        Pattern l = Pattern.compile("<" + t + ">.*?</" + t + ">.*?<" + a + ">.*?</" + a + ">", Pattern.DOTALL);
        return new FormatReward(think, answer, strict, s, l, sig);
    }

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String response = References.response(sample);
        CharSequence text = deadline.guard(strict ? response.strip() : response);
        if (strict) {
            for (String tag : new String[] {"<" + think + ">", "</" + think + ">", "<" + answer + ">", "</" + answer + ">"}) {
                int n = count(response, tag);
                if (n != 1) {
                    return RewardResult.ok(0.0, "tag " + tag + " appears " + n + " times, expected once");
                }
            }
            return strictPattern.matcher(text).matches() ? RewardResult.ok(1.0, "well formed")
                    : RewardResult.ok(0.0, "the response is not exactly <" + think + ">…</" + think + "><" + answer + ">…</"
                    + answer + ">");
        }
        return lenientPattern.matcher(text).find() ? RewardResult.ok(1.0, "well formed")
                : RewardResult.ok(0.0, "no <" + think + "> block followed by an <" + answer + "> block");
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "format"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "text"; }
        @Override public String source() { return "DeepSeek-R1 format reward; VLM-R1 format reward (catalog A1)"; }
        @Override public String description() {
            return "1 if the response is <think>…</think> then <answer>…</answer> (strict: nothing else; lenient: in order), else 0.";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.optional("think_tag", ParamKind.STRING, "think", "the reasoning tag"),
                    Param.optional("answer_tag", ParamKind.STRING, "answer", "the answer tag"),
                    Param.choice("mode", "strict", List.of("strict", "lenient"),
                            "strict: exactly one block of each and nothing around; lenient: the blocks in order anywhere"));
        }

        @Override
        public Reward create(Params p) {
            for (String k : List.of("think_tag", "answer_tag")) {
                if (!p.string(k).matches("[A-Za-z_][A-Za-z0-9_:.-]*")) {
                    throw p.error(k, "not a tag name: \"" + p.string(k) + "\"");
                }
            }
            if (p.string("think_tag").equals(p.string("answer_tag"))) {
                throw p.error("answer_tag", "think_tag and answer_tag must differ");
            }
            return of(p.string("think_tag"), p.string("answer_tag"), p.string("mode").equals("strict"), p.signature(version()));
        }
    }
}
