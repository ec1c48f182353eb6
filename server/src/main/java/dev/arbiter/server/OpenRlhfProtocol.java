package dev.arbiter.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Prompt;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Status;

import java.util.ArrayList;
import java.util.List;

/**
 * OpenRLHF's remote reward model (trainer-protocols §1.2, §1.3, §1.8).
 *
 * <pre>
 * POST /get_reward   {"query": [prompt + response], "prompts": [prompt], "labels": [any]}
 *   → {"rewards": [1.0], "scores": [1.0], "extra_logs": {"reward_error": [0], "invalid_input": [0], "timeout": [0]}}
 * </pre>
 *
 * The response is {@code query[i]} with {@code prompts[i]} removed from its front, then trailing end-of-text markers
 * ({@link ServerConfig#endOfTextMarkers()}) and whitespace removed. A label is the reference; an object label may name
 * a loaded spec in {@code verifier} and a data source in {@code data_source}. {@code rewards} and {@code scores} never
 * hold null (OpenRLHF makes tensors of them): a sample that could not be scored is 0.0 with
 * {@code extra_logs.reward_error} 1. {@code scores} is the score clipped to [0, 1], the scale of OpenRLHF's dynamic
 * filtering. An empty request gets {@code {"rewards": [], "scores": [], "extra_logs": {}}}.
 */
final class OpenRlhfProtocol implements ScoringProtocol {

    @Override
    public String name() {
        return "openrlhf";
    }

    @Override
    public Request read(JsonNode body, Context context) {
        if (!body.isObject()) {
            throw HttpProblem.badRequest("expected a JSON object {query, prompts, labels}, got " + Json.typeName(body));
        }
        JsonNode query = body.get("query");
        if (query == null || !query.isArray()) {
            throw HttpProblem.badRequest("field 'query' must be an array of strings, got " + Json.typeName(query));
        }
        int n = query.size();
        context.checkBatch(n);
        JsonNode prompts = Json.parallelList(body, "prompts", "query", n);
        JsonNode labels = Json.parallelList(body, "labels", "query", n);
        NamedSpec selected = context.selectedSpec();
        List<ScoringEngine.Item> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(item(context, selected, query.get(i), prompts == null ? null : prompts.get(i),
                    labels == null ? null : labels.get(i), i));
        }
        return new Request(items, (its, results) -> render(results));
    }

    private static ScoringEngine.Item item(Context context, NamedSpec selected, JsonNode query, JsonNode prompt,
                                           JsonNode label, int index) {
        NamedSpec spec = selected;
        try {
            String dataSource = "";
            if (label != null && label.isObject()) {
                JsonNode verifier = label.get("verifier");
                if (verifier != null && verifier.isTextual()) {
                    spec = context.specs().find(verifier.asText());
                    if (spec == null) {
                        spec = selected;
                        throw new InvalidInputException("the label names verifier '" + verifier.asText()
                                + "', which is not a loaded spec; loaded specs: "
                                + String.join(", ", context.specs().names()));
                    }
                }
                JsonNode ds = label.get("data_source");
                if (ds != null && ds.isTextual()) {
                    dataSource = ds.asText();
                }
            }
            if (query == null || !query.isTextual()) {
                throw new InvalidInputException("query[" + index + "] must be a string, got " + Json.typeName(query));
            }
            String promptText = "";
            if (Json.present(prompt)) {
                if (!prompt.isTextual()) {
                    throw new InvalidInputException("prompts[" + index + "] must be a string, got " + Json.typeName(prompt));
                }
                promptText = prompt.asText();
            }
            String response = stripEnd(responseOf(query.asText(), promptText), context.endMarkers());
            return ScoringEngine.Item.of(spec, new Sample(Integer.toString(index), dataSource,
                    promptText.isEmpty() ? Prompt.EMPTY : new Prompt.Text(promptText), response, label, "", null));
        } catch (InvalidInputException e) {
            return ScoringEngine.Item.answered(spec, RewardResult.invalidInput(e.getMessage()));
        }
    }

    /** The response: the query after the prompt (at its front, else after its first occurrence), else the query. */
    static String responseOf(String query, String prompt) {
        if (prompt.isEmpty()) {
            return query;
        }
        if (query.startsWith(prompt)) {
            return query.substring(prompt.length());
        }
        int at = query.indexOf(prompt);
        return at >= 0 ? query.substring(at + prompt.length()) : query;
    }

    /** Removes trailing whitespace and end-of-text markers, repeatedly ({@code "42<|im_end|>\n<|endoftext|>"}). */
    static String stripEnd(String s, List<String> markers) {
        String out = s;
        boolean changed = true;
        while (changed) {
            changed = false;
            String trimmed = out.stripTrailing();
            if (trimmed.length() != out.length()) {
                out = trimmed;
                changed = true;
            }
            for (String m : markers) {
                if (!m.isEmpty() && out.endsWith(m)) {
                    out = out.substring(0, out.length() - m.length());
                    changed = true;
                }
            }
        }
        return out;
    }

    private static byte[] render(List<RewardResult> results) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("rewards");
            for (RewardResult r : results) {
                g.writeNumber(r.score());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("scores");
            for (RewardResult r : results) {
                g.writeNumber(Math.max(0.0, Math.min(1.0, r.score())));
            }
            g.writeEndArray();
            g.writeObjectFieldStart("extra_logs");
            if (!results.isEmpty()) {
                g.writeArrayFieldStart("reward_error");
                for (RewardResult r : results) {
                    g.writeNumber((double) ScoringProtocol.rewardError(r));
                }
                g.writeEndArray();
                g.writeArrayFieldStart("invalid_input");
                for (RewardResult r : results) {
                    g.writeNumber(r.status() == Status.INVALID_INPUT ? 1.0 : 0.0);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("timeout");
                for (RewardResult r : results) {
                    g.writeNumber(r.status() == Status.TIMEOUT ? 1.0 : 0.0);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }
}
