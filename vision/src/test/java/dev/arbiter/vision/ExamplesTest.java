package dev.arbiter.vision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Prompt;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.Status;
import dev.arbiter.core.spec.RewardSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The bundled examples (examples/vision) resolve and score every rollout ok. */
class ExamplesTest {
    static final Path DIR = Path.of("..", "examples", "vision");

    static Map<String, RewardResult> scoreAll(String specFile, String rollouts) throws Exception {
        RewardSpec spec = RewardSpec.load(DIR.resolve(specFile), VisionSamples.REGISTRY);
        Map<String, RewardResult> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DIR.resolve(rollouts))) {
            JsonNode row = VisionSamples.MAPPER.readTree(line);
            Sample s = new Sample(row.get("id").asText(), row.path("data_source").asText(), new Prompt.Text(row.path("prompt").asText()),
                    row.get("response").asText(), row.get("reference"), row.path("uid").asText(""),
                    row.has("extra_info") ? (ObjectNode) row.get("extra_info") : null);
            out.put(s.id(), Scoring.guarded(spec.reward(), s, Deadline.none()));
        }
        return out;
    }

    @Test
    void specScoresEveryRollout() throws Exception {
        Map<String, RewardResult> r = scoreAll("spec.yaml", "rollouts.jsonl");
        r.forEach((id, res) -> assertEquals(Status.OK, res.status(), id + ": " + res));
        assertEquals(7, r.size());
        assertEquals(true, r.get("vr1-1").score() > 2.5, "a good Vision-R1 answer scores near 3");
        assertEquals(true, r.get("od-2").score() < r.get("od-1").score(), "spraying boxes is penalised");
    }

    @Test
    void mixedR1SpecScoresEveryRollout() throws Exception {
        Map<String, RewardResult> r = scoreAll("mixed-r1.yaml", "mixed-rollouts.jsonl");
        r.forEach((id, res) -> assertEquals(Status.OK, res.status(), id + ": " + res));
        assertEquals(1.0, r.get("mcq-1").score(), 1e-12);
        assertEquals(1.0, r.get("chart-1").score(), 1e-12);
        assertEquals(0.0, r.get("ground-2").score(), "no think/answer: the gate fails");
        List.of("ground-1").forEach(id -> assertEquals(true, r.get(id).score() > 0.8, id));
    }
}
