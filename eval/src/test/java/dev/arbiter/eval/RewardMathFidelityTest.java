package dev.arbiter.eval;

import dev.arbiter.eval.benchmark.EvalContext;
import dev.arbiter.eval.benchmark.Evaluation;
import dev.arbiter.eval.benchmark.OfficialScores;
import dev.arbiter.eval.benchmark.RewardMath;
import dev.arbiter.eval.data.EvalItem;
import dev.arbiter.eval.data.InputFiles;
import dev.arbiter.eval.report.Metric;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RewardMATH's expected metrics (rewardmath_expected_metrics.csv: 43 rows over 35 result files, PRMs under four
 * step aggregations) from the authors' released per-model scores, each to 0.01: accuracy, accuracy with ties, MRR.
 */
class RewardMathFidelityTest {
    private static final Path RM = SharedData.rmBench("rewardmath");

    private static Metric metric(Evaluation e, String name) {
        if (e.headline().name().equals(name)) {
            return e.headline();
        }
        return e.variants().stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name));
    }

    @Test
    void reproducesAllExpectedMetrics() throws IOException {
        RewardMath bench = new RewardMath();
        InputFiles.Input problems = InputFiles.read(RM.resolve("rewardmath_problems.jsonl"));
        InputFiles.Input scores = InputFiles.read(RM.resolve("rewardmath_official_scores.jsonl"));
        Map<String, Evaluation> byKey = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(RM.resolve("rewardmath_expected_metrics.csv"));
        int checked = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            String key = f[0];
            String kind = f[1];
            String agg = f[2];
            int n = Integer.parseInt(f[3]);
            Evaluation e = byKey.computeIfAbsent(key, k -> {
                EvalContext ctx = new EvalContext(bench, Map.of("run", k), false);
                List<EvalItem> items = bench.load(problems, ctx);
                OfficialScores o = bench.readOfficialScores(scores, items, ctx).orElseThrow();
                Evaluation ev = bench.evaluate(o.items(), o.table(), ctx);
                assertTrue(ctx.skipped().isEmpty(), k + ": " + ctx.skipped());
                return ev;
            });
            String suffix = kind.equals("prm") ? "_" + agg : "";
            Metric acc = metric(e, kind.equals("prm") ? "accuracy_" + agg : "accuracy");
            assertEquals(n, acc.n(), key + " rows");
            assertEquals(Double.parseDouble(f[4]), acc.value(), 0.0051, key + " " + agg + " accuracy");
            assertEquals(Double.parseDouble(f[5]), metric(e, "accuracy_with_ties" + suffix).value(), 0.0051, key + " " + agg + " accuracy with ties");
            assertEquals(Double.parseDouble(f[6]), metric(e, "mrr" + suffix).value(), 0.0051, key + " " + agg + " MRR");
            checked++;
        }
        assertEquals(43, checked);
    }

    @Test
    void endToEndThroughTheRunner() {
        EvalReport r = new EvalRunner().run(EvalRequest.builder("rewardmath")
                .data(RM.resolve("rewardmath_problems.jsonl"))
                .scores(RM.resolve("rewardmath_official_scores.jsonl"))
                .option("run", "internlm2").build());
        assertEquals(37.27, r.headline().value(), 0.0051);
        assertEquals(55.17, r.metric("mrr").orElseThrow().value(), 0.0051);
        assertEquals(483, r.counts().itemsEvaluated());
        assertEquals(0, r.counts().itemsSkipped());
    }

    @Test
    void duplicatedProblemsCountAsTheOfficialScriptDoesAndAreNamed() {
        EvalReport r = new EvalRunner().run(EvalRequest.builder("rewardmath")
                .scores(RM.resolve("rewardmath_official_scores.jsonl")).option("run", "gpt4o").build());
        assertEquals(485, r.counts().itemsEvaluated());
        assertEquals(25.98, r.headline().value(), 0.0051);
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("more than once")), r.notes().toString());
    }

    @Test
    void prmHeadlineFollowsTheChosenAggregation() {
        RewardMath bench = new RewardMath();
        InputFiles.Input scores = InputFiles.read(RM.resolve("rewardmath_official_scores.jsonl"));
        EvalContext ctx = new EvalContext(bench, Map.of("run", "Math_Shepherd", "prm_aggregation", "last"), false);
        OfficialScores o = bench.readOfficialScores(scores, List.of(), ctx).orElseThrow();
        Evaluation e = bench.evaluate(o.items(), o.table(), ctx);
        assertEquals(18.22, e.headline().value(), 0.0051);
        assertEquals(38.83, metric(e, "mrr").value(), 0.0051);
        assertEquals(483, e.items().size());
    }
}
