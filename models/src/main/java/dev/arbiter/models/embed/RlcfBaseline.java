package dev.arbiter.models.embed;

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
 * {@code rlcf_baseline} (catalog B6, steps 2–4): RLCF's sample-mean baseline over the per-sample {@code clip_score}
 * results of one group (the K captions sampled for one image): {@code r_k = s_k − mean(s)}; with {@code amplify},
 * divided by {@code std_u(s) + ε} (unbiased std, ε = 1e-5 as in RLCF). A group of one ok score keeps it unchanged
 * (RLCF only subtracts the baseline when K > 1). RLCF's {@code process_batch} (one mean over all batch × K pairs) is
 * the same transform over groups keyed by batch. Members whose result is not {@code ok} are left out of the
 * statistics and get no value. Numerically this is {@code dr_grpo} (and {@code grpo} with ε = 1e-5 when amplified)
 * except for groups of one; it is kept as its own type so an RLCF spec names its source.
 */
public record RlcfBaseline(boolean amplify, double epsilon, RewardSignature signature) implements GroupTransform {

    @Override
    public GroupOutcome apply(List<GroupMember> members, long step) {
        int n = members.size();
        double[] out = new double[n];
        double sum = 0;
        int k = 0;
        for (GroupMember m : members) {
            double s = m.result().score();
            if (m.result().isOk() && Double.isFinite(s)) {
                sum += s;
                k++;
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("size", k);
        double mean = k == 0 ? Double.NaN : sum / k;
        double ss = 0;
        for (GroupMember m : members) {
            double s = m.result().score();
            if (m.result().isOk() && Double.isFinite(s)) {
                ss += (s - mean) * (s - mean);
            }
        }
        double std = k > 1 ? Math.sqrt(ss / (k - 1)) : 0;
        for (int i = 0; i < n; i++) {
            GroupMember m = members.get(i);
            double s = m.result().score();
            if (!m.result().isOk() || !Double.isFinite(s)) {
                out[i] = Double.NaN;
            } else if (k == 1) {
                out[i] = s;
            } else {
                double r = s - mean;
                out[i] = amplify ? r / (std + epsilon) : r;
            }
        }
        if (k > 0) {
            details.put("mean", mean);
            details.put("std", std);
        }
        return GroupOutcome.of(out, details);
    }

    public static final class Factory implements GroupTransformFactory {
        @Override public String name() { return "rlcf_baseline"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "models"; }
        @Override public String source() { return "RLCF (mzhaoshuai/RLCF TPT/clip_reward.py CLIPRewards, reward_process / reward_amplify)"; }
        @Override public String description() {
            return "CLIP score minus the group's mean CLIP score (K > 1); optionally divided by std_u + ε.";
        }
        @Override public List<Param> parameters() {
            return List.of(Param.optional("amplify", ParamKind.BOOL, false, "divide by the unbiased std + ε (reward_amplify)"),
                    Param.optional("epsilon", ParamKind.DOUBLE, 1e-5, "ε added to the std when amplifying"));
        }

        @Override
        public GroupTransform create(Params p) {
            if (!(p.number("epsilon") >= 0)) {
                throw p.error("epsilon", "epsilon must not be negative");
            }
            return new RlcfBaseline(p.bool("amplify"), p.number("epsilon"), p.signature(version()));
        }
    }
}
