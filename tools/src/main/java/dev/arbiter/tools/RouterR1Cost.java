package dev.arbiter.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.group.GroupMember;
import dev.arbiter.core.group.GroupOutcome;
import dev.arbiter.core.group.GroupTransform;
import dev.arbiter.core.group.GroupTransformFactory;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code router_r1_cost}: the stateful half of Router-R1's reward (catalog A9c–d). For each member, in input order,
 * its API cost ({@code meta.api_cost}, or {@code meta.routed_calls}) is pushed into a run-wide {@link CostWindow} and
 * turned into a cost score c; the member's value is Router-R1's training reward recomputed from the per-sample
 * {@code router_r1} result's components ({@code format}, {@code outcome}, {@code answered}) with this {@code cost_coe}.
 *
 * <p>Defined results: a member without a usable cost (missing, negative, non-finite) gets no value (NaN → null) and
 * is not pushed; a member whose per-sample result is not ok, or lacks the components, gets no value but its cost is
 * still pushed (Router-R1 normalises every trajectory's cost). Groups of any size work alike. The state is the window;
 * {@link #saveState()} / {@link #restoreState} round-trip it.
 */
public final class RouterR1Cost implements GroupTransform.Stateful {
    private final double costCoe;
    private final RewardSignature signature;
    private CostWindow window;

    RouterR1Cost(double costCoe, CostWindow window, RewardSignature signature) {
        this.costCoe = costCoe;
        this.window = window;
        this.signature = signature;
    }

    @Override
    public RewardSignature signature() {
        return signature;
    }

    @Override
    public GroupOutcome apply(List<GroupMember> members, long step) {
        double[] values = new double[members.size()];
        List<Double> costScores = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            GroupMember m = members.get(i);
            OptionalDouble cost;
            try {
                cost = RouterR1.apiCost(m.sample());
            } catch (InvalidInputException e) {
                cost = OptionalDouble.empty();
            }
            if (cost.isEmpty() || cost.getAsDouble() < 0) {
                values[i] = Double.NaN;
                costScores.add(null);
                continue;
            }
            double c = window.push(cost.getAsDouble());
            costScores.add(c);
            Map<String, Double> comps = m.result().components();
            if (!m.result().isOk() || !comps.containsKey("format") || !comps.containsKey("outcome")
                    || !comps.containsKey("answered")) {
                values[i] = Double.NaN;
                continue;
            }
            values[i] = RouterR1.combine(comps.get("format"), comps.get("outcome"), comps.get("answered") > 0, c, costCoe);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("cost_scores", costScores);
        details.put("window_size", window.size());
        return GroupOutcome.of(values, details);
    }

    @Override
    public JsonNode saveState() {
        return window.save();
    }

    @Override
    public void restoreState(JsonNode state) {
        this.window = CostWindow.restore(state);
    }

    public static final class Factory implements GroupTransformFactory {
        @Override public String name() { return "router_r1_cost"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "tools"; }
        @Override public String source() { return "Router-R1 normalize_reward sliding-window cost normalisation (catalog A9c)"; }
        @Override public String description() {
            return "Stateful: normalises each trajectory's API cost over a run-wide window and mixes it into the router_r1 reward.";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.required("cost_coe", ParamKind.DOUBLE, "weight of the cost score in the reward"),
                    Param.optional("window", ParamKind.INT, 1000, "how many recent transformed costs the window keeps"),
                    Param.optional("q_low", ParamKind.DOUBLE, 0.05, "lower percentile (as a fraction)"),
                    Param.optional("q_high", ParamKind.DOUBLE, 0.95, "upper percentile (as a fraction)"),
                    Param.choice("transform", "sqrt", List.of("sqrt", "log", "none"), "cost transform before the window"),
                    Param.optional("alpha", ParamKind.DOUBLE, 0.01, "α of the log transform log1p(α·cost)"));
        }

        @Override
        public GroupTransform create(Params p) {
            double coe = p.number("cost_coe");
            if (coe < 0 || coe > 1) {
                throw p.error("cost_coe", "cost_coe must be in [0, 1]");
            }
            CostWindow w;
            try {
                w = new CostWindow(p.integer("window"), p.number("q_low"), p.number("q_high"),
                        CostWindow.Transform.valueOf(p.string("transform").toUpperCase(Locale.ROOT)), p.number("alpha"));
            } catch (IllegalArgumentException e) {
                throw p.error("window", e.getMessage());
            }
            return new RouterR1Cost(coe, w, p.signature(version()));
        }
    }
}
