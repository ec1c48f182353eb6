package dev.arbiter.models.onnx;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes tiny, deterministic model directories in the Hugging Face Optimum layout, so the real loading, templating,
 * batching and scoring code can run without downloading anything: the tests, {@code examples/models/} and the
 * benchmark use them. The weights are seeded pseudo-random numbers; the scores mean nothing.
 *
 * <ul>
 *   <li>{@link #rewardModel}: {@code model.onnx} (input_ids, attention_mask, position_ids → logits [batch, 1]):
 *       mean over real tokens of token + position embeddings, then a linear head. A wrong mask, pad id or position
 *       changes the score, so it catches padding bugs.</li>
 *   <li>{@link #clip}: {@code text_model.onnx} (mean of token embeddings → text_embeds) and
 *       {@code vision_model.onnx} (per-channel mean of pixel_values → linear → image_embeds), and
 *       {@code embed_tokens.onnx} (input_ids → the static token embedding rows, for BMAS).</li>
 *   <li>{@link #causalLm}: {@code model.onnx} (input_ids, attention_mask → logits [batch, seq, vocab]), a bigram
 *       model: the next-token logits depend on the current token only.</li>
 *   <li>{@link #progressModel}: a per-token value model for {@code progress_rm} (input_ids, attention_mask,
 *       position_ids → logits [batch, seq, 1], or values [batch, seq]): token + position embeddings, a causal running
 *       mean over the real tokens up to each position (a lower-triangular matrix built in the graph from the
 *       sequence length, times the masked embeddings), then a linear head per token. Its vocabulary also has the
 *       Llama 3 markers, so the {@code llama3} template tokenises as the authors' model does.</li>
 * </ul>
 * Run {@code java -cp … dev.arbiter.models.onnx.TinyModels <dir> [rm|clip|lm|progress]} to write one.
 */
public final class TinyModels {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final List<String> SPECIAL = List.of("<pad>", "[UNK]", "<|im_start|>", "<|im_end|>");
    public static final String CHATML_TEMPLATE = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' "
            + "+ message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}"
            + "{{ '<|im_start|>assistant\\n' }}{% endif %}";
    private static final String WORDS = "system user assistant the a an of to in and or is are was were be it this that "
            + "which who what when where why how with for on by from as at not no yes true false answer question "
            + "think reasoning step first then so therefore thus because final result correct wrong good bad better "
            + "best worse response model judge score paris seine river france rome sydney canberra australia capital "
            + "city hamlet william shakespeare wrote written by hello world cat dog image photo red blue green a b c d "
            + "e option choice 0 1 2 3 4 5 6 7 8 9 10 42 100 plus minus times equals sum total number count let we i "
            + "you he she they x y z solve problem solution compute value";
    private static final String PUNCT = ". , : ; ! ? ( ) [ ] { } < > / \\ = + - * # $ % ' \" _ |";
    public static final int DIM = 8;
    public static final int MAX_POSITIONS = 512;

    private TinyModels() {
    }

    /** The vocabulary: special tokens first, then words and punctuation. */
    public static List<String> vocabulary() {
        List<String> v = new ArrayList<>(SPECIAL);
        for (String w : (WORDS + " " + PUNCT).split("\\s+")) {
            if (!w.isEmpty() && !v.contains(w)) {
                v.add(w);
            }
        }
        return v;
    }

    public static Path rewardModel(Path dir, long seed) throws IOException {
        return rewardModel(dir, seed, List.of("LABEL_0"));
    }

    /**
     * A reward model with one output column per label ({@code logits [batch, labels]}, {@code id2label} = the
     * names): a multi-objective RM such as DPA's. With one label it is {@link #rewardModel(Path, long)}.
     */
    public static Path rewardModel(Path dir, long seed, List<String> labels) throws IOException {
        Files.createDirectories(dir);
        int nl = labels.size();
        float[] bias = new float[nl];
        for (int i = 0; i < nl; i++) {
            bias[i] = 0.1f * (i + 1);
        }
        List<String> vocab = vocabulary();
        int v = vocab.size();
        Random rnd = new Random(seed);
        OnnxGraph g = new OnnxGraph()
                .input("input_ids", OnnxGraph.INT64, "batch", "sequence")
                .input("attention_mask", OnnxGraph.INT64, "batch", "sequence")
                .input("position_ids", OnnxGraph.INT64, "batch", "sequence")
                .output("logits", OnnxGraph.FLOAT, "batch", nl)
                .floatInit("embed", gaussian(rnd, v * DIM, 1.0f), v, DIM)
                .floatInit("pos_embed", gaussian(rnd, MAX_POSITIONS * DIM, 0.5f), MAX_POSITIONS, DIM)
                .floatInit("head_w", gaussian(rnd, DIM * nl, 1.0f), DIM, nl)
                .floatInit("head_b", bias, nl)
                .longInit("axis1", new long[] {1}, 1)
                .longInit("axis2", new long[] {2}, 1)
                .node("Gather", new String[] {"embed", "input_ids"}, new String[] {"tok"}, "axis", 0L)
                .node("Gather", new String[] {"pos_embed", "position_ids"}, new String[] {"pos"}, "axis", 0L)
                .node("Add", new String[] {"tok", "pos"}, new String[] {"h"})
                .node("Cast", new String[] {"attention_mask"}, new String[] {"maskf"}, "to", (long) OnnxGraph.FLOAT)
                .node("Unsqueeze", new String[] {"maskf", "axis2"}, new String[] {"mask3"})
                .node("Mul", new String[] {"h", "mask3"}, new String[] {"hm"})
                .node("ReduceSum", new String[] {"hm", "axis1"}, new String[] {"sum"}, "keepdims", 0L)
                .node("ReduceSum", new String[] {"mask3", "axis1"}, new String[] {"count"}, "keepdims", 0L)
                .node("Div", new String[] {"sum", "count"}, new String[] {"mean"})
                .node("MatMul", new String[] {"mean", "head_w"}, new String[] {"z"})
                .node("Add", new String[] {"z", "head_b"}, new String[] {"logits"});
        Files.write(dir.resolve("model.onnx"), g.toBytes("tiny_reward_model"));
        writeTokenizer(dir, vocab);
        writeChatmlTokenizerConfig(dir);
        ObjectNode cfg = JSON.createObjectNode();
        cfg.putArray("architectures").add("ArbiterTinyForSequenceClassification");
        cfg.put("model_type", "arbiter-tiny");
        cfg.put("num_labels", nl);
        ObjectNode id2label = cfg.putObject("id2label");
        for (int i = 0; i < nl; i++) {
            id2label.put(Integer.toString(i), labels.get(i));
        }
        cfg.put("pad_token_id", 0);
        cfg.put("max_position_embeddings", MAX_POSITIONS);
        cfg.put("hidden_size", DIM);
        write(dir.resolve("config.json"), cfg);
        return dir;
    }

    /** A CLIP-like pair of encoders sharing an 8-dimensional space. */
    public static Path clip(Path dir, long seed) throws IOException {
        Files.createDirectories(dir);
        List<String> vocab = vocabulary();
        Random rnd = new Random(seed);
        OnnxGraph text = new OnnxGraph()
                .input("input_ids", OnnxGraph.INT64, "batch", "sequence")
                .input("attention_mask", OnnxGraph.INT64, "batch", "sequence")
                .output("text_embeds", OnnxGraph.FLOAT, "batch", DIM)
                .floatInit("embed", gaussian(rnd, vocab.size() * DIM, 1.0f), vocab.size(), DIM)
                .longInit("axis1", new long[] {1}, 1)
                .longInit("axis2", new long[] {2}, 1)
                .node("Gather", new String[] {"embed", "input_ids"}, new String[] {"tok"}, "axis", 0L)
                .node("Cast", new String[] {"attention_mask"}, new String[] {"maskf"}, "to", (long) OnnxGraph.FLOAT)
                .node("Unsqueeze", new String[] {"maskf", "axis2"}, new String[] {"mask3"})
                .node("Mul", new String[] {"tok", "mask3"}, new String[] {"hm"})
                .node("ReduceSum", new String[] {"hm", "axis1"}, new String[] {"sum"}, "keepdims", 0L)
                .node("ReduceSum", new String[] {"mask3", "axis1"}, new String[] {"count"}, "keepdims", 0L)
                .node("Div", new String[] {"sum", "count"}, new String[] {"text_embeds"});
        Files.write(dir.resolve("text_model.onnx"), text.toBytes("tiny_text_encoder"));
        OnnxGraph vision = new OnnxGraph()
                .input("pixel_values", OnnxGraph.FLOAT, "batch", 3, 8, 8)
                .output("image_embeds", OnnxGraph.FLOAT, "batch", DIM)
                .floatInit("proj", gaussian(rnd, 3 * DIM, 1.0f), 3, DIM)
                .node("ReduceMean", new String[] {"pixel_values"}, new String[] {"pooled"}, "axes", new long[] {2, 3},
                        "keepdims", 0L)
                .node("MatMul", new String[] {"pooled", "proj"}, new String[] {"image_embeds"});
        Files.write(dir.resolve("vision_model.onnx"), vision.toBytes("tiny_vision_encoder"));
        OnnxGraph tokens = new OnnxGraph()
                .input("input_ids", OnnxGraph.INT64, "batch", "sequence")
                .output("embeddings", OnnxGraph.FLOAT, "batch", "sequence", DIM)
                .floatInit("embed", gaussian(new Random(seed + 1), vocab.size() * DIM, 1.0f), vocab.size(), DIM)
                .node("Gather", new String[] {"embed", "input_ids"}, new String[] {"embeddings"}, "axis", 0L);
        Files.write(dir.resolve("embed_tokens.onnx"), tokens.toBytes("tiny_token_embeddings"));
        writeTokenizer(dir, vocab);
        ObjectNode pre = JSON.createObjectNode();
        pre.put("image_processor_type", "CLIPImageProcessor");
        pre.putObject("size").put("shortest_edge", 8);
        pre.putObject("crop_size").put("height", 8).put("width", 8);
        pre.put("rescale_factor", 1.0 / 255);
        ArrayNode mean = pre.putArray("image_mean");
        ArrayNode std = pre.putArray("image_std");
        for (double m : new double[] {0.48145466, 0.4578275, 0.40821073}) {
            mean.add(m);
        }
        for (double s : new double[] {0.26862954, 0.26130258, 0.27577711}) {
            std.add(s);
        }
        write(dir.resolve("preprocessor_config.json"), pre);
        return dir;
    }

    /** A bigram causal LM over the tiny vocabulary. */
    public static Path causalLm(Path dir, long seed) throws IOException {
        Files.createDirectories(dir);
        List<String> vocab = vocabulary();
        int v = vocab.size();
        Random rnd = new Random(seed);
        OnnxGraph g = new OnnxGraph()
                .input("input_ids", OnnxGraph.INT64, "batch", "sequence")
                .input("attention_mask", OnnxGraph.INT64, "batch", "sequence")
                .output("logits", OnnxGraph.FLOAT, "batch", "sequence", v)
                .floatInit("embed", gaussian(rnd, v * DIM, 1.0f), v, DIM)
                .floatInit("unembed", gaussian(rnd, DIM * v, 1.0f), DIM, v)
                .node("Gather", new String[] {"embed", "input_ids"}, new String[] {"h"}, "axis", 0L)
                .node("MatMul", new String[] {"h", "unembed"}, new String[] {"logits"});
        Files.write(dir.resolve("model.onnx"), g.toBytes("tiny_causal_lm"));
        writeTokenizer(dir, vocab);
        ObjectNode cfg = JSON.createObjectNode();
        cfg.put("model_type", "arbiter-tiny-lm");
        cfg.put("vocab_size", v);
        cfg.put("max_position_embeddings", MAX_POSITIONS);
        write(dir.resolve("config.json"), cfg);
        ObjectNode tc = JSON.createObjectNode();
        tc.put("eos_token", "<|im_end|>");
        tc.put("pad_token", "<pad>");
        tc.put("model_max_length", MAX_POSITIONS);
        write(dir.resolve("tokenizer_config.json"), tc);
        return dir;
    }

    /** The Llama 3 chat markers, added after {@link #SPECIAL} in the progress model's vocabulary. */
    public static final List<String> LLAMA3_SPECIAL = List.of("<|begin_of_text|>", "<|start_header_id|>",
            "<|end_header_id|>", "<|eot_id|>");

    /** The progress model's vocabulary: {@link #SPECIAL}, {@link #LLAMA3_SPECIAL}, then words and punctuation. */
    public static List<String> progressVocabulary() {
        List<String> v = new ArrayList<>(SPECIAL);
        v.addAll(LLAMA3_SPECIAL);
        for (String w : vocabulary()) {
            if (!v.contains(w)) {
                v.add(w);
            }
        }
        return v;
    }

    public static Path progressModel(Path dir, long seed) throws IOException {
        return progressModel(dir, seed, false);
    }

    /**
     * A per-token value model (SPA-RL's progress estimator in miniature). {@code squeezed}: the output is
     * {@code values [batch, seq]} instead of {@code logits [batch, seq, 1]}.
     */
    public static Path progressModel(Path dir, long seed, boolean squeezed) throws IOException {
        Files.createDirectories(dir);
        List<String> vocab = progressVocabulary();
        int v = vocab.size();
        Random rnd = new Random(seed);
        OnnxGraph g = new OnnxGraph()
                .input("input_ids", OnnxGraph.INT64, "batch", "sequence")
                .input("attention_mask", OnnxGraph.INT64, "batch", "sequence")
                .input("position_ids", OnnxGraph.INT64, "batch", "sequence");
        if (squeezed) {
            g.output("values", OnnxGraph.FLOAT, "batch", "sequence");
        } else {
            g.output("logits", OnnxGraph.FLOAT, "batch", "sequence", 1);
        }
        g.floatInit("embed", gaussian(rnd, v * DIM, 1.0f), v, DIM)
                .floatInit("pos_embed", gaussian(rnd, MAX_POSITIONS * DIM, 0.5f), MAX_POSITIONS, DIM)
                .floatInit("head_w", gaussian(rnd, DIM, 1.0f), DIM, 1)
                .floatInit("head_b", new float[] {0.05f}, 1)
                .floatInit("one_f", new float[] {1.0f})
                .longInit("zero", new long[] {0})
                .longInit("one", new long[] {1})
                .longInit("axis0", new long[] {0}, 1)
                .longInit("axis1", new long[] {1}, 1)
                .longInit("axis2", new long[] {2}, 1)
                .node("Gather", new String[] {"embed", "input_ids"}, new String[] {"tok"}, "axis", 0L)
                .node("Gather", new String[] {"pos_embed", "position_ids"}, new String[] {"pos"}, "axis", 0L)
                .node("Add", new String[] {"tok", "pos"}, new String[] {"h"})
                .node("Cast", new String[] {"attention_mask"}, new String[] {"maskf"}, "to", (long) OnnxGraph.FLOAT)
                .node("Unsqueeze", new String[] {"maskf", "axis2"}, new String[] {"mask3"})
                .node("Mul", new String[] {"h", "mask3"}, new String[] {"hm"})
                // causal[i][j] = 1 if j <= i: built from the sequence length, so any length works
                .node("Shape", new String[] {"input_ids"}, new String[] {"shape"})
                .node("Gather", new String[] {"shape", "one"}, new String[] {"seq_len"}, "axis", 0L)
                .node("Range", new String[] {"zero", "seq_len", "one"}, new String[] {"idx"})
                .node("Unsqueeze", new String[] {"idx", "axis1"}, new String[] {"rows"})
                .node("Unsqueeze", new String[] {"idx", "axis0"}, new String[] {"cols"})
                .node("Greater", new String[] {"cols", "rows"}, new String[] {"future"})
                .node("Not", new String[] {"future"}, new String[] {"causal_b"})
                .node("Cast", new String[] {"causal_b"}, new String[] {"causal"}, "to", (long) OnnxGraph.FLOAT)
                .node("MatMul", new String[] {"causal", "hm"}, new String[] {"run_sum"})
                .node("MatMul", new String[] {"causal", "mask3"}, new String[] {"run_count"})
                .node("Max", new String[] {"run_count", "one_f"}, new String[] {"run_count1"})
                .node("Div", new String[] {"run_sum", "run_count1"}, new String[] {"run_mean"})
                .node("MatMul", new String[] {"run_mean", "head_w"}, new String[] {"z"});
        if (squeezed) {
            g.node("Add", new String[] {"z", "head_b"}, new String[] {"z1"})
                    .node("Squeeze", new String[] {"z1", "axis2"}, new String[] {"values"});
        } else {
            g.node("Add", new String[] {"z", "head_b"}, new String[] {"logits"});
        }
        Files.write(dir.resolve("model.onnx"), g.toBytes("tiny_progress_model"));
        List<String> specials = new ArrayList<>(SPECIAL);
        specials.addAll(LLAMA3_SPECIAL);
        writeTokenizer(dir, vocab, specials);
        writeChatmlTokenizerConfig(dir);
        ObjectNode cfg = JSON.createObjectNode();
        cfg.putArray("architectures").add("ArbiterTinyForTokenClassification");
        cfg.put("model_type", "arbiter-tiny");
        cfg.put("num_labels", 1);
        cfg.put("pad_token_id", 0);
        cfg.put("max_position_embeddings", MAX_POSITIONS);
        cfg.put("hidden_size", DIM);
        write(dir.resolve("config.json"), cfg);
        return dir;
    }

    /** A word-level {@code tokenizer.json}: lowercase, split on whitespace and punctuation, chat markers as specials. */
    /** A tokenizer_config.json with a chatml template, {@code <pad>} padding on the right. */
    private static void writeChatmlTokenizerConfig(Path dir) throws IOException {
        ObjectNode tc = JSON.createObjectNode();
        tc.put("chat_template", CHATML_TEMPLATE);
        tc.put("pad_token", "<pad>");
        tc.put("eos_token", "<|im_end|>");
        tc.put("model_max_length", MAX_POSITIONS);
        tc.put("padding_side", "right");
        tc.put("tokenizer_class", "PreTrainedTokenizerFast");
        write(dir.resolve("tokenizer_config.json"), tc);
    }

    public static void writeTokenizer(Path dir, List<String> vocab) throws IOException {
        writeTokenizer(dir, vocab, SPECIAL);
    }

    /** As above, with {@code specials} (the first entries of {@code vocab}) as the added special tokens. */
    public static void writeTokenizer(Path dir, List<String> vocab, List<String> specials) throws IOException {
        ObjectNode t = JSON.createObjectNode();
        t.put("version", "1.0");
        t.putNull("truncation");
        t.putNull("padding");
        ArrayNode added = t.putArray("added_tokens");
        for (int i = 0; i < specials.size(); i++) {
            added.addObject().put("id", i).put("content", specials.get(i)).put("single_word", false).put("lstrip", false)
                    .put("rstrip", false).put("normalized", false).put("special", true);
        }
        t.putObject("normalizer").put("type", "Lowercase");
        t.putObject("pre_tokenizer").put("type", "Whitespace");
        t.putNull("post_processor");
        t.putNull("decoder");
        ObjectNode model = t.putObject("model");
        model.put("type", "WordLevel");
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int i = 0; i < vocab.size(); i++) {
            ids.put(vocab.get(i), i);
        }
        ObjectNode vn = model.putObject("vocab");
        ids.forEach(vn::put);
        model.put("unk_token", "[UNK]");
        write(dir.resolve("tokenizer.json"), t);
    }

    private static float[] gaussian(Random rnd, int n, float scale) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) (rnd.nextGaussian() * scale);
        }
        return f;
    }

    private static void write(Path p, ObjectNode n) throws IOException {
        Files.writeString(p, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: TinyModels <dir> [rm|clip|lm|progress] [seed]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        String kind = args.length > 1 ? args[1] : "rm";
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 7;
        switch (kind) {
            case "rm" -> rewardModel(dir, seed);
            case "clip" -> clip(dir, seed);
            case "lm" -> causalLm(dir, seed);
            case "progress" -> progressModel(dir, seed);
            default -> {
                System.err.println("unknown kind " + kind + "; use rm, clip, lm or progress");
                System.exit(2);
            }
        }
        System.out.println("wrote a tiny " + kind + " model to " + dir);
    }
}
