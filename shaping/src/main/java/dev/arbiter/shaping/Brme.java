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
 * {@code brme} (catalog C11, a reconstruction from the abstract): {@code R = λ·R_nominal + (1 − λ)·min_k R_k} over an
 * ensemble of reward heads. The heads are the child rewards ({@code rewards}) or {@code meta.<field>}: a list of
 * numbers, or of {@code {mean, std}} objects (BRME heads predict a mean and a std). {@code R_nominal} is the mean of
 * the head with the smallest std ({@code min_std}; ties → the first) or the mean of the head means ({@code mean});
 * {@code auto} takes min_std when every head has a std and mean otherwise. An empty ensemble, a non-finite value or
 * {@code min_std} without stds is {@code invalid_input}.
 */
public final class Brme extends ShapingReward {
    private final double lambda;
    private final String nominal;
    private final String field;
    private final Map<String, Reward> children;

    Brme(double lambda, String nominal, String field, Map<String, Reward> children, RewardSignature signature) {
        super(signature);
        this.lambda = lambda;
        this.nominal = nominal;
        this.field = field;
        this.children = children;
    }

    @Override
    RewardResult compute(Sample sample, Deadline deadline) {
        double[] means;
        double[] stds = null;
        Map<String, Double> comps = new LinkedHashMap<>();
        if (children != null) {
            means = new double[children.size()];
            int i = 0;
            for (Map.Entry<String, Reward> e : children.entrySet()) {
                means[i++] = Inputs.child(e.getKey(), e.getValue(), sample, deadline).score();
                comps.put(e.getKey(), means[i - 1]);
            }
        } else {
            JsonNode n = Inputs.at(sample, field);
            if (n == null) {
                throw new InvalidInputException("meta." + field + " is missing");
            }
            if (!n.isArray() || n.isEmpty()) {
                throw new InvalidInputException("meta." + field + " must be a non-empty list of head scores");
            }
            means = new double[n.size()];
            stds = new double[n.size()];
            boolean allStd = true;
            for (int i = 0; i < n.size(); i++) {
                JsonNode h = n.get(i);
                String what = "meta." + field + "[" + i + "]";
                if (h.isObject()) {
                    if (h.get("mean") == null) {
                        throw new InvalidInputException(what + " has no mean");
                    }
                    means[i] = Inputs.finite(h.get("mean"), what + ".mean");
                    if (h.get("std") != null && !h.get("std").isNull()) {
                        stds[i] = Inputs.finite(h.get("std"), what + ".std");
                    } else {
                        allStd = false;
                    }
                } else {
                    means[i] = Inputs.finite(h, what);
                    allStd = false;
                }
            }
            if (!allStd) {
                stds = null;
            }
        }
        String how = nominal.equals("auto") ? (stds != null ? "min_std" : "mean") : nominal;
        if (how.equals("min_std") && stds == null) {
            throw new InvalidInputException("nominal: min_std needs a std for every head (meta." + field + " as {mean, std} objects)");
        }
        double nom;
        int chosen = -1;
        if (how.equals("min_std")) {
            chosen = 0;
            for (int i = 1; i < stds.length; i++) {
                if (stds[i] < stds[chosen]) {
                    chosen = i;
                }
            }
            nom = means[chosen];
        } else {
            nom = Maths.mean(means);
        }
        double min = means[0];
        for (double m : means) {
            min = Math.min(min, m);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("nominal", nom);
        details.put("nominal_rule", how);
        if (chosen >= 0) {
            details.put("nominal_head", chosen);
        }
        details.put("worst", min);
        details.put("heads", means.length);
        return Inputs.ok(lambda * nom + (1 - lambda) * min, "λ·nominal + (1 − λ)·min", details, comps);
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "brme"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "shaping"; }
        @Override public String source() {
            return "Yan et al., 'Reward-robust RLHF in LLMs' (arXiv 2409.15360), BRME; reconstruction from the abstract";
        }
        @Override public String description() {
            return "λ·nominal + (1 − λ)·min over reward-ensemble heads (child rewards or meta.ensemble); range of the heads.";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.required("lambda", ParamKind.DOUBLE, "weight λ of the nominal reward, in [0, 1] (the paper's value is unknown)"),
                    Param.choice("nominal", "auto", List.of("auto", "min_std", "mean"), "how the nominal reward is chosen"),
                    Param.optional("field", ParamKind.STRING, "ensemble", "meta list of heads: numbers or {mean, std} objects"),
                    Param.optional("rewards", ParamKind.SPEC_MAP, null, "the heads as child rewards (replaces field)"));
        }
        @Override
        public Reward create(Params p) {
            double l = p.number("lambda");
            if (l < 0 || l > 1) {
                throw p.error("lambda", "lambda (" + l + ") must lie in [0, 1]");
            }
            return new Brme(l, p.string("nominal"), p.string("field"), p.rewardMap("rewards"), p.signature(version()));
        }
    }
}
