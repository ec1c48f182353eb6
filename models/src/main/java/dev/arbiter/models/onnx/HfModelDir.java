package dev.arbiter.models.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model directory as Hugging Face Optimum exports it ({@code optimum-cli export onnx --task text-classification}):
 * {@code model.onnx}, {@code tokenizer.json}, {@code tokenizer_config.json} (with its {@code chat_template}) and
 * {@code config.json}. Only the fields the scorer needs are read.
 *
 * @param chatTemplate  the Jinja source of the chat template, or null
 * @param padTokenId    config's {@code pad_token_id}, else the id of tokenizer_config's {@code pad_token}, else of
 *                      {@code eos_token}; -1 when none is known (then 0 is used)
 * @param modelMaxLength the smaller of tokenizer_config's {@code model_max_length} and config's
 *                      {@code max_position_embeddings}; 0 when neither is given
 * @param paddingSide   tokenizer_config's {@code padding_side}, default {@code right}
 * @param numLabels     config's {@code num_labels} (or the size of {@code id2label}), default 1
 * @param labelNames    the output columns' names: config's {@code id2label} when it names every label 0 … n−1,
 *                      else {@code label_0}, {@code label_1}, …
 */
public record HfModelDir(Path dir, Path model, String chatTemplate, String padToken, String eosToken, long configPadId,
                         int modelMaxLength, String paddingSide, int numLabels,
                         java.util.List<String> labelNames) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The token limit: {@code requested} when positive, else the model's own, else 4096. */
    public int maxLength(int requested) {
        return requested > 0 ? requested : modelMaxLength > 0 ? modelMaxLength : 4096;
    }

    /** The pad id: config.json's {@code pad_token_id}, else the pad token's id, else the eos token's, else 0. */
    public long padId(HfTokenizer tok) {
        return configPadId >= 0 ? configPadId : tok.idOf(padToken).orElse(tok.idOf(eosToken).orElse(0));
    }

    /** Reads the directory; the ONNX file is {@code modelFile} under it (default {@code model.onnx}). */
    public static HfModelDir read(Path dir, String modelFile) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("model directory " + dir + " does not exist");
        }
        Path model = dir.resolve(modelFile);
        if (!Files.isRegularFile(model)) {
            throw new IOException("no " + modelFile + " in " + dir + " (export with: optimum-cli export onnx --task "
                    + "text-classification --model <hf-id> " + dir + ")");
        }
        if (!Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            throw new IOException("no tokenizer.json in " + dir);
        }
        JsonNode cfg = readOptional(dir.resolve("config.json"));
        JsonNode tok = readOptional(dir.resolve("tokenizer_config.json"));
        String template = chatTemplate(dir, tok);
        long padId = cfg.path("pad_token_id").isIntegralNumber() ? cfg.get("pad_token_id").asLong() : -1;
        int max = 0;
        if (tok.path("model_max_length").isNumber() && tok.get("model_max_length").asDouble() < 1e9) {
            max = tok.get("model_max_length").asInt();
        }
        if (cfg.path("max_position_embeddings").isIntegralNumber()) {
            int mpe = cfg.get("max_position_embeddings").asInt();
            max = max == 0 ? mpe : Math.min(max, mpe);
        }
        int labels = cfg.path("num_labels").isIntegralNumber() ? cfg.get("num_labels").asInt()
                : cfg.path("id2label").isObject() ? cfg.get("id2label").size() : 1;
        int n = Math.max(1, labels);
        java.util.List<String> names = new java.util.ArrayList<>();
        JsonNode id2label = cfg.path("id2label");
        for (int i = 0; i < n; i++) {
            JsonNode name = id2label.get(Integer.toString(i));
            names.add(name != null && name.isTextual() && !name.asText().isBlank() ? name.asText() : "label_" + i);
        }
        if (names.stream().distinct().count() < n) {
            names.clear();
            for (int i = 0; i < n; i++) {
                names.add("label_" + i);
            }
        }
        return new HfModelDir(dir, model, template, tokenText(tok.get("pad_token")), tokenText(tok.get("eos_token")),
                padId, max, tok.path("padding_side").asText("right"), n, java.util.List.copyOf(names));
    }

    /**
     * The chat template of a Hugging Face model directory (weights not needed): {@code tokenizer_config.json}'s
     * {@code chat_template} (the one named {@code default} when it lists several), else {@code chat_template.jinja};
     * null when there is none.
     */
    public static String chatTemplate(Path dir) throws IOException {
        return chatTemplate(dir, readOptional(dir.resolve("tokenizer_config.json")));
    }

    private static String chatTemplate(Path dir, JsonNode tok) throws IOException {
        String template = null;
        JsonNode t = tok.get("chat_template");
        if (t != null && t.isTextual()) {
            template = t.asText();
        } else if (t != null && t.isArray()) {
            for (JsonNode named : t) {
                if ("default".equals(named.path("name").asText())) {
                    template = named.path("template").asText(null);
                }
            }
        }
        if (template == null && Files.isRegularFile(dir.resolve("chat_template.jinja"))) {
            template = Files.readString(dir.resolve("chat_template.jinja"));
        }
        return template;
    }

    /** The special-token names Hugging Face passes to a chat template (its {@code special_tokens_map}). */
    private static final java.util.List<String> SPECIAL_TOKENS = java.util.List.of("bos_token", "eos_token",
            "unk_token", "sep_token", "pad_token", "cls_token", "mask_token");

    /**
     * The variables Hugging Face's {@code apply_chat_template} gives a template besides the messages: the special
     * tokens that are set ({@code bos_token}, {@code eos_token}, …, {@code additional_special_tokens}), from
     * {@code tokenizer_config.json}, else {@code special_tokens_map.json}.
     */
    public Map<String, Object> specialTokens() throws IOException {
        return specialTokens(dir);
    }

    /** {@link #specialTokens()} of any Hugging Face model directory (weights not needed). */
    public static Map<String, Object> specialTokens(Path dir) throws IOException {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (String file : java.util.List.of("tokenizer_config.json", "special_tokens_map.json")) {
            JsonNode cfg = readOptional(dir.resolve(file));
            for (String name : SPECIAL_TOKENS) {
                String v = tokenText(cfg.get(name));
                if (v != null && !out.containsKey(name)) {
                    out.put(name, v);
                }
            }
            JsonNode extra = cfg.get("additional_special_tokens");
            if (extra != null && extra.isArray() && !out.containsKey("additional_special_tokens")) {
                java.util.List<String> tokens = new java.util.ArrayList<>();
                extra.forEach(t -> {
                    String v = tokenText(t);
                    if (v != null) {
                        tokens.add(v);
                    }
                });
                out.put("additional_special_tokens", tokens);
            }
        }
        return out;
    }

    private static String tokenText(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return n.asText();
        }
        return n.path("content").asText(null);
    }

    private static JsonNode readOptional(Path p) throws IOException {
        if (!Files.isRegularFile(p)) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new IOException(p + " is not valid JSON: " + e.getMessage(), e);
        }
    }
}
