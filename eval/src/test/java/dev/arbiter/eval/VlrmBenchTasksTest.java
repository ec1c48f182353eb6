package dev.arbiter.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.eval.benchmark.VlrmBench;
import dev.arbiter.eval.data.InputFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.arbiter.eval.Files2.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * VLRMBench's Multi-Solution, Forecasting, Error Reason Analysis and Error Correction tasks, scored from the authors'
 * result rows ({@code eval_res/<task>/<model>.jsonl}) with the rules of {@code get_ms_eval_res.py},
 * {@code get_fores_eval_res.py} and {@code get_ec_era_eval_res*.py}; expected numbers computed by hand in the comments.
 * The step-task result rows are checked on the real {@code image_ref_error.jsonl} fixture.
 */
class VlrmBenchTasksTest {

    private static ObjectNode row(String id) {
        ObjectNode o = Files2.obj();
        o.put("id", id);
        return o;
    }

    @Test
    void theAuthorsScoreParser() {
        assertArrayEquals(new int[] {8, 3}, VlrmBench.parseScores("[8, 3]"));
        assertArrayEquals(new int[] {6, 5}, VlrmBench.parseScores("Response 1: 7/10, Response 2: 6.5"), "the last two \\d+ runs");
        assertArrayEquals(new int[] {9, 0}, VlrmBench.parseScores("9"), "zero-padded at the end");
        assertArrayEquals(new int[] {0, 0}, VlrmBench.parseScores(null), "a missing answer is [0,0]");
        assertArrayEquals(new int[] {0, 0}, VlrmBench.parseScores(""), "so is an empty one");
        assertArrayEquals(new int[] {2, 1}, VlrmBench.parseScores("[-2, -1]"), "\\d+ has no sign");
        assertTrue(VlrmBench.foresightCorrect("Yes.", true));
        assertTrue(VlrmBench.foresightCorrect("TRUE", true));
        assertTrue(VlrmBench.foresightCorrect("yes, or no", false), "any occurrence of the label's own word counts");
        assertFalse(VlrmBench.foresightCorrect("Nope", false), "\\b: 'Nope' is not 'no'");
        assertFalse(VlrmBench.foresightCorrect("yesterday", true));
    }

    @Test
    void multiSolutionFromTheAuthorsResultRows(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("eval_res/multi_solution"));
        List<ObjectNode> rows = new ArrayList<>();
        // front = (better, worse) shown in that order; back = (worse, better)
        rows.add(ms("1", "[8, 3]", "[2, 9]"));                    // better 8+9=17 > 3+2=5 → right
        rows.add(ms("2", "[5, 5]", "[5, 5]"));                    // 10 = 10 → a tie is wrong
        rows.add(ms("3", "Response 1: 7/10, Response 2: 6.5", "[\"Score for Response 1\", \"Score for Response 2\"] [4, 9]"));
        // front [6,5], back [4,9]: better 6+9=15 > 5+4=9 → right (the quirky parse still decides)
        rows.add(ms("4", null, "[3, 7]"));                        // front missing = [0,0]: better 0+7 > 0+3 → right
        rows.add(ms("5", null, null));                            // both missing: 0 = 0 → wrong
        rows.add(ms("6", "[9, 2]", "[9, 1]"));                    // the first shown gets 9 twice: better 9+1=10 < 2+9=11 → wrong
        EvalReport r = new EvalRunner().run(EvalRequest.builder("vlrmbench").scores(Files2.jsonl(dir.resolve("gpt-4o.jsonl"), rows)).build());
        assertEquals(6, r.counts().itemsEvaluated());
        assertEquals("multi_solution_accuracy", r.headline().name());
        assertEquals(100.0 * 3 / 6, r.headline().value(), 1e-9);
        assertEquals(100.0 * 3 / 6, r.group("multi_solution").orElseThrow().value(), 1e-9);
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("3 Multi-Solution judge answers are missing")), r.notes().toString());
    }

    private static ObjectNode ms(String id, String front, String back) {
        ObjectNode o = row(id);
        o.putArray("task_gt").add(0).add(1);
        if (front != null) {
            o.put("model_answer_front", front);
        }
        if (back == null) {
            o.putNull("model_answer_back");
        } else {
            o.put("model_answer_back", back);
        }
        return o;
    }

    @Test
    void multiSolutionFromDataWithJudgeTextsOrScalarScores(@TempDir Path tmp) {
        ObjectNode b = json("{'id':'b','question':'q','category':'multi_solution','reasoning_error':'bad'}");
        b.put("step_list", "['ok']");   // a Python list literal in a string, as the authors' files sometimes hold
        List<ObjectNode> data = List.of(
                json("{'id':'a','question':'q','category':'multi_solution','step_list':['STEP1: right. ','STEP2: done.'],'reasoning_error':'STEP1: wrong.'}"),
                b);
        Path d = Files2.jsonl(tmp.resolve("multi_solution.jsonl"), data);
        ObjectNode ja = row("a");
        var js = ja.putArray("judgments");
        js.addObject().put("raw", "[7, 4]").putArray("order").add("solution_1").add("solution_2");
        js.addObject().put("raw", "[6, 6]").putArray("order").add("solution_2").add("solution_1");   // 7+6=13 > 4+6=10 → right
        ObjectNode jb = row("b");
        var jbs = jb.putArray("judgments");
        jbs.addObject().put("raw", "[2, 8]").putArray("order").add("solution_1").add("solution_2");
        jbs.addObject().put("raw", "[5, 5]").putArray("order").add("solution_2").add("solution_1");   // 2+5=7 < 8+5=13 → wrong
        EvalReport judged = new EvalRunner().run(EvalRequest.builder("vlrmbench").data(d)
                .scores(Files2.jsonl(tmp.resolve("j.jsonl"), List.of(ja, jb))).build());
        assertEquals(50.0, judged.headline().value(), 1e-9);
        EvalReport scalar = new EvalRunner().run(EvalRequest.builder("vlrmbench").data(d)
                .scores(Files2.jsonl(tmp.resolve("s.jsonl"), List.of(json("{'id':'a','scores':{'solution_1':0.9,'solution_2':0.2}}"),
                        json("{'id':'b','scores':{'solution_1':0.5,'solution_2':0.5}}")))).build());
        assertEquals(50.0, scalar.headline().value(), 1e-9, "a scalar RM: better > worse strictly; the tie on b is wrong");
    }

    @Test
    void forecastingFromTheAuthorsResultRows(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("eval_res/foresight"));
        List<ObjectNode> rows = new ArrayList<>();
        rows.add(fores("1", true, "Yes"));                 // right
        rows.add(fores("2", false, "No."));                // right
        rows.add(fores("3", false, "Yes, it will not."));  // 'no' absent ('not' ≠ no) → wrong
        rows.add(fores("4", true, "Yes or no?"));          // right: the label's word is there
        rows.add(fores("5", false, "Yes or no?"));         // right as well
        rows.add(fores("6", true, "I cannot tell"));       // wrong
        ObjectNode missing = row("7");
        missing.put("task_gt", true);
        missing.putNull("model_answer");                  // the authors' script skips it (TypeError in re.search)
        rows.add(missing);
        EvalReport r = new EvalRunner().run(EvalRequest.builder("vlrmbench").scores(Files2.jsonl(dir.resolve("qvq.jsonl"), rows)).build());
        assertEquals(6, r.counts().itemsEvaluated());
        assertEquals(1, r.counts().itemsSkipped());
        assertEquals("binary_accuracy", r.headline().name());
        assertEquals(100.0 * 4 / 6, r.headline().value(), 1e-9);
        assertEquals(100.0 * 4 / 6, r.group("foresight").orElseThrow().value(), 1e-9);
    }

    private static ObjectNode fores(String id, boolean gt, String answer) {
        ObjectNode o = row(id);
        o.put("task_gt", gt).put("model_answer", answer);
        return o;
    }

    @Test
    void critiqueWinRatesFromTheJudgedRows(@TempDir Path tmp) throws IOException {
        Path ec = Files.createDirectories(tmp.resolve("eval_res/error_correction"));
        Path era = Files.createDirectories(tmp.resolve("eval_res/error_reason_analysis"));
        // judge_res_1: (reference, answer) shown in that order; judge_res_2: (answer, reference)
        // model = r1[1] + r2[0], reference = r1[0] + r2[1]
        Files2.jsonl(ec.resolve("minicpm_wr_by_qwen_judger.jsonl"), List.of(
                judged("1", 6, 8, 7, 5),      // model 8+7=15 > ref 6+5=11 → win
                judged("2", 8, 6, 6, 8),      // 12 vs 16 → loss
                judged("3", 7, 7, 5, 5),      // 12 vs 12 → tie
                judged("4", 9, 2, 9, 1)));    // the judge prefers whatever comes first: 11 vs 10 → win
        Files2.jsonl(era.resolve("minicpm_wr_by_qwen_judger.jsonl"), List.of(
                judged("5", 5, 5, 5, 5),      // tie
                judged("6", 3, 9, 9, 3)));    // 18 vs 6 → win
        EvalReport both = new EvalRunner().run(EvalRequest.builder("vlrmbench").scores(tmp.resolve("eval_res")).build());
        assertEquals(6, both.counts().itemsEvaluated());
        assertEquals(50.0, both.group("error_correction").orElseThrow().value(), 1e-9, "2 wins of 4");
        assertEquals(25.0, both.group("error_correction").orElseThrow().metrics().get("tie_rate"), 1e-9);
        assertEquals(25.0, both.group("error_correction").orElseThrow().metrics().get("lose_rate"), 1e-9);
        assertEquals(50.0, both.metric("error_reason_analysis_win_rate").orElseThrow().value(), 1e-9, "1 win, 1 tie");
        assertEquals(50.0, both.metric("error_reason_analysis_tie_rate").orElseThrow().value(), 1e-9);
        assertTrue(both.notes().stream().anyMatch(n -> n.contains("mixes VLRMBench tasks")), both.notes().toString());
        EvalReport one = new EvalRunner().run(EvalRequest.builder("vlrmbench").scores(ec).build());
        assertEquals("error_correction_win_rate", one.headline().name());
        assertEquals(50.0, one.headline().value(), 1e-9);
    }

    private static ObjectNode judged(String id, int r1a, int r1b, int r2a, int r2b) {
        ObjectNode o = row(id);
        o.putArray("judge_res_1").add(r1a).add(r1b);
        o.putArray("judge_res_2").add(r2a).add(r2b);
        return o;
    }

    @Test
    void critiqueVerdictsFromArbiterScoreOutput(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("error_correction"));
        List<ObjectNode> rows = List.of(
                scored("1", "ok", 1.0, "response=A verdict=A", "response=B verdict=B"),   // answer picked twice → win
                scored("2", "ok", 0.5, "response=A verdict=A", "response=B verdict=A"),   // order disagreement: 1 point each → tie
                scored("3", "ok", 0.0, "response=A verdict=B", "response=B verdict=A"),   // reference twice → loss
                scored("4", "ok", 1.0, "response=A verdict=A", "response=B verdict=C"),   // one win, one tie: 1 > 0 → win
                scored("5", "ok", 0.5, "response=A verdict=C", "response=B verdict=C"),   // [[C]] twice → tie
                scored("6", "error", 0.0, null, null),                                    // judge failed: left out, as the authors
                scored("7", "ok", 1.0, null, null));                                      // no games: the vote score, 1 → win
        EvalReport r = new EvalRunner().run(EvalRequest.builder("vlrmbench").scores(Files2.jsonl(dir.resolve("judged.jsonl"), rows)).build());
        assertEquals(6, r.counts().itemsEvaluated());
        assertEquals(1, r.counts().itemsSkipped());
        assertEquals("error_correction_win_rate", r.headline().name());
        assertEquals(100.0 * 3 / 6, r.headline().value(), 1e-9);
        assertEquals(100.0 * 2 / 6, r.metric("error_correction_tie_rate").orElseThrow().value(), 1e-9);
    }

    private static ObjectNode scored(String id, String status, double score, String game1, String game2) {
        ObjectNode o = row(id);
        o.put("question", "q").put("task_gt", "STEP1: the reference correction").put("model_answer", "STEP1: the model's correction");
        ObjectNode rw = o.putObject("reward");
        rw.put("score", score).put("status", status).put("reason", status.equals("ok") ? "" : "judge timed out");
        ObjectNode d = rw.putObject("details");
        if (game1 != null) {
            d.put("game1", game1).put("game2", game2);
        }
        return o;
    }

    @Test
    void unjudgedCritiquesAskForAJudge(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("eval_res/error_reason_analysis"));
        Path f = Files2.jsonl(dir.resolve("m.jsonl"), List.of(json("{'id':'1','question':'q','task_gt':'the reference analysis',"
                + "'model_answer':'my analysis','reasoning_error':'STEP1: x'}")));
        EvalException e = assertThrows(EvalException.class, () -> new EvalRunner().run(EvalRequest.builder("vlrmbench").scores(f).build()));
        assertEquals(EvalException.Kind.USAGE, e.kind());
        assertTrue(e.getMessage().contains("arbiter score"), e.getMessage());
    }

    @Test
    void critiqueItemsFromDataWithJudgeVerdictsOrScores(@TempDir Path tmp) {
        Path d = Files2.jsonl(tmp.resolve("error_correction.jsonl"), List.of(
                json("{'id':'1','question':'q','category':'error_correction','reasoning_error':'STEP1: 2+2=5','task_gt':'STEP1: 2+2=4'}"),
                json("{'id':'2','question':'q','category':'error_correction','reasoning_error':'STEP1: 3+3=7','task_gt':'STEP1: 3+3=6'}")));
        ObjectNode j1 = row("1");
        var js = j1.putArray("judgments");
        js.addObject().put("parsed", "A>B").putArray("order").add("answer").add("reference");
        js.addObject().put("parsed", "B>A").putArray("order").add("reference").add("answer");   // answer twice → win
        ObjectNode j2 = row("2");
        var js2 = j2.putArray("judgments");
        js2.addObject().put("raw", "[8, 6]").putArray("order").add("reference").add("answer");
        js2.addObject().put("raw", "[7, 7]").putArray("order").add("answer").add("reference");  // answer 6+7=13 < ref 8+7=15 → loss
        EvalReport r = new EvalRunner().run(EvalRequest.builder("vlrmbench").data(d).scores(Files2.jsonl(tmp.resolve("s.jsonl"), List.of(j1, j2))).build());
        assertEquals(50.0, r.headline().value(), 1e-9);
        assertEquals(0.0, r.metric("error_correction_tie_rate").orElseThrow().value(), 1e-9);
    }

    /** The step-task result rows on the real fixture: a fixed judge answer, F1s tallied here independently. */
    @Test
    void stepTaskResultRowsOnTheRealFixture(@TempDir Path tmp) throws IOException {
        Path data = SharedData.rmBench("vlrmbench/image_ref_error.jsonl");
        Path dir = Files.createDirectories(tmp.resolve("eval_res/image_ref_error"));
        List<ObjectNode> answers = new ArrayList<>();
        int tp = 0;
        int fp = 0;
        int fn = 0;
        int tn = 0;
        for (String line : Files.readAllLines(data)) {
            JsonNode src = InputFiles.JSON.readTree(line);
            List<Integer> gt = new ArrayList<>();
            src.get("task_gt").forEach(x -> gt.add(x.asInt()));
            ObjectNode o = row(src.get("id").asText());
            var arr = o.putArray("task_gt");
            gt.forEach(arr::add);
            // a judge that flags the first and the third step, as "[1, 0, 1]" text (the rest is zero-padded)
            o.put("model_answer", "The faulty steps: [1, 0, 2]");
            answers.add(o);
            for (int i = 0; i < gt.size(); i++) {
                int p = i == 0 || i == 2 ? 1 : 0;
                tp += gt.get(i) == 1 && p == 1 ? 1 : 0;
                fp += gt.get(i) == 0 && p == 1 ? 1 : 0;
                fn += gt.get(i) == 1 && p == 0 ? 1 : 0;
                tn += gt.get(i) == 0 && p == 0 ? 1 : 0;
            }
        }
        EvalReport r = new EvalRunner().run(EvalRequest.builder("vlrmbench").scores(Files2.jsonl(dir.resolve("m.jsonl"), answers)).build());
        assertEquals(58, r.counts().itemsEvaluated());
        double f1One = 2.0 * tp / (2.0 * tp + fp + fn);
        double f1Zero = 2.0 * tn / (2.0 * tn + fn + fp);
        int n0 = tn + fp;
        int n1 = tp + fn;
        assertEquals(806, n0 + n1);
        assertEquals(100 * ((double) n0 / (n0 + n1) * f1One + (double) n1 / (n0 + n1) * f1Zero), r.headline().value(), 1e-9);
        assertEquals(100 * f1One, r.metric("f1_faulty").orElseThrow().value(), 1e-9);
        assertTrue(r.group("image_ref_error").isPresent(), "the task comes from the eval_res/<task>/ path");
        // the same answers as judgments against the data file give the same number
        List<ObjectNode> recs = new ArrayList<>();
        for (ObjectNode a : answers) {
            ObjectNode rec = row(a.get("id").asText());
            rec.putArray("judgments").addObject().put("raw", a.get("model_answer").asText());
            recs.add(rec);
        }
        EvalReport viaData = new EvalRunner().run(EvalRequest.builder("vlrmbench").data(data).scores(Files2.jsonl(tmp.resolve("j.jsonl"), recs)).build());
        assertEquals(r.headline().value(), viaData.headline().value(), 1e-12);
    }
}
