package dev.arbiter.shaping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Status;
import dev.arbiter.core.group.GroupMember;
import dev.arbiter.core.group.GroupOutcome;
import dev.arbiter.core.group.GroupTransform;
import dev.arbiter.core.group.GroupTransformFactory;
import dev.arbiter.core.group.GroupTransformRegistry;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.SpecException;
import dev.arbiter.core.spec.SpecNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code chain}: several group transforms in sequence, since a spec names one. Stage k sees the members with their
 * score replaced by stage k−1's value (a member that got no value is non-ok for the later stages); components,
 * details and meta are unchanged. A member is kept only if every stage keeps it. The details hold each stage's
 * details under its type name. Example: {@code {type: chain, steps: [rlpr_filter, grpo]}} filters on the raw rewards'
 * std, then computes GRPO advantages; {@code [rloo, stable_reinforce_filter]} filters the RLOO advantages.
 * Stateful when any stage is: the state is the list of the stages' states (null for stateless stages).
 */
public final class Chain implements GroupTransform.Stateful {
    private final List<GroupTransform> stages;
    private final RewardSignature signature;

    Chain(List<GroupTransform> stages, RewardSignature signature) {
        this.stages = List.copyOf(stages);
        this.signature = signature;
    }

    List<GroupTransform> stages() {
        return stages;
    }

    @Override
    public RewardSignature signature() {
        return signature;
    }

    @Override
    public GroupOutcome apply(List<GroupMember> members, long step) {
        List<GroupMember> current = members;
        boolean[] kept = Groups.all(members.size(), true);
        double[] values = Groups.scores(members);
        Map<String, Object> details = new LinkedHashMap<>();
        for (int k = 0; k < stages.size(); k++) {
            GroupTransform t = stages.get(k);
            GroupOutcome o = t.apply(current, step);
            if (o.size() != members.size()) {
                throw new IllegalStateException(t.signature().type() + " returned " + o.size() + " values for a group of "
                        + members.size());
            }
            values = o.values();
            for (int i = 0; i < kept.length; i++) {
                kept[i] &= o.kept()[i];
            }
            String name = t.signature().type();
            String key = name;
            for (int c = 2; details.containsKey(key); c++) {
                key = name + "#" + c;
            }
            details.put(key, o.details());
            if (k + 1 < stages.size()) {
                List<GroupMember> next = new ArrayList<>(members.size());
                for (int i = 0; i < members.size(); i++) {
                    GroupMember m = members.get(i);
                    RewardResult r = m.result();
                    RewardResult nr = Double.isFinite(values[i])
                            ? new RewardResult(values[i], Status.OK, r.reason(), r.details(), r.components())
                            : RewardResult.invalidInput("no value from " + name);
                    next.add(new GroupMember(m.sample(), nr));
                }
                current = next;
            }
        }
        return new GroupOutcome(Groups.sanitize(values), kept, details);
    }

    @Override
    public JsonNode saveState() {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (GroupTransform t : stages) {
            if (t instanceof Stateful s) {
                a.add(s.saveState());
            } else {
                a.addNull();
            }
        }
        return a;
    }

    @Override
    public void restoreState(JsonNode state) {
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i) instanceof Stateful s && state.has(i) && !state.get(i).isNull()) {
                s.restoreState(state.get(i));
            }
        }
    }

    public static final class Factory implements GroupTransformFactory {
        @Override public String name() { return "chain"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "shaping"; }
        @Override public String source() { return "Arbiter composition (filters then advantages, as verl/RLPR/PRIME trainers order them)"; }
        @Override public String description() { return "Applies group transforms in order; each sees the previous values; kept is the AND."; }
        @Override public List<Param> parameters() {
            return List.of(Param.required("steps", ParamKind.JSON, "a non-empty list of group transform specs"));
        }
        @Override
        public GroupTransform create(Params p) {
            JsonNode steps = p.json("steps");
            if (!steps.isArray() || steps.isEmpty()) {
                throw p.error("steps", "steps must be a non-empty list of group transform specs");
            }
            GroupTransformRegistry registry = GroupTransformRegistry.fromServiceLoader();
            RewardRegistry rewards = RewardRegistry.fromServiceLoader();
            List<GroupTransform> stages = new ArrayList<>();
            List<Object> sigs = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                try {
                    GroupTransform t = registry.build(new SpecNode("chain", "/steps/" + i, steps.get(i), Map.of()), rewards);
                    stages.add(t);
                    sigs.add(t.signature());
                } catch (SpecException e) {
                    throw p.error("steps", "step " + i + ": " + e.getMessage());
                }
            }
            Map<String, Object> sig = new LinkedHashMap<>();
            sig.put("steps", sigs);
            return new Chain(stages, new RewardSignature(name(), version(), sig));
        }
    }
}
