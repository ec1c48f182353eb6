package dev.arbiter.core.engine;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Status;
import dev.arbiter.core.TestRewards;
import dev.arbiter.core.spec.RewardSpec;
import org.junit.jupiter.api.Test;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.ManualTicker;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardSignature;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchScorerTest {
    private static final Duration HOUR = Duration.ofHours(1);

    /** Inputs are strings; "bad" cannot be parsed; the reward scores the response length and rejects "reject". */
    private static final RowCodec<String, String, String> CODEC = new RowCodec<>() {
        @Override
        public Prepared<String> prepare(long index, String input) {
            if (input.equals("bad")) {
                return Prepared.rejected(input, RewardResult.invalidInput("unreadable"));
            }
            return Prepared.of(input, Sample.of(input, "ref"));
        }

        @Override
        public String render(long index, String row, RewardResult result) {
            return index + ":" + row + ":" + result.status().wireName() + ":" + result.score();
        }

        @Override
        public String renderUnprepared(long index, String input, RewardResult result) {
            return index + ":?" + input;
        }
    };

    @Test
    void everyRecordComesOutOnceInInputOrderWithItsStatus() throws Exception {
        List<String> inputs = new ArrayList<>();
        IntStream.range(0, 5000).forEach(i -> inputs.add(i % 97 == 0 ? "bad" : i % 89 == 0 ? "reject" : "x".repeat(i % 13)));
        RewardSpec spec = new RewardSpec(TestRewards.scoring("len", s -> {
            if (s.response().equals("reject")) {
                throw new InvalidInputException("rejected");
            }
            return s.response().length();
        }), Duration.ofSeconds(5), "test");
        List<String> out = new ArrayList<>();
        BatchSummary summary;
        try (Evaluator ev = new Evaluator(3)) {
            summary = new BatchScorer(ev, spec).run(inputs.iterator(), CODEC, out::add, null);
        }
        assertEquals(inputs.size(), out.size());
        long invalid = 0;
        for (int i = 0; i < inputs.size(); i++) {
            String in = inputs.get(i);
            String expected = in.equals("bad") || in.equals("reject") ? i + ":" + in + ":invalid_input:0.0"
                    : i + ":" + in + ":ok:" + (double) in.length();
            assertEquals(expected, out.get(i));
            if (!expected.contains(":ok:")) {
                invalid++;
            }
        }
        assertEquals(Map.of(Status.OK, inputs.size() - invalid, Status.INVALID_INPUT, invalid, Status.TIMEOUT, 0L,
                Status.ERROR, 0L), summary.counts());
        assertEquals(inputs.size(), summary.rows());
    }

    @Test
    void aRunawaySampleTimesOutWithoutHoldingUpTheOthers() throws Exception {
        RewardSpec spec = new RewardSpec(new dev.arbiter.core.Reward() {
            @Override
            public dev.arbiter.core.RewardSignature signature() {
                return dev.arbiter.core.RewardSignature.of("mixed", 1);
            }

            @Override
            public RewardResult score(Sample s, dev.arbiter.core.Deadline d) {
                if (s.response().equals("slow")) {
                    return TestRewards.cooperativeSpinner().score(s, d);
                }
                return RewardResult.ok(1);
            }
        }, Duration.ofMillis(50), "test");
        List<String> inputs = List.of("a", "slow", "b", "c");
        List<String> out = new ArrayList<>();
        try (Evaluator ev = new Evaluator(2)) {
            new BatchScorer(ev, spec).run(inputs.iterator(), CODEC, out::add, null);
        }
        assertEquals(List.of("0:a:ok:1.0", "1:slow:timeout:0.0", "2:b:ok:1.0", "3:c:ok:1.0"), out);
    }

    @Test
    void aStubbornRecordIsAbandonedWhileTheOthersAreScoredOnceAndWrittenInOrder() throws Exception {
        ManualTicker ticker = new ManualTicker();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Reward stubborn = TestRewards.stubborn(started, release);
        Map<String, AtomicInteger> evaluated = new ConcurrentHashMap<>();
        RewardSpec spec = new RewardSpec(new Reward() {
            @Override
            public RewardSignature signature() {
                return RewardSignature.of("mixed", 1);
            }

            @Override
            public RewardResult score(Sample s, Deadline d) {
                evaluated.computeIfAbsent(s.response(), k -> new AtomicInteger()).incrementAndGet();
                return s.response().equals("stubborn") ? stubborn.score(s, d) : RewardResult.ok(s.response().length());
            }
        }, Duration.ofSeconds(1), "test");
        // one worker, so the records queued behind the stuck one can only be scored once it is abandoned (and nothing
        // else runs when the clock moves); more records than the window (256), so the reader also waits for room
        List<String> inputs = new ArrayList<>();
        IntStream.range(0, 1500).forEach(i -> inputs.add(i == 3 ? "stubborn" : "r" + i));
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        try (Evaluator ev = new Evaluator(1, ticker, HOUR)) {
            CompletableFuture<BatchSummary> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return new BatchScorer(ev, spec).run(inputs.iterator(), CODEC, out::add, null);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, r -> new Thread(r).start());
            assertTrue(started.await(30, TimeUnit.SECONDS));
            assertTrue(out.size() <= 3, "nothing past the stuck record is written yet");
            ticker.advance(Duration.ofSeconds(1).plus(Evaluator.graceFor(Duration.ofSeconds(1))));
            ev.scanNow();
            BatchSummary summary = run.get(60, TimeUnit.SECONDS);
            assertEquals(inputs.size(), summary.rows());
            assertEquals(1L, summary.counts().get(Status.TIMEOUT));
            assertEquals(inputs.size(), out.size());
            for (int i = 0; i < inputs.size(); i++) {
                String in = inputs.get(i);
                assertEquals(i == 3 ? "3:stubborn:timeout:0.0" : i + ":" + in + ":ok:" + (double) in.length(), out.get(i));
            }
            assertEquals(1, ev.abandonedCount());
        } finally {
            release.countDown();
        }
        assertEquals(inputs.size(), evaluated.size());
        assertTrue(evaluated.values().stream().allMatch(n -> n.get() == 1), "every record evaluated once");
    }

    @Test
    void theSameOutputWithOneOrManyWorkers() throws Exception {
        List<String> inputs = new ArrayList<>();
        IntStream.range(0, 3000).forEach(i -> inputs.add(i % 101 == 0 ? "bad" : "y".repeat(i % 17)));
        RewardSpec spec = new RewardSpec(TestRewards.scoring("len", s -> s.response().length()), Duration.ofSeconds(5), "t");
        List<List<String>> outs = new ArrayList<>();
        for (int workers : new int[] {1, 2, 4}) {
            List<String> out = new ArrayList<>();
            try (Evaluator ev = new Evaluator(workers)) {
                new BatchScorer(ev, spec).run(inputs.iterator(), CODEC, out::add, null);
            }
            outs.add(out);
        }
        assertEquals(inputs.size(), outs.get(0).size());
        assertEquals(outs.get(0), outs.get(1));
        assertEquals(outs.get(0), outs.get(2));
    }

    @Test
    void aFailingSinkStopsTheRunWithItsError() {
        List<String> inputs = new ArrayList<>();
        IntStream.range(0, 20_000).forEach(i -> inputs.add("z"));
        RewardSpec spec = new RewardSpec(TestRewards.scoring("len", s -> 1), Duration.ofSeconds(5), "t");
        IllegalStateException boom = new IllegalStateException("disk full");
        AtomicInteger written = new AtomicInteger();
        try (Evaluator ev = new Evaluator(2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new BatchScorer(ev, spec)
                    .run(inputs.iterator(), CODEC, o -> {
                        if (written.incrementAndGet() == 700) {
                            throw boom;
                        }
                    }, null));
            assertSame(boom, e);
        }
        assertEquals(700, written.get(), "nothing is written after the failure");
    }

    @Test
    void anEmptyInputWritesNothing() throws Exception {
        RewardSpec spec = new RewardSpec(TestRewards.scoring("len", s -> 1), Duration.ofSeconds(5), "t");
        try (Evaluator ev = new Evaluator(2)) {
            BatchSummary s = new BatchScorer(ev, spec).run(Collections.<String>emptyIterator(), CODEC, o -> {
                throw new AssertionError("no output expected");
            }, null);
            assertEquals(0, s.rows());
        }
    }
}
