package dev.arbiter.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.eval.benchmark.RewardBench2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.arbiter.eval.Files2.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RewardBench 2: split credit on ties at the top, the Ties composite, the unweighted mean of subsets. */
class RewardBench2Test {

    private static ObjectNode row(String id, String subset, int nChosen, int nRejected) {
        ObjectNode r = Files2.obj();
        r.put("id", id).put("prompt", "q " + id).put("subset", subset).put("num_correct", nChosen).put("total_completions", nChosen + nRejected);
        var c = r.putArray("chosen");
        for (int i = 0; i < nChosen; i++) {
            c.add("good " + i);
        }
        var w = r.putArray("rejected");
        for (int i = 0; i < nRejected; i++) {
            w.add("bad " + i);
        }
        return r;
    }

    private static ObjectNode scores(String id, double... s) {
        ObjectNode o = Files2.obj();
        o.put("id", id);
        var m = o.putObject("scores");
        for (int i = 0; i < s.length; i++) {
            m.put("c" + i, s[i]);
        }
        return o;
    }

    @Test
    void bestOfFourWithSplitCredit(@TempDir Path tmp) {
        List<ObjectNode> data = List.of(row("1", "Factuality", 1, 3), row("2", "Factuality", 1, 3), row("3", "Factuality", 1, 3),
                row("4", "Math", 1, 3));
        List<ObjectNode> sc = List.of(
                scores("1", 2, 1, 1, 1),   // outright win: 1
                scores("2", 2, 2, 1, 1),   // two-way tie at the top: 1/2
                scores("3", 1, 2, 1, 1),   // beaten: 0
                scores("4", 3, 3, 3, 0));  // three-way tie: 1/3
        EvalReport r = new EvalRunner().run(EvalRequest.builder("rewardbench2").data(Files2.jsonl(tmp.resolve("d.jsonl"), data))
                .scores(Files2.jsonl(tmp.resolve("s.jsonl"), sc)).build());
        assertEquals(50.0, r.group("Factuality").orElseThrow().value(), 1e-9);
        assertEquals(100.0 / 3, r.group("Math").orElseThrow().value(), 1e-9);
        assertEquals((50.0 + 100.0 / 3) / 2, r.headline().value(), 1e-9, "unweighted mean of subsets, not of prompts");
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("Precise IF")), "missing subsets are named");
    }

    @Test
    void tiesComposite(@TempDir Path tmp) {
        // prompt 1: ref row accurate (gap 1), tied row accurate with gap 2 > spread 1
        // prompt 2: ref row not accurate (gap -1), tied row accurate with gap 0.5 < spread 1
        List<ObjectNode> data = List.of(row("ref:1", "Ties", 1, 2), row("tied:1", "Ties", 2, 2),
                row("ref:2", "Ties", 1, 2), row("tied:2", "Ties", 2, 2));
        List<ObjectNode> sc = List.of(scores("ref:1", 3, 2, 1), scores("tied:1", 5, 4, 2, 1),
                scores("ref:2", 1, 2, 0), scores("tied:2", 5, 4, 3.5, 1));
        EvalReport r = new EvalRunner().run(EvalRequest.builder("rewardbench2").data(Files2.jsonl(tmp.resolve("d.jsonl"), data))
                .scores(Files2.jsonl(tmp.resolve("s.jsonl"), sc)).build());
        double tiedAcc = 1.0;
        double refAcc = 0.5;
        double pref = 0.5;                  // tied:1 gap 2 > spread 1; tied:2 gap 0.5 < 1
        double prefHard = 0.5;              // min(1, 2) = 1 > 1? no… see below
        // prompt 1: min(gap ref 1, gap tied 2) = 1, not > spread 1 → 0; prompt 2: min(-1, 0.5) = -1 → 0
        prefHard = 0.0;
        double margin = (Math.tanh(1.0 / 1 - 1) + Math.tanh(-1.0 / 1 - 1)) / 2;
        double expected = 0.30 * tiedAcc + 0.30 * refAcc + 0.20 * pref + 0.20 * prefHard + 0.01 * margin;
        assertEquals(100 * expected, r.group("Ties").orElseThrow().value(), 1e-9);
        assertEquals(100 * expected, r.headline().value(), 1e-9);
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {"1", "ref", new double[] {3}, new double[] {2, 1}});
        rows.add(new Object[] {"1", "tied", new double[] {5, 4}, new double[] {2, 1}});
        assertEquals(0.30 + 0.30 + 0.20 + 0.0 + 0.01 * Math.tanh(0), RewardBench2.tiesScore(rows), 1e-12);
    }

    @Test
    void zeroSpreadMarginIsNotNaN() {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {"1", "ref", new double[] {2}, new double[] {1}});
        rows.add(new Object[] {"1", "tied", new double[] {2, 2}, new double[] {1}});
        // spread 0: min gap 1 / 0 = +inf → tanh = 1; pref and pref_hard true
        assertEquals(0.30 + 0.30 + 0.20 + 0.20 + 0.01, RewardBench2.tiesScore(rows), 1e-12);
        rows.set(0, new Object[] {"1", "ref", new double[] {1}, new double[] {1}});
        // gap 0 / spread 0 = NaN → 0 (ref not accurate, pref_hard false)
        assertEquals(0.30 + 0.0 + 0.20 + 0.0 + 0.0, RewardBench2.tiesScore(rows), 1e-12);
    }

    @Test
    void unequalCandidateCountsAreNamed(@TempDir Path tmp) {
        ObjectNode bad = row("9", "Focus", 1, 3);
        bad.put("total_completions", 5);
        EvalReport r = new EvalRunner().run(EvalRequest.builder("rb2").data(Files2.jsonl(tmp.resolve("d.jsonl"), List.of(bad, row("8", "Focus", 1, 3))))
                .scores(Files2.jsonl(tmp.resolve("s.jsonl"), List.of(scores("8", 1, 0, 0, 0), json("{'id':'9','scores':[1,0,0,0]}")))).build());
        assertEquals(1, r.counts().itemsSkipped());
        assertTrue(r.skipped().get(0).reason().contains("unequal counts"), r.skipped().toString());
        assertEquals("9", r.skipped().get(0).id());
        assertEquals(100.0, r.headline().value(), 1e-9);
    }
}
