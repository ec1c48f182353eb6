package dev.arbiter.models.embed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.References;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Status;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;
import dev.arbiter.models.Embedder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code rpo_similarity}: the model part of λ-Harmonic (catalog B7, steps 1–2), one term per reward so that shaping's
 * {@code lambda_harmonic} (the arithmetic, steps 3–5) takes it as its {@code subject} / {@code text} child.
 * {@code term: subject} gives {@code A = mean over reference images of cos(img(ref), img(gen))}; {@code term: text}
 * gives {@code B = cos(text(prompt), img(gen))}. The generated image is {@code meta.images[0]} / {@code meta.image};
 * the reference images are {@code meta.reference_images} (a list, or one string); the text is the prompt's last user
 * text ({@code text_from: response} takes the response instead). The score is the raw cosine, in [−1, 1]; the response
 * must be present (it is the rollout) but is only read with {@code text_from: response}.
 */
public record RpoSimilarity(Embedder embedder, boolean subject, boolean textFromResponse, String referencesField,
                            int maxReferences, RewardSignature signature) implements Reward {
    static final int MAX_TEXT = 10_000;

    List<String> references(Sample s) {
        JsonNode r = s.meta().get(referencesField);
        List<String> out = new ArrayList<>();
        if (r != null && r.isTextual()) {
            out.add(r.asText());
        } else if (r != null && r.isArray()) {
            for (JsonNode x : r) {
                if (!x.isTextual()) {
                    throw new InvalidInputException("meta." + referencesField + " must hold images (paths, data: URIs or base64)");
                }
                out.add(x.asText());
            }
        } else if (r != null && !r.isNull()) {
            throw new InvalidInputException("meta." + referencesField + " must be an image or a list of images");
        }
        if (out.isEmpty()) {
            throw new InvalidInputException("the sample has no reference images (meta." + referencesField + ")");
        }
        if (out.size() > maxReferences) {
            throw new InvalidInputException(out.size() + " reference images, over max_references " + maxReferences);
        }
        return out;
    }

    @Override
    public RewardResult score(Sample s, Deadline deadline) {
        String response = References.response(s);
        String generated = EmbeddingRewards.image(s);
        if (subject) {
            List<String> refs = references(s);
            double[] g = EmbeddingRewards.unit(embedder.embedImages(List.of(generated), deadline).get(0));
            List<float[]> rs = embedder.embedImages(refs, deadline);
            List<Double> cos = new ArrayList<>();
            double sum = 0;
            for (float[] r : rs) {
                double c = EmbeddingRewards.dot(EmbeddingRewards.unit(r), g);
                cos.add(c);
                sum += c;
            }
            double a = clamp(sum / rs.size());
            return result(a, "subject", "mean cosine to " + rs.size() + " reference image(s)", Map.of("cosines", cos));
        }
        String text = textFromResponse ? response : s.prompt().lastUserText();
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("the " + (textFromResponse ? "response" : "prompt") + " is empty");
        }
        if (text.length() > MAX_TEXT) {
            throw new InvalidInputException("the text is " + text.length() + " characters, over " + MAX_TEXT);
        }
        double[] g = EmbeddingRewards.unit(embedder.embedImages(List.of(generated), deadline).get(0));
        double[] t = EmbeddingRewards.unit(embedder.embedTexts(List.of(text), deadline).get(0));
        return result(clamp(EmbeddingRewards.dot(t, g)), "text", "text–image cosine", Map.of());
    }

    private static double clamp(double c) {
        return Math.max(-1, Math.min(1, c));
    }

    private static RewardResult result(double v, String name, String reason, Map<String, Object> extra) {
        Map<String, Object> d = new LinkedHashMap<>(extra);
        return new RewardResult(v, Status.OK, reason, d, Map.of(name, v));
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "rpo_similarity"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "models"; }
        @Override public String source() {
            return "λ-Harmonic / RPO (andrew-miao/RPO evaluation_metrics.py RewardModel), image–image and text–image terms";
        }
        @Override public String description() {
            return "Cosine of the generated image (meta.image) to the reference images (term: subject, averaged) or to "
                    + "the prompt (term: text), in [-1, 1]; the inputs of lambda_harmonic.";
        }
        @Override public List<Param> parameters() {
            return List.of(EmbeddingRewards.modelDir("text_model.onnx, vision_model.onnx, tokenizer.json, preprocessor_config.json"),
                    new Param("term", ParamKind.CHOICE, null, true, List.of("subject", "text"), "subject: A (image–image); text: B (text–image)"),
                    Param.choice("text_from", "prompt", List.of("prompt", "response"), "the text of term B"),
                    Param.optional("references_field", ParamKind.STRING, "reference_images", "meta field of the reference images"),
                    Param.optional("max_references", ParamKind.INT, 64, "more reference images are invalid_input"));
        }

        @Override
        public Reward create(Params p) {
            if (p.integer("max_references") < 1) {
                throw p.error("max_references", "max_references must be at least 1");
            }
            return new RpoSimilarity(EmbeddingRewards.embedder(p), p.string("term").equals("subject"),
                    p.string("text_from").equals("response"), p.string("references_field"), p.integer("max_references"),
                    p.signature(version()));
        }
    }
}
