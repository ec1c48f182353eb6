package dev.arbiter.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Prompt;
import dev.arbiter.models.ScalarRewardModel;
import dev.arbiter.models.rm.ChatTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link ScalarRewardModel} served over HTTP:
 * <ul>
 *   <li>{@code vllm_classify}: vLLM {@code POST /classify} {@code {model, input: [text…], activation: false}} →
 *       {@code data[i].probs[label]} (raw logits, as verl's reward loop asks for them);</li>
 *   <li>{@code vllm_score}: vLLM {@code POST /score} {@code {model, text_1: prompt, text_2: [response]}} →
 *       {@code data[0].score} (cross-encoder style RMs; no template);</li>
 *   <li>{@code vllm_pooling}: vLLM {@code POST /pooling} {@code {model, input: [text…]}} → {@code data[i].data}, its
 *       last row when per-token, then column {@code label};</li>
 *   <li>{@code tei_predict}: Text Embeddings Inference {@code POST /predict} {@code {inputs: [text…], raw_scores: true}}
 *       → the entry whose {@code label} is {@code label_name} (TEI sorts entries by score).</li>
 * </ul>
 * The conversation is rendered client-side with the named chat template family (the server's own template is not
 * applied to a plain {@code input} string).
 */
public final class RemoteScalarModel implements ScalarRewardModel {
    private static final JsonNodeFactory J = JsonNodeFactory.instance;

    /** The supported server APIs. */
    public enum Api {
        VLLM_CLASSIFY("/classify"), VLLM_SCORE("/score"), VLLM_POOLING("/pooling"), TEI_PREDICT("/predict");

        final String path;

        Api(String path) {
            this.path = path;
        }

        public String specName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final RemoteClient client;
    private final Api api;
    private final String path;
    private final ChatTemplate template;
    private final int label;
    private final String labelName;
    private final int batchSize;

    public RemoteScalarModel(RemoteClient client, Api api, String path, ChatTemplate template, int label,
                             String labelName, int batchSize) {
        this.client = client;
        this.api = api;
        this.path = path == null ? api.path : path;
        this.template = template;
        this.label = label;
        this.labelName = labelName;
        this.batchSize = Math.max(1, batchSize);
    }

    @Override
    public List<Outcome> score(List<List<Prompt.Message>> conversations, Deadline deadline) {
        if (api == Api.VLLM_SCORE) {
            List<Outcome> out = new ArrayList<>();
            for (List<Prompt.Message> c : conversations) {
                out.add(scorePair(c, deadline));
            }
            return out;
        }
        List<String> texts = new ArrayList<>(conversations.size());
        for (List<Prompt.Message> c : conversations) {
            texts.add(render(c));
        }
        return scoreTexts(texts, deadline);
    }

    /** Requests this model may have in flight at once (the endpoint's {@code max_concurrency}). */
    public int maxConcurrency() {
        return client.config().maxConcurrency();
    }

    /** Whether inputs can be sent several to a request ({@code vllm_score} sends one prompt–response pair each). */
    public boolean batches() {
        return api != Api.VLLM_SCORE;
    }

    /** The text the server scores for a conversation. */
    public String render(List<Prompt.Message> conversation) {
        return template.render(conversation);
    }

    /**
     * Scores rendered texts, {@code batch_size} per request. When the server refuses a request of several inputs as
     * malformed (HTTP 400, 413, 422: typically one input over the model's context), each input is sent alone, so
     * one bad input never fails the others; a lone input the server refuses is invalid, with the server's words.
     */
    public List<Outcome> scoreTexts(List<String> texts, Deadline deadline) {
        if (!batches()) {
            throw new IllegalStateException(api.specName() + " scores prompt-response pairs, not texts");
        }
        List<Outcome> out = new ArrayList<>(texts.size());
        for (int start = 0; start < texts.size(); start += batchSize) {
            List<String> chunk = texts.subList(start, Math.min(texts.size(), start + batchSize));
            try {
                out.addAll(request(chunk, deadline));
            } catch (RemoteException e) {
                if (!refusesInput(e)) {
                    throw e;
                }
                if (chunk.size() == 1) {
                    out.add(Outcome.invalid(refusal(e)));
                    continue;
                }
                for (String text : chunk) {
                    try {
                        out.addAll(request(List.of(text), deadline));
                    } catch (RemoteException one) {
                        if (!refusesInput(one)) {
                            throw one;
                        }
                        out.add(Outcome.invalid(refusal(one)));
                    }
                }
            }
        }
        return out;
    }

    private static boolean refusesInput(RemoteException e) {
        return e.httpStatus() == 400 || e.httpStatus() == 413 || e.httpStatus() == 422;
    }

    private static String refusal(RemoteException e) {
        return "the reward model server refused this input: " + e.getMessage();
    }

    private List<Outcome> request(List<String> chunk, Deadline deadline) {
        ObjectNode body = J.objectNode();
        if (client.config().model() != null && api != Api.TEI_PREDICT) {
            body.put("model", client.config().model());
        }
        ArrayNode inputs = body.putArray(api == Api.TEI_PREDICT ? "inputs" : "input");
        for (String text : chunk) {
            inputs.add(text);
        }
        if (api == Api.VLLM_CLASSIFY) {
            body.put("activation", false);
        }
        if (api == Api.TEI_PREDICT) {
            body.put("raw_scores", true);
            body.put("truncate", false);
        }
        JsonNode answer = client.post(path, body, deadline);
        List<Outcome> out = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            out.add(Outcome.ok(read(answer, i), 0));
        }
        return out;
    }

    private Outcome scorePair(List<Prompt.Message> conv, Deadline deadline) {
        ObjectNode body = J.objectNode();
        if (client.config().model() != null) {
            body.put("model", client.config().model());
        }
        StringBuilder prompt = new StringBuilder();
        for (int i = 0; i < conv.size() - 1; i++) {
            prompt.append(i == 0 ? "" : "\n").append(conv.get(i).content());
        }
        body.put("text_1", prompt.toString());
        body.putArray("text_2").add(conv.get(conv.size() - 1).content());
        JsonNode answer = client.post(path, body, deadline);
        JsonNode s = answer.path("data").path(0).path("score");
        if (!s.isNumber()) {
            throw bad(answer, "data[0].score");
        }
        return Outcome.ok(s.asDouble(), 0);
    }

    private double read(JsonNode answer, int i) {
        switch (api) {
            case VLLM_CLASSIFY -> {
                JsonNode v = byIndex(answer.path("data"), i).path("probs").path(label);
                if (!v.isNumber()) {
                    throw bad(answer, "data[" + i + "].probs[" + label + "]");
                }
                return v.asDouble();
            }
            case VLLM_POOLING -> {
                JsonNode d = byIndex(answer.path("data"), i).path("data");
                while (d.isArray() && d.size() > 0 && d.get(d.size() - 1).isArray()) {
                    d = d.get(d.size() - 1);
                }
                JsonNode v = d.isArray() ? d.path(label) : d;
                if (!v.isNumber()) {
                    throw bad(answer, "data[" + i + "].data[…][" + label + "]");
                }
                return v.asDouble();
            }
            default -> {
                JsonNode row = answer.isArray() ? answer.path(i) : answer;
                if (row.isObject()) {
                    row = J.arrayNode().add(row);
                }
                for (JsonNode e : row) {
                    if (labelName.equals(e.path("label").asText()) && e.path("score").isNumber()) {
                        return e.path("score").asDouble();
                    }
                }
                throw bad(answer, "[" + i + "] entry with label " + labelName);
            }
        }
    }

    private static JsonNode byIndex(JsonNode data, int i) {
        for (JsonNode d : data) {
            if (d.path("index").isInt() && d.path("index").asInt() == i) {
                return d;
            }
        }
        return data.path(i);
    }

    private static RemoteException bad(JsonNode answer, String where) {
        String raw = RemoteClient.excerpt(answer.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new RemoteException("the reward model's answer has no number at " + where + ": " + raw, 200, raw);
    }
}
