package dev.arbiter.vision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Prompt;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;

final class VisionSamples {
    static final JsonNodeFactory J = JsonNodeFactory.instance;
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final RewardRegistry REGISTRY = RewardRegistry.fromServiceLoader();

    private VisionSamples() {
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Sample s(String response, JsonNode reference) {
        return Sample.of(response, reference);
    }

    static Sample s(String response, String reference) {
        return Sample.of(response, reference);
    }

    static Sample s(String response, JsonNode reference, String metaJson) {
        return new Sample("", "", Prompt.EMPTY, response, reference, "", (ObjectNode) json(metaJson));
    }

    static Reward reward(String spec) {
        return RewardSpec.resolve(spec, REGISTRY).reward();
    }

    static RewardResult score(String spec, Sample s) {
        return Scoring.guarded(reward(spec), s, Deadline.none());
    }
}
