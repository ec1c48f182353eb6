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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code prm_shaping} (catalog C16, a reconstruction): bounded process rewards from per-step PRM scores p_1..p_K.
 * <ul>
 *   <li>{@code clip}: r_k = min(p_k − η, 0), so every step reward is ≤ 0;</li>
 *   <li>{@code delta}: r_k = p_k − p_{k+1} for k &lt; K and r_K = p_K, which telescopes to p_1;</li>
 *   <li>{@code clip_delta}: Clip, then Delta on the clipped values.</li>
 * </ul>
 * Score = success + α·Σ_k r_k, where success is the optional {@code success} child (0 without one). The step scores
 * come from {@code meta.<field>} or, when {@code steps} is given, from that child reward's components in order.
 * No steps → Σ = 0. A missing field or a non-finite step is {@code invalid_input}.
 */
public final class PrmShaping extends ShapingReward {
    private final String mode;
    private final double eta;
    private final double alpha;
    private final String field;
    private final Reward steps;
    private final Reward success;

    PrmShaping(String mode, double eta, double alpha, String field, Reward steps, Reward success, RewardSignature signature) {
        super(signature);
        this.mode = mode;
        this.eta = eta;
        this.alpha = alpha;
        this.field = field;
        this.steps = steps;
        this.success = success;
    }

    @Override
    RewardResult compute(Sample sample, Deadline deadline) {
        double[] p;
        if (steps != null) {
            RewardResult s = Inputs.child("steps", steps, sample, deadline);
            p = s.components().values().stream().mapToDouble(Double::doubleValue).toArray();
        } else {
            p = Inputs.numbers(sample, field, deadline);
        }
        double[] r = shape(mode, p, eta);
        double sum = 0;
        for (double x : r) {
            sum += x;
        }
        double succ = 0;
        Map<String, Double> comps = new LinkedHashMap<>();
        Map<String, Object> details = new LinkedHashMap<>();
        if (success != null) {
            RewardResult sr = Inputs.child("success", success, sample, deadline);
            succ = sr.score();
            comps.put("success", succ);
        }
        comps.put("process", sum);
        List<Double> list = new ArrayList<>(r.length);
        for (double x : r) {
            list.add(x);
        }
        details.put("steps", p.length);
        details.put("step_rewards", list);
        return Inputs.ok(succ + alpha * sum, "success + α·Σ step rewards", details, comps);
    }

    /** The per-step rewards for step scores {@code p} under {@code mode} (clip, delta or clip_delta). */
    static double[] shape(String mode, double[] p, double eta) {
        double[] x = p.clone();
        if (mode.startsWith("clip")) {
            for (int k = 0; k < x.length; k++) {
                x[k] = Math.min(x[k] - eta, 0.0);
            }
        }
        if (mode.endsWith("delta")) {
            double[] d = new double[x.length];
            for (int k = 0; k < x.length; k++) {
                d[k] = k + 1 < x.length ? x[k] - x[k + 1] : x[k];
            }
            x = d;
        }
        return x;
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "prm_shaping"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "shaping"; }
        @Override public String source() {
            return "Gao et al., 'On designing effective RL reward at training time for LLM reasoning' (arXiv 2410.15115): "
                    + "Clip and Delta (reconstruction; no code released)";
        }
        @Override public String description() {
            return "success + α·Σ_k r_k with Clip (min(p_k − η, 0)) and/or Delta (p_k − p_{k+1}, last p_K) step rewards "
                    + "from meta.step_scores (unbounded).";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.choice("mode", "clip_delta", List.of("clip", "delta", "clip_delta"), "the step-reward mechanism"),
                    Param.optional("eta", ParamKind.DOUBLE, null, "Clip threshold η; required by clip and clip_delta"),
                    Param.optional("alpha", ParamKind.DOUBLE, 1.0, "weight α of the summed process reward"),
                    Param.optional("field", ParamKind.STRING, "step_scores", "meta list of per-step PRM scores"),
                    Param.optional("steps", ParamKind.SPEC, null, "a reward whose components (in order) are the step scores; replaces field"),
                    Param.optional("success", ParamKind.SPEC, null, "the outcome reward added once (on the last step)"));
        }
        @Override
        public Reward create(Params p) {
            String mode = p.string("mode");
            if (mode.startsWith("clip") && !p.isSet("eta")) {
                throw p.error("eta", "mode " + mode + " needs eta (the Clip threshold; the paper's value is not in our sources)");
            }
            double eta = p.isSet("eta") ? p.number("eta") : 0.0;
            return new PrmShaping(mode, eta, p.number("alpha"), p.string("field"), p.reward("steps"), p.reward("success"),
                    p.signature(version()));
        }
    }
}
