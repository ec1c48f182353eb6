package dev.arbiter.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.models.Judge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Judge} over an OpenAI-compatible {@code POST /chat/completions} (vLLM, SGLang, llama.cpp server, Ollama,
 * hosted APIs). Images become {@code image_url} content parts. Token log-probabilities are asked for with
 * {@code logprobs: true, top_logprobs: k} and read from {@code choices[i].logprobs.content}.
 */
public final class OpenAiChat implements Judge {
    private static final JsonNodeFactory J = JsonNodeFactory.instance;
    private final RemoteClient client;

    public OpenAiChat(RemoteClient client) {
        this.client = client;
    }

    public RemoteClient client() {
        return client;
    }

    @Override
    public Reply complete(Request request, Deadline deadline) {
        JsonNode answer = client.post("/chat/completions", body(request), deadline);
        return parse(answer);
    }

    ObjectNode body(Request r) {
        ObjectNode b = J.objectNode();
        if (client.config().model() != null) {
            b.put("model", client.config().model());
        }
        ArrayNode msgs = b.putArray("messages");
        for (Message m : r.messages()) {
            ObjectNode o = msgs.addObject().put("role", m.role());
            if (m.images().isEmpty()) {
                o.put("content", m.text());
            } else {
                ArrayNode parts = o.putArray("content");
                for (String img : m.images()) {
                    parts.addObject().put("type", "image_url").putObject("image_url").put("url", img);
                }
                parts.addObject().put("type", "text").put("text", m.text());
            }
        }
        b.put("temperature", r.temperature());
        b.put("max_tokens", r.maxTokens());
        if (r.n() > 1) {
            b.put("n", r.n());
        }
        if (r.seed() != null) {
            b.put("seed", r.seed());
        }
        if (r.topLogprobs() > 0) {
            b.put("logprobs", true);
            b.put("top_logprobs", r.topLogprobs());
        }
        return b;
    }

    static Reply parse(JsonNode answer) {
        JsonNode choices = answer.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            String raw = RemoteClient.excerpt(answer.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            throw new RemoteException("the chat answer has no choices: " + raw, 200, raw);
        }
        List<Completion> out = new ArrayList<>();
        for (JsonNode c : choices) {
            JsonNode msg = c.path("message");
            String text = msg.path("content").isTextual() ? msg.path("content").asText() : "";
            List<Token> tokens = new ArrayList<>();
            JsonNode content = c.path("logprobs").path("content");
            if (content.isArray()) {
                for (JsonNode t : content) {
                    Map<String, Double> top = new LinkedHashMap<>();
                    for (JsonNode alt : t.path("top_logprobs")) {
                        if (alt.path("logprob").isNumber()) {
                            top.merge(alt.path("token").asText(), alt.path("logprob").asDouble(), Math::max);
                        }
                    }
                    tokens.add(new Token(t.path("token").asText(), t.path("logprob").asDouble(Double.NEGATIVE_INFINITY), top));
                }
            }
            out.add(new Completion(text, tokens, c.path("finish_reason").asText("")));
        }
        return new Reply(out);
    }
}
