package dev.arbiter.core.engine;

import dev.arbiter.core.ManualTicker;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Status;
import dev.arbiter.core.TestRewards;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
