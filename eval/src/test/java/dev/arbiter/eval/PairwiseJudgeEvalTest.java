package dev.arbiter.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Prompt;
import dev.arbiter.eval.data.InputFiles;
import dev.arbiter.eval.probe.PairwiseJudge;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A plugged-in pairwise judge run over benchmark items: JudgeBench's two games, seeded single orders elsewhere. */
class PairwiseJudgeEvalTest {

    /** Prefers the longer answer; a tie when equally long. */
    static final PairwiseJudge LONGER = new PairwiseJudge() {
        @Override public Verdict judge(Prompt p, String a, String b, JsonNode ref, Deadline d) {
            return a.length() > b.length() ? Verdict.FIRST : a.length() < b.length() ? Verdict.SECOND : Verdict.TIE;
        }
        @Override public String signature() { return "longer-answer"; }
    };

    @Test
    void judgeBenchWithTwoGames() throws IOException {
        Path pairs = SharedData.rmBench("judgebench/judgebench_pairs_claude-3-5-sonnet-20240620.jsonl");
        int correct = 0;
        int n = 0;
        for (String line : Files.readAllLines(pairs)) {
            JsonNode row = InputFiles.JSON.readTree(line);
            int la = row.get("response_A").asText().length();
            int lb = row.get("response_B").asText().length();
            String longer = la > lb ? "A>B" : la < lb ? "B>A" : "A=B";
            correct += longer.equals(row.get("label").asText()) ? 1 : 0;   // both games agree, so the vote is ±2 or 0
            n++;
        }
        EvalReport r = new EvalRunner().run(EvalRequest.builder("judgebench").data(pairs).judge(LONGER).build());
        assertEquals(270, r.headline().n());
        assertEquals(100.0 * correct / n, r.headline().value(), 1e-9);
        assertEquals(100.0, r.metric("order_consistency").orElseThrow().value(), 1e-9);
        assertTrue(r.run().scoresKind().contains("longer-answer"), r.run().scoresKind());
    }

    @Test
    void seededOrdersAreReproducible() {
        Path sample = Examples.eval("rewardbench-sample.jsonl");
        PairwiseJudge firstWins = new PairwiseJudge() {
            @Override public Verdict judge(Prompt p, String a, String b, JsonNode ref, Deadline d) { return Verdict.FIRST; }
            @Override public String signature() { return "first"; }
        };
        double a = new EvalRunner().run(EvalRequest.builder("rewardbench").data(sample).judge(firstWins).seed(7).build()).headline().value();
        double b = new EvalRunner().run(EvalRequest.builder("rewardbench").data(sample).judge(firstWins).seed(7).build()).headline().value();
        assertEquals(a, b, 0.0);
        EvalReport both = new EvalRunner().run(EvalRequest.builder("rewardbench").data(sample).judge(firstWins).bothOrders(true).build());
        assertEquals(50.0, both.headline().value(), 1e-9, "in both orders a first-position judge splits every pair: credit ½");
        EvalException e = assertThrows(EvalException.class, () -> new EvalRunner().run(EvalRequest.builder("rewardbench2")
                .data(sample).judge(firstWins).build()));
        assertEquals(EvalException.Kind.USAGE, e.kind());
        assertTrue(List.of(e.getMessage()).get(0).contains("RewardBench 2"));
    }
}
