package dev.arbiter.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.json.ChatJson;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TRL reward functions over HTTP (trainer-protocols §3.4), for the helper in {@code clients/trl_reward.py}.
 *
 * <pre>
 * POST /v1/trl/reward
 *   {"reward_fn": "math", "prompts": [...], "completions": ["\\boxed{42}"] or [[{"role": "assistant", "content": ...}]],
 *    "columns": {"solution": ["42"]}, "reference_column": "solution", "global_step": 120}
 *   → {"rewards": [1.0 or null], "extra": {"arbiter_status": ["ok"]}, "metrics": {"arbiter_error_fraction": 0.0}}
 * </pre>
 *
 * {@code reward_fn} names a loaded spec (default: the default spec, or {@code ?spec=}). The reference is the column
 * named by {@code reference_column}, else the first of {@code reference}, {@code solution}, {@code ground_truth},
 * {@code answer}, {@code label} present; {@code data_source} comes from the column of that name; every column's value
 * for the sample is its meta. A conversational completion's response is its last assistant message. A sample that
 * could not be scored is {@code null}: TRL's "no reward", excluded rather than trained on as 0.
 */
final class TrlProtocol implements ScoringProtocol {
    static final List<String> REFERENCE_COLUMNS = List.of("reference", "solution", "ground_truth", "answer", "label");

    @Override
    public String name() {
        return "trl";
    }

    @Override
    public Request read(JsonNode body, Context context) {
        if (!body.isObject()) {
            throw HttpProblem.badRequest("expected a JSON object {prompts, completions, columns}, got "
                    + Json.typeName(body));
        }
        JsonNode completions = body.get("completions");
        if (completions == null || !completions.isArray()) {
            throw HttpProblem.badRequest("field 'completions' must be an array, got " + Json.typeName(completions));
        }
        int n = completions.size();
        context.checkBatch(n);
        JsonNode prompts = body.get("prompts");
        if (Json.present(prompts) && (!prompts.isArray() || prompts.size() != n)) {
            throw HttpProblem.badRequest("field 'prompts' must be an array of " + n + " items (one per completion), got "
                    + (prompts.isArray() ? prompts.size() + " items" : Json.typeName(prompts)));
        }
        Map<String, JsonNode> columns = columns(body.get("columns"), n);
        String referenceColumn = referenceColumn(body.get("reference_column"), columns);
        JsonNode rewardFn = body.get("reward_fn");
        if (Json.present(rewardFn) && !rewardFn.isTextual()) {
            throw HttpProblem.badRequest("field 'reward_fn' must be a spec name, got " + Json.typeName(rewardFn));
        }
        NamedSpec spec = Json.present(rewardFn) && !rewardFn.asText().isEmpty()
                ? context.specs().select(rewardFn.asText()) : context.selectedSpec();
        List<ScoringEngine.Item> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            try {
                String response = completionText(completions.get(i), i);
                ObjectNode meta = JsonNodeFactory.instance.objectNode();
                for (Map.Entry<String, JsonNode> column : columns.entrySet()) {
                    meta.set(column.getKey(), column.getValue().get(i));
                }
                JsonNode reference = referenceColumn == null ? null : columns.get(referenceColumn).get(i);
                JsonNode ds = columns.containsKey("data_source") ? columns.get("data_source").get(i) : null;
                items.add(ScoringEngine.Item.of(spec, new Sample(Integer.toString(i),
                        SampleFields.textOrEmpty(ds, "columns.data_source"),
                        SampleFields.prompt(prompts == null ? null : prompts.get(i)), response, reference, "", meta)));
            } catch (InvalidInputException e) {
                items.add(ScoringEngine.Item.answered(spec, RewardResult.invalidInput(e.getMessage())));
            }
        }
        return new Request(items, (its, results) -> render(results));
    }

    /** A completion's text: a string, or the content of the last assistant message of a message list. */
    static String completionText(JsonNode c, int index) {
        if (c != null && c.isTextual()) {
            return c.asText();
        }
        if (c != null && c.isArray() && !c.isEmpty()) {
            JsonNode last = null;
            for (JsonNode m : c) {
                if (!m.isObject()) {
                    throw new InvalidInputException("completions[" + index + "] must be a string or a list of "
                            + "messages, got a list holding " + Json.typeName(m));
                }
                if ("assistant".equals(m.path("role").asText()) || last == null) {
                    last = m;
                }
            }
            return ChatJson.contentText(last.get("content"));
        }
        throw new InvalidInputException("completions[" + index + "] must be a string or a non-empty list of messages, got "
                + Json.typeName(c));
    }

    private static Map<String, JsonNode> columns(JsonNode node, int n) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (!Json.present(node)) {
            return out;
        }
        if (!node.isObject()) {
            throw HttpProblem.badRequest("field 'columns' must be an object of column name → list, got "
                    + Json.typeName(node));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (!v.isArray() || v.size() != n) {
                throw HttpProblem.badRequest("column '" + e.getKey() + "' must be an array of " + n
                        + " values (one per completion), got " + (v.isArray() ? v.size() + " values" : Json.typeName(v)));
            }
            out.put(e.getKey(), v);
        }
        return out;
    }

    private static String referenceColumn(JsonNode requested, Map<String, JsonNode> columns) {
        if (Json.present(requested)) {
            if (!requested.isTextual() || !columns.containsKey(requested.asText())) {
                throw HttpProblem.badRequest("reference_column '" + requested.asText() + "' is not among the columns "
                        + columns.keySet());
            }
            return requested.asText();
        }
        for (String c : REFERENCE_COLUMNS) {
            if (columns.containsKey(c)) {
                return c;
            }
        }
        return null;
    }

    private static byte[] render(List<RewardResult> results) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("rewards");
            int errors = 0;
            for (RewardResult r : results) {
                if (r.isOk()) {
                    g.writeNumber(r.score());
                } else {
                    g.writeNull();
                    errors++;
                }
            }
            g.writeEndArray();
            g.writeObjectFieldStart("extra");
            g.writeArrayFieldStart("arbiter_status");
            for (RewardResult r : results) {
                g.writeString(r.status().wireName());
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeObjectFieldStart("metrics");
            if (!results.isEmpty()) {
                g.writeNumberField("arbiter_error_fraction", errors / (double) results.size());
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }
}
