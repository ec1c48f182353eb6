package dev.arbiter.shaping;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Status;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code scir_consistency} (catalog C18, a reconstruction): SCIR's consistency filter for one preference pair
 * (y1, y2). Each internal reward model k gives {@code P_k(y1 ≻ y2)} ({@code meta.preference_probs}); with
 * {@code meta.dpo_log_ratios = [log π/π_ref(y1), log π/π_ref(y2)]} the implicit DPO model adds
 * {@code σ(β·(lr1 − lr2))}. The pair is kept (score 1) iff every P_k lies strictly on the same side of 0.5 and, with
 * {@code margin} τ, {@code |P_k − 0.5| ≥ τ}; otherwise score 0. The agreed label ({@code y1} or {@code y2}) is in
 * the details. Fewer than one probability, a probability outside [0, 1] or a non-finite value is
 * {@code invalid_input}; P = 0.5 exactly is on neither side (dropped).
 */
public final class ScirConsistency extends ShapingReward {
    private final String probsField;
    private final String dpoField;
    private final double beta;
    private final double margin;

    ScirConsistency(String probsField, String dpoField, double beta, double margin, RewardSignature signature) {
        super(signature);
        this.probsField = probsField;
        this.dpoField = dpoField;
        this.beta = beta;
        this.margin = margin;
    }

    @Override
    RewardResult compute(Sample sample, Deadline deadline) {
        List<Double> probs = new ArrayList<>();
        if (Inputs.has(sample, probsField)) {
            for (double v : Inputs.numbers(sample, probsField, deadline)) {
                if (v < 0 || v > 1) {
                    throw new InvalidInputException("meta." + probsField + " holds " + v + ", not a probability");
                }
                probs.add(v);
            }
        }
        if (Inputs.has(sample, dpoField)) {
            double[] lr = Inputs.numbers(sample, dpoField, deadline);
            if (lr.length != 2) {
                throw new InvalidInputException("meta." + dpoField + " must be [log-ratio of y1, log-ratio of y2]");
            }
            probs.add(Maths.sigmoid(beta * (lr[0] - lr[1])));
        }
        if (probs.isEmpty()) {
            throw new InvalidInputException("no preference probabilities: meta." + probsField + " and meta." + dpoField + " are both missing");
        }
        int side = 0;
        String why = "";
        boolean keep = true;
        for (double pk : probs) {
            int s = pk > 0.5 ? 1 : pk < 0.5 ? -1 : 0;
            if (s == 0) {
                keep = false;
                why = "a model is undecided (P = 0.5)";
                break;
            }
            if (side != 0 && s != side) {
                keep = false;
                why = "the models disagree";
                break;
            }
            side = s;
            if (Math.abs(pk - 0.5) < margin) {
                keep = false;
                why = "|P − 0.5| = " + Math.abs(pk - 0.5) + " is below the margin " + margin;
                break;
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("probs", probs);
        if (keep) {
            details.put("label", side > 0 ? "y1" : "y2");
        }
        if (!keep) {
            return new RewardResult(0.0, Status.OK, "dropped: " + why, details, Map.of());
        }
        return new RewardResult(1.0, Status.OK, "consistent: " + (side > 0 ? "y1" : "y2") + " preferred", details, Map.of());
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "scir_consistency"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "shaping"; }
        @Override public String source() {
            return "'Self-consistency of the internal reward models improves self-rewarding LMs' (SCIR, arXiv 2502.08922); "
                    + "reconstruction from the abstract";
        }
        @Override public String description() {
            return "1 when every internal reward model prefers the same response of the pair (with margin τ), else 0.";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.optional("probs_field", ParamKind.STRING, "preference_probs", "meta list of P_k(y1 ≻ y2)"),
                    Param.optional("dpo_field", ParamKind.STRING, "dpo_log_ratios", "meta [lr(y1), lr(y2)] of the implicit DPO reward"),
                    Param.optional("beta", ParamKind.DOUBLE, 0.1, "DPO β for the implicit reward's probability"),
                    Param.optional("margin", ParamKind.DOUBLE, 0.0, "confidence margin τ: require |P_k − 0.5| ≥ τ"));
        }
        @Override
        public Reward create(Params p) {
            if (p.number("margin") < 0 || p.number("margin") > 0.5) {
                throw p.error("margin", "margin must lie in [0, 0.5]");
            }
            return new ScirConsistency(p.string("probs_field"), p.string("dpo_field"), p.number("beta"), p.number("margin"),
                    p.signature(version()));
        }
    }
}
