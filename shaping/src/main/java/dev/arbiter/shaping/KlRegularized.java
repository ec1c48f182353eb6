package dev.arbiter.shaping;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
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
 * {@code kl_regularized} (catalog C10): the sequence-level KL-regularised reward {@code R − β·Σ_t kl_t}, where R is the
 * child reward and kl_t the per-token penalty from the given log-ratios {@code log π(y_t) − log π_ref(y_t)}
 * ({@code meta.log_ratios}, or {@code meta.logprobs} and {@code meta.ref_logprobs}). The per-token form puts
 * {@code −β·kl_t} on every token and R on the last; with {@code emit_tokens} those token rewards are in the details.
 *
 * <p>Estimators (verl's {@code kl_penalty}): {@code k1} = log-ratio (the catalog's formula), {@code abs} = |lr|,
 * {@code mse} = lr²/2, {@code low_var_kl} = clamp(e^{−lr} + lr − 1, −10, 10) with lr clamped to [−20, 20].
 * An empty list means no tokens: the score is R. A non-finite entry, a missing field or lists of different lengths
 * are {@code invalid_input}.
 */
public final class KlRegularized extends ShapingReward {
    private final Reward child;
    private final double beta;
    private final String estimator;
    private final String ratiosField;
    private final String logprobsField;
    private final String refLogprobsField;
    private final boolean emitTokens;

    KlRegularized(Reward child, double beta, String estimator, String ratiosField, String logprobsField,
                  String refLogprobsField, boolean emitTokens, RewardSignature signature) {
        super(signature);
        this.child = child;
        this.beta = beta;
        this.estimator = estimator;
        this.ratiosField = ratiosField;
        this.logprobsField = logprobsField;
        this.refLogprobsField = refLogprobsField;
        this.emitTokens = emitTokens;
    }

    @Override
    RewardResult compute(Sample sample, Deadline deadline) {
        double[] lr = logRatios(sample, deadline);
        RewardResult r = Inputs.child("reward", child, sample, deadline);
        double sum = 0;
        double[] tokens = emitTokens ? new double[lr.length] : null;
        for (int t = 0; t < lr.length; t++) {
            double k = penalty(estimator, lr[t]);
            sum += k;
            if (tokens != null) {
                tokens[t] = -beta * k;
            }
        }
        double score = r.score() - beta * sum;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tokens", lr.length);
        details.put("kl_sum", sum);
        if (tokens != null) {
            if (tokens.length > 0) {
                tokens[tokens.length - 1] += r.score();
            }
            details.put("token_rewards", java.util.Arrays.stream(tokens).boxed().toList());
        }
        if (!r.details().isEmpty()) {
            details.put("reward", r.details());
        }
        Map<String, Double> comps = new LinkedHashMap<>();
        comps.put("reward", r.score());
        comps.put("kl", sum);
        return Inputs.ok(score, "R − β·KL", details, comps);
    }

    private double[] logRatios(Sample sample, Deadline deadline) {
        if (Inputs.has(sample, ratiosField)) {
            return Inputs.numbers(sample, ratiosField, deadline);
        }
        if (!Inputs.has(sample, logprobsField) || !Inputs.has(sample, refLogprobsField)) {
            throw new InvalidInputException("meta." + ratiosField + " is missing (and meta." + logprobsField + " / meta."
                    + refLogprobsField + " are not both given)");
        }
        double[] lp = Inputs.numbers(sample, logprobsField, deadline);
        double[] ref = Inputs.numbers(sample, refLogprobsField, deadline);
        if (lp.length != ref.length) {
            throw new InvalidInputException("meta." + logprobsField + " has " + lp.length + " tokens but meta."
                    + refLogprobsField + " has " + ref.length);
        }
        double[] out = new double[lp.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = lp[i] - ref[i];
        }
        return out;
    }

    /** The per-token penalty of one log-ratio {@code lr = log π − log π_ref} under an estimator. */
    static double penalty(String estimator, double lr) {
        return switch (estimator) {
            case "abs" -> Math.abs(lr);
            case "mse" -> 0.5 * lr * lr;
            case "low_var_kl" -> {
                double kl = Math.max(-20, Math.min(20, -lr));
                yield Math.max(-10, Math.min(10, Math.exp(kl) - kl - 1));
            }
            default -> lr;
        };
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "kl_regularized"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "shaping"; }
        @Override public String source() {
            return "KL-regularised RLHF reward (Ziegler et al., 2019; Ouyang et al., 2022); PAR trainers/ppo_trainer.py, "
                    + "PRIME apply_kl_penalty, verl kl_penalty";
        }
        @Override public String description() {
            return "Child reward minus β × the summed per-token KL penalty from meta.log_ratios (unbounded).";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.required("reward", ParamKind.SPEC, "the sequence reward R (placed on the last token)"),
                    Param.optional("beta", ParamKind.DOUBLE, 0.005, "KL coefficient β (PAR's KL_coef)"),
                    Param.choice("estimator", "k1", List.of("k1", "abs", "mse", "low_var_kl"), "per-token KL estimator (verl kl_penalty)"),
                    Param.optional("log_ratios_field", ParamKind.STRING, "log_ratios", "meta list of log π − log π_ref per token"),
                    Param.optional("logprobs_field", ParamKind.STRING, "logprobs", "meta list of policy log-probs (used when log_ratios is absent)"),
                    Param.optional("ref_logprobs_field", ParamKind.STRING, "ref_logprobs", "meta list of reference log-probs"),
                    Param.optional("emit_tokens", ParamKind.BOOL, false, "put the per-token rewards in details.token_rewards"));
        }
        @Override
        public Reward create(Params p) {
            if (p.number("beta") < 0) {
                throw p.error("beta", "beta (" + p.number("beta") + ") must not be negative");
            }
            return new KlRegularized(p.reward("reward"), p.number("beta"), p.string("estimator"), p.string("log_ratios_field"),
                    p.string("logprobs_field"), p.string("ref_logprobs_field"), p.bool("emit_tokens"), p.signature(version()));
        }
    }
}
