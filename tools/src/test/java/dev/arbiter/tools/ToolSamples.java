package dev.arbiter.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Prompt;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;

final class ToolSamples {
    static final JsonNodeFactory J = JsonNodeFactory.instance;
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final RewardRegistry REGISTRY = RewardRegistry.fromServiceLoader();

    private ToolSamples() {
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Sample s(String response, String reference) {
        return Sample.of(response, reference);
    }

    static Sample s(String response, JsonNode reference, String meta) {
        return new Sample("", "", Prompt.EMPTY, response, reference, "", (ObjectNode) json(meta));
    }

    static Sample s(String response, String reference, String meta) {
        return s(response, reference == null ? null : J.textNode(reference), meta);
    }

    static RewardResult score(String spec, Sample s) {
        return Scoring.guarded(RewardSpec.resolve(spec, REGISTRY).reward(), s, Deadline.none());
    }
}
