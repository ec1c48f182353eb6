package dev.arbiter.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.eval.data.InputFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.arbiter.eval.Files2.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WB-Score from per-task 1–10 ratings and the task groups of WildBench's {@code _create_tables.py}: tags mapped to five
 * groups (multi-label, deduplicated), truncated/empty answers in the mean but in no group, group score
 * (mean − 5)·2, task macro Σ w·group / 4.75. Expected values are computed by hand in the comments.
 */
class WildBenchScoreTest {

    /** Six WildBench v2 tasks (the HF rows carry id/session_id and the tags). */
    private static Path tasks(Path dir) {
        return Files2.jsonl(dir.resolve("wildbench_v2.jsonl"), List.of(
                json("{'session_id':'t1','primary_tag':'Coding & Debugging','secondary_tags':['Reasoning']}"),          // Coding, P&R
                json("{'session_id':'t2','primary_tag':'Math','secondary_tags':['Data Analysis','Reasoning']}"),        // Math, P&R
                json("{'session_id':'t3','primary_tag':'Creative Writing','secondary_tags':['Editing','Brainstorming']}"), // Creative
                json("{'session_id':'t4','primary_tag':'Information seeking','secondary_tags':['Advice seeking']}"),    // Info
                json("{'session_id':'t5','primary_tag':'Others','secondary_tags':[]}"),                                 // Creative
                json("{'session_id':'t6','primary_tag':'Planning','secondary_tags':[]}")));                             // P&R
    }

    private static ObjectNode rated(String id, String model, Object score, String output) {
        ObjectNode o = Files2.obj();
        o.put("session_id", id).put("model_test", model).put("model_output", output);
        if (score instanceof String s) {
            o.put("score", s);
        } else if (score instanceof Integer i) {
            o.put("score", i);
        } else {
            o.putObject("parsed_result").put("strengths", "…").put("score", String.valueOf(score));
        }
        return o;
    }

    private static Path scoreFile(Path file, List<ObjectNode> rows) throws IOException {
        ArrayNode arr = InputFiles.JSON.createArrayNode();
        rows.forEach(arr::add);
        Files.writeString(file, arr.toPrettyString());   // the upstream files are one JSON array
        return file;
    }

    @Test
    void wbScoreFromTheUpstreamScoreFiles(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("score.v2/eval=gpt-4o-2024-05-13"));
        scoreFile(dir.resolve("model-a.json"), List.of(
                rated("t1", "model-a", 8, "an answer"),
                rated("t2", "model-a", "6", "an answer"),             // upstream writes the judge's string
                rated("t3", "model-a", 9.0, "an answer"),             // only parsed_result.score
                rated("t4", "model-a", 7, "an answer"),
                rated("t5", "model-a", 3, "a long answer ... (truncated)"),
                rated("t6", "model-a", 5, "")));
        scoreFile(dir.resolve("model-b.json"), List.of(rated("t1", "model-b", 2, "x")));
        EvalException pick = assertThrows(EvalException.class, () -> new EvalRunner().run(EvalRequest.builder("wildbench").scores(dir).build()));
        assertTrue(pick.getMessage().contains("model-a, model-b"), pick.getMessage());
        EvalReport r = new EvalRunner().run(EvalRequest.builder("wildbench").data(tasks(tmp)).scores(dir).option("run", "model-a").build());
        assertEquals(6, r.counts().itemsEvaluated());
        assertEquals("wb_score", r.headline().name());
        // mean (8+6+9+7+3+5)/6 = 38/6 over every rated task, truncated and empty answers included
        assertEquals((38.0 / 6 - 5) * 2, r.headline().value(), 1e-9);
        assertEquals(38.0 / 6, r.metric("wb_score_raw_mean").orElseThrow().value(), 1e-9);
        // groups without t5 (truncated) and t6 (empty): Coding {8} → 6, P&R {8, 6} → 4, Math {6} → 2, Creative {9} → 8, Info {7} → 4
        var g = r.group("WB-Score").orElseThrow().metrics();
        assertEquals(6.0, g.get("Coding & Debugging"), 1e-9);
        assertEquals(4.0, g.get("Planning & Reasoning"), 1e-9);
        assertEquals(2.0, g.get("Math & Data Analysis"), 1e-9);
        assertEquals(8.0, g.get("Creative Tasks"), 1e-9);
        assertEquals(4.0, g.get("Information/Advice seeking"), 1e-9);
        // (0.5·8 + 1.25·4 + 1.0·2 + 0.75·4 + 1.25·6) / 4.75 = 21.5 / 4.75
        assertEquals(21.5 / 4.75, r.metric("wb_score_task_macro").orElseThrow().value(), 1e-9);
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("2 rated answers are truncated or empty")), r.notes().toString());
        assertEquals(2, r.group("WB-Score / Planning & Reasoning").orElseThrow().n());
    }

    @Test
    void wbScoreFromItemsAndJudgeTexts(@TempDir Path tmp) {
        Path d = Files2.jsonl(tmp.resolve("d.jsonl"), List.of(
                json("{'session_id':'a','output':'answer a','primary_tag':'Coding & Debugging','secondary_tags':[]}"),
                json("{'session_id':'b','output':'answer b','primary_tag':'Coding & Debugging','secondary_tags':['Math']}"),
                json("{'session_id':'c','output':'answer c','primary_tag':'Coding & Debugging','secondary_tags':[]}"),
                json("{'session_id':'e','output':'answer e','primary_tag':'Coding & Debugging','secondary_tags':[]}")));
        ObjectNode a = json("{'id':'a'}");
        a.putArray("judgments").addObject().put("raw", "{\"strengths\": \"clear\", \"weaknesses\": \"none\", \"score\": \"9\"}");
        ObjectNode b = json("{'id':'b'}");
        b.putArray("judgments").addObject().put("raw", "Sure. {\"strengths\": \"ok\", \"score\": \"4\"} and more");  // not JSON: the regex
        ObjectNode c = json("{'id':'c','scores':{'test':5}}");
        ObjectNode e = json("{'id':'e'}");
        e.putArray("judgments").addObject().put("raw", "I would give it a seven.");                                // no score: dropped
        EvalReport r = new EvalRunner().run(EvalRequest.builder("wildbench").data(d)
                .scores(Files2.jsonl(tmp.resolve("s.jsonl"), List.of(a, b, c, e))).build());
        assertEquals(3, r.counts().itemsEvaluated());
        assertEquals(1, r.counts().itemsSkipped());
        assertEquals((18.0 / 3 - 5) * 2, r.headline().value(), 1e-9, "(9+4+5)/3 = 6 → 2");
        // Coding {9,4,5} → 2; Math {4} → −2; the other three groups absent: (1.25·2 + 1.0·(−2)) / 4.75
        assertEquals((1.25 * 2 - 2) / 4.75, r.metric("wb_score_task_macro").orElseThrow().value(), 1e-9);
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("divides by all five weights")), r.notes().toString());
    }

    @Test
    void wbRewardPerItemUsesTheTagGroupsAndLeavesTruncatedAnswersOut(@TempDir Path tmp) {
        Path d = Files2.jsonl(tmp.resolve("d.jsonl"), List.of(
                json("{'session_id':'1','output':'t','reference_output':'r','reference_model':'gpt-4-turbo-2024-04-09','primary_tag':'Coding & Debugging','secondary_tags':['Reasoning']}"),
                json("{'session_id':'2','output':'t','reference_output':'r','reference_model':'gpt-4-turbo-2024-04-09','primary_tag':'Math','secondary_tags':[]}"),
                json("{'session_id':'3','output':'t ... (truncated)','reference_output':'r','reference_model':'gpt-4-turbo-2024-04-09','primary_tag':'Math','secondary_tags':[]}")));
        List<ObjectNode> sc = List.of(verdict("1", "A>>B"), verdict("2", "B>A"), verdict("3", "A>>B"));
        EvalReport r = new EvalRunner().run(EvalRequest.builder("wildbench").data(d).scores(Files2.jsonl(tmp.resolve("s.jsonl"), sc)).build());
        // (+1 − ½ + 0) / 3: the truncated answer stays in the denominator with 0
        assertEquals(100 * 0.5 / 3, r.headline().value(), 1e-9);
        // Coding {+1}, P&R {+1}, Math {−½} (task 3 left out): (1.25·1 + 1.25·1 + 1.0·(−0.5)) / 4.75
        assertEquals(100 * 2.0 / 4.75, r.metric("task_macro_reward_gpt-4-turbo-2024-04-09").orElseThrow().value(), 1e-9);
        var counts = r.group("gpt-4-turbo-2024-04-09").orElseThrow().metrics();
        assertEquals(1.0, counts.get("win_much"));
        assertEquals(1.0, counts.get("lose"));
        assertEquals(0.0, counts.get("tie"), "the truncated task is in no outcome count");
    }

    private static ObjectNode verdict(String id, String parsed) {
        ObjectNode o = json("{'id':'gpt-4-turbo-2024-04-09:" + id + "'}");
        var j = o.putArray("judgments").addObject();
        j.putArray("order").add("test").add("ref");
        j.put("parsed", parsed);
        return o;
    }

    @Test
    void anUnknownTagIsABadRow(@TempDir Path tmp) {
        Path d = Files2.jsonl(tmp.resolve("d.jsonl"), List.of(json("{'session_id':'x','output':'o','primary_tag':'Poetry'}")));
        EvalReport r = new EvalRunner().run(EvalRequest.builder("wildbench").data(d)
                .scores(Files2.jsonl(tmp.resolve("s.jsonl"), List.of(json("{'id':'x','scores':{'test':5}}")))).build());
        assertEquals(1, r.counts().itemsSkipped());
        assertTrue(r.skipped().get(0).reason().contains("unknown WildBench task tag 'Poetry'"), r.skipped().toString());
    }
}
