package dev.arbiter.models.judge;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
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
 * {@code [01](\.\d)?}; a number after {@code </think>}; then clamped to [0, 1]. Nothing matches → {@code error}
 * ({@code unparsed: zero} is the authors' 0). How the score is weighted against the outcome reward (Trust-GRPO) is a
 * group transform (catalog C6).
 *
 * <p>{@code code_faithful: true} uses the authors' {@code extract_score} regexes exactly: {@code \box{x}} and
 * {@code \boxes{x}} only (no {@code \boxed}, no spaces), {@code <answer>} only for {@code [01](\.\d)?}, the plain
 * number between Python word boundaries (so "0.75" reads as 0), a number after {@code </think>} (first as
 * {@code </think><answer>n</answer>}), then their three "wrong steps" fallbacks, which return the step <i>count</i>
 * clamped to [0, 1]. A standalone 0 or 1 is caught by the plain-number rule first, so these fallbacks only ever give
 * 1.0, for two or more wrong steps: the quirk rewards errors. It is off by default for that reason.
 */
public record ThinkingJudge(JudgeSupport.Settings settings, boolean codeFaithful, RewardSignature signature)
        implements JudgeReward {
    private static final Pattern BOX = Pattern.compile("\\\\box(?:ed|es)?\\{\\s*([01](?:\\.\\d)?)\\s*}");
    private static final Pattern ANSWER = Pattern.compile("<answer>\\s*(\\d+(?:\\.\\d+)?)\\s*</answer>");
    private static final Pattern PLAIN = Pattern.compile("(?<![\\d.])([01](?:\\.\\d)?)(?![\\d.])");
    private static final Pattern AFTER_THINK = Pattern.compile("</think>\\s*(\\d+(?:\\.\\d+)?)");

    // The authors' patterns, with Python 3's Unicode-aware \b and \d.
    private static final int PY = Pattern.UNICODE_CHARACTER_CLASS;
    private static final List<Pattern> AUTHORS = List.of(
            Pattern.compile("\\\\box(?:es)?\\{([01](?:\\.\\d)?)}", PY),
            Pattern.compile("<answer>\\s*([01](?:\\.\\d)?)\\s*</answer>", PY),
            Pattern.compile("\\b([01](?:\\.\\d)?)\\b", PY),
            Pattern.compile("</think>\\s*<answer>\\s*([\\d.]+)\\s*</answer>", PY),
            Pattern.compile("</think>\\s*([\\d.]+)", PY),
            Pattern.compile("Total Wrong Steps\\*\\*:\\s*(\\d+)", PY),
            Pattern.compile("\\*\\*(\\d+)\\s+wrong steps\\*\\*", PY),
            Pattern.compile("\\*\\*.*?\\bWrong Steps\\*\\*:\\s*(\\d+)", PY));

    static OptionalDouble extract(String raw) {
        for (Pattern p : List.of(BOX, ANSWER, PLAIN, AFTER_THINK)) {
            Matcher m = p.matcher(raw);
            if (m.find()) {
                return OptionalDouble.of(Math.max(0, Math.min(1, Double.parseDouble(m.group(1)))));
            }
        }
        return OptionalDouble.empty();
    }

    /**
     * The authors' {@code extract_score} without its all-fail 0 (empty instead). A number Python's {@code float}
     * would refuse (e.g. {@code 1.2.3} after {@code </think>}, where the authors' code raises) is empty too.
     */
    static OptionalDouble extractAsAuthors(String raw) {
        for (Pattern p : AUTHORS) {
            Matcher m = p.matcher(raw);
            if (m.find()) {
                OptionalDouble v = pythonNumber(m.group(1));
                if (v.isEmpty()) {
                    return v;
                }
                return OptionalDouble.of(Math.max(0, Math.min(1, v.getAsDouble())));
            }
        }
        return OptionalDouble.empty();
    }

    /** Python's int()/float() of a digits-and-dots string, Unicode digits included. */
    private static OptionalDouble pythonNumber(String text) {
        StringBuilder ascii = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            ascii.append(c == '.' ? '.' : Character.forDigit(Character.digit(c, 10), 10));
        }
        try {
            return OptionalDouble.of(Double.parseDouble(ascii.toString()));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    @Override
    public RewardResult judge(Sample s, Deadline deadline) {
        String response = settings.response(s);
        String raw = settings.call(Map.of("question", JudgeSupport.question(s), "response", response),
                JudgeSupport.images(s), 1, 0, deadline).first().text();
        OptionalDouble v = codeFaithful ? extractAsAuthors(raw) : extract(raw);
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
        @Override public List<Param> parameters() {
            return JudgeSupport.with(List.of(Param.optional("code_faithful", ParamKind.BOOL, false,
                            "the authors' extract_score regexes, incl. the wrong-steps fallbacks that give 1.0 for 2+ wrong steps")),
                    JudgeSupport.parameters("sophiavl_thinking", 1024, 0.0));
        }

        @Override
        public Reward create(Params p) {
            return new ThinkingJudge(JudgeSupport.settings(p, Set.of("question", "response")), p.bool("code_faithful"),
                    p.signature(version()));
        }
    }
}
