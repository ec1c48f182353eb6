package dev.arbiter.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.eval.benchmark.WildBench;
import dev.arbiter.eval.data.InputFiles;
import dev.arbiter.eval.report.MetricGroup;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WildBench's reward values from its counts: every reward and task-macro reward of the 12 leaderboard files
 * (620 model rows) and every WB-Score of score.json recomputed, to 0.01 on the ×100 scale; and the spec's worked
 * check (claude-3-5-sonnet vs GPT-4-Turbo: K=−1 → −4.39, K=500 → +2.78) through the runner.
 */
class WildBenchFidelityTest {
    private static final Path WB = SharedData.rmBench("wildbench");

    @Test
    void everyLeaderboardRewardFromItsCounts() throws IOException {
        int rows = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(WB, "pairwise-*.json")) {
            for (Path f : ds) {
                JsonNode root = InputFiles.JSON.readTree(f.toFile());
                for (Map.Entry<String, JsonNode> e : root.properties()) {
                    double[] rm = WildBench.recompute(e.getValue());
                    assertEquals(100 * e.getValue().get("reward").asDouble(), 100 * rm[0], 0.005, f.getFileName() + " " + e.getKey() + " reward");
                    assertEquals(100 * e.getValue().get("task_macro_reward").asDouble(), 100 * rm[1], 0.005,
                            f.getFileName() + " " + e.getKey() + " task macro");
                    rows++;
                }
            }
        }
        assertEquals(620, rows);
    }

    @Test
    void everyWbScoreFromItsMeanAndCategories() throws IOException {
        JsonNode root = InputFiles.JSON.readTree(WB.resolve("score.json").toFile());
        int n = 0;
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            EvalReport r = new EvalRunner().run(EvalRequest.builder("wildbench").scores(WB.resolve("score.json")).option("run", e.getKey()).build());
            assertEquals(e.getValue().get("adjusted_score").asDouble(), r.headline().value(), 0.005, e.getKey());
            assertEquals(e.getValue().get("task_macro_score").asDouble(), r.metric("wb_score_task_macro").orElseThrow().value(), 0.005, e.getKey());
            n++;
        }
        assertEquals(61, n);
    }

    @Test
    void workedExampleThroughTheRunner() {
        EvalReport k500 = new EvalRunner().run(EvalRequest.builder("wildbench").scores(WB.resolve("pairwise-gpt4t-K=500.json"))
                .option("run", "claude-3-5-sonnet-20240620").build());
        assertEquals(2.78, k500.headline().value(), 0.0051);
        MetricGroup ref = k500.sections().get(0);
        assertEquals(102, ref.metrics().get("win_much"));
        assertEquals(340, ref.metrics().get("tie"));
        EvalReport off = new EvalRunner().run(EvalRequest.builder("wildbench").scores(WB.resolve("pairwise-gpt4t-K=-1.json"))
                .option("run", "claude-3-5-sonnet-20240620").build());
        assertEquals(-4.39, off.headline().value(), 0.0051);
        assertTrue(off.notes().stream().anyMatch(n -> n.contains("91 of 1024 tasks have no counted outcome")), off.notes().toString());
    }

    @Test
    void theDataDirectoryGivesTheMixAndTheScore() throws IOException {
        EvalReport r = new EvalRunner().run(EvalRequest.builder("wildbench").scores(WB).option("k", "500")
                .option("run", "claude-3-5-sonnet-20240620").build());
        assertEquals("wb_reward_mix", r.headline().name());
        double sum = 0;
        for (String ref : new String[] {"gpt4t", "haiku", "llama"}) {
            JsonNode e = InputFiles.JSON.readTree(WB.resolve("pairwise-" + ref + "-K=500.json").toFile()).get("claude-3-5-sonnet-20240620");
            sum += 100 * e.get("reward").asDouble();
            assertEquals(100 * e.get("reward").asDouble(), r.metric("reward_" + ref).orElseThrow().value(), 0.005);
        }
        assertEquals(sum / 3, r.headline().value(), 0.005);
        assertNotNull(r.metric("wb_score").orElse(null));
    }
}
