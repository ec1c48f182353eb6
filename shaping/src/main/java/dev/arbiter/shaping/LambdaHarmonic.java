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
 * {@code lambda_harmonic} (catalog B7): RPO's weighted harmonic mean of subject fidelity and text alignment,
 * {@code R = 1 / (λ/(a + 1e-8) + (1 − λ)/(b + 1e-8))} with {@code a = (A + 1)/2}, {@code b = (B + 1)/2}, where A is
 * the mean cosine between the generated image and the reference images and B the text–image cosine (ALIGN
 * embeddings, computed elsewhere). A and B come from the {@code subject} / {@code text} child rewards or from
 * {@code meta.subject_similarity} / {@code meta.text_similarity} (a list is averaged: one cosine per reference image).
 * With {@code cosine: false} the inputs are taken as already in [0, 1]. A term below 0 (a cosine a rounding error
 * under −1) is clamped to 0, so R collapses towards 0 as in the paper; the details record the clamp.
 */
public final class LambdaHarmonic extends ShapingReward {
    static final double EPS = 1e-8;
    private final double lambda;
    private final boolean cosine;
    private final String subjectField;
    private final String textField;
    private final Reward subject;
    private final Reward text;

    LambdaHarmonic(double lambda, boolean cosine, String subjectField, String textField, Reward subject, Reward text,
                   RewardSignature signature) {
        super(signature);
        this.lambda = lambda;
        this.cosine = cosine;
        this.subjectField = subjectField;
        this.textField = textField;
        this.subject = subject;
        this.text = text;
    }

    @Override
    RewardResult compute(Sample sample, Deadline deadline) {
        double aRaw = input("subject", subject, subjectField, sample, deadline);
        double bRaw = input("text", text, textField, sample, deadline);
        double a = cosine ? (aRaw + 1) / 2 : aRaw;
        double b = cosine ? (bRaw + 1) / 2 : bRaw;
        Map<String, Object> details = new LinkedHashMap<>();
        if (a < 0 || b < 0) {
            details.put("clamped", true);
            a = Math.max(0, a);
            b = Math.max(0, b);
        }
        details.put("a", a);
        details.put("b", b);
        Map<String, Double> comps = new LinkedHashMap<>();
        comps.put("subject", aRaw);
        comps.put("text", bRaw);
        return Inputs.ok(harmonic(lambda, a, b), "weighted harmonic mean", details, comps);
    }

    static double harmonic(double lambda, double a, double b) {
        return 1.0 / (lambda / (a + EPS) + (1 - lambda) / (b + EPS));
    }

    private static double input(String name, Reward child, String field, Sample sample, Deadline deadline) {
        if (child != null) {
            return Inputs.child(name, child, sample, deadline).score();
        }
        JsonNode n = Inputs.at(sample, field);
        if (n == null) {
            throw new InvalidInputException("meta." + field + " is missing");
        }
        double[] xs = Inputs.numbers(n, "meta." + field, deadline);
        if (xs.length == 0) {
            throw new InvalidInputException("meta." + field + " is an empty list");
        }
        return Maths.mean(xs);
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "lambda_harmonic"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "shaping"; }
        @Override public String source() {
            return "Miao et al., 'Subject-driven text-to-image generation via preference-based RL' (RPO), "
                    + "andrew-miao/RPO evaluation_metrics.py";
        }
        @Override public String description() {
            return "Weighted harmonic mean 1/(λ/a + (1−λ)/b) of subject (a) and text (b) similarity mapped to [0, 1]; range [0, 1].";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.optional("lambda", ParamKind.DOUBLE, 0.3, "weight λ of the subject term; 1 → a, 0 → b"),
                    Param.optional("cosine", ParamKind.BOOL, true, "inputs are cosines in [−1, 1], mapped by (x + 1)/2"),
                    Param.optional("subject_field", ParamKind.STRING, "subject_similarity", "meta number (or list, averaged): A"),
                    Param.optional("text_field", ParamKind.STRING, "text_similarity", "meta number: B"),
                    Param.optional("subject", ParamKind.SPEC, null, "a reward giving A (replaces subject_field)"),
                    Param.optional("text", ParamKind.SPEC, null, "a reward giving B (replaces text_field)"));
        }
        @Override
        public Reward create(Params p) {
            double l = p.number("lambda");
            if (l < 0 || l > 1) {
                throw p.error("lambda", "lambda (" + l + ") must lie in [0, 1]");
            }
            return new LambdaHarmonic(l, p.bool("cosine"), p.string("subject_field"), p.string("text_field"),
                    p.reward("subject"), p.reward("text"), p.signature(version()));
        }
    }
}
