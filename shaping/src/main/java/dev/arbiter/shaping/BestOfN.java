package dev.arbiter.shaping;

import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.group.GroupMember;
import dev.arbiter.core.group.GroupOutcome;
import dev.arbiter.core.group.GroupTransform;
import dev.arbiter.core.group.GroupTransformFactory;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.Params;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code best_of_n} (catalog C14): best-of-N selection by the proxy reward; the argmax is kept (ties → the first),
 * values pass through, and the details carry the analytic BoN KL {@code log N − (N − 1)/N} for the N ok members.
 * The scaling-law fits of Gao et al. are {@link #goldRewardBon} and {@link #goldRewardRl} (α, β are fitted per setup).
 */
public record BestOfN(RewardSignature signature) implements GroupTransform {

    @Override
    public GroupOutcome apply(List<GroupMember> members, long step) {
        double[] r = Groups.scores(members);
        boolean[] kept = new boolean[r.length];
        int best = -1;
        int n = 0;
        for (int i = 0; i < r.length; i++) {
            if (Double.isFinite(r[i])) {
                n++;
                if (best < 0 || r[i] > r[best]) {
                    best = i;
                }
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("n", n);
        if (best >= 0) {
            kept[best] = true;
            details.put("best", best);
            details.put("kl_bon", klBestOfN(n));
        }
        return new GroupOutcome(r, kept, details);
    }

    /** The analytic KL divergence of best-of-n sampling from the base policy: log n − (n − 1)/n. */
    public static double klBestOfN(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, was " + n);
        }
        return Math.log(n) - (n - 1.0) / n;
    }

    /** Gao et al.'s best-of-n gold-reward fit R(d) = d·(α − β·d), d = sqrt(KL). */
    public static double goldRewardBon(double kl, double alpha, double beta) {
        double d = Math.sqrt(kl);
        return d * (alpha - beta * d);
    }

    /** Gao et al.'s RL gold-reward fit R(d) = d·(α − β·log d), d = sqrt(KL); 0 at KL = 0. */
    public static double goldRewardRl(double kl, double alpha, double beta) {
        if (kl == 0) {
            return 0.0;
        }
        double d = Math.sqrt(kl);
        return d * (alpha - beta * Math.log(d));
    }

    public static final class Factory implements GroupTransformFactory {
        @Override public String name() { return "best_of_n"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "shaping"; }
        @Override public String source() { return "Gao et al., 'Scaling laws for reward model overoptimization' (2022): best-of-N"; }
        @Override public String description() { return "Keeps the highest-scored response of each group (ties → first); reports KL_bon."; }
        @Override public List<Param> parameters() { return List.of(); }
        @Override public GroupTransform create(Params p) { return new BestOfN(p.signature(version())); }
    }
}
