package dev.arbiter.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.arbiter.eval.Files2.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Missing fields, unequal candidate counts, duplicate ids, NaN scores, unknown benchmarks and options: each is a clear
 * error naming the item, or the item is reported as skipped with its reason; the denominator never changes silently.
 */
class BadInputTest {

    private static ObjectNode pair(Object id, String subset) {
        ObjectNode o = Files2.obj();
        if (id != null) {
            o.put("id", String.valueOf(id));
        }
        o.put("prompt", "p").put("chosen", "good").put("rejected", "bad");
        if (subset != null) {
            o.put("subset", subset);
        }
        return o;
    }

    private static ObjectNode score(String id, Object chosen, Object rejected) {
        return json("{'id':'" + id + "','scores':{'chosen':" + chosen + ",'rejected':" + rejected + "}}");
    }

    private EvalReport run(Path tmp, List<ObjectNode> data, List<ObjectNode> scores, boolean strict) {
        return new EvalRunner().run(EvalRequest.builder("rewardbench").data(Files2.jsonl(tmp.resolve("d.jsonl"), data))
                .scores(Files2.jsonl(tmp.resolve("s.jsonl"), scores)).strict(strict).build());
    }

    @Test
    void everyProblemIsReportedWithItsItem(@TempDir Path tmp) {
        ObjectNode noChosen = pair(5, "donotanswer");
        noChosen.remove("chosen");
        List<ObjectNode> data = List.of(pair(1, "donotanswer"), pair(2, "donotanswer"), pair(2, "donotanswer"), pair(null, "donotanswer"),
                noChosen, pair(6, null), pair(7, "donotanswer"), pair(8, "donotanswer"), pair(9, "donotanswer"));
        List<ObjectNode> scores = List.of(score("1", 1, 0), score("2", 1, 0), score("5", 1, 0), score("6", 1, 0),
                score("7", "NaN", 0), json("{'id':'8','scores':{'chosen':1}}"), score("9", 1, 0), score("9", 0, 1), score("99", 1, 0));
        EvalReport r = run(tmp, data, scores, false);
        assertEquals(9, r.counts().itemsRead());
        assertEquals(2, r.counts().itemsEvaluated(), "ids 1 and the first 2");
        assertEquals(7, r.counts().itemsSkipped());
        assertEquals(r.counts().itemsRead(), r.counts().itemsEvaluated() + r.counts().itemsSkipped(), "nothing disappears");
        String all = r.skipped().toString();
        assertTrue(all.contains("duplicate id"), all);
        assertTrue(all.contains("missing field 'id'"), all);
        assertTrue(all.contains("missing field 'chosen'"), all);
        assertTrue(all.contains("missing field 'subset'"), all);
        assertTrue(all.contains("candidate 'chosen' is NaN"), all);
        assertTrue(all.contains("no score for candidate 'rejected'"), all);
        assertTrue(all.contains("two score records for this id"), all);
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("match no item") && n.contains("99")), r.notes().toString());
        assertEquals(100.0, r.group("donotanswer").orElseThrow().value(), 1e-9);
        assertEquals(2, r.group("donotanswer").orElseThrow().n());
    }

    @Test
    void strictModeFailsNamingTheItem(@TempDir Path tmp) {
        EvalException e = assertThrows(EvalException.class, () -> run(tmp, List.of(pair(1, "donotanswer"), pair(7, "donotanswer")),
                List.of(score("1", 1, 0), score("7", "NaN", 0)), true));
        assertEquals(EvalException.Kind.INPUT, e.kind());
        assertTrue(e.getMessage().contains("'7'") && e.getMessage().contains("NaN"), e.getMessage());
        assertEquals(3, e.exitCode());
    }

    @Test
    void unknownBenchmarkAndOptionAndMissingArguments(@TempDir Path tmp) {
        EvalException e = assertThrows(EvalException.class, () -> new EvalRunner().run(EvalRequest.builder("rewardbench3").scores(tmp).build()));
        assertEquals(EvalException.Kind.USAGE, e.kind());
        assertTrue(e.getMessage().contains("unknown benchmark 'rewardbench3'") && e.getMessage().contains("judgebench"), e.getMessage());
        e = assertThrows(EvalException.class, () -> new EvalRunner().run(EvalRequest.builder("rewardbench").option("xstest", "x").scores(tmp).build()));
        assertTrue(e.getMessage().contains("unknown option 'xstest'") && e.getMessage().contains("xstest_weights"), e.getMessage());
        e = assertThrows(EvalException.class, () -> new EvalRunner().run(EvalRequest.builder("rewardbench").option("xstest_weights", "x").scores(tmp).build()));
        assertTrue(e.getMessage().contains("not one of"), e.getMessage());
        e = assertThrows(EvalException.class, () -> new EvalRunner().run(EvalRequest.builder("rewardbench").build()));
        assertTrue(e.getMessage().contains("--spec") && e.getMessage().contains("--scores"), e.getMessage());
        e = assertThrows(EvalException.class, () -> new EvalRunner().run(EvalRequest.builder("rewardbench")
                .scores(tmp.resolve("nope.jsonl")).build()));
        assertEquals(EvalException.Kind.INPUT, e.kind());
        assertTrue(e.getMessage().contains("nope.jsonl"), e.getMessage());
        e = assertThrows(EvalException.class, () -> new EvalRunner().run(EvalRequest.builder("rewardbench")
                .data(tmp).spec("{type: no_such_reward}").build()));
        assertEquals(EvalException.Kind.SPEC, e.kind());
    }

    @Test
    void severalRunsInOneScoreFileNeedAChoice(@TempDir Path tmp) {
        List<ObjectNode> scores = List.of(json("{'id':'1','run':'a','scores':{'chosen':1,'rejected':0}}"),
                json("{'id':'1','run':'b','scores':{'chosen':0,'rejected':1}}"));
        EvalException e = assertThrows(EvalException.class, () -> run(tmp, List.of(pair(1, "donotanswer")), scores, false));
        assertTrue(e.getMessage().contains("run=") && e.getMessage().contains("a, b"), e.getMessage());
        EvalReport r = new EvalRunner().run(EvalRequest.builder("rewardbench").data(tmp.resolve("d.jsonl")).scores(tmp.resolve("s.jsonl"))
                .option("run", "b").build());
        assertEquals(0.0, r.group("donotanswer").orElseThrow().value(), 1e-9);
    }

    @Test
    void malformedLinesAreSkippedByLine(@TempDir Path tmp) {
        Files2.text(tmp.resolve("d.jsonl"), pair(1, "donotanswer") + "\n{not json\n" + pair(2, "donotanswer") + "\n");
        EvalReport r = new EvalRunner().run(EvalRequest.builder("rewardbench").data(tmp.resolve("d.jsonl"))
                .scores(Files2.jsonl(tmp.resolve("s.jsonl"), List.of(score("1", 1, 0), score("2", 1, 0)))).build());
        assertEquals(1, r.counts().itemsSkipped());
        assertEquals("d.jsonl:2", r.skipped().get(0).origin());
        assertTrue(r.skipped().get(0).reason().contains("malformed JSON"));
    }
}
