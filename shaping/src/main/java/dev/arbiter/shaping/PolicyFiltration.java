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
 * {@code pf_ppo} (catalog C13): PF-PPO's policy filtration, which responses of a group enter the PPO buffer, by
 * reward rank. {@code bon} keeps the best; {@code bw} the best and the worst; {@code br} the best and one other
 * drawn uniformly (the practical form of the categorical weights ½, 1/(2(N−1)), …). Ties: the best is the first
 * maximal member, the worst the last minimal one. The random draw is a pure function of {@code seed}, the group key
 * and the step, so reruns keep the same members. Values pass through (the members' scores); only {@code kept}
 * changes. Non-ok members are never kept. A group of one keeps its member in every mode.
 */
public record PolicyFiltration(String mode, long seed, String stepField, RewardSignature signature) implements GroupTransform {

    @Override
    public GroupOutcome apply(List<GroupMember> members, long step) {
        double[] r = Groups.scores(members);
        boolean[] kept = new boolean[r.length];
        int best = -1;
        int worst = -1;
        int n = 0;
        for (int i = 0; i < r.length; i++) {
            if (!Double.isFinite(r[i])) {
                continue;
            }
            n++;
            if (best < 0 || r[i] > r[best]) {
                best = i;
            }
            if (worst < 0 || r[i] <= r[worst]) {
                worst = i;
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mode", mode);
        details.put("size", n);
        if (best < 0) {
            return new GroupOutcome(r, kept, details);
        }
        kept[best] = true;
        details.put("best", best);
        if (n > 1 && mode.equals("bw")) {
            kept[worst] = true;
            details.put("worst", worst);
        } else if (n > 1 && mode.equals("br")) {
            long s = Groups.step(members, step, stepField);
            int pick = (int) Math.floor(Maths.uniform(seed, Groups.key(members) + "#" + s) * (n - 1));
            int seen = 0;
            for (int i = 0; i < r.length; i++) {
                if (!Double.isFinite(r[i]) || i == best) {
                    continue;
                }
                if (seen++ == pick) {
                    kept[i] = true;
                    details.put("random", i);
                    break;
                }
            }
        }
        return new GroupOutcome(r, kept, details);
    }

    public static final class Factory implements GroupTransformFactory {
        @Override public String name() { return "pf_ppo"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "shaping"; }
        @Override public String source() { return "PF-PPO, 'Policy filtration in RLHF to fine-tune LLM for code generation' (arXiv 2409.06957), Section 4"; }
        @Override public String description() { return "Keeps the best (bon), best+worst (bw) or best+random (br) response of each group."; }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.choice("mode", "bw", List.of("bw", "br", "bon"), "which ranks are kept (BR and BW did best in the paper)"),
                    Param.optional("seed", ParamKind.INT, 0, "seed of br's draw"),
                    Param.optional("step_field", ParamKind.STRING, "step", "meta number giving the step (part of br's seed)"));
        }
        @Override
        public GroupTransform create(Params p) {
            return new PolicyFiltration(p.string("mode"), p.integer("seed"), p.string("step_field"), p.signature(version()));
        }
    }
}
