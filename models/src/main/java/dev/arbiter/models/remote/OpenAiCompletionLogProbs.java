package dev.arbiter.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.models.LogProbProvider;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link LogProbProvider} over an OpenAI-compatible legacy {@code POST /completions} with {@code echo: true} and
 * {@code logprobs: 1}: the server scores the prompt {@code context + continuation} and returns, per prompt token,
 * its text, its log-probability and its character offset ({@code choices[0].logprobs.tokens / token_logprobs /
 * text_offset}). Tokens whose span reaches past the end of {@code context} are the continuation's. {@code max_tokens}
 * is 1 (some servers refuse 0); the one generated token lies past the prompt and is ignored.
 */
public final class OpenAiCompletionLogProbs implements LogProbProvider {
    private static final JsonNodeFactory J = JsonNodeFactory.instance;
    private final RemoteClient client;

    public OpenAiCompletionLogProbs(RemoteClient client) {
        this.client = client;
    }

    @Override
    public TokenLogProbs logProbs(String context, String continuation, Deadline deadline) {
        if (continuation.isEmpty()) {
            throw new InvalidInputException("nothing to score: the continuation is empty");
        }
        String prompt = context + continuation;
        ObjectNode b = J.objectNode();
        if (client.config().model() != null) {
            b.put("model", client.config().model());
        }
        b.put("prompt", prompt);
        b.put("max_tokens", 1);
        b.put("temperature", 0.0);
        b.put("echo", true);
        b.put("logprobs", 1);
        JsonNode answer = client.post("/completions", b, deadline);
        return parse(answer, context.length(), prompt.length());
    }

    static TokenLogProbs parse(JsonNode answer, int boundary, int promptLength) {
        JsonNode lp = answer.path("choices").path(0).path("logprobs");
        JsonNode tokens = lp.path("tokens");
        JsonNode values = lp.path("token_logprobs");
        JsonNode offsets = lp.path("text_offset");
        if (!tokens.isArray() || !values.isArray() || !offsets.isArray() || tokens.size() != values.size()
                || tokens.size() != offsets.size()) {
            String raw = RemoteClient.excerpt(answer.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            throw new RemoteException("the completions answer has no echoed logprobs (tokens, token_logprobs, "
                    + "text_offset): " + raw, 200, raw);
        }
        List<String> out = new ArrayList<>();
        List<Double> lps = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            int start = offsets.get(i).asInt();
            String tok = tokens.get(i).asText();
            int end = i + 1 < tokens.size() ? offsets.get(i + 1).asInt() : start + tok.length();
            if (start >= promptLength) {
                break; // generated, not echoed
            }
            if (end <= boundary && start < boundary) {
                continue; // context
            }
            JsonNode v = values.get(i);
            if (!v.isNumber()) {
                throw new InvalidInputException("the first token of the text has no log-probability (no context before it)");
            }
            out.add(tok);
            lps.add(v.asDouble());
        }
        if (out.isEmpty()) {
            throw new RemoteException("the server returned no logprobs for the continuation", 200, null);
        }
        double[] arr = new double[lps.size()];
        for (int i = 0; i < arr.length; i++) {
            arr[i] = lps.get(i);
        }
        return new TokenLogProbs(out, arr);
    }
}
