package dev.arbiter.text.metrics;

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
import java.util.Optional;

/**
 * {@code bleuberi_bleu}: BLEUBERI's BLEU reward (catalog A11a). HF {@code evaluate} BLEU with add-one smoothing over
 * 13a tokens, shortest reference length, max order 4, case-sensitive (see {@link NmtBleu}). A blank completion
 * scores 0. When the completion holds {@code <answer>}, only the text after the first {@code <answer>} up to the next
 * {@code </answer>} (or the end) is scored; if that is blank the score is 0.
 */
public record BleuberiBleuReward(boolean extractAnswer, int maxOrder, boolean smooth, RewardSignature signature)
        implements Reward {

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String completion = References.response(sample);
        List<String> refs = References.answers(sample.reference());
        Optional<String> text = scoredText(completion, extractAnswer);
        if (text.isEmpty()) {
            return RewardResult.ok(0.0, PyStrings.isBlank(completion) ? "empty completion" : "empty <answer>");
        }
        NmtBleu.Score s = NmtBleu.sentenceScore(text.get(), refs, maxOrder, smooth, deadline);
        return RewardResult.ok(Math.max(0.0, Math.min(1.0, s.bleu())), "BLEU " + MetricRewards.fmt(100 * s.bleu())
                        + " against " + MetricRewards.nrefs(refs.size()))
                .withDetail("brevity_penalty", s.bp())
                .withDetail("translation_length", s.translationLength())
                .withDetail("reference_length", s.referenceLength());
    }

    /** The text BLEUBERI scores: empty when the completion, or its {@code <answer>} part, is blank. */
    static Optional<String> scoredText(String completion, boolean extractAnswer) {
        if (PyStrings.isBlank(completion)) {
            return Optional.empty();
        }
        String text = extractAnswer ? answer(completion) : completion;
        return PyStrings.isBlank(text) ? Optional.empty() : Optional.of(text);
    }

    /** The text after the first {@code <answer>} up to the next {@code </answer>} or the end; the whole text if none. */
    static String answer(String completion) {
        int open = completion.indexOf("<answer>");
        if (open < 0) {
            return completion;
        }
        int start = open + "<answer>".length();
        int end = completion.indexOf("</answer>", start);
        return end < 0 ? completion.substring(start) : completion.substring(start, end);
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "bleuberi_bleu"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "text"; }
        @Override public String source() {
            return "BLEUBERI (lilakk/BLEUBERI); HF evaluate bleu (TF-NMT compute_bleu, Lin & Och smoothing)";
        }
        @Override public String description() {
            return "BLEUBERI's BLEU: HF evaluate BLEU with add-one smoothing, 13a tokens, shortest reference; [0, 1].";
        }

        @Override
        public List<Param> parameters() {
            return List.of(
                    Param.optional("extract_answer", ParamKind.BOOL, true, "score only the <answer> part when present"),
                    Param.optional("max_order", ParamKind.INT, 4, "highest n-gram order, 1..9"),
                    Param.optional("smooth", ParamKind.BOOL, true, "Lin & Och add-one smoothing (BLEUBERI: on)"));
        }

        @Override
        public Reward create(Params p) {
            return new BleuberiBleuReward(p.bool("extract_answer"), MetricRewards.intInRange(p, "max_order", 1, 9),
                    p.bool("smooth"), p.signature(version()));
        }
    }
}
