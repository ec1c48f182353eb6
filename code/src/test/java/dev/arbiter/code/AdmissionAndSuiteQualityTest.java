package dev.arbiter.code;

import dev.arbiter.code.sandbox.Invocation;
import dev.arbiter.code.sandbox.Limits;
import dev.arbiter.code.sandbox.Sandbox;
import dev.arbiter.code.sandbox.SandboxOverloadedException;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.Status;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.arbiter.code.TestSupport.fenced;
import static dev.arbiter.code.TestSupport.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Admission control (overload is a clear status, never an unbounded queue) and the suite-quality report. */
class AdmissionAndSuiteQualityTest {

    private static CompletableFuture<Void> holdTheOnlySlot(Sandbox pool) throws Exception {
        Sandbox.WorkDir dir = pool.createWorkDir();
        dir.write("main.py", "import time\ntime.sleep(1)\n".getBytes(StandardCharsets.UTF_8));
        List<String> cmd = TestSupport.lang("python").command(List.of("python3", "-I", "main.py"), Map.of());
        CompletableFuture<Void> blocker = CompletableFuture.runAsync(() -> {
            try (dir) {
                pool.execute(Invocation.run(cmd, dir.path(), null, TestSupport.small()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < 500 && pool.inFlight() == 0; i++) {
            Thread.sleep(5);
        }
        assertEquals(1, pool.inFlight());
        return blocker;
    }

    @Test
    void fullQueueIsRefusedAtOnceAndAnExpiredWaitToo() throws Exception {
        try (Sandbox pool = new Sandbox(TestSupport.config(1, 0, Duration.ofSeconds(10)))) {
            CompletableFuture<Void> blocker = holdTheOnlySlot(pool);
            Sandbox.WorkDir dir = pool.createWorkDir();
            SandboxOverloadedException e = assertThrows(SandboxOverloadedException.class, () -> pool.execute(
                    Invocation.run(List.of("/usr/bin/true"), dir.path(), null, TestSupport.small())));
            assertTrue(e.getMessage().contains("all 1 slots busy and 0 runs already waiting"), e::getMessage);
            blocker.join();
            dir.close();
            assertEquals(1, pool.refusedCount());
        }
        try (Sandbox pool = new Sandbox(TestSupport.config(1, 4, Duration.ofMillis(50)))) {
            CompletableFuture<Void> blocker = holdTheOnlySlot(pool);
            Sandbox.WorkDir dir = pool.createWorkDir();
            SandboxOverloadedException e = assertThrows(SandboxOverloadedException.class, () -> pool.execute(
                    Invocation.run(List.of("/usr/bin/true"), dir.path(), null, TestSupport.small())));
            assertTrue(e.getMessage().contains("no slot of 1 became free within 50 ms"), e::getMessage);
            blocker.join();
            assertTrue(pool.execute(Invocation.run(List.of("/usr/bin/true"), dir.path(), null, TestSupport.small()))
                    .succeeded(), "served once the slot is free");
            dir.close();
        }
    }

    @Test
    void anOverloadedRewardSaysSoAsAnError() throws Exception {
        try (Sandbox pool = new Sandbox(TestSupport.config(1, 0, Duration.ofSeconds(10)))) {
            CodeTestsReward reward = new CodeTestsReward(TestSupport.lang("python"), CodeExtraction.LAST_BLOCK, false,
                    1000, Grader.Options.defaults(), pool, RewardSignature.of("code_tests", 1));
            CompletableFuture<Void> blocker = holdTheOnlySlot(pool);
            RewardResult r = Scoring.guarded(reward, sample(fenced("python", "print(1)"),
                    "{\"inputs\": [\"\"], \"outputs\": [\"1\"]}"), Deadline.none());
            assertEquals(Status.ERROR, r.status());
            assertTrue(r.reason().startsWith("sandbox pool overloaded"), r::reason);
            blocker.join();
        }
    }

    @Test
    void suiteQualityCommandPrintsTheReport() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SuiteQuality.run(new String[] {"src/test/resources/suite_quality_problems.jsonl", "--time-limit", "1s",
            "--concurrency", "2"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, () -> err.toString(StandardCharsets.UTF_8));
        assertTrue(text.contains("weak-double: detected 1/3 wrong solutions (missed [0, 1])"), text);
        assertTrue(text.contains("detection rate: 0.7143 (5/7 wrong solutions detected)"), text);
        assertTrue(text.contains("verifier accuracy: 0.3333 (1/3 problems"), text);
        assertEquals(2, SuiteQuality.run(new String[0], new PrintStream(out), new PrintStream(err)));
    }

    @Test
    void suiteQualityReportsDetectionRateAndVerifierAccuracy() throws Exception {
        List<SuiteQuality.Problem> problems = SuiteQuality.read(Path.of("src/test/resources/suite_quality_problems.jsonl"),
                LanguageTable.builtIn());
        try (Sandbox pool = TestSupport.sandbox()) {
            Grader.Options o = new Grader.Options(0, true, OutputComparison.WHITESPACE, 1e-6, TestSupport.small(),
                    Limits.compilerDefaults());
            SuiteQuality.Report r = SuiteQuality.evaluate(problems, new Grader(new CodeRunner(pool)), o, 2);
            assertEquals(3, r.problems().get(0).detected(), "the full suite catches all three");
            assertEquals(List.of(0, 1), r.problems().get(1).undetected(), "input 2 cannot tell x*2 from x+2 or x**2");
            assertEquals(List.of(0), r.problems().get(2).rejectedCorrect(), "a wrong expected output rejects x+1");
            assertEquals(5.0 / 7, r.detectionRate(), 1e-12);
            assertEquals((1 + 1.0 / 3 + 1) / 3, r.meanDetectionRate(), 1e-12);
            assertEquals(1.0 / 3, r.verifierAccuracy(), 1e-12);
        }
    }
}
