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
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Scores a stream of records with one spec on all the evaluator's workers, writing results in input order with
 * bounded memory: at most {@code parallelism × window} records are held at once, however long the input.
 * Parsing, scoring and rendering run on the workers; reading and writing on the caller's thread and one writer.
 *
 * <p>Records are queued on the evaluator ({@link Evaluator#enqueue}), so its workers run them back to back with a
 * hard deadline each and no thread hand-off per record. Results land in a ring of {@code window} slots; the writer
 * takes them in order and is woken once per run of records rather than once per record, and the reader, when the
 * ring is full, is woken once a quarter of it is free again.
 */
public final class BatchScorer {
    /** Records that may wait, rendered, for earlier ones per worker slot. */
    public static final int WINDOW_PER_WORKER = 256;
    /** Records the writer lets pile up before it is woken, when they are already queued. */
    static final int WRITER_WAKE_BATCH = 32;

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
        Window<O> window = new Window<>(evaluator.parallelism() * WINDOW_PER_WORKER, Thread.currentThread());
        Writer<O> writer = new Writer<>(window, sink, listener);
        Thread writerThread = new Thread(writer, "arbiter-writer");
        writerThread.setDaemon(true);
        window.writer = writerThread;
        writerThread.start();
        Duration budget = spec.deadline();
        long index = 0;
        try {
            while (inputs.hasNext()) {
                if (!window.awaitRoom(index)) {
                    break;
                }
                I input = inputs.next();
                evaluator.enqueue(budget, new RowJob<>(index, input, codec, spec, window));
                index++;
                window.enqueued = index;
            }
        } finally {
            window.end();
            writerThread.join();
        }
        if (window.failure != null) {
            throw window.failure;
        }
        return new BatchSummary(writer.rows, writer.counts, writer.scoreSum, Duration.ofNanos(System.nanoTime() - start));
    }

    private record Out<O>(O output, Sample sample, RewardResult result, Throwable failure) {
    }

    /**
     * The records between reader and writer: a ring of result slots indexed by record number. The reader queues
     * record {@code n} only when {@code n - written < capacity}, so a slot is always empty when its record is queued.
     * Each side parks only when it must, and is unparked by the other side only when that is worth it.
     */
    private static final class Window<O> {
        final int capacity;
        final int refill;
        final AtomicReferenceArray<Out<O>> slots;
        final Thread reader;
        volatile Thread writer;
        /** Records queued on the evaluator; written by the reader only. */
        volatile long enqueued;
        /** Records written to the sink; written by the writer only. */
        volatile long written;
        /** The record whose result the parked writer waits for, or -1. */
        volatile long writerWaitsFor = -1;
        volatile boolean readerWaits;
        volatile boolean ended;
        volatile RuntimeException failure;

        Window(int capacity, Thread reader) {
            this.capacity = capacity;
            this.refill = Math.max(1, capacity / 4);
            this.slots = new AtomicReferenceArray<>(capacity);
            this.reader = reader;
        }

        int slot(long index) {
            return (int) (index % capacity);
        }

        /** Waits until record {@code index} fits; false when the writer failed (the reader should stop). */
        boolean awaitRoom(long index) throws InterruptedException {
            while (index - written >= capacity) {
                if (failure != null) {
                    return false;
                }
                readerWaits = true;
                if (index - written < capacity || failure != null) {
                    readerWaits = false;
                    continue;
                }
                LockSupport.park(this);
                readerWaits = false;
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            return failure == null;
        }

        /** A worker's result for record {@code index}. */
        void fill(long index, Out<O> out) {
            slots.set(slot(index), out);
            if (writerWaitsFor == index) {
                LockSupport.unpark(writer);
            }
        }

        /** The reader is done: no record past {@link #enqueued} will come. */
        void end() {
            ended = true;
            LockSupport.unpark(writer);
        }

        /**
         * Waits until record {@code i} is in; false when the input ended before it. When more records are queued
         * behind it, waits for the end of a run of them, so one wake-up serves the whole run.
         */
        boolean awaitOutput(long i) {
            while (true) {
                if (slots.get(slot(i)) != null) {
                    return true;
                }
                boolean end = ended;
                long queued = enqueued;
                if (end && i >= queued) {
                    return false;
                }
                long target = Math.max(i, Math.min(i + WRITER_WAKE_BATCH - 1, queued - 1));
                if (target > i && slots.get(slot(target)) != null) {
                    target = i;
                }
                writerWaitsFor = target;
                if (slots.get(slot(target)) == null && slots.get(slot(i)) == null && (!ended || i < enqueued)) {
                    LockSupport.park(this);
                }
                writerWaitsFor = -1;
            }
        }

        /** The writer wrote record {@code rows - 1}; wakes the reader once a quarter of the ring is free. */
        void written(long rows) {
            written = rows;
            if (readerWaits && capacity - (enqueued - rows) >= refill) {
                readerWaits = false;
                LockSupport.unpark(reader);
            }
        }

        void fail(RuntimeException e) {
            failure = e;
            LockSupport.unpark(reader);
        }
    }

    private static final class RowJob<I, R, O> implements Evaluator.Job<Void> {
        private final long index;
        private final I input;
        private final RowCodec<I, R, O> codec;
        private final RewardSpec spec;
        private final Window<O> window;
        private volatile RowCodec.Prepared<R> prepared;

        RowJob(long index, I input, RowCodec<I, R, O> codec, RewardSpec spec, Window<O> window) {
            this.index = index;
            this.input = input;
            this.codec = codec;
            this.spec = spec;
            this.window = window;
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
        public Void finish(RewardResult result) {
            Out<O> out;
            try {
                RowCodec.Prepared<R> p = prepared;
                O o = p == null ? codec.renderUnprepared(index, input, result) : codec.render(index, p.row(), result);
                out = new Out<>(o, p == null ? null : p.sample(), result, null);
            } catch (RuntimeException | Error e) {
                out = new Out<>(null, null, result, e);
            }
            window.fill(index, out);
            return null;
        }
    }

    private static final class Writer<O> implements Runnable {
        private final Window<O> window;
        private final Consumer<O> sink;
        private final Listener listener;
        final Map<Status, Long> counts = new EnumMap<>(Status.class);
        long rows;
        double scoreSum;

        Writer(Window<O> window, Consumer<O> sink, Listener listener) {
            this.window = window;
            this.sink = sink;
            this.listener = listener;
        }

        @Override
        public void run() {
            try {
                while (window.awaitOutput(rows)) {
                    int slot = window.slot(rows);
                    Out<O> out = window.slots.get(slot);
                    window.slots.set(slot, null);
                    if (out.failure() != null) {
                        throw new IllegalStateException("cannot render record " + (rows + 1) + ": " + out.failure(),
                                out.failure());
                    }
                    sink.accept(out.output());
                    rows++;
                    counts.merge(out.result().status(), 1L, Long::sum);
                    if (out.result().isOk()) {
                        scoreSum += out.result().score();
                    }
                    if (listener != null) {
                        listener.written(rows, out.sample(), out.result());
                    }
                    window.written(rows);
                }
            } catch (RuntimeException | Error e) {
                window.fail(e instanceof RuntimeException r ? r : new IllegalStateException("writer failed: " + e, e));
            }
        }
    }
}
