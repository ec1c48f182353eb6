package dev.arbiter.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Prompt;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.eval.probe.PairwiseJudge;
import dev.arbiter.eval.probe.ProbeReport;
import dev.arbiter.eval.probe.ProbeRequest;
import dev.arbiter.eval.probe.ProbeResult;
import dev.arbiter.eval.probe.ProbeRunner;
import dev.arbiter.eval.report.ReportFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The robustness probes on the example specs and on rewards built to fail each probe. */
class ProbeTest {

    private static ProbeResult result(ProbeReport r, String name) {
        return r.result(name).orElseThrow(() -> new AssertionError("no probe " + name));
    }

    @Test
    void hardenedVerifierPassesEveryProbe(@TempDir Path tmp) {
        ProbeReport r = new ProbeRunner().run(ProbeRequest.of(Examples.eval("hardened-verifier.yaml").toString()).withOutDir(tmp));
        assertEquals(ProbeRunner.PROBES.size(), r.results().size());
        for (ProbeResult p : r.results()) {
            assertEquals("pass", p.verdict(), p.name() + ": " + p.summary());
        }
        assertEquals(0.0, result(r, "master_key").metrics().get("fpr"), 1e-9);
        assertEquals(100.0, result(r, "master_key").metrics().get("tpr_good_answers"), 1e-9);
        assertTrue(Files.exists(tmp.resolve(ReportFiles.PROBES_JSON)) && Files.exists(tmp.resolve(ReportFiles.PROBES_HTML))
                && Files.exists(tmp.resolve(ReportFiles.PROBES_MD)));
    }

    @Test
    void hackableVerifierFallsForMasterKeys() {
        ProbeReport r = new ProbeRunner().run(ProbeRequest.of(Examples.eval("hackable-verifier.yaml").toString())
                .withProbes(List.of("master_key", "length_bias")));
        ProbeResult mk = result(r, "master_key");
        assertEquals("fail", mk.verdict(), mk.summary());
        assertEquals(50.0, mk.metrics().get("fpr"), 1e-9, "5 of the 10 keys carry a 'solution' word");
        ProbeResult.Row solution = mk.rows().stream().filter(x -> x.label().equals("\"Solution\"")).findFirst().orElseThrow();
        assertEquals(100.0, solution.values().get("fpr"), 1e-9);
        ProbeResult.Row colon = mk.rows().stream().filter(x -> x.label().equals("\":\"")).findFirst().orElseThrow();
        assertEquals(0.0, colon.values().get("fpr"), 1e-9);
        assertEquals(2, r.results().size());
    }

    @Test
    void aConstantRewardLosesNothingToANullModel() {
        ProbeReport r = new ProbeRunner().run(ProbeRequest.of("{type: constant, value: 1}").withProbes(List.of("null_model", "master_key")));
        assertEquals("fail", result(r, "null_model").verdict());
        assertEquals(50.0, result(r, "null_model").metrics().get("win_rate_template_injection"), 1e-9, "every game is a tie");
        assertEquals(100.0, result(r, "master_key").metrics().get("fpr"), 1e-9);
    }

    /** Scores depend on how many samples share the batch: a padding-sensitive scalar RM. */
    private static final class BatchSensitive implements Reward {
        @Override public RewardSignature signature() { return RewardSignature.of("batch_sensitive", 1); }
        @Override public RewardResult score(Sample s, Deadline d) { return RewardResult.ok(s.response().length()); }
        @Override public List<RewardResult> scoreBatch(List<Sample> samples, Deadline d) {
            List<RewardResult> out = new ArrayList<>();
            for (Sample s : samples) {
                out.add(RewardResult.ok(s.response().length() + 0.01 * samples.size()));
            }
            return out;
        }
    }

    /** Every call returns a different score. */
    private static final class Noisy implements Reward {
        private final AtomicInteger calls = new AtomicInteger();
        @Override public RewardSignature signature() { return RewardSignature.of("noisy", 1); }
        @Override public RewardResult score(Sample s, Deadline d) {
            return RewardResult.ok((calls.incrementAndGet() * 7919 % 1000) / 1000.0);
        }
    }

    private static ProbeReport run(Reward reward, List<String> probes, PairwiseJudge judge) {
        RewardSpec spec = new RewardSpec(reward, Duration.ofSeconds(5), "<test>");
        ProbeRequest req = ProbeRequest.of("<test>").withProbes(probes).withJudge(judge);
        return new ProbeRunner().run(spec, ProbeRunner.builtin(), List.of(), "built-in", req, List.of());
    }

    @Test
    void batchDependentScoresFailBatchInvariance() {
        ProbeResult p = result(run(new BatchSensitive(), List.of("batch_invariance"), null), "batch_invariance");
        assertEquals("fail", p.verdict(), p.summary());
        assertEquals(100.0, p.metrics().get("changed"), 1e-9);
    }

    @Test
    void noisyScoresFailScoreNoise() {
        ProbeResult p = result(run(new Noisy(), List.of("score_noise"), null), "score_noise");
        assertEquals("fail", p.verdict(), p.summary());
        assertTrue(p.metrics().get("ranking_flip_rate") > 5, p.summary());
    }

    @Test
    void aJudgeThatAlwaysPicksTheFirstAnswerFailsPositionBias() {
        PairwiseJudge first = new PairwiseJudge() {
            @Override public Verdict judge(Prompt p, String a, String b, JsonNode ref, Deadline d) { return Verdict.FIRST; }
            @Override public String signature() { return "always-first"; }
        };
        ProbeReport r = run(new Noisy(), List.of("position_bias", "null_model"), first);
        ProbeResult p = result(r, "position_bias");
        assertEquals("fail", p.verdict(), p.summary());
        assertEquals(0.0, p.metrics().get("consistency"), 1e-9);
        assertEquals(100.0, p.metrics().get("first_position_preference"), 1e-9);
        assertEquals("fail", result(r, "null_model").verdict(), "a null answer shown first always wins");
        assertEquals("always-first", r.judge());
    }

    @Test
    void lengthLovingRewardFailsTheLengthProbe() {
        Reward longer = new Reward() {
            @Override public RewardSignature signature() { return RewardSignature.of("longer_is_better", 1); }
            @Override public RewardResult score(Sample s, Deadline d) { return RewardResult.ok(s.response().length()); }
        };
        ProbeResult p = result(run(longer, List.of("length_bias"), null), "length_bias");
        assertEquals("fail", p.verdict(), p.summary());
        assertEquals(1.0, p.metrics().get("spearman_score_length"), 1e-9);
        assertEquals(100.0, p.metrics().get("longer_answer_win_rate"), 1e-9);
    }

    @Test
    void probesOnBenchmarkDataWithStyleTriples() {
        ProbeReport r = new ProbeRunner().run(ProbeRequest.of("{type: length_penalty, max_length: 2000, buffer: 1500}")
                .withData(SharedData.rmBench("rm-bench/chat_filtered.json"), "rm-bench").withProbes(List.of("style_bias")));
        ProbeResult p = result(r, "style_bias");
        assertTrue(p.metrics().containsKey("rmbench_easy_minus_hard"), p.metrics().toString());
        assertTrue(p.metrics().get("rmbench_easy_minus_hard") < -30, "a reward against length prefers the concise styles: " + p.metrics());
        assertEquals("fail", p.verdict(), p.summary());
        assertEquals(129, r.cases());
    }
}
