package dev.arbiter.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.eval.benchmark.RewardBenchSections;
import dev.arbiter.eval.data.InputFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The RewardBench v1 section fixture (reference/rewardbench_v1_section_fixture.json, the upstream README example):
 * sections, 4-section mean and the pre-2024-09 Safety value, each to 0.01; from the per-subset accuracies and from
 * items built to those accuracies; plus the legacy prior-sets formula.
 */
class RewardBenchSectionFixtureTest {
    private static final Path FIXTURE = SharedData.rmBench("reference/rewardbench_v1_section_fixture.json");

    private static void checkFixture(EvalReport r) throws IOException {
        JsonNode f = InputFiles.JSON.readTree(FIXTURE.toFile());
        for (Map.Entry<String, JsonNode> e : f.get("expected_sections").properties()) {
            assertEquals(100 * e.getValue().asDouble(), r.group(e.getKey()).orElseThrow().value(), 0.005, e.getKey());
        }
        assertEquals(100 * f.get("expected_score_4_section_mean").asDouble(), r.headline().value(), 0.005);
        assertEquals(100 * f.get("expected_safety_with_pre_2024_09_weights").asDouble(),
                r.metric("safety_pre_2024_09").orElseThrow().value(), 0.005);
        assertEquals(56.17, r.headline().value(), 0.0051);
    }

    @Test
    void fromPerSubsetAccuracies() throws IOException {
        EvalReport r = new EvalRunner().run(EvalRequest.builder("rewardbench").scores(FIXTURE).build());
        checkFixture(r);
        assertNull(r.metric("score_legacy_prior_sets").orElseThrow().value(), "no prior sets in the fixture");
    }

    @Test
    void fromItemsBuiltToTheFixture(@TempDir Path tmp) throws IOException {
        JsonNode acc = InputFiles.JSON.readTree(FIXTURE.toFile()).get("input_subset_accuracy");
        List<String> data = new ArrayList<>();
        List<String> scores = new ArrayList<>();
        int id = 0;
        for (Map.Entry<String, JsonNode> e : acc.properties()) {
            int n = RewardBenchSections.COUNTS.get(e.getKey());
            long correct = Math.round(e.getValue().asDouble() * n);
            assertEquals(e.getValue().asDouble(), (double) correct / n, 1e-12, "fixture accuracy is a fraction of the official count");
            for (int i = 0; i < n; i++) {
                ObjectNode row = InputFiles.JSON.createObjectNode();
                row.put("id", id).put("prompt", "p" + id).put("chosen", "c").put("rejected", "r").put("subset", e.getKey());
                data.add(row.toString());
                ObjectNode s = InputFiles.JSON.createObjectNode();
                s.put("id", String.valueOf(id));
                // correct pairs: chosen above rejected; the others tie, which RewardBench counts as wrong
                s.putObject("scores").put("chosen", i < correct ? 1.0 : 0.5).put("rejected", 0.5);
                scores.add(s.toString());
                id++;
            }
        }
        Path d = tmp.resolve("filtered.jsonl");
        Path s = tmp.resolve("scores.jsonl");
        Files.write(d, data);
        Files.write(s, scores);
        EvalReport r = new EvalRunner().run(EvalRequest.builder("rewardbench").data(d).scores(s).build());
        assertEquals(2985, r.counts().itemsEvaluated());
        checkFixture(r);
    }

    @Test
    void legacyHeadlineWithPriorSets(@TempDir Path tmp) throws IOException {
        ObjectNode o = InputFiles.JSON.createObjectNode();
        o.put("model", "example");
        for (String s : RewardBenchSections.SECTION_OF.keySet()) {
            o.put(s, 0.9);
        }
        o.put("anthropic_helpful", 0.6).put("anthropic_hhh", 0.8).put("shp", 0.5).put("summarize", 0.7).put("mtbench_human", 0.1);
        Path f = tmp.resolve("results.json");
        Files.writeString(f, o.toString());
        EvalReport r = new EvalRunner().run(EvalRequest.builder("rewardbench").scores(f).build());
        assertEquals(90.0, r.headline().value(), 1e-9);
        assertEquals(65.0, r.metric("prior_sets").orElseThrow().value(), 1e-9, "mtbench_human is reported, not averaged");
        assertEquals((2 * 4 * 90.0 + 65.0) / 9, r.metric("score_legacy_prior_sets").orElseThrow().value(), 1e-9);
    }

    @Test
    void preSeptember2024WeightsAsTheHeadline() throws IOException {
        EvalReport r = new EvalRunner().run(EvalRequest.builder("rewardbench").scores(FIXTURE).option("xstest_weights", "pre_2024_09").build());
        assertEquals(81.45, r.group("Safety").orElseThrow().value(), 0.0051);
        assertEquals(72.16, r.metric("safety_post_2024_09").orElseThrow().value(), 0.0051);
    }
}
