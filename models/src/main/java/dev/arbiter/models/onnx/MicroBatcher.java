package dev.arbiter.models.onnx;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.DeadlineExceededException;
import dev.arbiter.core.Prompt;
import dev.arbiter.models.ScalarRewardModel.Outcome;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Gathers single-conversation calls from many threads into one model call. The engine scores one sample per worker
 * thread, so without this a local reward model never batches inside {@code arbiter score} or the server.
 *
 * <p>Each caller renders and tokenises its own conversation (in parallel, on its own thread). A daemon thread takes
 * the first waiting call, then gathers more for at most {@code window} (or until {@code batchSize} are waiting) and
 * runs them through the model's length-bucketed batches; a sequence is padded to its own bucket, so every score is
 * bit-identical to scoring it alone. The window closes early once every caller currently inside {@link #score} is in
 * the batch (so a lone caller never waits, and the engine's workers, all scoring, batch without waiting); it
 * runs its full length only while callers elsewhere (e.g. in a sibling reward) may still come. Each caller waits for its own result, never past
 * its own deadline: a caller whose deadline passes gets a {@link DeadlineExceededException}, and its conversation is
 * dropped if its batch has not started yet. Calls whose deadline has already passed when a batch starts are dropped
 * too. {@link #close} stops the thread; calls still waiting then fail.
 */
public final class MicroBatcher implements AutoCloseable {
    private static final int PENDING = 0;
    private static final int TAKEN = 1;
    private static final int CANCELLED = 2;

    private final OnnxRewardModel model;
    private final long windowNanos;
    private final int batchSize;
    private final LinkedBlockingQueue<Call> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong multiRowBatches = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** Callers inside {@link #score} now (tokenising, queued or waiting). */
    private final AtomicInteger inside = new AtomicInteger();
    private volatile IntConsumer batchListener = n -> { };
    private volatile boolean earlyClose = true;
    private volatile boolean closed;

    private static final class Call {
        final long[] ids;
        final Deadline deadline;
        final CompletableFuture<Outcome> result = new CompletableFuture<>();
        final AtomicInteger state = new AtomicInteger(PENDING);

        Call(long[] ids, Deadline deadline) {
            this.ids = ids;
            this.deadline = deadline;
        }
    }

    MicroBatcher(OnnxRewardModel model, Duration window, int batchSize, String name) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window (" + window + ") must be positive");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size (" + batchSize + ") must be at least 1");
        }
        this.model = model;
        this.windowNanos = window.toNanos();
        this.batchSize = batchSize;
        this.thread = new Thread(this::loop, "arbiter-microbatch-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Scores one conversation in a shared batch. Returns its outcome; throws {@link DeadlineExceededException} when
     * {@code deadline} passes (or the thread is interrupted) first, and {@link IllegalStateException} when the
     * batcher is closed. A model failure is rethrown as it was thrown (a {@link RuntimeException}).
     */
    public Outcome score(List<Prompt.Message> conversation, Deadline deadline) {
        inside.incrementAndGet();
        try {
            return enqueue(conversation, deadline);
        } finally {
            inside.decrementAndGet();
        }
    }

    private Outcome enqueue(List<Prompt.Message> conversation, Deadline deadline) {
        deadline.check();
        if (closed) {
            throw new IllegalStateException("the micro-batcher is closed");
        }
        String[] why = new String[1];
        long[] ids = model.ids(conversation, why);
        if (ids == null) {
            return Outcome.invalid(why[0]);
        }
        deadline.check();
        Call call = new Call(ids, deadline);
        queue.add(call);
        if (closed) {
            call.result.completeExceptionally(new IllegalStateException("the micro-batcher is closed"));
        }
        try {
            long left = deadline.remaining().toNanos();
            return call.result.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandon(call);
            throw new DeadlineExceededException("time budget of " + deadline.budget().toMillis()
                    + " ms spent waiting for a batch");
        } catch (InterruptedException e) {
            abandon(call);
            Thread.currentThread().interrupt();
            throw new DeadlineExceededException("interrupted while waiting for a batch");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void abandon(Call call) {
        if (call.state.compareAndSet(PENDING, CANCELLED)) {
            queue.remove(call);
            dropped.incrementAndGet();
        }
    }

    /** Batches run so far (model calls). */
    public long batches() {
        return batches.get();
    }

    /** Batches of more than one conversation run so far. */
    public long multiRowBatches() {
        return multiRowBatches.get();
    }

    /** Conversations scored so far. */
    public long rows() {
        return rows.get();
    }

    /** Calls dropped before their batch started (their caller's deadline passed). */
    public long dropped() {
        return dropped.get();
    }

    /** Tests: whether the window closes early when every caller is in the batch (default true). */
    void earlyClose(boolean on) {
        this.earlyClose = on;
    }

    /** Tests: called on the batcher thread with each batch's size, before the model runs. */
    void onBatch(IntConsumer listener) {
        this.batchListener = listener;
    }

    private void loop() {
        List<Call> batch = new ArrayList<>();
        while (!closed) {
            batch.clear();
            try {
                // the window opens with the first live call; calls abandoned meanwhile do not count towards the size
                long end = 0;
                while (true) {
                    batch.removeIf(c -> c.state.get() != PENDING);
                    if (batch.size() >= batchSize) {
                        break;
                    }
                    if (earlyClose && !batch.isEmpty() && queue.isEmpty() && batch.size() >= inside.get()) {
                        break; // every caller inside score() is in this batch: nobody else can join it now
                    }
                    if (batch.isEmpty()) {
                        batch.add(queue.take());
                        end = System.nanoTime() + windowNanos;
                        continue;
                    }
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    Call next = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next != null) {
                        batch.add(next);
                    }
                }
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
                continue;
            }
            run(batch);
        }
        fail(batch);
        List<Call> rest = new ArrayList<>();
        queue.drainTo(rest);
        fail(rest);
    }

    private void run(List<Call> batch) {
        List<Call> live = new ArrayList<>(batch.size());
        for (Call c : batch) {
            if (c.deadline.expired()) {
                if (c.state.compareAndSet(PENDING, CANCELLED)) {
                    dropped.incrementAndGet();
                    c.result.completeExceptionally(new DeadlineExceededException("time budget of "
                            + c.deadline.budget().toMillis() + " ms spent waiting for a batch"));
                }
            } else if (c.state.compareAndSet(PENDING, TAKEN)) {
                live.add(c);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        batches.incrementAndGet();
        rows.addAndGet(live.size());
        if (live.size() > 1) {
            multiRowBatches.incrementAndGet();
        }
        try {
            batchListener.accept(live.size());
            List<long[]> ids = new ArrayList<>(live.size());
            for (Call c : live) {
                ids.add(c.ids);
            }
            // each caller enforces its own deadline; the batch itself runs to the end for those still waiting
            List<Outcome> out = model.scoreTokens(ids, Deadline.none());
            for (int i = 0; i < live.size(); i++) {
                live.get(i).result.complete(out.get(i));
            }
        } catch (RuntimeException | Error e) {
            for (Call c : live) {
                c.result.completeExceptionally(e);
            }
        }
    }

    private static void fail(List<Call> calls) {
        for (Call c : calls) {
            c.result.completeExceptionally(new IllegalStateException("the micro-batcher is closed"));
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Call> rest = new ArrayList<>();
        queue.drainTo(rest);
        fail(rest);
    }
}
