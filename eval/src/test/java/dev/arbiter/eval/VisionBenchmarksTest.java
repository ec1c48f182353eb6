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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** VL-RewardBench (majority of k, unparsed leave the denominator, pooled vs macro), VLRMBench (weighted F1), ViLBench. */
class VisionBenchmarksTest {

    private static ObjectNode vlItem(String id, int better) {
        ObjectNode o = json("{'query':'what is shown?','image':'img.png','response':['one','two']}");
        o.put("id", id);
        o.putArray("human_ranking").add(better == 0 ? 0 : 1).add(better == 0 ? 1 : 0);
        return o;
    }

    private static ObjectNode judged(String id, String... raws) {
        ObjectNode o = Files2.obj();
        o.put("id", id);
        var js = o.putArray("judgments");
        int k = 0;
        for (String raw : raws) {
            js.addObject().put("raw", raw).put("sample", k++).putArray("order").add("a1").add("a2");
        }
        return o;
    }

    @Test
    void vlRewardBenchOfficialRules(@TempDir Path tmp) {
        List<ObjectNode> data = List.of(vlItem("RLAIF_1", 0), vlItem("RLHF_2", 1), vlItem("hallucination_3", 0),
                vlItem("mathverse_4", 0), vlItem("wildvision_5", 1), vlItem("vlfeedback_6", 0));
        String a1 = "Overall Judgment: Answer 1 is better";
        String a2 = "Overall Judgment: Answer 2 is better";
        List<ObjectNode> sc = List.of(
                judged("RLAIF_1", a1, a1, a2),          // agree by majority
                judged("RLHF_2", a1, a1, a1),           // reject (answer 2 was better)
                judged("hallucination_3", "no idea", "unclear", a1),  // doesntMatch majority → out of denominator
                judged("mathverse_4", a1),              // agree
                judged("wildvision_5", a2),             // agree
                judged("vlfeedback_6", a1, a2));        // split → "other", out of denominator
        EvalReport r = new EvalRunner().run(EvalRequest.builder("vl-rewardbench").data(Files2.jsonl(tmp.resolve("d.jsonl"), data))
                .scores(Files2.jsonl(tmp.resolve("s.jsonl"), sc)).build());
        assertEquals(50.0, r.group("hallucination").orElseThrow().value(), 1e-9, "1 agree / (1 agree + 1 reject)");
        assertEquals(100.0, r.group("reasoning").orElseThrow().value(), 1e-9);
        assertEquals(100.0, r.group("general").orElseThrow().value(), 1e-9);
        assertEquals(75.0, r.headline().value(), 1e-9, "pooled: 3 agree / 4 decided");
        assertEquals((50.0 + 100 + 100) / 3, r.metric("macro").orElseThrow().value(), 1e-9);
        assertEquals(50.0, r.metric("overall_strict").orElseThrow().value(), 1e-9, "3 agree / 6 items");
        assertEquals(100.0 * 2 / 6, r.metric("parse_failure_rate").orElseThrow().value(), 1e-9);
        assertEquals(6, r.counts().itemsEvaluated(), "unparsed items are evaluated, not skipped");
    }

    @Test
    void vlRewardBenchScalarTiesAreUnparsed(@TempDir Path tmp) {
        EvalReport r = new EvalRunner().run(EvalRequest.builder("vl-rewardbench")
                .data(Files2.jsonl(tmp.resolve("d.jsonl"), List.of(vlItem("RLAIF_1", 0), vlItem("RLAIF_2", 0))))
                .scores(Files2.jsonl(tmp.resolve("s.jsonl"), List.of(json("{'id':'RLAIF_1','scores':{'a1':2,'a2':1}}"),
                        json("{'id':'RLAIF_2','scores':{'a1':1,'a2':1}}")))).build());
        assertEquals(100.0, r.headline().value(), 1e-9);
        assertEquals(50.0, r.metric("overall_strict").orElseThrow().value(), 1e-9);
    }

    @Test
    void vlrmBenchWeightedF1OnTheRealFixture(@TempDir Path tmp) throws IOException {
        Path data = SharedData.rmBench("vlrmbench/image_ref_error.jsonl");
        List<ObjectNode> allZero = new ArrayList<>();
        List<ObjectNode> perfect = new ArrayList<>();
        int n0 = 0;
        int n1 = 0;
        for (String line : Files.readAllLines(data)) {
            JsonNode row = InputFiles.JSON.readTree(line);
            List<Integer> gt = new ArrayList<>();
            row.get("task_gt").forEach(x -> gt.add(x.asInt()));
            for (int g : gt) {
                n0 += g == 0 ? 1 : 0;
                n1 += g == 1 ? 1 : 0;
            }
            ObjectNode z = Files2.obj();
            z.put("id", row.get("id").asText());
            z.putArray("judgments").addObject().put("raw", "All steps look fine: 0");
            allZero.add(z);
            ObjectNode p = Files2.obj();
            p.put("id", row.get("id").asText());
            var steps = p.putObject("step_scores").putArray("trace");
            gt.forEach(g -> steps.add(g == 1 ? 0.1 : 0.9));
            perfect.add(p);
        }
        assertEquals(806, n0 + n1);
        EvalReport r = new EvalRunner().run(EvalRequest.builder("vlrmbench").data(data).scores(Files2.jsonl(tmp.resolve("z.jsonl"), allZero)).build());
        assertEquals(58, r.counts().itemsEvaluated());
        double f1Zero = 2.0 * n0 / (2.0 * n0 + n1);
        assertEquals(100 * ((double) n1 / (n0 + n1)) * f1Zero, r.headline().value(), 1e-9, "(n0/N)·F1₁ + (n1/N)·F1₀ with F1₁ = 0");
        EvalReport p = new EvalRunner().run(EvalRequest.builder("vlrmbench").data(data).scores(Files2.jsonl(tmp.resolve("p.jsonl"), perfect)).build());
        assertEquals(100.0, p.headline().value(), 1e-9);
        assertEquals(List.of(1, 0, 1, 0), VlrmBench.parseLabels("steps: [3, 0, -1]; 00", 4));
    }

    @Test
    void vilBenchBestOfN(@TempDir Path tmp) {
        List<ObjectNode> data = List.of(
                json("{'id':'q1','question':'?','responses':['a','b','c'],'correct':[false,true,false]}"),
                json("{'id':'q2','question':'?','responses':['a','b','c'],'correct':[0]}"));
        List<ObjectNode> sc = List.of(json("{'id':'q1','scores':{'c0':0.1,'c1':0.9,'c2':0.3}}"),
                json("{'id':'q2','scores':{'c0':0.5,'c1':0.5,'c2':0.1}}"));
        EvalReport r = new EvalRunner().run(EvalRequest.builder("vilbench").data(Files2.jsonl(tmp.resolve("d.jsonl"), data))
                .scores(Files2.jsonl(tmp.resolve("s.jsonl"), sc)).build());
        assertEquals(75.0, r.headline().value(), 1e-9, "q1 right, q2 tied between a right and a wrong answer: ½");
    }

    @Test
    void mRewardBenchPerLanguage(@TempDir Path tmp) throws IOException {
        Path de = Files.createDirectories(tmp.resolve("deu_Latn"));
        Path fr = Files.createDirectories(tmp.resolve("fra_Latn"));
        List<ObjectNode> deRows = new ArrayList<>();
        List<ObjectNode> frRows = new ArrayList<>();
        List<ObjectNode> sc = new ArrayList<>();
        String[] subsets = {"alpacaeval-easy", "mt-bench-hard", "donotanswer", "math-prm", "hep-go"};
        int id = 0;
        for (String s : subsets) {
            for (int k = 0; k < 2; k++) {
                ObjectNode row = Files2.obj();
                row.put("id", id).put("prompt", "p").put("chosen", "c").put("rejected", "r").put("subset", s);
                deRows.add(row);
                frRows.add(row);
                sc.add(json("{'id':'deu_Latn:" + id + "','scores':{'chosen':1,'rejected':0}}"));
                sc.add(json("{'id':'fra_Latn:" + id + "','scores':{'chosen':" + (k == 0 ? 1 : 0) + ",'rejected':0.5}}"));
                id++;
            }
        }
        Files2.jsonl(de.resolve("filtered.jsonl"), deRows);
        Files2.jsonl(fr.resolve("filtered.jsonl"), frRows);
        EvalReport r = new EvalRunner().run(EvalRequest.builder("m-rewardbench").data(tmp)
                .scores(Files2.jsonl(tmp.resolve("scores.jsonl"), sc)).build());
        assertEquals(100.0, r.group("deu_Latn").orElseThrow().value(), 1e-9);
        assertEquals(50.0, r.group("fra_Latn").orElseThrow().value(), 1e-9);
        assertEquals(75.0, r.headline().value(), 1e-9);
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("2 of the 23 languages")), r.notes().toString());
    }
}
