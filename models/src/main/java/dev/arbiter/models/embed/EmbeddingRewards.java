package dev.arbiter.models.embed;

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
import dev.arbiter.models.onnx.OnnxEmbedder;
import dev.arbiter.models.onnx.OnnxModels;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** CLIP-style rewards over an {@link OnnxEmbedder}: VLM-RMs, RLCF's CLIP score, and Mixed-R1's BMAS. */
public final class EmbeddingRewards {
    private EmbeddingRewards() {
    }

    static OnnxEmbedder embedder(Params p) {
        try {
            return OnnxModels.of(p.resources()).embedder(Path.of(p.string("model_dir")), OnnxEmbedder.Options.defaults());
        } catch (IOException e) {
            throw p.error("model_dir", "cannot load the encoders: " + e.getMessage());
        }
    }

    static Param modelDir(String files) {
        return Param.required("model_dir", ParamKind.STRING, "directory with " + files);
    }

    /** The sample's first image: {@code meta.images[0]} or {@code meta.image} (a path, data: URI or base64). */
    static String image(Sample s) {
        JsonNode i = s.meta().get("images");
        if (i != null && i.isArray() && !i.isEmpty() && i.get(0).isTextual()) {
            return i.get(0).asText();
        }
        i = s.meta().get("image");
        if (i != null && i.isTextual()) {
            return i.asText();
        }
        throw new InvalidInputException("the sample has no image (meta.images or meta.image)");
    }

    static double[] unit(float[] v) {
        double n = 0;
        for (float f : v) {
            n += (double) f * f;
        }
        n = Math.sqrt(n);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = n == 0 ? 0 : v[i] / n;
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** The mean of the unit vectors (not re-normalised, as VLM-RMs does). */
    static double[] meanOfUnits(List<float[]> vs) {
        double[] m = new double[vs.get(0).length];
        for (float[] v : vs) {
            double[] u = unit(v);
            for (int i = 0; i < m.length; i++) {
                m[i] += u[i] / vs.size();
            }
        }
        return m;
    }

    /**
     * VLM-RMs' goal–baseline projection: {@code R(x) = 1 − ‖(x − t)·P‖² / 2} with {@code d = t − b},
     * {@code P = α·ddᵀ/‖d‖² + (1 − α)·I}, x the unit image embedding, t and b the means of the unit goal and baseline
     * text embeddings.
     */
    public static double vlmrm(double[] x, double[] t, double[] b, double alpha) {
        int n = x.length;
        double[] d = new double[n];
        double dd = 0;
        for (int i = 0; i < n; i++) {
            d[i] = t[i] - b[i];
            dd += d[i] * d[i];
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = x[i] - t[i];
        }
        double yd = dot(y, d);
        double norm2 = 0;
        for (int i = 0; i < n; i++) {
            double proj = dd == 0 ? 0 : alpha * yd * d[i] / dd;
            double v = proj + (1 - alpha) * y[i];
            norm2 += v * v;
        }
        return 1 - norm2 / 2;
    }

    /** BMAS: ½·[mean_i max_j cos(p_i, g_j) + mean_j max_i cos(g_j, p_i)]; 0 when either side is empty. */
    public static double bmas(List<float[]> p, List<float[]> g, Deadline deadline) {
        if (p.isEmpty() || g.isEmpty()) {
            return 0;
        }
        List<double[]> pu = p.stream().map(EmbeddingRewards::unit).toList();
        List<double[]> gu = g.stream().map(EmbeddingRewards::unit).toList();
        double[][] cos = new double[pu.size()][gu.size()];
        for (int i = 0; i < pu.size(); i++) {
            deadline.check();
            for (int j = 0; j < gu.size(); j++) {
                cos[i][j] = dot(pu.get(i), gu.get(j));
            }
        }
        double fwd = 0;
        for (int i = 0; i < pu.size(); i++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < gu.size(); j++) {
                m = Math.max(m, cos[i][j]);
            }
            fwd += m / pu.size();
        }
        double bwd = 0;
        for (int j = 0; j < gu.size(); j++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < pu.size(); i++) {
                m = Math.max(m, cos[i][j]);
            }
            bwd += m / gu.size();
        }
        return 0.5 * (fwd + bwd);
    }

    /** {@code clip_goal_baseline}. */
    public record GoalBaseline(OnnxEmbedder embedder, double[] goal, double[] baseline, double alpha,
                               RewardSignature signature) implements Reward {
        @Override
        public RewardResult score(Sample s, Deadline deadline) {
            References.response(s);
            double[] x = unit(embedder.embedImages(List.of(image(s)), deadline).get(0));
            return RewardResult.ok(Math.max(-1, Math.min(1, vlmrm(x, goal, baseline, alpha))));
        }
    }

    /** {@code clip_score}. */
    public record ClipScore(OnnxEmbedder embedder, double weight, RewardSignature signature) implements Reward {
        @Override
        public RewardResult score(Sample s, Deadline deadline) {
            String text = References.response(s);
            if (text.isBlank()) {
                throw new InvalidInputException("the response is empty");
            }
            if (text.length() > 10_000) {
                throw new InvalidInputException("the response is " + text.length() + " characters; a caption is expected");
            }
            double[] img = unit(embedder.embedImages(List.of(image(s)), deadline).get(0));
            double[] t = unit(embedder.embedTexts(List.of(text), deadline).get(0));
            double cos = dot(img, t);
            return RewardResult.ok(Math.max(0, weight * cos)).withDetail("cosine", cos);
        }
    }

    /** {@code bmas}. */
    public record Bmas(OnnxEmbedder embedder, RewardSignature signature) implements Reward {
        @Override
        public RewardResult score(Sample s, Deadline deadline) {
            String r = References.response(s);
            String g = References.answers(s.reference()).get(0);
            if (r.length() > 100_000) {
                throw new InvalidInputException("the response is " + r.length() + " characters, over 100000");
            }
            List<float[]> p = embedder.tokenEmbeddings(r, deadline);
            List<float[]> gs = embedder.tokenEmbeddings(g, deadline);
            return RewardResult.ok(Math.max(-1, Math.min(1, bmas(p, gs, deadline)))).withDetail("response_tokens", p.size())
                    .withDetail("reference_tokens", gs.size());
        }
    }

    public static final class GoalBaselineFactory implements RewardFactory {
        @Override public String name() { return "clip_goal_baseline"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "models"; }
        @Override public String source() { return "VLM-RMs (AlignmentResearch/vlmrm reward_model.py)"; }
        @Override public String description() {
            return "CLIP reward of the sample's image (meta.image; the response must be present but is not read) "
                    + "against goal prompts, projected along goal − baseline, in [-1, 1].";
        }
        @Override public List<Param> parameters() {
            return List.of(modelDir("text_model.onnx, vision_model.onnx, tokenizer.json, preprocessor_config.json"),
                    Param.required("goals", ParamKind.STRING_LIST, "goal prompts, e.g. 'a humanoid robot kneeling'"),
                    Param.required("baselines", ParamKind.STRING_LIST, "baseline prompts, e.g. 'a humanoid robot'"),
                    Param.optional("alpha", ParamKind.DOUBLE, 0.5, "projection strength α in [0, 1]"));
        }

        @Override
        public Reward create(Params p) {
            double alpha = p.number("alpha");
            if (alpha < 0 || alpha > 1) {
                throw p.error("alpha", "alpha must be in [0, 1], got " + alpha);
            }
            if (p.strings("goals").isEmpty() || p.strings("baselines").isEmpty()) {
                throw p.error("goals", "goals and baselines must be non-empty");
            }
            OnnxEmbedder e = embedder(p);
            double[] t = meanOfUnits(e.embedTexts(p.strings("goals"), Deadline.none()));
            double[] b = meanOfUnits(e.embedTexts(p.strings("baselines"), Deadline.none()));
            return new GoalBaseline(e, t, b, alpha, p.signature(version()));
        }
    }

    public static final class ClipScoreFactory implements RewardFactory {
        @Override public String name() { return "clip_score"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "models"; }
        @Override public String source() { return "RLCF (mzhaoshuai/RLCF TPT/clip_reward.py), CLIPScore"; }
        @Override public String description() {
            return "max(0, w·cos(text, image)) of the response and the sample's image, in [0, w]; RLCF's sample-mean "
                    + "baseline is a group transform.";
        }
        @Override public List<Param> parameters() {
            return List.of(modelDir("text_model.onnx, vision_model.onnx, tokenizer.json, preprocessor_config.json"),
                    Param.optional("weight", ParamKind.DOUBLE, 2.5, "w (clipscore_weight)"));
        }

        @Override
        public Reward create(Params p) {
            return new ClipScore(embedder(p), p.number("weight"), p.signature(version()));
        }
    }

    public static final class BmasFactory implements RewardFactory {
        @Override public String name() { return "bmas"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "models"; }
        @Override public String source() { return "Mixed-R1 BMAS (abstract; reconstruction)"; }
        @Override public String description() {
            return "Bidirectional max-average cosine similarity of response and reference token embeddings, in [-1, 1].";
        }
        @Override public List<Param> parameters() {
            return List.of(modelDir("embed_tokens.onnx (input_ids → [1, T, D]) and tokenizer.json"));
        }

        @Override
        public Reward create(Params p) {
            return new Bmas(embedder(p), p.signature(version()));
        }
    }
}
