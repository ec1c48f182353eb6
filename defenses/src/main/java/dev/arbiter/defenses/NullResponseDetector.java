package dev.arbiter.defenses;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;

import java.util.List;

/**
 * {@code null_response_detector}: flags null and constant responses, the degenerate outputs a policy collapses to
 * when they earn reward. Rules, in order:
 * <ol>
 *   <li>{@code empty}: nothing but blanks;</li>
 *   <li>{@code too_short}: fewer than {@code min_chars} non-blank code points (default 1: only empty);</li>
 *   <li>{@code constant_token}: one whitespace token repeated, at least {@code min_repeats} times ("yes yes yes yes yes");</li>
 *   <li>{@code constant_unit}: the stripped response is one unit of at most {@code max_unit} characters repeated at
 *       least {@code min_repeats} times ("aaaaa", "ababab…", "!!!!!"), found with the KMP prefix function;</li>
 *   <li>{@code echoes_prompt}: the response is the prompt's last user message, whitespace-collapsed (off with
 *       {@code echo_prompt: false}; skipped when the prompt is empty).</li>
 * </ol>
 * Score 1 = clean, 0 = detected.
 */
public final class NullResponseDetector extends Detection {
    private final int minChars;
    private final int minRepeats;
    private final int maxUnit;
    private final boolean echoPrompt;

    NullResponseDetector(int minChars, int minRepeats, int maxUnit, boolean echoPrompt, RewardSignature signature) {
        super(signature);
        this.minChars = minChars;
        this.minRepeats = minRepeats;
        this.maxUnit = maxUnit;
        this.echoPrompt = echoPrompt;
    }

    @Override
    Finding detect(Sample sample, String response, Deadline deadline) {
        String s = Text.strip(response);
        if (s.isEmpty()) {
            return Finding.of("empty", "the response is empty or blank", "length", Text.codePoints(response));
        }
        long nonBlank = s.codePoints().filter(cp -> !Text.isBlank(cp)).count();
        if (nonBlank < minChars) {
            return Finding.of("too_short", "the response has " + nonBlank + " characters, fewer than " + minChars,
                    "length", nonBlank, "min_chars", minChars);
        }
        List<String> words = Text.words(s, deadline);
        if (words.size() >= minRepeats && words.stream().distinct().limit(2).count() == 1) {
            return Finding.of("constant_token", "the response is \"" + Text.abbreviate(words.get(0), 40) + "\" repeated "
                    + words.size() + " times", "unit", Text.abbreviate(words.get(0), 80), "repeats", words.size());
        }
        int period = smallestPeriod(s, deadline);
        if (period > 0 && period <= maxUnit && s.length() / period >= minRepeats) {
            String unit = s.substring(0, period);
            return Finding.of("constant_unit", "the response is \"" + Text.abbreviate(unit, 40) + "\" repeated "
                    + s.length() / period + " times", "unit", unit, "repeats", s.length() / period);
        }
        if (echoPrompt) {
            String prompt = Text.collapse(sample.prompt().lastUserText(), deadline);
            if (!prompt.isEmpty() && prompt.equals(Text.collapse(s, deadline))) {
                return Finding.of("echoes_prompt", "the response repeats the prompt", "length", Text.codePoints(s));
            }
        }
        return null;
    }

    /** The smallest p such that s is s[0, p) repeated exactly (a UTF-16 period), or 0 when s is not periodic. */
    static int smallestPeriod(String s, Deadline deadline) {
        int n = s.length();
        if (n < 2) {
            return 0;
        }
        int[] pi = new int[n];
        for (int i = 1; i < n; i++) {
            if ((i & 0xFFFF) == 0) {
                deadline.check();
            }
            int k = pi[i - 1];
            while (k > 0 && s.charAt(i) != s.charAt(k)) {
                k = pi[k - 1];
            }
            if (s.charAt(i) == s.charAt(k)) {
                k++;
            }
            pi[i] = k;
        }
        int p = n - pi[n - 1];
        if (p < n && n % p == 0 && !Character.isLowSurrogate(s.charAt(p))) {
            return p;
        }
        return 0;
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "null_response_detector"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "defenses"; }
        @Override public String source() {
            return "Degenerate-output checks (empty / constant / prompt-echo), cf. catalog D1 empty-key probes and D5 format gating";
        }
        @Override public String description() {
            return "1 = clean, 0 = the response is empty, too short, one token or unit repeated, or an echo of the prompt.";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.optional("min_chars", ParamKind.INT, 1, "fewer non-blank characters than this is too short"),
                    Param.optional("min_repeats", ParamKind.INT, 5, "a single token or unit repeated at least this often is constant"),
                    Param.optional("max_unit", ParamKind.INT, 16, "longest repeated unit (characters) counted as constant"),
                    Param.optional("echo_prompt", ParamKind.BOOL, true, "flag a response equal to the prompt's last user message"));
        }
        @Override
        public Reward create(Params p) {
            if (p.integer("min_repeats") < 2) {
                throw p.error("min_repeats", "min_repeats must be at least 2");
            }
            return new NullResponseDetector(p.integer("min_chars"), p.integer("min_repeats"), p.integer("max_unit"),
                    p.bool("echo_prompt"), p.signature(version()));
        }
    }
}
