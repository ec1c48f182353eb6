package dev.arbiter.shaping;

import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.group.GroupMember;
import dev.arbiter.core.group.GroupOutcome;
import dev.arbiter.core.group.GroupTransform;
import dev.arbiter.core.group.GroupTransformFactory;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code stable_reinforce_filter} (catalog C9): R1-Reward's StableReinforce advantage filter over the group's
 * values (advantages: put it after {@code rloo}/{@code grpo} in a {@code chain}; R1-Reward normalises the whole
 * replay buffer, so give a batch one group key to match).
 * <ol>
 *   <li>μ = mean, var_p = population variance, rstd = 1/sqrt(max(var_p, 1e-8));</li>
 *   <li>z = (A − μ)·rstd + 1e-8;</li>
 *   <li>{@code filter_mode: code}: z = 0 where z &lt; μ − 3 or z &gt; μ + 3 (the bounds use the raw mean μ: the
 *       code's quirk); {@code paper}: z = 0 where |z| &gt; 3;</li>
 *   <li>z = 0 where z is NaN/inf or |z| &gt; 10.</li>
 * </ol>
 * The value is z. Zeroed members stay kept (their advantage is 0); details count them. Non-ok members are left out
 * and get no value. {@link #preClippedRatio} is the loss-side pre-clip, for trainers.
 */
public record StableReinforceFilter(boolean codeMode, double bound, double maxAbs, RewardSignature signature)
        implements GroupTransform {
    static final double LOG_RATIO_BOUND = Math.log(1e3);

    @Override
    public GroupOutcome apply(List<GroupMember> members, long step) {
        double[] a = Groups.scores(members);
        double[] ok = Groups.finite(a);
        double[] out = new double[a.length];
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("size", ok.length);
        if (ok.length == 0) {
            java.util.Arrays.fill(out, Double.NaN);
            return GroupOutcome.of(out, details);
        }
        double mu = Maths.mean(ok);
        double ss = 0;
        for (double x : ok) {
            ss += (x - mu) * (x - mu);
        }
        double var = ss / ok.length;
        double rstd = 1.0 / Math.sqrt(Math.max(var, 1e-8));
        int zeroed = 0;
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                out[i] = Double.NaN;
                continue;
            }
            double z = (a[i] - mu) * rstd + 1e-8;
            boolean drop = codeMode ? z < mu - bound || z > mu + bound : Math.abs(z) > bound;
            drop |= !Double.isFinite(z) || Math.abs(z) > maxAbs;
            if (drop) {
                zeroed++;
                z = 0.0;
            }
            out[i] = z;
        }
        details.put("mean", mu);
        details.put("std", Math.sqrt(var));
        details.put("zeroed", zeroed);
        return GroupOutcome.of(out, details);
    }

    /**
     * StableReinforce's pre-clipped importance ratio: {@code exp(clamp(logRatio, ln 1e-3, ln 1e3))}, then the PPO clip
     * to [1 − ε, 1 + ε] is the trainer's. A log-ratio of 12 gives 1000, not e^12.
     */
    public static double preClippedRatio(double logRatio) {
        if (Double.isNaN(logRatio)) {
            return Double.NaN;
        }
        return Math.exp(Math.max(-LOG_RATIO_BOUND, Math.min(LOG_RATIO_BOUND, logRatio)));
    }

    public static final class Factory implements GroupTransformFactory {
        @Override public String name() { return "stable_reinforce_filter"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "shaping"; }
        @Override public String source() {
            return "R1-Reward StableReinforce (yfzhang114/r1_reward openrlhf/trainer/ppo_utils/replay_buffer.py normalize)";
        }
        @Override public String description() { return "Normalises the group's advantages and zeroes the 3σ outliers."; }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.choice("filter_mode", "code", List.of("code", "paper"), "code: bounds μ ± 3 on z (quirk); paper: |z| > 3"),
                    Param.optional("bound", ParamKind.DOUBLE, 3.0, "the 3 of the 3σ rule"),
                    Param.optional("max_abs", ParamKind.DOUBLE, 10.0, "z beyond ± this is always zeroed"));
        }
        @Override
        public GroupTransform create(Params p) {
            return new StableReinforceFilter(p.string("filter_mode").equals("code"), p.number("bound"), p.number("max_abs"),
                    p.signature(version()));
        }
    }
}
