package dev.arbiter.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;

import java.util.List;

/**
 * slime / miles {@code remote_rm} (trainer-protocols §6): one sample per request.
 *
 * <pre>
 * POST /v1/slime/remote_rm   {"prompt": "What is 6*7?", "response": "\\boxed{42}", "label": "42"}
 *   → {"score": 1.0, "acc": 1.0, "reward_error": 0, "status": "ok", "reason": "..."}
 * </pre>
 *
 * slime uses the whole body as the reward unless {@code --reward-key} picks a field: run it with
 * {@code --reward-key score}. {@code prompt} may be text or chat messages; {@code label} any JSON (the reference).
 */
final class SlimeProtocol implements ScoringProtocol {

    @Override
    public String name() {
        return "slime";
    }

    @Override
    public Request read(JsonNode body, Context context) {
        if (!body.isObject()) {
            throw HttpProblem.badRequest("expected a JSON object {prompt, response, label}, got " + Json.typeName(body));
        }
        NamedSpec spec = context.selectedSpec();
        ScoringEngine.Item item;
        try {
            JsonNode response = body.get("response");
            if (!Json.present(response) || !response.isTextual()) {
                throw new InvalidInputException("field 'response' must be a string, got " + Json.typeName(response));
            }
            item = ScoringEngine.Item.of(spec, new Sample("0", SampleFields.textOrEmpty(body.get("data_source"),
                    "data_source"), SampleFields.prompt(body.get("prompt")), response.asText(), body.get("label"), "", null));
        } catch (InvalidInputException e) {
            item = ScoringEngine.Item.answered(spec, RewardResult.invalidInput(e.getMessage()));
        }
        return new Request(List.of(item), (items, results) -> Json.write(g -> {
            RewardResult r = results.get(0);
            g.writeStartObject();
            g.writeNumberField("score", r.score());
            g.writeNumberField("acc", r.score());
            g.writeNumberField("reward_error", ScoringProtocol.rewardError(r));
            g.writeStringField("status", r.status().wireName());
            g.writeStringField("reason", r.reason());
            g.writeEndObject();
        }));
    }
}
