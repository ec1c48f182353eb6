package dev.arbiter.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.eval.report.ItemResult;
import dev.arbiter.eval.report.ReportFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scoring benchmark items with a reward spec: results, failures as skipped items, determinism, progress. */
class SpecScoringTest {

    static ObjectNode item(String id, String ref, String good, String bad, String subset) {
        ObjectNode o = Files2.obj();
        o.put("id", id).put("subset", subset).put("prompt", "question " + id);
        if (ref != null) {
            o.put("reference_answer", ref);
        }
        var c = o.putArray("candidates");
        c.addObject().put("cid", "c0").put("text", good).put("role", "chosen");
        c.addObject().put("cid", "c1").put("text", bad).put("role", "rejected");
        o.putObject("gold").put("type", "pair").put("chosen", "c0").put("rejected", "c1");
        return o;
    }

    @Test
    void exactMatchOnNormalizedItems(@TempDir Path tmp) {
        List<ObjectNode> rows = List.of(
                item("a", "42", "so \\boxed{42}", "so \\boxed{41}", "math-prm"),
                item("b", "7", "\\boxed{7}", "\\boxed{8}", "math-prm"),
                item("c", "3", "\\boxed{4}", "\\boxed{5}", "hep-go"),     // both wrong: a tie, which counts as wrong
                item("d", null, "\\boxed{1}", "\\boxed{2}", "hep-go"));   // no reference: exact_match answers invalid_input
        AtomicLong total = new AtomicLong();
        AtomicLong last = new AtomicLong();
        ProgressListener progress = new ProgressListener() {
            @Override public void start(String task, long t) { total.set(t); }
            @Override public synchronized void advance(long done, long t) { last.set(Math.max(last.get(), done)); }
            @Override public void finish() { }
        };
        EvalReport r = new EvalRunner().run(EvalRequest.builder("rewardbench").data(Files2.jsonl(tmp.resolve("d.jsonl"), rows))
                .spec("{type: exact_match, extract: boxed}").progress(progress).build());
        assertEquals(8, total.get());
        assertEquals(8, last.get());
        assertEquals(8, r.counts().candidatesScored());
        assertEquals(2, r.counts().scoreFailures());
        assertEquals(1, r.counts().itemsSkipped());
        assertTrue(r.skipped().get(0).reason().contains("invalid_input"), r.skipped().toString());
        assertEquals(100.0, r.group("math-prm").orElseThrow().value(), 1e-9);
        assertEquals(0.0, r.group("hep-go").orElseThrow().value(), 1e-9);
        ItemResult a = r.items().get(0);
        assertEquals(1.0, a.candidates().get(0).score());
        assertEquals(0.0, a.candidates().get(1).score());
        assertNotNull(r.run().specSignatureId());
        assertTrue(r.run().specSignature().startsWith("exact_match@"), r.run().specSignature());
    }

    @Test
    void resultsDoNotDependOnParallelismOrBatchSize(@TempDir Path tmp) throws IOException {
        List<ObjectNode> rows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            rows.add(item("i" + i, "answer " + (i % 7), "the answer " + (i % 7) + " here", "answer " + (i % 5) + " maybe " + "x".repeat(i % 3),
                    i % 2 == 0 ? "alpacaeval-easy" : "donotanswer"));
        }
        Path data = Files2.jsonl(tmp.resolve("d.jsonl"), rows);
        String[] outputs = new String[3];
        int k = 0;
        for (int[] cfg : new int[][] {{1, 1}, {4, 1}, {2, 7}}) {
            Path out = tmp.resolve("out" + k);
            new EvalRunner().run(EvalRequest.builder("rewardbench").data(data).spec("token_f1").parallelism(cfg[0]).batchSize(cfg[1])
                    .outDir(out).build());
            outputs[k++] = Files.readString(out.resolve(ReportFiles.RESULTS_JSON));
        }
        assertEquals(outputs[0], outputs[1]);
        assertEquals(outputs[0], outputs[2]);
    }

    @Test
    void theExampleSampleScoresWithTheExampleSpec() {
        EvalReport r = new EvalRunner().run(EvalRequest.builder("rewardbench").data(Examples.eval("rewardbench-sample.jsonl"))
                .spec(Examples.eval("token-f1.yaml").toString()).build());
        assertEquals(8, r.counts().itemsEvaluated());
        assertEquals(0, r.counts().itemsSkipped());
        assertNotNull(r.headline().value());
        EvalReport s = new EvalRunner().run(EvalRequest.builder("rewardbench").data(Examples.eval("rewardbench-sample.jsonl"))
                .scores(Examples.eval("rewardbench-sample.scores.jsonl")).build());
        assertEquals(8, s.counts().itemsEvaluated());
    }

    @Test
    void stepPrefixesAreScoredForStepBenchmarks(@TempDir Path tmp) {
        ObjectNode row = Files2.json("{'id':'t1','question':'q','step_list':['STEP1: a','STEP2: b','STEP3: oops','STEP4: d'],"
                + "'task_gt':[0,0,1,1],'category':'demo'}");
        // a prefix scores 1 until it contains "oops": steps 3 and 4 are predicted faulty, as labelled
        EvalReport r = new EvalRunner().run(EvalRequest.builder("vlrmbench").data(Files2.jsonl(tmp.resolve("d.jsonl"), List.of(row)))
                .spec("{type: weighted, rewards: {ok: {type: constant, value: 1}, bad: {type: regex_match, pattern: oops}}, weights: {ok: 1, bad: -1}}")
                .build());
        assertEquals(0, r.counts().itemsSkipped(), r.skipped().toString());
        assertEquals(100.0, r.headline().value(), 1e-9);
    }
}
