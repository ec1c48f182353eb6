package dev.arbiter.shaping;

import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.group.GroupMember;
import dev.arbiter.core.group.GroupOutcome;
import dev.arbiter.core.group.GroupTransform;
import dev.arbiter.core.group.GroupTransformFactory;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.Params;

import java.util.List;

/**
 * {@code rloo} (catalog C3): the leave-one-out baseline {@code A_i = r_i − (Σ_j r_j − r_i)/(n − 1)}, which equals
 * {@code n/(n−1)·(r_i − mean)}. A group of one keeps its reward (A = r). Members without an ok score are left out of
 * the baseline and get no value.
 */
public record RlooAdvantage(RewardSignature signature) implements GroupTransform {

    @Override
    public GroupOutcome apply(List<GroupMember> members, long step) {
        GroupStats st = GroupStats.of(members);
        double sum = st.n() == 0 ? 0 : st.mean() * st.n();
        double[] out = new double[members.size()];
        for (int i = 0; i < out.length; i++) {
            GroupMember m = members.get(i);
            if (!m.result().isOk()) {
                out[i] = Double.NaN;
            } else if (st.n() == 1) {
                out[i] = m.result().score();
            } else {
                double r = m.result().score();
                double a = r - (sum - r) / (st.n() - 1);
                out[i] = Double.isFinite(a) ? a : Double.NaN;
            }
        }
        return GroupOutcome.of(out, st.details());
    }

    public static final class Factory implements GroupTransformFactory {
        @Override public String name() { return "rloo"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "shaping"; }
        @Override public String source() { return "RLOO (Ahmadian et al., 2024); TRL RLOOTrainer"; }
        @Override public String description() { return "Leave-one-out baseline r_i − mean of the others."; }
        @Override public List<Param> parameters() { return List.of(); }
        @Override public GroupTransform create(Params p) { return new RlooAdvantage(p.signature(version())); }
    }
}
