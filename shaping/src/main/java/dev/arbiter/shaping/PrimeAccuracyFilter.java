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
 * {@code prime_filter} (catalog C5 / B3d): PRIME's prompt filter. A group is kept iff the mean accuracy of its
 * rollouts lies in [{@code lower}, {@code upper}] (inclusive; default [0.2, 0.8]); with {@code drop_truncated}, a
 * group with any {@code meta.truncated = true} rollout is dropped too. Accuracy is the member's score, or
 * {@code meta.<accuracy_field>} when set (a member without it is left out of the mean). A group with no accuracy at
 * all is dropped. Values pass through (members' scores, NaN for non-ok members).
 */
public record PrimeAccuracyFilter(double lower, double upper, String accuracyField, boolean dropTruncated,
                                  String truncatedField, RewardSignature signature) implements GroupTransform {

    @Override
    public GroupOutcome apply(List<GroupMember> members, long step) {
        double sum = 0;
        int n = 0;
        boolean truncated = false;
        for (GroupMember m : members) {
            double acc = Double.NaN;
            if (accuracyField != null) {
                JsonNode a = Inputs.at(m.sample(), accuracyField);
                if (a != null && a.isNumber()) {
                    acc = a.asDouble();
                } else if (a != null && a.isBoolean()) {
                    acc = a.asBoolean() ? 1 : 0;
                }
            } else if (m.result().isOk()) {
                acc = m.result().score();
            }
            if (Double.isFinite(acc)) {
                sum += acc;
                n++;
            }
            JsonNode t = Inputs.at(m.sample(), truncatedField);
            truncated |= t != null && t.asBoolean(false);
        }
        double mean = n == 0 ? Double.NaN : sum / n;
        boolean keep = n > 0 && mean >= lower && mean <= upper && !(dropTruncated && truncated);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("accuracy", n == 0 ? null : mean);
        if (dropTruncated) {
            details.put("truncated", truncated);
        }
        details.put("kept", keep);
        return new GroupOutcome(Groups.scores(members), Groups.all(members.size(), keep), details);
    }

    public static final class Factory implements GroupTransformFactory {
        @Override public String name() { return "prime_filter"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "shaping"; }
        @Override public String source() { return "PRIME (PRIME-RL/PRIME training/verl/trainer/ppo/ray_trainer.py filter)"; }
        @Override public String description() { return "Keeps groups whose mean accuracy lies in [lower, upper]."; }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.optional("lower", ParamKind.DOUBLE, 0.2, "lowest kept mean accuracy (inclusive)"),
                    Param.optional("upper", ParamKind.DOUBLE, 0.8, "highest kept mean accuracy (inclusive)"),
                    Param.optional("accuracy_field", ParamKind.STRING, null, "meta number or boolean: the accuracy; none: the score"),
                    Param.optional("drop_truncated", ParamKind.BOOL, false, "drop groups containing a truncated rollout"),
                    Param.optional("truncated_field", ParamKind.STRING, "truncated", "meta boolean marking a truncated rollout"));
        }
        @Override
        public GroupTransform create(Params p) {
            if (p.number("lower") > p.number("upper")) {
                throw p.error("lower", "lower must not exceed upper");
            }
            return new PrimeAccuracyFilter(p.number("lower"), p.number("upper"), p.string("accuracy_field"),
                    p.bool("drop_truncated"), p.string("truncated_field"), p.signature(version()));
        }
    }
}
