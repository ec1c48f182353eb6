package dev.arbiter.shaping;

import com.fasterxml.jackson.databind.JsonNode;
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
 * {@code mm_rlhf_scaling}: MM-RLHF's Dynamic Reward Scaling (MM-DPO), the per-pair DPO temperature
 * {@code β(δ) = β_ori·(1 + w·(1 − e^{−kδ}))}, where δ = r(chosen) − r(rejected) is the reward-model margin of the
 * pair. A group is one preference pair: the chosen member is the one with {@code meta.<chosen_field> = true}, else
 * the highest-scored; the rejected one is the lowest-scored other member. Every member's value is the pair's β.
 * Not in the catalog; the formula is from the paper (via secondary summaries), the defaults from the training
 * scripts of the {@code julyanghar/MM-RLHF} copy (β 0.1, w 0.1). k is not in our sources (default 1).
 * <ul>
 *   <li>{@code mode: paper}: the formula; a group with fewer than two ok members gets no value;</li>
 *   <li>{@code mode: code}: the training code's {@code β·(1 + w·ls_factor)} clamped at ≥ 1e-3, with ls_factor from
 *       {@code meta.ls_factor} when given (pre-computed offline) and 1 − e^{−kδ} otherwise; a pair without a margin
 *       and without ls_factor uses ls_factor = 1, the code's default for data lacking the field.</li>
 * </ul>
 */
public record MmRlhfScaling(double beta, double w, double k, boolean code, String chosenField, String lsField,
                            RewardSignature signature) implements GroupTransform {

    @Override
    public GroupOutcome apply(List<GroupMember> members, long step) {
        double[] r = Groups.scores(members);
        int chosen = -1;
        int best = -1;
        int okCount = 0;
        Double ls = null;
        for (int i = 0; i < r.length; i++) {
            JsonNode lsNode = Inputs.at(members.get(i).sample(), lsField);
            if (ls == null && lsNode != null && lsNode.isNumber() && Double.isFinite(lsNode.asDouble())) {
                ls = lsNode.asDouble();
            }
            if (!Double.isFinite(r[i])) {
                continue;
            }
            okCount++;
            JsonNode c = Inputs.at(members.get(i).sample(), chosenField);
            if (chosen < 0 && c != null && c.asBoolean(false)) {
                chosen = i;
            }
            if (best < 0 || r[i] > r[best]) {
                best = i;
            }
        }
        if (chosen < 0) {
            chosen = best;
        }
        int rejected = -1;
        for (int i = 0; i < r.length; i++) {
            if (i != chosen && Double.isFinite(r[i]) && (rejected < 0 || r[i] <= r[rejected])) {
                rejected = i;
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        Double delta = rejected >= 0 ? r[chosen] - r[rejected] : null;
        double value;
        if (delta != null) {
            details.put("delta", delta);
        }
        if (code) {
            double f = ls != null ? ls : delta != null ? 1 - Math.exp(-k * delta) : 1.0;
            details.put("ls_factor", f);
            value = Math.max(1e-3, beta * (1 + w * f));
        } else if (delta != null) {
            value = beta * (1 + w * (1 - Math.exp(-k * delta)));
        } else {
            value = Double.NaN;
        }
        if (chosen >= 0) {
            details.put("chosen", chosen);
        }
        if (rejected >= 0) {
            details.put("rejected", rejected);
        }
        double[] out = new double[r.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Double.isFinite(r[i]) && Double.isFinite(value) ? value : Double.NaN;
        }
        if (Double.isFinite(value)) {
            details.put("beta", value);
        }
        details.put("size", okCount);
        return GroupOutcome.of(out, details);
    }

    public static final class Factory implements GroupTransformFactory {
        @Override public String name() { return "mm_rlhf_scaling"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "shaping"; }
        @Override public String source() {
            return "Zhang et al., 'MM-RLHF: The Next Step Forward in Multimodal LLM Alignment' (arXiv 2502.10391), "
                    + "Dynamic Reward Scaling; code read: julyanghar/MM-RLHF trl/trainer/dpo_trainer.py, scripts/train/dpo_ov7b.sh";
        }
        @Override public String description() {
            return "Per-pair DPO β(δ) = β·(1 + w·(1 − e^{−kδ})) from the reward margin δ of chosen over rejected.";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.optional("beta", ParamKind.DOUBLE, 0.1, "β_ori, the base DPO temperature"),
                    Param.optional("w", ParamKind.DOUBLE, 0.1, "weight of the dynamic part (ls_factor_weight)"),
                    Param.optional("k", ParamKind.DOUBLE, 1.0, "margin sensitivity k (not in our sources)"),
                    Param.choice("mode", "paper", List.of("paper", "code"), "paper formula, or the code's clamped β with ls_factor"),
                    Param.optional("chosen_field", ParamKind.STRING, "chosen", "meta boolean marking the chosen response"),
                    Param.optional("ls_factor_field", ParamKind.STRING, "ls_factor", "meta number: a pre-computed ls_factor (code mode)"));
        }
        @Override
        public GroupTransform create(Params p) {
            return new MmRlhfScaling(p.number("beta"), p.number("w"), p.number("k"), p.string("mode").equals("code"),
                    p.string("chosen_field"), p.string("ls_factor_field"), p.signature(version()));
        }
    }
}
