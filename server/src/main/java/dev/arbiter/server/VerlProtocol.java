package dev.arbiter.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Prompt;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * verl's {@code compute_score} over HTTP (trainer-protocols §2.7), single item and batch.
 *
 * <pre>
 * POST /v1/verl/compute_score
 *   {"data_source": "openai/gsm8k", "solution_str": "... #### 72", "ground_truth": "72", "extra_info": {...}}
 *   → {"score": 1.0, "acc": 1.0, "reward_error": 0, "status": "ok", "reason": "..."}
 * POST /v1/verl/compute_score_batch
 *   {"data_sources": [...], "solution_strs": [...], "ground_truths": [...], "extra_infos": [...]}
 *   → {"results": [{"score": ..., "acc": ..., "reward_error": ..., "status": ..., "reason": ...}, ...]}
 * </pre>
 *
 * Every item has the same keys. {@code score} is always a finite number: a sample that could not be scored is
 * {@code 0.0} with {@code reward_error: 1} (never an HTTP error for one item, which would stop verl's legacy managers).
 * {@code acc} repeats the score, as verl records a plain-number score under {@code acc}. The {@code data_source} is the
 * sample's data source (a {@code route} spec routes on it); {@code extra_info} is its meta, and
 * {@code extra_info.question}, when a string, its prompt.
 */
final class VerlProtocol implements ScoringProtocol {
    private final boolean batch;

    private VerlProtocol(boolean batch) {
        this.batch = batch;
    }

    static VerlProtocol single() {
        return new VerlProtocol(false);
    }

    static VerlProtocol batch() {
        return new VerlProtocol(true);
    }

    @Override
    public String name() {
        return batch ? "verl_batch" : "verl";
    }

    @Override
    public Request read(JsonNode body, Context context) {
        if (!body.isObject()) {
            throw HttpProblem.badRequest("expected a JSON object, got " + Json.typeName(body));
        }
        NamedSpec spec = context.selectedSpec();
        if (!batch) {
            ScoringEngine.Item item = item(spec, body.get("data_source"), body.get("solution_str"),
                    body.get("ground_truth"), body.get("extra_info"), 0, "");
            return new Request(List.of(item), (items, results) -> Json.write(g -> writeItem(g, results.get(0))));
        }
        JsonNode solutions = body.get("solution_strs");
        if (solutions == null || !solutions.isArray()) {
            throw HttpProblem.badRequest("field 'solution_strs' must be an array of strings, got "
                    + Json.typeName(solutions));
        }
        int n = solutions.size();
        context.checkBatch(n);
        JsonNode dataSources = Json.parallelList(body, "data_sources", "solution_strs", n);
        JsonNode groundTruths = Json.parallelList(body, "ground_truths", "solution_strs", n);
        JsonNode extraInfos = Json.parallelList(body, "extra_infos", "solution_strs", n);
        List<ScoringEngine.Item> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(item(spec, at(dataSources, i), solutions.get(i), at(groundTruths, i), at(extraInfos, i), i, "s"));
        }
        return new Request(items, (its, results) -> Json.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("results");
            for (RewardResult r : results) {
                writeItem(g, r);
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    private static ScoringEngine.Item item(NamedSpec spec, JsonNode dataSource, JsonNode solution, JsonNode groundTruth,
                                           JsonNode extraInfo, int index, String plural) {
        try {
            if (!Json.present(solution) || !solution.isTextual()) {
                throw new InvalidInputException("field 'solution_str" + plural + "' must hold a string, got "
                        + Json.typeName(solution));
            }
            ObjectNode meta = null;
            if (Json.present(extraInfo)) {
                if (!extraInfo.isObject()) {
                    throw new InvalidInputException("field 'extra_info" + plural + "' must hold an object, got "
                            + Json.typeName(extraInfo));
                }
                meta = (ObjectNode) extraInfo;
            }
            String ds = SampleFields.textOrEmpty(dataSource, "data_source" + plural);
            JsonNode question = meta == null ? null : meta.get("question");
            Prompt prompt = question != null && question.isTextual() ? new Prompt.Text(question.asText()) : Prompt.EMPTY;
            JsonNode idNode = meta == null ? null : meta.get("index");
            String id = idNode != null && idNode.isValueNode() ? idNode.asText() : Integer.toString(index);
            return ScoringEngine.Item.of(spec, new Sample(id, ds, prompt, solution.asText(), groundTruth, "", meta));
        } catch (InvalidInputException e) {
            return ScoringEngine.Item.answered(spec, RewardResult.invalidInput(e.getMessage()));
        }
    }

    private static void writeItem(JsonGenerator g, RewardResult r) throws IOException {
        g.writeStartObject();
        g.writeNumberField("score", r.score());
        g.writeNumberField("acc", r.score());
        g.writeNumberField("reward_error", ScoringProtocol.rewardError(r));
        g.writeStringField("status", r.status().wireName());
        g.writeStringField("reason", r.reason());
        g.writeEndObject();
    }

    private static JsonNode at(JsonNode list, int i) {
        return list == null ? null : list.get(i);
    }
}
