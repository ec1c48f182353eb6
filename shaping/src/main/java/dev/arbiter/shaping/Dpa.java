package dev.arbiter.shaping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dpa} (catalog B10): Directional Preference Alignment's scalar reward {@code R = v · r}, the dot product of
 * a unit direction with a multi-objective reward. By default {@code v = (cos θ, sin θ)} over the objectives
 * {@code x_objective} (helpfulness) and {@code y_objective} (verbosity); {@code weights} names any direction instead
 * (scaled to unit length unless {@code normalize: false}). The objectives come from {@code meta.<field>} (an object
 * of name → number) or, when {@code reward} is given, from that child's components. The details carry the integer
 * prompt weights {@code round(100·v_i)} DPA puts in the system prompt. A missing or non-finite objective is
 * {@code invalid_input}; other objectives are ignored.
 */
public final class Dpa extends ShapingReward {
    private final Map<String, Double> direction;
    private final String field;
    private final Reward child;

    Dpa(Map<String, Double> direction, String field, Reward child, RewardSignature signature) {
        super(signature);
        this.direction = direction;
        this.field = field;
        this.child = child;
    }

    @Override
    RewardResult compute(Sample sample, Deadline deadline) {
        Map<String, Double> objectives = new LinkedHashMap<>();
        if (child != null) {
            objectives.putAll(Inputs.child("reward", child, sample, deadline).components());
        } else {
            JsonNode n = Inputs.at(sample, field);
            if (n == null || !n.isObject()) {
                throw new InvalidInputException("meta." + field + " must be an object of objective name → score");
            }
            for (String k : direction.keySet()) {
                if (n.get(k) != null && !n.get(k).isNull()) {
                    objectives.put(k, Inputs.finite(n.get(k), "meta." + field + "." + k));
                }
            }
        }
        double r = 0;
        Map<String, Double> comps = new LinkedHashMap<>();
        Map<String, Object> weights = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : direction.entrySet()) {
            Double v = objectives.get(e.getKey());
            if (v == null) {
                throw new InvalidInputException("objective '" + e.getKey() + "' is missing"
                        + (child != null ? " from the reward's components" : " from meta." + field));
            }
            r += e.getValue() * v;
            comps.put(e.getKey(), v);
            weights.put(e.getKey(), Math.round(100 * e.getValue()));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("direction", new LinkedHashMap<>(direction));
        details.put("prompt_weights", weights);
        return Inputs.ok(r, "v · r", details, comps);
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "dpa"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "shaping"; }
        @Override public String source() {
            return "Wang et al., 'Arithmetic control of LLMs for diverse user preferences: Directional Preference Alignment' "
                    + "(README of Haoxiang-Wang/directional-preference-alignment)";
        }
        @Override public String description() {
            return "Dot product of a unit direction (cos θ, sin θ) with the (helpfulness, verbosity) objectives; range of the objectives.";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.optional("theta", ParamKind.DOUBLE, 0.0, "angle θ in degrees; v = (cos θ, sin θ)"),
                    Param.optional("x_objective", ParamKind.STRING, "helpfulness", "the objective weighted by cos θ"),
                    Param.optional("y_objective", ParamKind.STRING, "verbosity", "the objective weighted by sin θ"),
                    Param.optional("weights", ParamKind.DOUBLE_MAP, null, "objective → weight; replaces theta"),
                    Param.optional("normalize", ParamKind.BOOL, true, "scale 'weights' to unit length"),
                    Param.optional("field", ParamKind.STRING, "objectives", "meta object of objective name → score"),
                    Param.optional("reward", ParamKind.SPEC, null, "a reward whose components are the objectives (replaces field)"));
        }
        @Override
        public Reward create(Params p) {
            Map<String, Double> dir = new LinkedHashMap<>();
            if (p.isSet("weights")) {
                Map<String, Double> w = p.numberMap("weights");
                double norm = 0;
                for (double v : w.values()) {
                    norm += v * v;
                }
                norm = Math.sqrt(norm);
                if (w.isEmpty() || norm == 0) {
                    throw p.error("weights", "weights must name at least one objective with a non-zero weight");
                }
                double div = p.bool("normalize") ? norm : 1.0;
                w.forEach((k, v) -> dir.put(k, v / div));
            } else {
                if (p.string("x_objective").equals(p.string("y_objective"))) {
                    throw p.error("y_objective", "x_objective and y_objective must differ");
                }
                double th = Math.toRadians(p.number("theta"));
                dir.put(p.string("x_objective"), Math.cos(th));
                dir.put(p.string("y_objective"), Math.sin(th));
            }
            return new Dpa(dir, p.string("field"), p.reward("reward"), p.signature(version()));
        }
    }
}
