package dev.arbiter.vision;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
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

/**
 * {@code vlmr1_length}: VLM-R1's legacy cosine length reward (catalog A6, {@code cosine_rewards}), after
 * "Demystifying long CoT": {@code r = max − (max − min)·(1 − cos(π·L/1024))/2}. Correct answers use min 0.5, max 1.0
 * (shorter is better); wrong ones min 0.0, max −0.5. L is not clipped, so lengths above 1024 wrap around.
 *
 * <p><b>Inputs.</b> L, the completion's token count, from {@code meta.response_length} (or
 * {@code completion_tokens}, {@code num_tokens}); without it the sample is {@code invalid_input}, since this module
 * has no tokenizer.
 *
 * <p><b>code_faithful: true</b> reproduces the bug in the authors' code: the accuracy input is overwritten with
 * 1.0, so the correct branch is always used and no reference is needed (range [0.5, 1]). <b>false</b> (the paper):
 * the answer is correct when VLM-R1's weighted-sum detection score (A5, default weights; a cleaned reference of
 * {@code none} scores by equality) is ≥ 0.7; the reference is then required (range [−0.5, 1]).
 */
public record Vlmr1Length(boolean codeFaithful, double maxLength, RewardSignature signature) implements Reward {
    private static final OdWeightedSum ACCURACY = new OdWeightedSum(0.7, 0.0, 0.3, 0.5, RewardSignature.of("od_weighted_sum", 1));

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        References.response(sample);
        double length = tokens(sample);
        boolean correct = true;
        Double accuracy = null;
        if (!codeFaithful) {
            RewardResult acc = ACCURACY.score(sample, deadline);
            accuracy = acc.score();
            correct = acc.score() >= 0.7;
        }
        double min = correct ? 0.5 : 0.0;
        double max = correct ? 1.0 : -0.5;
        double r = max - (max - min) * (1 - Math.cos(length * Math.PI / maxLength)) / 2;
        return RewardResult.ok(r).withDetail("tokens", length).withDetail("accuracy", accuracy)
                .withDetail("branch", correct ? "correct" : "wrong");
    }

    static double tokens(Sample s) {
        for (String k : new String[] {"response_length", "completion_tokens", "num_tokens"}) {
            JsonNode n = s.meta().get(k);
            if (n != null && !n.isNull()) {
                double v = SampleInputs.finite(n, "meta." + k);
                if (v < 0) {
                    throw new InvalidInputException("meta." + k + " must not be negative, got " + v);
                }
                return v;
            }
        }
        throw new InvalidInputException("the cosine length reward needs the completion's token count in "
                + "meta.response_length (or completion_tokens, num_tokens)");
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "vlmr1_length"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "vision"; }
        @Override public String source() { return "VLM-R1 cosine_rewards, after Yeo et al. 2025 (catalog A6)"; }
        @Override public String description() {
            return "Cosine length reward over the token count in meta: [0.5, 1] for correct answers, [−0.5, 0] for wrong ones.";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.optional("code_faithful", ParamKind.BOOL, true,
                            "the released code's bug: every answer takes the correct branch; false: correctness from the detection score"),
                    Param.optional("max_length", ParamKind.DOUBLE, 1024.0, "the cosine period's half (cosine_max_len)"));
        }

        @Override
        public Reward create(Params p) {
            if (!(p.number("max_length") > 0)) {
                throw p.error("max_length", "max_length must be positive");
            }
            return new Vlmr1Length(p.bool("code_faithful"), p.number("max_length"), p.signature(version()));
        }
    }
}
