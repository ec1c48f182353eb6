package dev.arbiter.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Prompt;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.Status;
import dev.arbiter.core.group.GroupMember;
import dev.arbiter.core.group.GroupOutcome;
import dev.arbiter.core.spec.RewardSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled examples (examples/tools) resolve and score every rollout ok. */
class ExamplesTest {
    static final Path DIR = Path.of("..", "examples", "tools");

    static List<Sample> rollouts() throws Exception {
        List<Sample> out = new ArrayList<>();
        for (String line : Files.readAllLines(DIR.resolve("rollouts.jsonl"))) {
            JsonNode row = ToolSamples.MAPPER.readTree(line);
            out.add(new Sample(row.get("id").asText(), row.path("data_source").asText(), new Prompt.Text(row.path("prompt").asText()),
                    row.get("response").asText(), row.get("reference"), row.path("uid").asText(""),
                    row.has("extra_info") ? (ObjectNode) row.get("extra_info") : null));
        }
        return out;
    }

    @Test
    void specScoresEveryRollout() throws Exception {
        RewardSpec spec = RewardSpec.load(DIR.resolve("spec.yaml"), ToolSamples.REGISTRY);
        Map<String, RewardResult> r = new LinkedHashMap<>();
        for (Sample s : rollouts()) {
            r.put(s.id(), Scoring.guarded(spec.reward(), s, Deadline.none()));
        }
        r.forEach((id, res) -> assertEquals(Status.OK, res.status(), id + ": " + res));
        assertEquals(13, r.size());
        assertEquals(0.1, r.get("carl-1").score(), 1e-9);
        assertEquals(-0.95, r.get("carl-2").score(), 1e-9);
        assertEquals(0.0, r.get("wb-2").score(), "a slight win by a much longer answer is a tie at K = 500");
        assertEquals(4.0, r.get("wbs-1").score(), 1e-12);
    }

    @Test
    void routerCostSpecShapesTheRouterGroup() throws Exception {
        RewardSpec spec = RewardSpec.load(DIR.resolve("router-cost.yaml"), ToolSamples.REGISTRY);
        List<GroupMember> group = new ArrayList<>();
        for (Sample s : rollouts()) {
            if (s.group().equals("q1")) {
                group.add(new GroupMember(s, Scoring.guarded(spec.reward(), s, Deadline.none())));
            }
        }
        GroupOutcome o = spec.group().apply(group, 0);
        assertEquals(3, o.size());
        assertEquals(0.7 + 0.3 * 0.5, o.values()[0], 1e-9, "first cost in a fresh window: c = 0.5");
        assertTrue(o.values()[1] >= 0.7 && o.values()[1] <= 1.0);
        assertEquals(0.0, o.values()[2], 1e-12, "a wrong answer earns no cost term");
    }
}
