package dev.arbiter.shaping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Map;

/**
 * {@code rlpr_filter} (catalog C4): RLPR's std-based prompt filter with an EMA threshold, as its trainer runs it.
 * The filtered quantity is the group's std_u of the final rewards (the members' ok scores; a lone rollout has std 1
 * and a group without ok scores NaN, as in RLPR's verl copy).
 * <ol>
 *   <li>Steps in [{@code ema_start_step}, {@code filter_start_step}): every group's std (NaN/inf skipped) is
 *       collected, weighted by the group's size (the trainer averages per rollout), into one mean per step.</li>
 *   <li>At the first group of a step ≥ {@code filter_start_step}: EMA = the mean of those per-step means if it is
 *       not yet set, otherwise EMA = r·EMA + (1 − r)·(mean std of the previous step), skipping NaN/inf.</li>
 *   <li>From {@code filter_start_step} on, a group is dropped (kept = false) when its std × the data source's
 *       multiplier is below β·EMA, above {@code upper_bound}, or NaN/inf. Before that nothing is dropped.</li>
 * </ol>
 * Values pass through unchanged (the members' scores; NaN for non-ok members): put an advantage after it with
 * {@code chain}. Stateful: the collected means, the EMA and the current step's running sum are its state. Steps
 * come from the caller or {@code meta.<step_field>}; a group from an earlier step than the current one counts in the
 * current step. If nothing was collected before the filter starts (the trainer would fail), the EMA starts from the
 * first finished filter-phase step and nothing is dropped until then.
 */
public final class RlprStdFilter implements GroupTransform.Stateful {
    private final int emaStart;
    private final int filterStart;
    private final double ratio;
    private final double beta;
    private final double upper;
    private final Map<String, Double> perSource;
    private final String stepField;
    private final RewardSignature signature;

    private long currentStep = Long.MIN_VALUE;
    private double stepSum;
    private long stepCount;
    private final List<Double> collected = new ArrayList<>();
    private Double ema;
    private Double lastFilterMean;

    RlprStdFilter(int emaStart, int filterStart, double ratio, double beta, double upper, Map<String, Double> perSource,
                  String stepField, RewardSignature signature) {
        this.emaStart = emaStart;
        this.filterStart = filterStart;
        this.ratio = ratio;
        this.beta = beta;
        this.upper = upper;
        this.perSource = perSource;
        this.stepField = stepField;
        this.signature = signature;
    }

    @Override
    public RewardSignature signature() {
        return signature;
    }

    @Override
    public synchronized GroupOutcome apply(List<GroupMember> members, long step) {
        long s = Groups.step(members, step, stepField);
        advanceTo(s);
        long eff = currentStep;
        double[] scores = Groups.scores(members);
        double[] ok = Groups.finite(scores);
        double std = ok.length == 0 ? Double.NaN : ok.length == 1 ? 1.0 : Maths.stdUnbiased(ok);
        if (eff >= emaStart && Double.isFinite(std)) {
            stepSum += std * members.size();
            stepCount += members.size();
        }
        Double threshold = eff >= filterStart && ema != null ? beta * ema : null;
        boolean keep = true;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("step", eff);
        details.put("std", Double.isFinite(std) ? std : null);
        if (threshold != null) {
            String ds = members.isEmpty() ? "" : members.get(0).sample().dataSource();
            double target = std * perSource.getOrDefault(ds, 1.0);
            keep = Double.isFinite(target) && target >= threshold && target <= upper;
            details.put("threshold", threshold);
            details.put("ema", ema);
        }
        details.put("kept", keep);
        return new GroupOutcome(scores, Groups.all(members.size(), keep), details);
    }

    private void advanceTo(long s) {
        if (s == currentStep || currentStep != Long.MIN_VALUE && s < currentStep) {
            return;
        }
        if (currentStep != Long.MIN_VALUE && currentStep >= emaStart) {
            Double mean = stepCount > 0 ? stepSum / stepCount : null;
            if (currentStep < filterStart) {
                if (mean != null) {
                    collected.add(mean);
                }
            } else {
                lastFilterMean = mean;
            }
        }
        currentStep = s;
        stepSum = 0;
        stepCount = 0;
        if (s >= filterStart) {
            if (ema == null) {
                if (!collected.isEmpty()) {
                    double sum = 0;
                    for (double m : collected) {
                        sum += m;
                    }
                    ema = sum / collected.size();
                } else if (lastFilterMean != null && Double.isFinite(lastFilterMean)) {
                    ema = lastFilterMean;
                }
            } else if (lastFilterMean != null && Double.isFinite(lastFilterMean)) {
                ema = ratio * ema + (1 - ratio) * lastFilterMean;
            }
            lastFilterMean = null;
        }
    }

    @Override
    public synchronized JsonNode saveState() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (currentStep != Long.MIN_VALUE) {
            o.put("current_step", currentStep);
        } else {
            o.putNull("current_step");
        }
        o.put("step_sum", stepSum);
        o.put("step_count", stepCount);
        ArrayNode c = o.putArray("collected");
        collected.forEach(c::add);
        if (ema != null) {
            o.put("ema", ema);
        } else {
            o.putNull("ema");
        }
        if (lastFilterMean != null) {
            o.put("last_filter_mean", lastFilterMean);
        } else {
            o.putNull("last_filter_mean");
        }
        return o;
    }

    @Override
    public synchronized void restoreState(JsonNode state) {
        JsonNode cs = state.path("current_step");
        currentStep = cs.isNumber() ? cs.asLong() : Long.MIN_VALUE;
        stepSum = state.path("step_sum").asDouble(0);
        stepCount = state.path("step_count").asLong(0);
        collected.clear();
        for (JsonNode n : state.path("collected")) {
            collected.add(n.asDouble());
        }
        ema = state.path("ema").isNumber() ? state.get("ema").asDouble() : null;
        lastFilterMean = state.path("last_filter_mean").isNumber() ? state.get("last_filter_mean").asDouble() : null;
    }

    public static final class Factory implements GroupTransformFactory {
        @Override public String name() { return "rlpr_filter"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "shaping"; }
        @Override public String source() { return "RLPR (OpenBMB/RLPR verl/trainer/ppo/ray_trainer.py, filter_mode=EMA, filter_target=final_reward_std)"; }
        @Override public String description() {
            return "Drops groups whose reward std is below β × an EMA of past per-step mean stds (from filter_start_step).";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.optional("ema_start_step", ParamKind.INT, 6, "first step whose stds are collected"),
                    Param.optional("filter_start_step", ParamKind.INT, 11, "first filtered step; the EMA starts here"),
                    Param.optional("ema_ratio", ParamKind.DOUBLE, 0.99, "EMA decay r"),
                    Param.optional("beta", ParamKind.DOUBLE, 0.5, "std_filter_beta: threshold = β·EMA (reproduce_qwen 0.5, llama 0.9, gemma 1.0)"),
                    Param.optional("upper_bound", ParamKind.DOUBLE, 1e6, "groups with a larger std are dropped too"),
                    Param.optional("beta_per_source", ParamKind.DOUBLE_MAP, Map.of(), "data_source → multiplier of the group's std before comparing"),
                    Param.optional("step_field", ParamKind.STRING, "step", "meta number giving the step when the caller passes 0"));
        }
        @Override
        public GroupTransform create(Params p) {
            if (p.integer("filter_start_step") < p.integer("ema_start_step")) {
                throw p.error("filter_start_step", "filter_start_step must not be before ema_start_step");
            }
            double r = p.number("ema_ratio");
            if (r < 0 || r > 1) {
                throw p.error("ema_ratio", "ema_ratio must lie in [0, 1]");
            }
            return new RlprStdFilter(p.integer("ema_start_step"), p.integer("filter_start_step"), r, p.number("beta"),
                    p.number("upper_bound"), p.numberMap("beta_per_source"), p.string("step_field"), p.signature(version()));
        }
    }
}
