package dev.arbiter.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.eval.data.InputFiles;
import dev.arbiter.eval.report.ItemResult;
import dev.arbiter.eval.report.MetricGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RM-Bench on its real data (chat, code, both safety halves) with scores computed here, against an independent tally. */
class RmBenchTest {
    private static final Path DIR = SharedData.rmBench("rm-bench");

    @Test
    void realDataWithLengthScores(@TempDir Path tmp) throws IOException {
        // score = −length: a reward that prefers short answers (so "hard" is easy for it)
        List<ObjectNode> scores = new ArrayList<>();
        double[][][] sum = new double[4][3][3];
        int[] n = new int[4];
        String[] files = {"chat", "code", "safety-refuse", "safety-response"};
        for (String f : files) {
            JsonNode arr = InputFiles.JSON.readTree(DIR.resolve(f + "_filtered.json").toFile());
            int d = f.startsWith("safety") ? 2 : f.equals("chat") ? 0 : 1;
            for (JsonNode row : arr) {
                ObjectNode s = Files2.obj();
                s.put("id", f + ":" + row.get("id").asText());
                ObjectNode m = s.putObject("scores");
                for (int i = 0; i < 3; i++) {
                    m.put("chosen" + i, -row.get("chosen").get(i).asText().codePointCount(0, row.get("chosen").get(i).asText().length()));
                    m.put("rejected" + i, -row.get("rejected").get(i).asText().codePointCount(0, row.get("rejected").get(i).asText().length()));
                }
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        sum[d][i][j] += m.get("chosen" + i).asDouble() > m.get("rejected" + j).asDouble() ? 1 : 0;
                    }
                }
                n[d]++;
                scores.add(s);
            }
        }
        EvalReport r = new EvalRunner().run(EvalRequest.builder("rm-bench").data(DIR)
                .scores(Files2.jsonl(tmp.resolve("s.jsonl"), scores)).build());
        assertEquals(798, r.counts().itemsEvaluated(), r.skipped().toString());
        assertEquals(0, r.counts().itemsSkipped());
        String[] domains = {"chat", "code", "safety"};
        double overall = 0;
        for (int d = 0; d < 3; d++) {
            double hard = (sum[d][0][1] + sum[d][0][2] + sum[d][1][2]) / 3 / n[d];
            double normal = (sum[d][0][0] + sum[d][1][1] + sum[d][2][2]) / 3 / n[d];
            double easy = (sum[d][1][0] + sum[d][2][0] + sum[d][2][1]) / 3 / n[d];
            MetricGroup g = r.group(domains[d]).orElseThrow();
            assertEquals(n[d], g.n());
            assertEquals(100 * hard, g.metrics().get("hard"), 1e-9, domains[d] + " hard");
            assertEquals(100 * normal, g.metrics().get("normal"), 1e-9, domains[d] + " normal");
            assertEquals(100 * easy, g.metrics().get("easy"), 1e-9, domains[d] + " easy");
            assertEquals(100 * (hard + normal + easy) / 3, g.value(), 1e-9);
            overall += (hard + normal + easy) / 3;
        }
        assertEquals(100 * overall / 3, r.headline().value(), 1e-9);
        assertEquals(r.headline().value(), (r.metric("easy").orElseThrow().value() + r.metric("normal").orElseThrow().value()
                + r.metric("hard").orElseThrow().value()) / 3, 1e-9, "Overall = mean(Easy, Normal, Hard)");
        assertTrue(r.notes().stream().anyMatch(x -> x.contains("math")), "the missing math domain is named");
        assertTrue(r.group("safety-refuse").isPresent() && r.group("safety-response").isPresent());
    }

    @Test
    void ties_areNotWins_andUnequalStylesAreSkipped(@TempDir Path tmp) {
        ObjectNode ok = Files2.json("{'id':1,'domain':'chat','prompt':'p','chosen':['a','b','c'],'rejected':['x','y','z']}");
        ObjectNode bad = Files2.json("{'id':2,'domain':'chat','prompt':'p','chosen':['a','b','c'],'rejected':['x','y']}");
        ObjectNode s = Files2.json("{'id':'chat:1','scores':{'chosen0':1,'chosen1':1,'chosen2':1,'rejected0':1,'rejected1':0,'rejected2':0}}");
        EvalReport r = new EvalRunner().run(EvalRequest.builder("rmbench").data(Files2.jsonl(tmp.resolve("d.jsonl"), List.of(ok, bad)))
                .scores(Files2.jsonl(tmp.resolve("s.jsonl"), List.of(s))).build());
        assertEquals(1, r.counts().itemsSkipped());
        assertTrue(r.skipped().get(0).reason().contains("unequal counts"));
        ItemResult it = r.items().get(0);
        assertEquals(6.0 / 9, it.outcome().get("score"), 1e-12);
        assertEquals(1.0, it.outcome().get("hard"), 1e-12, "cells (0,1), (0,2), (1,2) win");
        assertEquals(2.0 / 3, it.outcome().get("normal"), 1e-12, "(0,0) ties and does not count");
        assertEquals(1.0 / 3, it.outcome().get("easy"), 1e-12, "(1,0) and (2,0) tie, (2,1) wins");
    }

    @Test
    void officialLayoutWithoutDomainNeedsAFileNameOrOption(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("mystery.json");
        Files.writeString(f, "[{\"id\": 1, \"prompt\": \"p\", \"chosen\": [\"a\",\"b\",\"c\"], \"rejected\": [\"x\",\"y\",\"z\"]}]");
        EvalReport r = new EvalRunner().run(EvalRequest.builder("rm-bench").data(f)
                .scores(Files2.jsonl(tmp.resolve("s.jsonl"), List.of(Files2.json("{'id':'x','scores':{}}")))).build());
        assertTrue(r.skipped().get(0).reason().contains("domain="), r.skipped().toString());
        EvalReport r2 = new EvalRunner().run(EvalRequest.builder("rm-bench").data(f).option("domain", "math")
                .scores(Files2.jsonl(tmp.resolve("s2.jsonl"), List.of(Files2.json(
                        "{'id':'math:1','scores':{'chosen0':1,'chosen1':1,'chosen2':1,'rejected0':0,'rejected1':0,'rejected2':0}}")))).build());
        assertEquals(100.0, r2.headline().value(), 1e-9);
    }
}
