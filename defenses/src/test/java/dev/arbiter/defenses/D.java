package dev.arbiter.defenses;

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

/** Test helpers. */
final class D {
    static final RewardRegistry REWARDS = RewardRegistry.fromServiceLoader();
    static final ObjectMapper M = new ObjectMapper();

    private D() {
    }

    static Reward reward(String spec) {
        return RewardSpec.resolve(spec, REWARDS).reward();
    }

    static Sample s(String response) {
        return new Sample("1", "", Prompt.EMPTY, response, JsonNodeFactory.instance.textNode("42"), "", null);
    }

    static Sample s(String response, String prompt, JsonNode reference, String metaJson) {
        ObjectNode meta;
        try {
            meta = metaJson == null ? null : (ObjectNode) M.readTree(metaJson);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        return new Sample("1", "", new Prompt.Text(prompt == null ? "" : prompt), response, reference, "", meta);
    }

    static RewardResult score(String spec, Sample s) {
        return Scoring.guarded(reward(spec), s, Deadline.none());
    }
}
