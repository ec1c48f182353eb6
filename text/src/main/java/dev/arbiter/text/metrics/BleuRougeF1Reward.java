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
import java.util.Map;
import java.util.Optional;

/**
 * {@code bleu_rouge_f1}: BLEUBERI's {@code bleu_rouge_f1} reward (catalog A11b), the harmonic mean
 * {@code 2·b·r/(b + r)} (0 when the sum is 0) of {@code b}, BLEUBERI's BLEU ({@link BleuberiBleuReward}), and
 * {@code r}, ROUGE-L F as HF {@code evaluate}'s rouge computes it (rouge-score, no stemming, the best reference by
 * F). Both see the same text: blank completions score 0 and, by default, only the {@code <answer>} part is scored.
 */
public record BleuRougeF1Reward(boolean extractAnswer, RewardSignature signature) implements Reward {

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String completion = References.response(sample);
        List<String> refs = References.answers(sample.reference());
        Optional<String> text = BleuberiBleuReward.scoredText(completion, extractAnswer);
        if (text.isEmpty()) {
            return RewardResult.ok(0.0, PyStrings.isBlank(completion) ? "empty completion" : "empty <answer>")
                    .withComponents(Map.of("bleu", 0.0, "rouge", 0.0));
        }
        double b = NmtBleu.sentenceScore(text.get(), refs, 4, true, deadline).bleu();
        double r = Rouge.scoreMulti(Rouge.Type.L, refs, text.get(), false, deadline).score().fmeasure();
        double f1 = b + r > 0 ? 2 * b * r / (b + r) : 0.0;
        java.util.LinkedHashMap<String, Double> comps = new java.util.LinkedHashMap<>();
        comps.put("bleu", b);
        comps.put("rouge", r);
        return RewardResult.ok(Math.max(0.0, Math.min(1.0, f1)), "F1 of BLEU " + MetricRewards.fmt(b) + " and ROUGE-L "
                + MetricRewards.fmt(r)).withComponents(comps);
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "bleu_rouge_f1"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "text"; }
        @Override public String source() { return "BLEUBERI (lilakk/BLEUBERI) training/utils.py bleu_rouge_f1_reward"; }
        @Override public String description() {
            return "Harmonic mean of BLEUBERI's BLEU and ROUGE-L F (rouge-score, best reference); [0, 1].";
        }

        @Override
        public List<Param> parameters() {
            return List.of(Param.optional("extract_answer", ParamKind.BOOL, true,
                    "score only the <answer> part when present"));
        }

        @Override
        public Reward create(Params p) {
            return new BleuRougeF1Reward(p.bool("extract_answer"), p.signature(version()));
        }
    }
}
