package dev.arbiter.shaping;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code difficulty_scale} (catalog C12, the engine hook of GRPO-S / DR-IRL): {@code R' = s·R}, with the per-prompt
 * (or per-response) difficulty factor s supplied by a pluggable estimator as {@code meta.<field>}. The scaling formula
 * of the paper is not in our sources. Note that a per-group constant factor is cancelled by GRPO's std division:
 * pair it with {@code dr_grpo} or per-response factors. A missing factor is {@code invalid_input} unless
 * {@code default} is set.
 */
public final class DifficultyScale extends ShapingReward {
    private final Reward child;
    private final String field;
    private final Double fallback;

    DifficultyScale(Reward child, String field, Double fallback, RewardSignature signature) {
        super(signature);
        this.child = child;
        this.field = field;
        this.fallback = fallback;
    }

    @Override
    RewardResult compute(Sample sample, Deadline deadline) {
        double s = fallback != null && !Inputs.has(sample, field) ? fallback : Inputs.number(sample, field);
        RewardResult r = Inputs.child("reward", child, sample, deadline);
        Map<String, Double> comps = new LinkedHashMap<>();
        comps.put("reward", r.score());
        comps.put("scale", s);
        return Inputs.ok(s * r.score(), "scaled reward", r.details(), comps);
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "difficulty_scale"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "shaping"; }
        @Override public String source() {
            return "'Inverse RL with dynamic reward scaling for LLM alignment' (GRPO-S, arXiv 2503.18991): engine hook only";
        }
        @Override public String description() { return "The child's score times the difficulty factor meta.difficulty_scale."; }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.required("reward", ParamKind.SPEC, "the reward to scale"),
                    Param.optional("field", ParamKind.STRING, "difficulty_scale", "meta number: the factor s"),
                    Param.optional("default", ParamKind.DOUBLE, null, "the factor when the field is absent; none: invalid_input"));
        }
        @Override
        public Reward create(Params p) {
            return new DifficultyScale(p.reward("reward"), p.string("field"), p.isSet("default") ? p.number("default") : null,
                    p.signature(version()));
        }
    }
}
