package dev.arbiter.models.batch;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.DeadlineExceededException;
import dev.arbiter.core.Prompt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Gathers single-conversation calls from many threads into one model call. The engine scores one sample per worker
 * thread, so without this a reward model never batches inside {@code arbiter score} or the server: a local ONNX model
 * runs one row per session call, a served one gets one HTTP request per sample.
 *
 * <p>Each caller prepares its own conversation (renders and tokenises it, in parallel, on its own thread) with the
 * {@link Backend}, whose {@code run} then scores a list of prepared inputs in one call. A daemon thread takes
 * the first waiting call, then gathers more for at most {@code window} (or until {@code batchSize} are waiting) and
 * runs them through the backend in one call (an ONNX model pads each sequence to its own length bucket, so every score
 * is bit-identical to scoring it alone; a remote model sends one request per {@code batch_size} inputs). The window closes early once every caller currently inside {@link #score} is in
 * the batch (so a lone caller never waits, and the engine's workers, all scoring, batch without waiting); it
 * runs its full length only while callers elsewhere (e.g. in a sibling reward) may still come. Each caller waits for its own result, never past
 * its own deadline: a caller whose deadline passes gets a {@link DeadlineExceededException}, and its conversation is
 * dropped if its batch has not started yet. Calls whose deadline has already passed when a batch starts are dropped
 * too. {@link #close} stops the thread; calls still waiting then fail.
 */
public final class MicroBatcher<P, O> implements AutoCloseable {

    /**
     * What the batcher batches: a model's per-caller preparation and its batched call, with outcomes of type
     * {@code O}.
     */
    public interface Backend<P, O> {
        /**
         * Prepares one conversation on the caller's thread: the model's input, or an invalid input's reason. May throw
         * a {@link RuntimeException}, which reaches the caller as thrown.
         */
        Prepared<P> prepare(List<Prompt.Message> conversation);

        /**
         * Scores prepared inputs in one call, an outcome per input in order. {@code deadline} is the latest of the
         * batch's callers' deadlines (each caller stops waiting at its own).
         */
        List<O> run(List<P> inputs, Deadline deadline);

        /** The outcome of a conversation {@link #prepare} refused. */
        O invalid(String reason);
    }

    /** A prepared input, or why the conversation cannot be scored. */
    public record Prepared<P>(P input, String invalidReason) {
        public static <P> Prepared<P> of(P input) {
            return new Prepared<>(input, null);
        }

        public static <P> Prepared<P> invalid(String reason) {
            return new Prepared<>(null, reason);
        }
    }

    private static final int PENDING = 0;
    private static final int TAKEN = 1;
    private static final int CANCELLED = 2;
    /** How often a batch waiting for a run slot looks for one while it gathers. */
    private static final long SLOT_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final Backend<P, O> backend;
    private final long windowNanos;
    private final int batchSize;
    private final LinkedBlockingQueue<Call<P, O>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    /** Runs batches when several may be in flight at once (a served model); null: the gathering thread runs them. */
    private final ExecutorService runners;
    private final Semaphore runSlots;
    /** Callers whose batch is running now: inside {@link #score}, but unable to join another batch. */
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong multiRowBatches = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** Callers inside {@link #score} now (tokenising, queued or waiting). */
    private final AtomicInteger inside = new AtomicInteger();
    private volatile IntConsumer batchListener = n -> { };
    private volatile boolean earlyClose = true;
    private volatile boolean closed;

    private static final class Call<P, O> {
        final P input;
        final Deadline deadline;
        final CompletableFuture<O> result = new CompletableFuture<>();
        final AtomicInteger state = new AtomicInteger(PENDING);

        Call(P input, Deadline deadline) {
            this.input = input;
            this.deadline = deadline;
        }
    }

    /**
     * Starts the batcher's thread ({@code arbiter-microbatch-NAME}); it gathers up to {@code batchSize} calls for at
     * most {@code window} and runs one batch at a time (a local model: its batches use every core already).
     */
    public MicroBatcher(Backend<P, O> backend, Duration window, int batchSize, String name) {
        this(backend, window, batchSize, 1, name);
    }

    /**
     * As above, with up to {@code parallelRuns} batches in flight at once (a served model, where a batch waits on the
     * network: the gathering goes on meanwhile and the next batch starts on another thread).
     */
    public MicroBatcher(Backend<P, O> backend, Duration window, int batchSize, int parallelRuns, String name) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window (" + window + ") must be positive");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size (" + batchSize + ") must be at least 1");
        }
        this.backend = backend;
        this.windowNanos = window.toNanos();
        this.batchSize = batchSize;
        if (parallelRuns < 1) {
            throw new IllegalArgumentException("parallel runs (" + parallelRuns + ") must be at least 1");
        }
        if (parallelRuns == 1) {
            this.runners = null;
            this.runSlots = null;
        } else {
            AtomicInteger n = new AtomicInteger();
            this.runners = Executors.newFixedThreadPool(parallelRuns, r -> {
                Thread t = new Thread(r, "arbiter-microbatch-" + name + "-run-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            this.runSlots = new Semaphore(parallelRuns);
        }
        this.thread = new Thread(this::loop, "arbiter-microbatch-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Scores one conversation in a shared batch. Returns its outcome; throws {@link DeadlineExceededException} when
     * {@code deadline} passes (or the thread is interrupted) first, and {@link IllegalStateException} when the
     * batcher is closed. A model failure is rethrown as it was thrown (a {@link RuntimeException}).
     */
    public O score(List<Prompt.Message> conversation, Deadline deadline) {
        inside.incrementAndGet();
        try {
            return enqueue(conversation, deadline);
        } finally {
            inside.decrementAndGet();
        }
    }

    private O enqueue(List<Prompt.Message> conversation, Deadline deadline) {
        deadline.check();
        if (closed) {
            throw new IllegalStateException("the micro-batcher is closed");
        }
        Prepared<P> prepared = backend.prepare(conversation);
        if (prepared.invalidReason() != null) {
            return backend.invalid(prepared.invalidReason());
        }
        deadline.check();
        Call<P, O> call = new Call<>(prepared.input(), deadline);
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

    private void abandon(Call<P, O> call) {
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

    /** For tests: whether the window closes early when every caller is in the batch (default true). */
    public void earlyClose(boolean on) {
        this.earlyClose = on;
    }

    /** For tests: called on the batcher thread with each batch's size, before the model runs. */
    public void onBatch(IntConsumer listener) {
        this.batchListener = listener;
    }

    private void loop() {
        List<Call<P, O>> batch = new ArrayList<>();
        while (!closed) {
            try {
                gather(batch);
                dispatch(batch);
            } catch (InterruptedException e) {
                // only close() interrupts on purpose; otherwise the gathered calls stay and the round starts over
                continue;
            }
            batch = new ArrayList<>();
        }
        fail(batch);
        List<Call<P, O>> rest = new ArrayList<>();
        queue.drainTo(rest);
        fail(rest);
    }

    /** Adds calls to {@code batch} until it is full, its window ends, or nobody else can join it. */
    private void gather(List<Call<P, O>> batch) throws InterruptedException {
        // the window opens with the first live call; calls abandoned meanwhile do not count towards the size
        long end = System.nanoTime() + windowNanos;
        while (true) {
            batch.removeIf(c -> c.state.get() != PENDING);
            if (batch.size() >= batchSize) {
                return;
            }
            if (earlyClose && !batch.isEmpty() && queue.isEmpty() && batch.size() >= inside.get() - running.get()) {
                return; // every caller inside score() and not already running is in this batch
            }
            if (batch.isEmpty()) {
                batch.add(queue.take());
                end = System.nanoTime() + windowNanos;
                continue;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Call<P, O> next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next != null) {
                batch.add(next);
            }
        }
    }

    /** Runs the batch here, or on a runner thread once a run slot is free. */
    private void dispatch(List<Call<P, O>> batch) throws InterruptedException {
        if (runners == null) {
            run(batch);
            return;
        }
        // every slot busy: this batch goes on gathering (up to batchSize) until one frees
        while (!runSlots.tryAcquire()) {
            if (batch.size() >= batchSize) {
                runSlots.acquire();
                break;
            }
            Call<P, O> next = queue.poll(SLOT_POLL_NANOS, TimeUnit.NANOSECONDS);
            if (next != null) {
                batch.add(next);
            }
        }
        try {
            runners.execute(() -> {
                try {
                    run(batch);
                } finally {
                    runSlots.release();
                }
            });
        } catch (RejectedExecutionException e) {
            runSlots.release();
            fail(batch);
        }
    }

    private void run(List<Call<P, O>> batch) {
        List<Call<P, O>> live = new ArrayList<>(batch.size());
        Deadline latest = null;
        for (Call<P, O> c : batch) {
            if (c.deadline.expired()) {
                if (c.state.compareAndSet(PENDING, CANCELLED)) {
                    dropped.incrementAndGet();
                    c.result.completeExceptionally(new DeadlineExceededException("time budget of "
                            + c.deadline.budget().toMillis() + " ms spent waiting for a batch"));
                }
            } else if (c.state.compareAndSet(PENDING, TAKEN)) {
                live.add(c);
                if (latest == null || c.deadline.remaining().compareTo(latest.remaining()) > 0) {
                    latest = c.deadline;
                }
            }
        }
        if (live.isEmpty()) {
            return;
        }
        running.addAndGet(live.size());
        try {
            runLive(live, latest);
        } finally {
            running.addAndGet(-live.size());
        }
    }

    private void runLive(List<Call<P, O>> live, Deadline latest) {
        batches.incrementAndGet();
        rows.addAndGet(live.size());
        if (live.size() > 1) {
            multiRowBatches.incrementAndGet();
        }
        try {
            batchListener.accept(live.size());
            List<P> inputs = new ArrayList<>(live.size());
            for (Call<P, O> c : live) {
                inputs.add(c.input);
            }
            // each caller enforces its own deadline; the batch runs until the last of them has given up
            List<O> out = backend.run(inputs, latest);
            if (out.size() != live.size()) {
                throw new IllegalStateException("the model returned " + out.size() + " outcomes for " + live.size()
                        + " inputs");
            }
            for (int i = 0; i < live.size(); i++) {
                live.get(i).result.complete(out.get(i));
            }
        } catch (RuntimeException | Error e) {
            for (Call<P, O> c : live) {
                c.result.completeExceptionally(e);
            }
        }
    }

    private static <P, O> void fail(List<Call<P, O>> calls) {
        for (Call<P, O> c : calls) {
            c.result.completeExceptionally(new IllegalStateException("the micro-batcher is closed"));
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        if (runners != null) {
            runners.shutdown();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Call<P, O>> rest = new ArrayList<>();
        queue.drainTo(rest);
        fail(rest);
    }
}
