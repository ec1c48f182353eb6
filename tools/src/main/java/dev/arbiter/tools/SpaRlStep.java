package dev.arbiter.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.References;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code spa_rl_step}: SPA-RL's per-step reward construction (catalog B11b–c) from given progress estimates — no model.
 * {@code r_k = turnValue_k + grounding_k}, grounding 0.5 when the observation after action k does not contain
 * "Nothing happens" (the last step always 0.5).
 *
 * <p><b>code_faithful: true</b> (the released {@code rl_data_org.py}): every turn value is overwritten by the
 * leave-one-out constant {@code final − mean(finals of the task's other rollouts)} ({@code final} when there are
 * none), discarding the estimator's c_k. <b>false</b> (the paper): turnValue_k = c_k from {@code turn_values}.
 * {@code step_weighting: linear_decay} reproduces {@code step_ppotrainer.py}, which places step k's reward ×
 * (L − 1 − k) (the last step × 0); {@code none} leaves it as is. Trajectories of {@code max_steps} (35) or more
 * steps are dropped by the script: {@code invalid_input}.
 *
 * <p><b>Inputs</b> ({@code meta} or an object reference): {@code final_reward}; {@code other_final_rewards} (the other
 * rollouts' finals) or {@code group_final_rewards} (all of the task's finals, this one included — one copy of
 * {@code final_reward} is removed, as the script does); {@code observations} (the environment's reply after each
 * action; the last may be omitted) or {@code grounded} (booleans); {@code turn_values} (the estimator's c_k, required
 * when not code_faithful); {@code num_steps} (default: the length of turn_values, grounded or observations);
 * {@code step_index} (optional). The score is the placed reward of {@code step_index}, or without it the sum of all
 * placed step rewards; {@code details} lists every step's reward and placed reward. The group-level constant is the
 * RLOO advantage of the finals (shaping's {@code rloo}).
 */
public record SpaRlStep(boolean codeFaithful, boolean linearDecay, int maxSteps, double grounding, String noEffect,
                        RewardSignature signature) implements Reward {

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        References.response(sample);
        JsonNode finalNode = Inputs.lookup(sample, "final_reward");
        if (finalNode == null) {
            throw new InvalidInputException("spa_rl_step needs meta.final_reward");
        }
        double fin = Inputs.finite(finalNode, "final_reward");
        List<Double> turnValues = numbers(Inputs.lookup(sample, "turn_values"), "turn_values");
        JsonNode obs = Inputs.lookup(sample, "observations");
        JsonNode grounded = Inputs.lookup(sample, "grounded");
        int steps;
        JsonNode ns = Inputs.lookup(sample, "num_steps");
        if (ns != null) {
            double d = Inputs.finite(ns, "num_steps");
            if (d < 1 || d != Math.rint(d)) {
                throw new InvalidInputException("num_steps must be a positive integer");
            }
            steps = (int) Math.min(d, 1_000_000);
        } else if (turnValues != null) {
            steps = turnValues.size();
        } else if (grounded != null && grounded.isArray()) {
            steps = grounded.size();
        } else if (obs != null && obs.isArray()) {
            steps = obs.size();
        } else {
            throw new InvalidInputException("spa_rl_step needs num_steps, turn_values, grounded or observations");
        }
        if (steps < 1) {
            throw new InvalidInputException("the trajectory has no steps");
        }
        if (steps >= maxSteps) {
            throw new InvalidInputException("the trajectory has " + steps + " steps; SPA-RL drops trajectories of "
                    + maxSteps + " or more");
        }
        double[] ground = groundings(steps, obs, grounded, deadline);
        double[] values = new double[steps];
        if (codeFaithful) {
            List<Double> others = others(sample, fin);
            double c = fin;
            if (!others.isEmpty()) {
                double sum = 0;
                for (double o : others) {
                    sum += o;
                }
                c = fin - sum / others.size();
            }
            java.util.Arrays.fill(values, c);
        } else {
            if (turnValues == null || turnValues.size() != steps) {
                throw new InvalidInputException("the paper's construction needs one turn value (progress estimate) per step");
            }
            for (int k = 0; k < steps; k++) {
                values[k] = turnValues.get(k);
            }
        }
        List<Double> stepRewards = new ArrayList<>();
        List<Double> placed = new ArrayList<>();
        double sum = 0;
        for (int k = 0; k < steps; k++) {
            double r = values[k] + ground[k];
            double p = linearDecay ? r * (steps - 1 - k) : r;
            stepRewards.add(r);
            placed.add(p);
            sum += p;
        }
        JsonNode idx = Inputs.lookup(sample, "step_index");
        double score = sum;
        if (idx != null) {
            double k = Inputs.finite(idx, "step_index");
            if (k < 0 || k >= steps || k != Math.rint(k)) {
                throw new InvalidInputException("step_index must be an integer in [0, " + (steps - 1) + "], got " + k);
            }
            score = placed.get((int) k);
        }
        return RewardResult.ok(score).withDetail("step_rewards", stepRewards).withDetail("placed_rewards", placed)
                .withDetail("turn_values", java.util.Arrays.stream(values).boxed().toList());
    }

    private double[] groundings(int steps, JsonNode obs, JsonNode grounded, Deadline deadline) {
        double[] g = new double[steps];
        if (grounded != null) {
            if (!grounded.isArray() || grounded.size() != steps) {
                throw new InvalidInputException("grounded must list one boolean per step");
            }
            for (int k = 0; k < steps; k++) {
                g[k] = k == steps - 1 || grounded.get(k).asBoolean() ? grounding : 0.0;
            }
            return g;
        }
        if (obs == null || !obs.isArray() || obs.size() < steps - 1 || obs.size() > steps) {
            throw new InvalidInputException("observations must list the environment's reply after each action (" + steps
                    + " or " + (steps - 1) + " entries), or give grounded");
        }
        for (int k = 0; k < steps; k++) {
            deadline.check();
            if (k == steps - 1) {
                g[k] = grounding;
            } else {
                JsonNode o = obs.get(k);
                if (!o.isTextual()) {
                    throw new InvalidInputException("observations must be strings");
                }
                g[k] = o.asText().contains(noEffect) ? 0.0 : grounding;
            }
        }
        return g;
    }

    private static List<Double> others(Sample s, double fin) {
        List<Double> o = numbers(Inputs.lookup(s, "other_final_rewards"), "other_final_rewards");
        if (o != null) {
            return o;
        }
        List<Double> all = numbers(Inputs.lookup(s, "group_final_rewards"), "group_final_rewards");
        if (all == null) {
            throw new InvalidInputException("the script's construction needs other_final_rewards or group_final_rewards");
        }
        List<Double> copy = new ArrayList<>(all);
        if (!copy.remove(fin)) {
            throw new InvalidInputException("group_final_rewards does not contain this rollout's final_reward");
        }
        return copy;
    }

    private static List<Double> numbers(JsonNode n, String key) {
        if (n == null) {
            return null;
        }
        if (!n.isArray()) {
            throw new InvalidInputException(key + " must be a list of numbers");
        }
        List<Double> out = new ArrayList<>();
        for (JsonNode x : n) {
            out.add(Inputs.finite(x, key + "[]"));
        }
        return out;
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "spa_rl_step"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "tools"; }
        @Override public String source() { return "SPA-RL (Wang et al. 2025) rl_data_org.py + step_ppotrainer.py (catalog B11)"; }
        @Override public String description() {
            return "Stepwise progress attribution: per-step reward = turn value + grounding bonus, placed with the code's (L−1−k) weighting.";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.optional("code_faithful", ParamKind.BOOL, true,
                            "the released script: turn values overwritten by final − mean(other finals); false: the estimator's c_k"),
                    Param.choice("step_weighting", "linear_decay", List.of("linear_decay", "none"),
                            "linear_decay: step k's reward × (L − 1 − k) as step_ppotrainer.py places it; none: as is"),
                    Param.optional("max_steps", ParamKind.INT, 35, "trajectories with this many steps or more are dropped"),
                    Param.optional("grounding", ParamKind.DOUBLE, 0.5, "bonus for an action that had an effect"),
                    Param.optional("no_effect_marker", ParamKind.STRING, "Nothing happens", "observation text meaning the action did nothing"));
        }

        @Override
        public Reward create(Params p) {
            if (p.integer("max_steps") < 2) {
                throw p.error("max_steps", "max_steps must be at least 2");
            }
            return new SpaRlStep(p.bool("code_faithful"), p.string("step_weighting").equals("linear_decay"),
                    p.integer("max_steps"), p.number("grounding"), p.string("no_effect_marker"), p.signature(version()));
        }
    }
}
