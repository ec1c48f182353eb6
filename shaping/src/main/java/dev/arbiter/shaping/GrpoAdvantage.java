package dev.arbiter.shaping;

import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.group.GroupMember;
import dev.arbiter.core.group.GroupOutcome;
import dev.arbiter.core.group.GroupTransform;
import dev.arbiter.core.group.GroupTransformFactory;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;

import java.util.List;

/**
 * {@code grpo} (catalog C1) and {@code dr_grpo} (C2): group-relative advantages {@code A_i = (r_i − mean) / (std + ε)},
 * or {@code r_i − mean} without std scaling (Dr. GRPO).
 *
 * <p>Flavours, as the trainers compute them:
 * <ul>
 *   <li><b>verl</b>: ε = 1e-6, unbiased std; a group of one has mean 0 and std 1, so A = r.</li>
 *   <li><b>trl</b>: ε = 1e-4, unbiased std; a group of one has std 0, so A = 0.</li>
 * </ul>
 * Members whose per-sample result is not {@code ok} are left out of the mean and std; under {@code trl} they get
 * A = 0 (TRL's rule for rewards it could not compute), under {@code verl} no value (null in outputs), since verl
 * has no "no reward" and a made-up 0 would be silently trained on. With {@code min_std} > 0, a group whose std is
 * below it gets A = 0 for everyone (RLPR's rule).
 */
public record GrpoAdvantage(boolean verl, boolean scaleByStd, double epsilon, boolean population, double minStd,
                            RewardSignature signature) implements GroupTransform {

    @Override
    public GroupOutcome apply(List<GroupMember> members, long step) {
        GroupStats st = GroupStats.of(members);
        double[] out = new double[members.size()];
        double mean;
        double std;
        if (st.n() == 1) {
            mean = verl ? 0.0 : st.mean();
            std = verl ? 1.0 : 0.0;
        } else {
            mean = st.mean();
            std = population ? st.stdPopulation() : st.stdUnbiased();
        }
        boolean flat = st.n() > 1 && minStd > 0 && std < minStd;
        for (int i = 0; i < out.length; i++) {
            GroupMember m = members.get(i);
            if (!m.result().isOk()) {
                out[i] = verl ? Double.NaN : 0.0;
            } else if (flat) {
                out[i] = 0.0;
            } else {
                double centered = m.result().score() - mean;
                double a = scaleByStd ? centered / (std + epsilon) : centered;
                out[i] = Double.isFinite(a) ? a : Double.NaN;
            }
        }
        return GroupOutcome.of(out, st.details());
    }

    static List<Param> parameters(boolean withScale) {
        List<Param> ps = new java.util.ArrayList<>(List.of(
                Param.choice("flavor", "verl", List.of("verl", "trl"), "verl: ε 1e-6, a lone rollout keeps its reward; trl: ε 1e-4, a lone rollout gets 0"),
                Param.optional("epsilon", ParamKind.DOUBLE, null, "overrides the flavour's ε"),
                Param.choice("std", "unbiased", List.of("unbiased", "population"), "the standard deviation (torch.std is unbiased)"),
                Param.optional("min_std", ParamKind.DOUBLE, 0.0, "groups with a smaller std get all-zero advantages (RLPR: 1e-6)")));
        return ps;
    }

    static GrpoAdvantage create(Params p, boolean scaleByStd, int version) {
        boolean verl = p.string("flavor").equals("verl");
        double eps = p.isSet("epsilon") ? p.number("epsilon") : verl ? 1e-6 : 1e-4;
        if (eps < 0) {
            throw p.error("epsilon", "epsilon (" + eps + ") must not be negative");
        }
        return new GrpoAdvantage(verl, scaleByStd, eps, p.string("std").equals("population"), p.number("min_std"),
                p.signature(version));
    }

    public static final class Factory implements GroupTransformFactory {
        @Override public String name() { return "grpo"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "shaping"; }
        @Override public String source() { return "GRPO (DeepSeekMath); verl compute_grpo_outcome_advantage; TRL GRPOTrainer"; }
        @Override public String description() { return "Group-relative advantage (r − mean) / (std + ε)."; }
        @Override public List<Param> parameters() { return GrpoAdvantage.parameters(true); }
        @Override public GroupTransform create(Params p) { return GrpoAdvantage.create(p, true, version()); }
    }

    public static final class DrGrpoFactory implements GroupTransformFactory {
        @Override public String name() { return "dr_grpo"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "shaping"; }
        @Override public String source() { return "Dr. GRPO (Liu et al., 2025): no std scaling"; }
        @Override public String description() { return "Group-centred reward r − mean (GRPO without the std division)."; }
        @Override public List<Param> parameters() { return GrpoAdvantage.parameters(false); }
        @Override public GroupTransform create(Params p) { return GrpoAdvantage.create(p, false, version()); }
    }
}
