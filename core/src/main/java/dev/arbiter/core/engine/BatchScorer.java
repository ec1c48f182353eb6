package dev.arbiter.core.engine;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.Status;
import dev.arbiter.core.spec.RewardSpec;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Scores a stream of records with one spec on all the evaluator's workers, writing results in input order with
 * bounded memory: at most {@code parallelism × window} records are held at once, however long the input.
 * Parsing, scoring and rendering run on the workers; reading and writing on the caller's thread and one writer.
 */
public final class BatchScorer {
    /** Records that may wait, rendered, for earlier ones per worker slot. */
    public static final int WINDOW_PER_WORKER = 256;

    private final Evaluator evaluator;
    private final RewardSpec spec;

    /** Told about every written record, in order; for progress bars and metrics. */
    public interface Listener {
        /**
         * @param rows   records written so far
         * @param sample the record's sample, or {@code null} when it could not be read
         * @param result its result
         */
        void written(long rows, Sample sample, RewardResult result);
    }

    public BatchScorer(Evaluator evaluator, RewardSpec spec) {
        this.evaluator = evaluator;
        this.spec = spec;
    }

    /**
     * Scores every record of {@code inputs} and hands each output to {@code sink} in input order. A record
     * that cannot be parsed or scored still yields an output, with its status.
     */
    public <I, R, O> BatchSummary run(Iterator<I> inputs, RowCodec<I, R, O> codec, Consumer<O> sink, Listener listener)
            throws InterruptedException {
        long start = System.nanoTime();
        BlockingQueue<Pending<O>> queue = new ArrayBlockingQueue<>(evaluator.parallelism() * WINDOW_PER_WORKER);
        Writer<O> writer = new Writer<>(queue, sink, listener);
        Thread writerThread = new Thread(writer, "arbiter-writer");
        writerThread.setDaemon(true);
        writerThread.start();
        Duration budget = spec.deadline();
        long index = 0;
        try {
            while (inputs.hasNext()) {
                if (writer.failure != null) {
                    break;
                }
                I input = inputs.next();
                RowJob<I, R, O> job = new RowJob<>(index, input, codec, spec);
                CompletableFuture<Out<O>> f = evaluator.submit(budget, job);
                queue.put(new Pending<>(f));
                index++;
            }
        } finally {
            queue.put(Pending.end());
            writerThread.join();
        }
        if (writer.failure != null) {
            throw writer.failure;
        }
        return new BatchSummary(writer.rows, writer.counts, writer.scoreSum, Duration.ofNanos(System.nanoTime() - start));
    }

    private record Out<O>(O output, Sample sample, RewardResult result) {
    }

    private record Pending<O>(CompletableFuture<Out<O>> future) {
        static <O> Pending<O> end() {
            return new Pending<>(null);
        }
    }

    private static final class RowJob<I, R, O> implements Evaluator.Job<Out<O>> {
        private final long index;
        private final I input;
        private final RowCodec<I, R, O> codec;
        private final RewardSpec spec;
        private volatile RowCodec.Prepared<R> prepared;

        RowJob(long index, I input, RowCodec<I, R, O> codec, RewardSpec spec) {
            this.index = index;
            this.input = input;
            this.codec = codec;
            this.spec = spec;
        }

        @Override
        public RewardResult evaluate(Deadline deadline) {
            RowCodec.Prepared<R> p;
            try {
                p = codec.prepare(index, input);
            } catch (RuntimeException e) {
                return RewardResult.error("cannot read record " + (index + 1) + ": " + e);
            }
            prepared = p;
            if (p.early() != null) {
                return p.early();
            }
            return Scoring.guarded(spec.reward(), p.sample(), deadline);
        }

        @Override
        public Out<O> finish(RewardResult result) {
            RowCodec.Prepared<R> p = prepared;
            O out = p == null ? codec.renderUnprepared(index, input, result) : codec.render(index, p.row(), result);
            return new Out<>(out, p == null ? null : p.sample(), result);
        }
    }

    private static final class Writer<O> implements Runnable {
        private final BlockingQueue<Pending<O>> queue;
        private final Consumer<O> sink;
        private final Listener listener;
        final Map<Status, Long> counts = new EnumMap<>(Status.class);
        long rows;
        double scoreSum;
        volatile RuntimeException failure;

        Writer(BlockingQueue<Pending<O>> queue, Consumer<O> sink, Listener listener) {
            this.queue = queue;
            this.sink = sink;
            this.listener = listener;
        }

        @Override
        public void run() {
            try {
                while (true) {
                    Pending<O> p = queue.take();
                    if (p.future() == null) {
                        return;
                    }
                    if (failure != null) {
                        continue;
                    }
                    Out<O> out = p.future().join();
                    sink.accept(out.output());
                    rows++;
                    counts.merge(out.result().status(), 1L, Long::sum);
                    if (out.result().isOk()) {
                        scoreSum += out.result().score();
                    }
                    if (listener != null) {
                        listener.written(rows, out.sample(), out.result());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new IllegalStateException("writer interrupted");
            } catch (RuntimeException e) {
                failure = e;
                drain();
            }
        }

        private void drain() {
            try {
                while (queue.take().future() != null) {
                    // keep the reader from blocking on a full queue after a write failure
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
