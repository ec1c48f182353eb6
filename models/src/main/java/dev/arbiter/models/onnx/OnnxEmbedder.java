package dev.arbiter.models.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.models.Embedder;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * An {@link Embedder} over a CLIP-style pair of ONNX encoders in one directory: {@code text_model.onnx}
 * (input_ids, attention_mask → text_embeds) and {@code vision_model.onnx} (pixel_values → image_embeds), plus
 * {@code tokenizer.json} and {@code preprocessor_config.json} (CLIP's resize of the shortest edge, centre crop,
 * rescale and per-channel normalisation). Optimum exports CLIP as one model; split it with
 * {@code optimum-cli export onnx --task feature-extraction} per tower, or export {@code CLIPTextModelWithProjection}
 * and {@code CLIPVisionModelWithProjection} separately. One text or image per run, so no padding.
 */
public final class OnnxEmbedder implements Embedder, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** File names and the text length cap. */
    public record Options(String textModel, String visionModel, int maxTextTokens, int intraOpThreads) {
        public static Options defaults() {
            return new Options("text_model.onnx", "vision_model.onnx", 77, 1);
        }
    }

    private final HfTokenizer tokenizer;
    private final OrtSession text;
    private final OrtSession vision;
    private final OrtSession tokens;
    private final Options options;
    private final int cropH;
    private final int cropW;
    private final int shortest;
    private final double rescale;
    private final double[] mean;
    private final double[] std;

    private OnnxEmbedder(HfTokenizer tokenizer, OrtSession text, OrtSession vision, OrtSession tokens, Options options,
                         JsonNode pre) {
        this.tokens = tokens;
        this.tokenizer = tokenizer;
        this.text = text;
        this.vision = vision;
        this.options = options;
        JsonNode crop = pre.path("crop_size");
        this.cropH = crop.isInt() ? crop.asInt() : crop.path("height").asInt(224);
        this.cropW = crop.isInt() ? crop.asInt() : crop.path("width").asInt(224);
        JsonNode size = pre.path("size");
        this.shortest = size.isInt() ? size.asInt() : size.path("shortest_edge").asInt(Math.min(cropH, cropW));
        this.rescale = pre.path("rescale_factor").asDouble(1.0 / 255);
        this.mean = triple(pre.path("image_mean"), new double[] {0.48145466, 0.4578275, 0.40821073});
        this.std = triple(pre.path("image_std"), new double[] {0.26862954, 0.26130258, 0.27577711});
    }

    public static OnnxEmbedder load(Path dir, Options options) throws IOException {
        HfTokenizer tok = HfTokenizer.load(dir.resolve("tokenizer.json"));
        JsonNode pre = Files.isRegularFile(dir.resolve("preprocessor_config.json"))
                ? JSON.readTree(dir.resolve("preprocessor_config.json").toFile()) : JSON.createObjectNode();
        try {
            OrtSession.SessionOptions so = new OrtSession.SessionOptions();
            so.setIntraOpNumThreads(Math.max(1, options.intraOpThreads()));
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession t = Files.isRegularFile(dir.resolve(options.textModel()))
                    ? env.createSession(dir.resolve(options.textModel()).toString(), so) : null;
            OrtSession e = Files.isRegularFile(dir.resolve("embed_tokens.onnx"))
                    ? env.createSession(dir.resolve("embed_tokens.onnx").toString(), so) : null;
            if (t == null && e == null) {
                throw new IOException("no " + options.textModel() + " or embed_tokens.onnx in " + dir);
            }
            OrtSession v = Files.isRegularFile(dir.resolve(options.visionModel()))
                    ? env.createSession(dir.resolve(options.visionModel()).toString(), so) : null;
            return new OnnxEmbedder(tok, t, v, e, options, pre);
        } catch (OrtException e) {
            tok.close();
            throw new IOException("ONNX Runtime cannot load the encoders in " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<float[]> embedTexts(List<String> texts, Deadline deadline) {
        if (text == null) {
            throw new IllegalStateException("no " + options.textModel() + " was found: this embedder has no text tower");
        }
        List<float[]> out = new ArrayList<>();
        for (String s : texts) {
            deadline.check();
            long[] ids = tokenizer.encode(s);
            if (ids.length == 0) {
                throw new InvalidInputException("the text has no tokens: '" + s + "'");
            }
            if (ids.length > options.maxTextTokens()) {
                ids = java.util.Arrays.copyOf(ids, options.maxTextTokens());
            }
            long[] mask = new long[ids.length];
            java.util.Arrays.fill(mask, 1);
            Map<String, OnnxTensor> feed = new HashMap<>();
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try {
                long[] shape = {1, ids.length};
                feed.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
                if (text.getInputNames().contains("attention_mask")) {
                    feed.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
                }
                out.add(first(text, feed, Set.of("text_embeds")));
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime failed on the text encoder: " + e.getMessage(), e);
            } finally {
                feed.values().forEach(OnnxTensor::close);
            }
        }
        return out;
    }

    /**
     * The static input-embedding rows of the text's tokens, from {@code embed_tokens.onnx} (input_ids [1, T] →
     * [1, T, D]; export a model's {@code get_input_embeddings()} with {@code torch.onnx.export}).
     */
    public List<float[]> tokenEmbeddings(String s, Deadline deadline) {
        if (tokens == null) {
            throw new IllegalStateException("no embed_tokens.onnx was found: this embedder has no token embedding table");
        }
        deadline.check();
        long[] ids = tokenizer.encode(s);
        if (ids.length == 0) {
            return List.of();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            feed.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {1, ids.length}));
            try (OrtSession.Result r = tokens.run(feed)) {
                float[][][] e = (float[][][]) r.get(0).getValue();
                return List.of(e[0]);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on the token embeddings: " + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public List<float[]> embedImages(List<String> images, Deadline deadline) {
        if (vision == null) {
            throw new IllegalStateException("no " + options.visionModel() + " was found: this embedder has no image tower");
        }
        List<float[]> out = new ArrayList<>();
        for (String img : images) {
            deadline.check();
            float[] pixels = pixels(ImageSources.read(img));
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            Map<String, OnnxTensor> feed = new HashMap<>();
            try {
                feed.put(vision.getInputNames().iterator().next(),
                        OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {1, 3, cropH, cropW}));
                out.add(first(vision, feed, Set.of("image_embeds")));
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime failed on the image encoder: " + e.getMessage(), e);
            } finally {
                feed.values().forEach(OnnxTensor::close);
            }
        }
        return out;
    }

    private static float[] first(OrtSession s, Map<String, OnnxTensor> feed, Set<String> preferred) throws OrtException {
        String name = s.getOutputNames().stream().filter(preferred::contains).findFirst()
                .orElse(s.getOutputNames().iterator().next());
        try (OrtSession.Result r = s.run(feed, Set.of(name))) {
            Object v = r.get(0).getValue();
            if (v instanceof float[][] m) {
                return m[0];
            }
            throw new IllegalStateException("encoder output '" + name + "' is not [batch, dim]");
        }
    }

    /** CLIP preprocessing: resize the shortest edge (bicubic), centre crop, rescale, normalise; CHW order. */
    float[] pixels(BufferedImage src) {
        double scale = (double) shortest / Math.min(src.getWidth(), src.getHeight());
        int w = Math.max(cropW, (int) Math.round(src.getWidth() * scale));
        int h = Math.max(cropH, (int) Math.round(src.getHeight() * scale));
        BufferedImage resized = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = resized.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        int x0 = (w - cropW) / 2;
        int y0 = (h - cropH) / 2;
        float[] out = new float[3 * cropH * cropW];
        for (int y = 0; y < cropH; y++) {
            for (int x = 0; x < cropW; x++) {
                int rgb = resized.getRGB(x0 + x, y0 + y);
                int[] c = {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF};
                for (int ch = 0; ch < 3; ch++) {
                    out[ch * cropH * cropW + y * cropW + x] = (float) ((c[ch] * rescale - mean[ch]) / std[ch]);
                }
            }
        }
        return out;
    }

    private static double[] triple(JsonNode n, double[] dflt) {
        if (!n.isArray() || n.size() != 3) {
            return dflt;
        }
        return new double[] {n.get(0).asDouble(), n.get(1).asDouble(), n.get(2).asDouble()};
    }

    @Override
    public void close() {
        try {
            for (OrtSession s : new OrtSession[] {text, vision, tokens}) {
                if (s != null) {
                    s.close();
                }
            }
        } catch (OrtException e) {
            // best effort
        }
        tokenizer.close();
    }

    /** Reading images from paths, {@code data:} URIs and bare base64. */
    public static final class ImageSources {
        private ImageSources() {
        }

        public static BufferedImage read(String source) {
            byte[] bytes;
            String s = source.strip();
            try {
                if (s.startsWith("data:")) {
                    int comma = s.indexOf(',');
                    if (comma < 0 || !s.substring(0, comma).endsWith(";base64")) {
                        throw new InvalidInputException("a data: image URI must be base64: " + abbreviate(s));
                    }
                    bytes = Base64.getMimeDecoder().decode(s.substring(comma + 1));
                } else if (s.length() < 4096 && Files.isRegularFile(Path.of(s))) {
                    bytes = Files.readAllBytes(Path.of(s));
                } else {
                    bytes = Base64.getMimeDecoder().decode(s);
                }
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
                if (img == null) {
                    throw new InvalidInputException("not a readable image (PNG, JPEG, GIF, BMP): " + abbreviate(s));
                }
                return img;
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("the image is neither a file, a data: URI nor base64: " + abbreviate(s));
            } catch (IOException e) {
                throw new InvalidInputException("cannot read the image " + abbreviate(s) + ": " + e.getMessage());
            }
        }

        static String abbreviate(String s) {
            return s.length() <= 60 ? s : s.substring(0, 57) + "...";
        }
    }
}
