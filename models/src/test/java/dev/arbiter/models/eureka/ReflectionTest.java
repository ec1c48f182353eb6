package dev.arbiter.models.eureka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReflectionTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ReflectionText TEXT = ReflectionText.builtIn();

    static double[] ramp(int n, double from, double step) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = from + i * step;
        }
        return v;
    }

    static RunLog trained(int index, double[] fitness) {
        Map<String, double[]> comps = new LinkedHashMap<>();
        comps.put("accuracy", ramp(fitness.length, 0.0, 0.05));
        comps.put("format", new double[fitness.length]);
        java.util.Arrays.fill(comps.get("format"), 1.0);
        return new RunLog(index, true, null, fitness, comps, null, null, null, null);
    }

    @Test
    void feedbackOfATrainedRunHasTheSampledSeriesAndTheirMaxMeanMin() {
        double[] gt = {1, 3, 2, 4};
        Map<String, double[]> comps = new LinkedHashMap<>();
        comps.put("accuracy", ramp(20, 0.1, 0.04));
        comps.put("format", new double[20]);
        RunLog run = new RunLog(0, true, null, ramp(20, 0.0, 0.02), comps, new double[] {1, 2, 3, 4}, gt, null, null);
        String f = TEXT.feedback(run);
        assertTrue(f.contains("every 2 logged steps"), f);
        assertTrue(f.contains("task_score: [0.00, 0.04, 0.08, 0.12, 0.16, 0.20, 0.24, 0.28, 0.32, 0.36], max 0.38, mean 0.19, min 0.00"), f);
        assertTrue(f.contains("accuracy: [0.10, 0.18, 0.26, 0.34, 0.42, 0.50, 0.58, 0.66, 0.74, 0.82], max 0.86, mean 0.48, min 0.10"), f);
        assertTrue(f.contains("format: [0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00], max 0.00, mean 0.00, min 0.00"), f);
        assertTrue(f.contains("correlation of this spec's reward with the ground-truth reward: 0.80"), f);
        assertTrue(f.indexOf("task_score") < f.indexOf("accuracy") && f.indexOf("accuracy") < f.indexOf("format: ["), f);
        assertTrue(f.contains("barely changes"), "the advice follows the statistics");
        assertTrue(f.strip().endsWith("separately."), "the output tip ends the feedback");
        assertFalse(f.contains("{{"), f);
        assertEquals(0.8, run.correlation().getAsDouble(), 1e-12);
        assertEquals(0.38, run.fitnessValue(), 1e-12);
    }

    @Test
    void aRunWithoutCorrelationHasNoCorrelationLineAndAShortRunHasStrideOne() {
        String f = TEXT.feedback(trained(0, new double[] {0.1, 0.4, 0.2}));
        assertFalse(f.contains("correlation"), f);
        assertTrue(f.contains("every 1 logged steps"), f);
        assertTrue(f.contains("task_score: [0.10, 0.40, 0.20], max 0.40, mean 0.23, min 0.10"), f);
    }

    @Test
    void feedbackOfAFailedCandidateCarriesItsError() {
        String f = TEXT.feedback(RunLog.failed(1, "candidate-1.yaml:3: unknown reward type 'acc'", null));
        assertTrue(f.contains("failed: candidate-1.yaml:3: unknown reward type 'acc'"), f);
        assertTrue(f.contains("```yaml"), "the output tip follows the error");
        assertFalse(f.contains("task_score"), f);
    }

    @Test
    void iterationSelectsReflectsAndMergesValidationFailures() {
        List<Candidate> cands = List.of(
                new Candidate(0, "A0", "type: constant", true, null, "constant@1(value=0.0)|deadline=2000ms", "x"),
                new Candidate(1, "A1", "type: nope", false, "unknown reward type 'nope'", null, null),
                new Candidate(2, "Answer two\n```yaml\ntype: constant\n```", "type: constant", true, null, "s", "x"),
                new Candidate(3, "A3", "type: constant", true, null, "s", "x"));
        List<RunLog> runs = List.of(trained(0, new double[] {0.1, 0.2}), trained(2, new double[] {0.3, 0.7}),
                trained(3, new double[] {0.7, 0.5}));
        EurekaSearch.Outcome o = EurekaSearch.iterate(cands, runs, null, TEXT);
        assertEquals(2, o.selection().index(), "0.7 first reached by candidate 2");
        assertEquals(0.75, o.selection().executeRate());
        assertEquals(Selection.DUMMY_FAILURE, o.runs().get(1).fitnessValue());
        assertEquals("unknown reward type 'nope'", o.runs().get(1).error());
        assertEquals("Answer two\n```yaml\ntype: constant\n```", o.reflection().assistant());
        assertTrue(o.reflection().feedback().contains("task_score: [0.30, 0.70]"), o.reflection().feedback());
        assertEquals("type: constant", o.bestSpec());
    }

    @Test
    void allFailedKeepsThePreviousReflectionAndALoneFailureFeedsItsErrorBack() {
        Reflection previous = new Reflection("old answer", "old feedback");
        List<Candidate> cands = List.of(
                new Candidate(0, "A0", "type: x", false, "bad 0", null, null),
                new Candidate(1, "A1", "type: constant", true, null, "s", "x"));
        EurekaSearch.Outcome o = EurekaSearch.iterate(cands, List.of(RunLog.failed(1, "Traceback: boom", null)), previous, TEXT);
        assertTrue(o.selection().allFailed());
        assertSame(previous, o.reflection());
        assertNull(o.bestSpec());

        EurekaSearch.Outcome lone = EurekaSearch.iterate(List.of(new Candidate(0, "A0", "type: x", false, "bad spec", null, null)),
                List.of(), previous, TEXT);
        assertFalse(lone.selection().allFailed());
        assertEquals(0, lone.selection().index());
        assertEquals("A0", lone.reflection().assistant());
        assertTrue(lone.reflection().feedback().contains("failed: bad spec"), lone.reflection().feedback());
    }

    @Test
    void searchStateKeepsTheStrictlyBestIteration() {
        SearchState s = SearchState.empty();
        EurekaSearch.Outcome a = EurekaSearch.iterate(null, List.of(trained(0, new double[] {0.5})), null, TEXT);
        EurekaSearch.Outcome tie = EurekaSearch.iterate(null, List.of(trained(0, new double[] {0.1}), trained(1, new double[] {0.5})), null, TEXT);
        EurekaSearch.Outcome failed = EurekaSearch.iterate(null, List.of(RunLog.failed(0, "x", null), RunLog.failed(1, "y", null)), null, TEXT);
        s = s.next(a).next(tie).next(failed);
        assertEquals(3, s.iterations().size());
        assertEquals(0, s.best().iteration(), "a tie does not replace the best");
        assertEquals(-1, s.iterations().get(2).index());
        SearchState back = SearchState.fromJson(s.toJson());
        assertEquals(s, back);
    }

    @Test
    void runsAreReadFromTheTrainersJson() throws Exception {
        JsonNode n = JSON.readTree("""
                {"runs": [
                  {"index": 1, "status": "failed", "error": "CUDA out of memory"},
                  {"index": 0, "fitness": [0.1, 0.3], "components": {"acc": [0.2, 0.4]}, "reward": [1, 2], "gt_reward": [2, 4]},
                  {"index": 2, "fitness": 0.9, "correlation": 0.5},
                  {"index": 3, "status": "ok"}
                ]}""");
        List<RunLog> runs = RunLog.listFromJson(n);
        assertEquals(4, runs.size());
        assertEquals(0, runs.get(0).index());
        assertEquals(0.3, runs.get(0).fitnessValue());
        assertEquals(1.0, runs.get(0).correlation().getAsDouble(), 1e-12);
        assertFalse(runs.get(1).executed());
        assertEquals("CUDA out of memory", runs.get(1).error());
        assertEquals(0.9, runs.get(2).fitnessValue());
        assertEquals(0.5, runs.get(2).correlation().getAsDouble());
        assertFalse(runs.get(3).executed(), "an ok run without fitness is a failure");
        assertTrue(runs.get(3).error().contains("no fitness"));
        assertThrows(IllegalArgumentException.class, () -> RunLog.listFromJson(JSON.readTree("[{\"index\": 0}, {\"index\": 0}]")));
        assertThrows(IllegalArgumentException.class, () -> RunLog.listFromJson(JSON.readTree("[{\"fitness\": \"high\"}]")));
    }

    @Test
    void reflectionFileRoundTrips() {
        Reflection r = new Reflection("```yaml\ntype: constant\n```", "feedback\nlines");
        assertEquals(r, Reflection.parse(r.render()));
        Reflection handWritten = Reflection.parse("Try a format gate.\n");
        assertNull(handWritten.assistant());
        assertEquals("Try a format gate.", handWritten.feedback());
        assertNull(Reflection.parse("  \n"));
    }
}
