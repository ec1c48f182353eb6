package dev.arbiter.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.eval.data.InputFiles;
import dev.arbiter.eval.report.MetricGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JudgeBench's expected accuracies (judgebench_expected_accuracy.csv, the paper's numbers) from the official
 * judgments, each to 0.01, for all seven judges; and the same numbers for the five reward models from their raw
 * scores alone (both games derived from the scores, the second answer winning exact ties).
 */
class JudgeBenchFidelityTest {
    private static final Path JB = SharedData.rmBench("judgebench");

    record Expected(String responseModel, String judge, String category, int n, double accuracy, double consistent) {
    }

    static List<Expected> expected() throws IOException {
        List<Expected> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(JB.resolve("judgebench_expected_accuracy.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            out.add(new Expected(f[0], f[2], f[3], Integer.parseInt(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6])));
        }
        return out;
    }

    private static Map<String, List<Expected>> byJudge() throws IOException {
        Map<String, List<Expected>> m = new LinkedHashMap<>();
        for (Expected e : expected()) {
            m.computeIfAbsent(e.judge(), k -> new ArrayList<>()).add(e);
        }
        return m;
    }

    private static void check(EvalReport r, List<Expected> rows, boolean checkConsistency) {
        for (Expected e : rows) {
            double acc;
            double cons;
            int n;
            if (e.category().equals("overall")) {
                acc = r.headline().value();
                n = r.headline().n();
                cons = r.metric("order_consistency").orElseThrow().value();
            } else {
                MetricGroup g = r.group(e.category()).orElseThrow(() -> new AssertionError("no category " + e.category()));
                acc = g.metrics().get("accuracy");
                cons = g.metrics().get("order_consistent");
                n = g.n();
            }
            assertEquals(e.n(), n, e.judge() + " " + e.category() + " pairs");
            assertEquals(e.accuracy(), acc, 0.0051, e.judge() + " " + e.category() + " accuracy");
            if (checkConsistency) {
                assertEquals(e.consistent(), cons, 0.0051, e.judge() + " " + e.category() + " order consistency");
            }
        }
    }

    @Test
    void reproducesEveryJudgeFromTheOfficialJudgments() throws IOException {
        for (Map.Entry<String, List<Expected>> e : byJudge().entrySet()) {
            String pairs = "judgebench_pairs_" + e.getValue().get(0).responseModel() + ".jsonl";
            EvalReport r = new EvalRunner().run(EvalRequest.builder("judgebench")
                    .data(JB.resolve(pairs))
                    .scores(JB.resolve("judgebench_official_judgments.jsonl"))
                    .option("run", e.getKey())
                    .build());
            assertEquals(0, r.counts().itemsSkipped(), r.skipped().toString());
            check(r, e.getValue(), true);
        }
    }

    @Test
    void theJudgmentsFileAloneIsEnough() throws IOException {
        List<Expected> o1 = byJudge().get("o1-mini-2024-09-12");
        EvalReport r = new EvalRunner().run(EvalRequest.builder("judgebench")
                .scores(JB.resolve("judgebench_official_judgments.jsonl")).option("run", "o1-mini-2024-09-12").build());
        check(r, o1, true);
        assertEquals(65.71, r.headline().value(), 0.0051);
    }

    @Test
    void rewardModelsFromTheirScoresAlone(@TempDir Path tmp) throws IOException {
        Map<String, List<String>> lines = new LinkedHashMap<>();
        for (String line : Files.readAllLines(JB.resolve("judgebench_official_judgments.jsonl"))) {
            JsonNode n = InputFiles.JSON.readTree(line);
            if (!n.path("judge_name").asText().equals("reward_model")) {
                continue;
            }
            JsonNode s = n.path("game1_AB").path("scores");
            ObjectNode rec = InputFiles.JSON.createObjectNode();
            rec.put("id", n.path("pair_id").asText());
            rec.putObject("scores").put("A", s.get(0).doubleValue()).put("B", s.get(1).doubleValue());
            lines.computeIfAbsent(n.path("judge_model").asText().replace('/', '_'), k -> new ArrayList<>()).add(rec.toString());
        }
        assertEquals(5, lines.size());
        Map<String, List<Expected>> expected = byJudge();
        for (Map.Entry<String, List<String>> e : lines.entrySet()) {
            Path scores = tmp.resolve(e.getKey() + ".jsonl");
            Files.write(scores, e.getValue());
            EvalReport r = new EvalRunner().run(EvalRequest.builder("judgebench")
                    .data(JB.resolve("judgebench_pairs_gpt-4o-2024-05-13.jsonl")).scores(scores).build());
            check(r, expected.get(e.getKey()), true);
            assertTrue(r.items().get(0).candidates().get(0).score() != null, "scores are kept per candidate");
        }
    }
}
