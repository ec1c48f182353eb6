package dev.arbiter.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Status;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/score} and {@code POST /v1/score/{spec}}: a batch of native samples in, one result per sample out,
 * each the {@code reward} object of an {@code arbiter score} row.
 *
 * <pre>
 * request:  {"samples": [{"id": "q1", "data_source": "squad", "prompt": "...", "response": "...", "reference": ...}],
 *            "deadline_ms": 5000}                       (or a bare array of samples)
 * response: {"spec": "default", "signature": "3f2a...", "results": [{"score": 1.0, "status": "ok", "reason": "...",
 *            "details": {...}, "components": {...}, "signature": "3f2a..."}], "counts": {"ok": 1}}
 * </pre>
 */
final class NativeProtocol implements ScoringProtocol {

    @Override
    public String name() {
        return "native";
    }

    @Override
    public Request read(JsonNode body, Context context) {
        JsonNode samples;
        if (body.isArray()) {
            samples = body;
        } else if (body.isObject() && body.has("samples")) {
            samples = body.get("samples");
            if (!samples.isArray()) {
                throw HttpProblem.badRequest("field 'samples' must be an array of sample objects, got "
                        + Json.typeName(samples));
            }
        } else {
            throw HttpProblem.badRequest("expected {\"samples\": [...]} or an array of samples, got "
                    + (body.isObject() ? "an object without 'samples'" : Json.typeName(body)));
        }
        context.checkBatch(samples.size());
        NamedSpec spec = context.selectedSpec();
        List<ScoringEngine.Item> items = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            try {
                items.add(ScoringEngine.Item.of(spec, SampleFields.nativeSample(samples.get(i), i)));
            } catch (InvalidInputException e) {
                items.add(ScoringEngine.Item.answered(spec, RewardResult.invalidInput(e.getMessage())));
            }
        }
        String sig = context.specs().signatureId(spec);
        return new Request(items, (its, results) -> render(spec, sig, results));
    }

    private static byte[] render(NamedSpec spec, String sig, List<RewardResult> results) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("spec", spec.name());
            g.writeStringField("signature", sig);
            g.writeArrayFieldStart("results");
            Map<Status, Integer> counts = new EnumMap<>(Status.class);
            for (int i = 0; i < results.size(); i++) {
                RewardResult r = results.get(i);
                counts.merge(r.status(), 1, Integer::sum);
                String reason = r.isOk() ? r.reason() : "sample " + (i + 1) + ": " + r.reason();
                Json.writeReward(g, r, reason, sig);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("counts");
            for (Map.Entry<Status, Integer> e : counts.entrySet()) {
                g.writeNumberField(e.getKey().wireName(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }
}
