package dev.arbiter.models.onnx;

import dev.arbiter.models.batch.MicroBatcher;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.DeadlineExceededException;
import dev.arbiter.core.Prompt;
import dev.arbiter.models.ScalarRewardModel.Outcome;
import dev.arbiter.models.rm.ChatTemplate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cross-thread micro-batcher: same scores as sequential scoring, batches form, deadlines hold while waiting. */
class MicroBatcherTest {
    @TempDir
    static Path tmp;
    static Path dir;

    /** Long enough that a batch only closes by filling up: the tests never depend on timing. */
    static final Duration FOREVER = Duration.ofSeconds(30);

    @BeforeAll
    static void build() throws IOException {
        dir = TinyModels.rewardModel(tmp.resolve("rm"), 7);
    }

    static OnnxRewardModel.Options opts(int batch) {
        OnnxRewardModel.Options d = OnnxRewardModel.Options.defaults();
        return new OnnxRewardModel.Options(d.modelFile(), null, 0, d.truncation(), batch, d.padMultiple(),
                d.maxBatchTokens(), 1, 0, null, false);
    }

    /** Conversations of one length (one bucket), so a gathered batch is one ONNX run. */
    static List<List<Prompt.Message>> sameLength() {
        List<List<Prompt.Message>> out = new ArrayList<>();
        for (String a : List.of("paris", "rome", "sydney", "canberra")) {
            out.add(ChatTemplate.conversation(new Prompt.Text("capital of france ?"), a));
        }
        return out;
    }

    @Test
    void manyThreadsGetTheSameScoresAsSequentialScoring() throws Exception {
        int threads = 6;
        int perThread = 25;
        List<List<Prompt.Message>> convs = OnnxRewardModelTest.conversations(threads * perThread, 99);
        try (OnnxRewardModel m = OnnxRewardModel.load(dir, opts(16))) {
            List<Outcome> reference = new ArrayList<>();
            for (List<Prompt.Message> c : convs) {
                reference.add(m.score(List.of(c), Deadline.none()).get(0));
            }
            MicroBatcher<long[], dev.arbiter.models.ScalarRewardModel.Outcome> b = m.batcher(Duration.ofMillis(5));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<Outcome>>> parts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t * perThread;
                    parts.add(pool.submit(() -> {
                        start.await();
                        List<Outcome> got = new ArrayList<>();
                        for (int i = first; i < first + perThread; i++) {
                            got.add(b.score(convs.get(i), Deadline.none()));
                        }
                        return got;
                    }));
                }
                start.countDown();
                List<Outcome> all = new ArrayList<>();
                for (Future<List<Outcome>> f : parts) {
                    all.addAll(f.get());
                }
                for (int i = 0; i < convs.size(); i++) {
                    assertEquals(reference.get(i), all.get(i), "conversation " + i); // bit-identical
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(convs.size(), b.rows());
            assertTrue(b.batches() <= convs.size());
        }
    }

    @Test
    void concurrentCallsFormOneOnnxBatch() throws Exception {
        List<List<Prompt.Message>> convs = sameLength();
        try (OnnxRewardModel m = OnnxRewardModel.load(dir, opts(convs.size()))) {
            List<Outcome> reference = m.score(convs, Deadline.none());
            long runsBefore = m.onnxMultiRowRuns();
            MicroBatcher<long[], dev.arbiter.models.ScalarRewardModel.Outcome> b = m.batcher(FOREVER);
            b.earlyClose(false); // the batch closes only by filling up, however the threads are scheduled
            List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
            b.onBatch(sizes::add);
            List<CompletableFuture<Outcome>> got = new ArrayList<>();
            for (List<Prompt.Message> c : convs) {
                got.add(CompletableFuture.supplyAsync(() -> b.score(c, Deadline.none()), newThread()));
            }
            for (int i = 0; i < convs.size(); i++) {
                assertEquals(reference.get(i), got.get(i).get());
            }
            assertEquals(List.of(convs.size()), sizes, "the batch closes when batch_size calls wait");
            assertEquals(1, b.batches());
            assertEquals(1, b.multiRowBatches());
            assertEquals(runsBefore + 1, m.onnxMultiRowRuns(), "one ONNX run of several rows");
        }
    }

    @Test
    void aCallerWhoseDeadlinePassesGetsATimeoutAndItsSampleIsDropped() throws Exception {
        List<List<Prompt.Message>> convs = sameLength();
        try (OnnxRewardModel m = OnnxRewardModel.load(dir, opts(2))) {
            MicroBatcher<long[], dev.arbiter.models.ScalarRewardModel.Outcome> b = m.batcher(FOREVER);
            b.earlyClose(false); // the batch closes only by filling up, however the threads are scheduled
            List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
            b.onBatch(sizes::add);
            // waits for a batch that cannot fill (batch_size 2, no one else calls) until its own deadline
            DeadlineExceededException e = assertThrows(DeadlineExceededException.class,
                    () -> b.score(convs.get(0), Deadline.after(Duration.ofMillis(30), dev.arbiter.core.Ticker.system())));
            assertTrue(e.getMessage().contains("waiting for a batch"), e.getMessage());
            assertEquals(1, b.dropped());
            assertTrue(sizes.isEmpty(), "no batch ran");
            // two later callers fill a batch of 2 without the abandoned one
            CompletableFuture<Outcome> x = CompletableFuture.supplyAsync(() -> b.score(convs.get(1), Deadline.none()), newThread());
            CompletableFuture<Outcome> y = CompletableFuture.supplyAsync(() -> b.score(convs.get(2), Deadline.none()), newThread());
            assertEquals(m.score(List.of(convs.get(1)), Deadline.none()).get(0), x.get());
            assertEquals(m.score(List.of(convs.get(2)), Deadline.none()).get(0), y.get());
            assertEquals(List.of(2), sizes);
            assertEquals(2, b.rows());
        }
    }

    @Test
    void aLoneCallerDoesNotWaitForTheWindow() throws IOException {
        try (OnnxRewardModel m = OnnxRewardModel.load(dir, opts(16))) {
            MicroBatcher<long[], dev.arbiter.models.ScalarRewardModel.Outcome> b = m.batcher(FOREVER);
            for (List<Prompt.Message> c : sameLength()) {
                // the window is 30 s: only the early close (every caller is in the batch) lets this finish in time
                Outcome o = b.score(c, Deadline.after(Duration.ofSeconds(20), dev.arbiter.core.Ticker.system()));
                assertEquals(m.score(List.of(c), Deadline.none()).get(0), o);
            }
            assertEquals(4, b.batches());
        }
    }

    @Test
    void anExpiredDeadlineOnAnInjectedTickerNeverQueues() throws IOException {
        long[] now = {0};
        Deadline d = Deadline.after(Duration.ofMillis(10), () -> now[0]);
        now[0] = Duration.ofMillis(11).toNanos();
        try (OnnxRewardModel m = OnnxRewardModel.load(dir, opts(2))) {
            MicroBatcher<long[], dev.arbiter.models.ScalarRewardModel.Outcome> b = m.batcher(FOREVER);
            assertThrows(DeadlineExceededException.class, () -> b.score(sameLength().get(0), d));
            assertEquals(0, b.rows());
        }
    }

    @Test
    void closingTheModelStopsTheBatcherThread() throws Exception {
        MicroBatcher<long[], dev.arbiter.models.ScalarRewardModel.Outcome> b;
        try (OnnxRewardModel m = OnnxRewardModel.load(dir, opts(2))) {
            b = m.batcher(Duration.ofMillis(1));
            assertEquals(b, m.batcher(Duration.ofMillis(1)), "one batcher per window");
            b.score(sameLength().get(0), Deadline.none());
        }
        assertThrows(IllegalStateException.class, () -> b.score(sameLength().get(0), Deadline.none()));
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("arbiter-microbatch-rm-1ms")) {
                t.join(5000);
                assertFalse(t.isAlive(), "batcher thread still running");
            }
        }
    }

    private static java.util.concurrent.Executor newThread() {
        return r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            t.start();
        };
    }
}
