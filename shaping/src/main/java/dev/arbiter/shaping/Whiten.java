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
 * {@code whiten} (catalog C5): PRIME's {@code masked_whiten}, {@code (x − mean)/sqrt(var_u + ε)} with the unbiased
 * variance, over the group's values (PRIME whitens over all tokens of the batch: give the batch one group key, or
 * use it after {@code rloo} in a {@code chain}). One value: var_u is taken as 0, so the result is 0. Non-ok members
 * are left out and get no value.
 */
public record Whiten(double epsilon, RewardSignature signature) implements GroupTransform {

    @Override
    public GroupOutcome apply(List<GroupMember> members, long step) {
        double[] x = Groups.scores(members);
        double[] ok = Groups.finite(x);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("size", ok.length);
        double[] out = new double[x.length];
        if (ok.length == 0) {
            java.util.Arrays.fill(out, Double.NaN);
            return GroupOutcome.of(out, details);
        }
        double mean = Maths.mean(ok);
        double sd = Maths.stdUnbiased(ok);
        double denom = Math.sqrt(sd * sd + epsilon);
        for (int i = 0; i < x.length; i++) {
            out[i] = Double.isFinite(x[i]) ? (x[i] - mean) / denom : Double.NaN;
        }
        details.put("mean", mean);
        details.put("std", sd);
        return GroupOutcome.of(out, details);
    }

    public static final class Factory implements GroupTransformFactory {
        @Override public String name() { return "whiten"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "shaping"; }
        @Override public String source() { return "PRIME masked_whiten (training/verl/utils/torch_functional.py)"; }
        @Override public String description() { return "(x − mean)/sqrt(var_u + ε) over the group."; }
        @Override public List<Param> parameters() {
            return List.of(Param.optional("epsilon", ParamKind.DOUBLE, 1e-8, "added to the variance"));
        }
        @Override
        public GroupTransform create(Params p) {
            if (p.number("epsilon") < 0) {
                throw p.error("epsilon", "epsilon must not be negative");
            }
            return new Whiten(p.number("epsilon"), p.signature(version()));
        }
    }
}
