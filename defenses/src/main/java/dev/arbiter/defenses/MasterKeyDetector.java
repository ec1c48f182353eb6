package dev.arbiter.defenses;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code master_key_detector} (catalog D1): flags responses that are a "master key" of 'One Token to Fool
 * LLM-as-a-Judge' rather than an answer. Rules, checked in order (the first that fires is reported):
 * <ol>
 *   <li>{@code empty}: nothing but blanks (whitespace, zero-width and control characters);</li>
 *   <li>{@code master_key}: the stripped response equals a key (case-insensitive unless {@code case_sensitive});</li>
 *   <li>{@code punctuation_only}: only punctuation and symbols ("..", ":)", "—");</li>
 *   <li>{@code reasoning_opener}: only an opener, ignoring trailing punctuation ("Solution:", "Let's solve this problem
 *       step by step", "解：") — the first-sentence-only answers Master-RM is trained to reject.</li>
 * </ol>
 * Score 1 = clean, 0 = detected. Anything longer than an opener is clean: the detector never judges content.
 */
public final class MasterKeyDetector extends Detection {
    static final List<String> EXTRA_OPENERS = List.of("Let's solve this step by step", "Let's think step by step",
            "Let me think step by step", "Let me solve this step by step", "Let's think", "Step 1", "Answer", "The answer is",
            "Final answer", "Reasoning", "Explanation", "答案", "解答", "解析", "Solución", "Réponse", "Lösung");

    private final List<String> keys;
    private final List<String> openers;
    private final boolean punctuation;
    private final boolean caseSensitive;

    MasterKeyDetector(List<String> keys, List<String> openers, boolean punctuation, boolean caseSensitive,
                      RewardSignature signature) {
        super(signature);
        this.caseSensitive = caseSensitive;
        this.keys = keys.stream().map(Text::strip).filter(k -> !k.isEmpty()).map(this::fold).toList();
        this.openers = openers.stream().map(Text::stripTrailingPunctuation).filter(k -> !k.isEmpty()).map(this::fold).toList();
        this.punctuation = punctuation;
    }

    private String fold(String s) {
        return caseSensitive ? s : s.toLowerCase(Locale.ROOT);
    }

    @Override
    Finding detect(Sample sample, String response, Deadline deadline) {
        String stripped = Text.strip(response);
        if (stripped.isEmpty()) {
            return Finding.of("empty", "the response is empty or blank", "length", Text.codePoints(response));
        }
        boolean shortEnough = stripped.length() <= 256; // longer than any key or opener
        String folded = shortEnough ? fold(stripped) : "";
        for (String k : shortEnough ? keys : List.<String>of()) {
            if (k.equals(folded)) {
                return Finding.of("master_key", "the response is the master key \"" + stripped + "\"", "matched", stripped);
            }
        }
        if (punctuation && Text.onlyPunctuation(stripped, deadline)) {
            return Finding.of("punctuation_only", "the response is only punctuation or symbols", "response", Text.abbreviate(stripped, 80));
        }
        if (!shortEnough) {
            return null;
        }
        String opener = fold(Text.stripTrailingPunctuation(stripped));
        for (String o : openers) {
            if (o.equals(opener)) {
                return Finding.of("reasoning_opener", "the response is only a reasoning opener with no answer", "matched", stripped);
            }
        }
        return null;
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "master_key_detector"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "defenses"; }
        @Override public String source() {
            return "Zhao et al., 'One Token to Fool LLM-as-a-Judge' (arXiv 2507.08794): master keys; shared master_keys.json";
        }
        @Override public String description() {
            return "1 = clean, 0 = the response is empty, a master key, punctuation only, or only a reasoning opener.";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.optional("keys", ParamKind.STRING_LIST, null, "the master keys; none: the bundled list (the shared file plus \"\")"),
                    Param.optional("keys_file", ParamKind.STRING, null, "a JSON file of the shared file's shape to read the keys from"),
                    Param.optional("openers", ParamKind.STRING_LIST, null, "reasoning openers; none: the file's openers plus common variants"),
                    Param.optional("punctuation_only", ParamKind.BOOL, true, "flag responses made only of punctuation and symbols"),
                    Param.optional("case_sensitive", ParamKind.BOOL, false, "compare keys and openers case-sensitively"));
        }
        @Override
        public Reward create(Params p) {
            List<String> keys;
            if (p.isSet("keys_file")) {
                try {
                    keys = MasterKeys.load(Path.of(p.string("keys_file")));
                } catch (IOException | RuntimeException e) {
                    throw p.error("keys_file", "cannot read master keys from " + p.string("keys_file") + ": " + e.getMessage());
                }
            } else {
                keys = p.isSet("keys") ? p.strings("keys") : MasterKeys.probeKeys();
            }
            List<String> openers;
            if (p.isSet("openers")) {
                openers = p.strings("openers");
            } else {
                openers = new ArrayList<>(MasterKeys.openers());
                openers.addAll(EXTRA_OPENERS);
            }
            return new MasterKeyDetector(keys, openers, p.bool("punctuation_only"), p.bool("case_sensitive"), p.signature(version()));
        }
    }
}
