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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code reasoning_pattern}: the Reasoning Pattern Reward (RPR) of "The Climb Carves Wisdom Deeper Than the Summit"
 * (catalog D2a), as the authors' {@code think_reward} computes it:
 * <ol>
 *   <li>keep the text after {@code "Assistant: <think>"} plus one character; with {@code code_faithful} an absent
 *       marker drops the first 18 characters, as the authors' code does (index −1 + 19);</li>
 *   <li>lower-case; score = (distinct phrases found) / 20, capped at 1;</li>
 *   <li>minus the 20-gram repetition ratio (distinct whitespace 20-grams seen more than once / all 20-grams);</li>
 *   <li>minus the number of {@code "user: "} occurrences (self-posed questions), if {@code user_penalty};</li>
 *   <li>clamped at 0.</li>
 * </ol>
 * {@code phrases: extended} uses the 53-phrase list of the authors' RM calibration (D2d), which applies no marker
 * quirk and no user penalty; set {@code code_faithful: false} and {@code user_penalty: false} to reproduce it.
 */
public record ReasoningPatternReward(List<String> phrases, String marker, boolean codeFaithful, boolean userPenalty,
                                     boolean includePrompt, RewardSignature signature) implements Reward {

    static final List<String> MATH_PHRASES = List.of(
            "i need to", "we need to", "wait", "alternatively", "let me check", "let me see", "let's focus on",
            "we know that", "we can observe ", "we can see ", "let me try", "let's try", "let us try", "first, ",
            "firstly, ", "next, ", "finally, ", "let us first", "let's first", "let me first", "try again", "still not",
            "not working", "not correct", "does not work", "doesn't work", "makes sence", "since we ", "because we ",
            "consequently", "as a result", "thus", "therefore", "hence", "so that", "thereby", "if we", "given there ",
            "for instance ", "for example ");

    static final List<String> EXTENDED_PHRASES;

    static {
        List<String> ext = new ArrayList<>(MATH_PHRASES);
        ext.addAll(List.of("1. ", "2. ", "3. ", "4. ", "step 1 ", "step 2 ", "step 3. ", "step 4 ", "considering the",
                "i'll", "i will", "i would", "i should"));
        EXTENDED_PHRASES = List.copyOf(ext);
    }

    static final int NGRAM = 20;
    static final double DIVISOR = 20.0;

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String response = References.response(sample);
        String text = includePrompt ? sample.prompt().asText() + response : response;
        int idx = text.indexOf(marker);
        int from;
        if (idx >= 0) {
            from = idx + marker.length() + 1;
        } else {
            from = codeFaithful ? marker.length() : 0;
        }
        text = from >= text.length() ? "" : text.substring(from);
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> found = new ArrayList<>();
        for (String p : phrases) {
            if (lower.contains(p)) {
                found.add(p.strip());
            }
        }
        double patternScore = Math.min(1.0, found.size() / DIVISOR);
        double repetition = repetitionRatio(Normalization.splitWhitespace(lower, deadline), deadline);
        int selfQuestions = userPenalty ? countOccurrences(lower, "user: ") : 0;
        double raw = patternScore - repetition - selfQuestions;
        double score = Math.max(0.0, raw);
        return RewardResult.ok(score).withDetail("phrases", found.size()).withDetail("repetition", repetition)
                .withDetail("user_turns", selfQuestions);
    }

    static double repetitionRatio(List<String> tokens, Deadline deadline) {
        int total = tokens.size() - NGRAM + 1;
        if (total <= 0) {
            return 0.0;
        }
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int i = 0; i < total; i++) {
            counts.merge(tokens.subList(i, i + NGRAM), 1, Integer::sum);
            if ((i & 0x3FF) == 0x3FF) {
                deadline.check();
            }
        }
        long repeated = counts.values().stream().filter(c -> c > 1).count();
        return (double) repeated / total;
    }

    private static int countOccurrences(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "reasoning_pattern"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "text"; }
        @Override public String source() {
            return "The Climb Carves Wisdom Deeper Than the Summit (Lv et al., 2025): Reasoning Pattern Reward";
        }
        @Override public String description() {
            return "Reasoning-phrase count / 20 (capped at 1) minus 20-gram repetition and 'user: ' turns, floored at 0.";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.choice("phrases", "math", List.of("math", "extended"),
                            "math: the 40 phrases of think_reward; extended: the 53 of the RM calibration"),
                    Param.optional("marker", ParamKind.STRING, "Assistant: <think>", "the text after which reasoning starts"),
                    Param.optional("code_faithful", ParamKind.BOOL, true,
                            "an absent marker drops the first 18 characters, as the authors' code does"),
                    Param.optional("user_penalty", ParamKind.BOOL, true, "subtract 1 per 'user: ' occurrence"),
                    Param.optional("include_prompt", ParamKind.BOOL, true,
                            "search prompt + response (the authors decode both), not the response alone"));
        }

        @Override
        public Reward create(Params p) {
            List<String> phrases = p.string("phrases").equals("math") ? MATH_PHRASES : EXTENDED_PHRASES;
            return new ReasoningPatternReward(phrases, p.string("marker"), p.bool("code_faithful"), p.bool("user_penalty"),
                    p.bool("include_prompt"), p.signature(version()));
        }
    }
}
