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

import java.util.List;

/**
 * {@code meta_score}: a number given with the sample, such as a reward-model score computed elsewhere
 * ({@code meta.rm_score}), as a reward. It is how model outputs enter the shaping types without a model call:
 * {@code {type: par, reward: {type: meta_score, field: rm_score}}}.
 */
public final class MetaScore extends ShapingReward {
    private final String field;
    private final Double fallback;

    MetaScore(String field, Double fallback, RewardSignature signature) {
        super(signature);
        this.field = field;
        this.fallback = fallback;
    }

    @Override
    RewardResult compute(Sample sample, Deadline deadline) {
        if (fallback != null && !Inputs.has(sample, field)) {
            return RewardResult.ok(fallback, "meta." + field + " is missing; the default is used");
        }
        return RewardResult.ok(Inputs.number(sample, field));
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "meta_score"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "shaping"; }
        @Override public String source() { return "Arbiter glue: model outputs are inputs (catalog: model-backed rewards take their model's numbers as given)"; }
        @Override public String description() {
            return "The finite number at meta.<field> (dotted path) as the score; missing or non-finite → invalid_input "
                    + "(or 'default' when missing).";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.required("field", ParamKind.STRING, "dotted path inside meta, such as rm_score or scores.helpfulness"),
                    Param.optional("default", ParamKind.DOUBLE, null, "the score when the field is absent; none: invalid_input"));
        }
        @Override
        public Reward create(Params p) {
            return new MetaScore(p.string("field"), p.isSet("default") ? p.number("default") : null, p.signature(version()));
        }
    }
}
