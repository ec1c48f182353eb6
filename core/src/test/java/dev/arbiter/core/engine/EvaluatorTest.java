package dev.arbiter.core.engine;

import dev.arbiter.core.ManualTicker;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Status;
import dev.arbiter.core.TestRewards;
import org.junit.jupiter.api.Test;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Scoring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluatorTest {
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void scoresOnAWorkerAndReturnsTheResult() {
        try (Evaluator ev = new Evaluator(2)) {
            RewardResult r = ev.score(TestRewards.scoring("len", s -> s.response().length()), Sample.of("abc", "x"), HOUR);
            assertEquals(RewardResult.ok(3), r);
        }
    }

    @Test
    void aCooperativeRewardTimesOutWhenTheTickerPassesItsBudget() throws Exception {
        ManualTicker ticker = new ManualTicker();
        try (Evaluator ev = new Evaluator(1, ticker, Duration.ofHours(1))) {
            CompletableFuture<RewardResult> f = ev.submit(Duration.ofSeconds(1), job(TestRewards.cooperativeSpinner()));
            ticker.advance(Duration.ofMillis(1001));
            RewardResult r = f.get(30, TimeUnit.SECONDS);
            assertEquals(Status.TIMEOUT, r.status());
            assertEquals(0, ev.abandonedCount(), "the reward stopped by itself");
        }
    }

    @Test
    void theWatchdogAbandonsARewardThatIgnoresItsDeadline() throws Exception {
        ManualTicker ticker = new ManualTicker();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Evaluator ev = new Evaluator(1, ticker, Duration.ofHours(1))) {
            Reward stubborn = TestRewards.stubborn(started, release);
            CompletableFuture<RewardResult> f = ev.submit(Duration.ofSeconds(1), job(stubborn));
            assertTrue(started.await(30, TimeUnit.SECONDS));
            ev.scanNow();
            assertEquals(false, f.isDone(), "still within budget + grace");
            ticker.advance(Duration.ofSeconds(1).plus(Evaluator.graceFor(Duration.ofSeconds(1))));
            ev.scanNow();
            RewardResult r = f.get(30, TimeUnit.SECONDS);
            assertEquals(Status.TIMEOUT, r.status());
            assertTrue(r.reason().contains("abandoned"), r.reason());
            assertEquals(1, ev.abandonedCount());
            // the slot was freed: another evaluation runs although the stubborn one still holds its thread
            RewardResult next = ev.score(TestRewards.scoring("one", s -> 1), Sample.of("a", "b"), HOUR);
            assertEquals(Status.OK, next.status());
        } finally {
            release.countDown();
        }
    }

    @Test
    void trySubmitRefusesWhenEverySlotIsBusy() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Evaluator ev = new Evaluator(1)) {
            CompletableFuture<RewardResult> busy = ev.submit(HOUR, job(TestRewards.stubborn(started, release)));
            assertTrue(started.await(30, TimeUnit.SECONDS));
            assertTrue(ev.trySubmit(HOUR, job(TestRewards.scoring("x", s -> 0))).isEmpty());
            release.countDown();
            assertEquals(Status.OK, busy.get(30, TimeUnit.SECONDS).status());
        }
    }

    @Test
    void anExceptionInARewardIsAnErrorResult() {
        try (Evaluator ev = new Evaluator(1)) {
            RewardResult r = ev.score(TestRewards.scoring("boom", s -> {
                throw new IllegalStateException("kaput");
            }), Sample.of("a", "b"), HOUR);
            assertEquals(Status.ERROR, r.status());
            assertTrue(r.reason().contains("kaput"));
        }
    }

    // ---- queued evaluations (enqueue): several per hand-off, each with its own deadline and hard limit ----

    /** A job that counts its evaluations and finishes, scoring the response with {@code reward}. */
    private static final class Counted implements Evaluator.Job<RewardResult> {
        final String response;
        final Reward reward;
        final AtomicInteger evaluations = new AtomicInteger();
        final AtomicInteger finishes = new AtomicInteger();
        final AtomicReference<Duration> remainingAtStart = new AtomicReference<>();
        volatile Thread thread;

        Counted(String response, Reward reward) {
            this.response = response;
            this.reward = reward;
        }

        @Override
        public RewardResult evaluate(Deadline deadline) {
            thread = Thread.currentThread();
            remainingAtStart.set(deadline.remaining());
            evaluations.incrementAndGet();
            return Scoring.guarded(reward, Sample.of(response, "ref"), deadline);
        }

        @Override
        public RewardResult finish(RewardResult result) {
            finishes.incrementAndGet();
            return result;
        }
    }

    @Test
    void aStubbornSampleAmongQueuedOnesIsAbandonedAndTheRestAreScoredOnceInOrder() throws Exception {
        ManualTicker ticker = new ManualTicker();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Reward stubborn = TestRewards.stubborn(started, release);
        Reward len = TestRewards.scoring("len", s -> s.response().length());
        Duration budget = Duration.ofSeconds(1);
        List<Counted> jobs = List.of(new Counted("a", len), new Counted("stubborn", stubborn), new Counted("bb", len),
                new Counted("ccc", len));
        List<CompletableFuture<RewardResult>> fs = new ArrayList<>();
        Thread stuck;
        try (Evaluator ev = new Evaluator(1, ticker, HOUR)) {
            for (Counted j : jobs) {
                fs.add(ev.enqueue(budget, j));
            }
            assertTrue(started.await(30, TimeUnit.SECONDS));
            assertEquals(RewardResult.ok(1), fs.get(0).get(30, TimeUnit.SECONDS));
            ev.scanNow();
            assertFalse(fs.get(1).isDone(), "within budget + grace");
            assertFalse(fs.get(2).isDone(), "queued behind the stubborn one on the only worker");
            ticker.advance(budget.plus(Evaluator.graceFor(budget)));
            ev.scanNow();
            RewardResult t = fs.get(1).get(30, TimeUnit.SECONDS);
            assertEquals(Status.TIMEOUT, t.status());
            assertTrue(t.reason().contains("abandoned"), t.reason());
            // the rest of the queue goes on, on the lane's fresh thread
            assertEquals(RewardResult.ok(2), fs.get(2).get(30, TimeUnit.SECONDS));
            assertEquals(RewardResult.ok(3), fs.get(3).get(30, TimeUnit.SECONDS));
            assertEquals(1, ev.abandonedCount());
            stuck = jobs.get(1).thread;
        } finally {
            release.countDown();
        }
        stuck.join(30_000);
        assertFalse(stuck.isAlive(), "the abandoned thread retires once its reward returns");
        for (Counted j : jobs) {
            assertEquals(1, j.evaluations.get(), j.response + " evaluated once");
            assertEquals(1, j.finishes.get(), j.response + " answered once, the late result discarded");
        }
        assertEquals(Status.TIMEOUT, fs.get(1).get().status());
    }

    @Test
    void everyQueuedSampleHasItsOwnDeadlineAndHardLimitFromItsStart() throws Exception {
        ManualTicker ticker = new ManualTicker();
        Duration budget = Duration.ofSeconds(1);
        Duration grace = Evaluator.graceFor(budget);
        // the first sample takes 1.2 s of (manual) time: past its own budget, so a deadline shared by the queued run
        // would have expired before the second one started
        Reward slowButDone = new Reward() {
            @Override
            public RewardSignature signature() {
                return RewardSignature.of("slow", 1);
            }

            @Override
            public RewardResult score(Sample sample, Deadline deadline) {
                ticker.advance(Duration.ofMillis(1200));
                return RewardResult.ok(1);
            }
        };
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Counted first = new Counted("first", slowButDone);
        Counted second = new Counted("stubborn", TestRewards.stubborn(started, release));
        Counted third = new Counted("third", TestRewards.scoring("one", s -> 1));
        try (Evaluator ev = new Evaluator(1, ticker, HOUR)) {
            CompletableFuture<RewardResult> f1 = ev.enqueue(budget, first);
            CompletableFuture<RewardResult> f2 = ev.enqueue(budget, second);
            CompletableFuture<RewardResult> f3 = ev.enqueue(budget, third);
            assertTrue(started.await(30, TimeUnit.SECONDS));
            assertEquals(Status.OK, f1.get(30, TimeUnit.SECONDS).status());
            assertEquals(budget, second.remainingAtStart.get(), "the second sample's budget starts when it starts");
            // 1.2 s + 0.5 s since the samples were queued: past a shared hard limit (1 s + grace), not past its own
            ticker.advance(Duration.ofMillis(500));
            ev.scanNow();
            assertFalse(f2.isDone(), "its own hard limit is its start + budget + grace");
            ticker.advance(budget.plus(grace).minus(Duration.ofMillis(500)));
            ev.scanNow();
            assertEquals(Status.TIMEOUT, f2.get(30, TimeUnit.SECONDS).status());
            assertEquals(Status.OK, f3.get(30, TimeUnit.SECONDS).status());
            assertEquals(budget, third.remainingAtStart.get());
        } finally {
            release.countDown();
        }
    }

    @Test
    void closeAnswersQueuedSamplesAndStillBoundsRunningOnes() throws Exception {
        ManualTicker ticker = new ManualTicker();
        Duration budget = Duration.ofSeconds(1);
        CountDownLatch stubbornStarted = new CountDownLatch(1);
        CountDownLatch stubbornRelease = new CountDownLatch(1);
        CountDownLatch gateStarted = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        Counted gated = new Counted("gated", TestRewards.stubborn(gateStarted, gate));
        Counted stubborn = new Counted("stubborn", TestRewards.stubborn(stubbornStarted, stubbornRelease));
        List<Counted> queued = List.of(new Counted("q1", TestRewards.scoring("one", s -> 1)),
                new Counted("q2", TestRewards.scoring("one", s -> 1)), new Counted("q3", TestRewards.scoring("one", s -> 1)));
        Evaluator ev = new Evaluator(2, ticker, HOUR);
        try {
            CompletableFuture<RewardResult> fg = ev.enqueue(budget, gated);
            CompletableFuture<RewardResult> fs = ev.enqueue(budget, stubborn);
            assertTrue(gateStarted.await(30, TimeUnit.SECONDS));
            assertTrue(stubbornStarted.await(30, TimeUnit.SECONDS));
            List<CompletableFuture<RewardResult>> fq = new ArrayList<>();
            for (Counted q : queued) {
                fq.add(ev.enqueue(budget, q));
            }
            assertEquals(2, ev.inFlight());
            assertEquals(3, ev.close(RewardResult.error("closed by the test")));
            assertEquals(0, ev.close(RewardResult.error("again")));
            for (int i = 0; i < queued.size(); i++) {
                assertEquals(RewardResult.error("closed by the test"), fq.get(i).get(30, TimeUnit.SECONDS));
                assertEquals(0, queued.get(i).evaluations.get(), "never started");
                assertEquals(1, queued.get(i).finishes.get());
            }
            assertThrows(RejectedExecutionException.class, () -> ev.enqueue(budget, new Counted("late", TestRewards.scoring("one", s -> 1))));
            assertThrows(RejectedExecutionException.class, () -> ev.submit(budget, new Counted("late", TestRewards.scoring("one", s -> 1))));
            // running evaluations finish after close, and the watchdog still bounds a runaway one
            gate.countDown();
            assertEquals(Status.OK, fg.get(30, TimeUnit.SECONDS).status());
            ticker.advance(budget.plus(Evaluator.graceFor(budget)));
            ev.scanNow();
            assertEquals(Status.TIMEOUT, fs.get(30, TimeUnit.SECONDS).status());
            assertEquals(0, ev.inFlight());
        } finally {
            stubbornRelease.countDown();
            gate.countDown();
            ev.close();
        }
    }

    @Test
    void manyQueuedSamplesFromSeveralThreadsAreEachEvaluatedAndAnsweredOnce() throws Exception {
        int perProducer = 20_000;
        Map<String, AtomicInteger> evaluated = new ConcurrentHashMap<>();
        AtomicInteger finished = new AtomicInteger();
        Reward count = TestRewards.scoring("count", s -> evaluated.computeIfAbsent(s.response(), k -> new AtomicInteger())
                .incrementAndGet());
        try (Evaluator ev = new Evaluator(3)) {
            List<Thread> producers = new ArrayList<>();
            List<List<CompletableFuture<RewardResult>>> futures = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                String prefix = "p" + p + "-";
                List<CompletableFuture<RewardResult>> mine = new ArrayList<>();
                futures.add(mine);
                producers.add(new Thread(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        String r = prefix + i;
                        mine.add(ev.enqueue(HOUR, new Evaluator.Job<RewardResult>() {
                            @Override
                            public RewardResult evaluate(Deadline deadline) {
                                return Scoring.guarded(count, Sample.of(r, "x"), deadline);
                            }

                            @Override
                            public RewardResult finish(RewardResult result) {
                                finished.incrementAndGet();
                                return result;
                            }
                        }));
                    }
                }));
            }
            producers.forEach(Thread::start);
            for (Thread t : producers) {
                t.join();
            }
            for (List<CompletableFuture<RewardResult>> mine : futures) {
                for (CompletableFuture<RewardResult> f : mine) {
                    assertEquals(RewardResult.ok(1), f.get(30, TimeUnit.SECONDS));
                }
            }
        }
        assertEquals(2 * perProducer, evaluated.size());
        assertTrue(evaluated.values().stream().allMatch(n -> n.get() == 1));
        assertEquals(2 * perProducer, finished.get());
    }

    private static Evaluator.Job<RewardResult> job(Reward reward) {
        return new Evaluator.Job<>() {
            @Override
            public RewardResult evaluate(dev.arbiter.core.Deadline deadline) {
                return dev.arbiter.core.Scoring.guarded(reward, Sample.of("x", "y"), deadline);
            }

            @Override
            public RewardResult finish(RewardResult result) {
                return result;
            }
        };
    }
}
