package dev.arbiter.core.engine;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.Ticker;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs evaluations on worker threads with a hard deadline that holds whatever the reward does.
 *
 * <p><b>Workers.</b> {@code parallelism} lanes, each a long-lived worker thread, take evaluations from one FIFO queue
 * and run them one after another. A worker that finds the queue empty parks, and a new evaluation wakes one parked
 * worker; while the queue is backed up no worker parks, so a run of cheap evaluations costs no thread hand-off each
 * (the hand-off, a park and an unpark, costs far more than a cheap reward). A lone evaluation on an idle evaluator
 * is handed straight to a parked worker, as before. Workers start on demand and live until {@link #close}.
 *
 * <p><b>Deadlines.</b> Each evaluation gets its own {@link Deadline}, which rewards check cooperatively. For
 * {@link #enqueue} it starts when a worker starts the evaluation (time in the queue does not count, so every sample of
 * a batch has its whole budget); for {@link #submit} and {@link #trySubmit} it starts at submission, as it always did.
 * The lane publishes the evaluation it runs, and a watchdog thread abandons any evaluation still running at its own
 * deadline + grace: it interrupts the worker, completes the evaluation with a {@code timeout} result and gives the
 * lane a fresh thread, which goes on with the queue, so a runaway sample neither holds the caller past the hard limit
 * nor delays the samples queued behind it. An abandoned thread that ignores the interrupt is left to finish on its
 * own (Java cannot kill a thread); its result is discarded and it then ends. {@link #abandonedCount()} counts such
 * evaluations.
 *
 * <p><b>Submitting.</b> {@link #enqueue} queues without limit (the caller bounds what it queues) and suits a stream
 * or a batch of samples; {@link #submit} and {@link #trySubmit} first take one of {@code parallelism} slots, held
 * until the evaluation ends, so a caller that submits in a loop never runs ahead of the workers.
 *
 * <p><b>Answers.</b> Every job's {@link Job#finish} is called exactly once: by its worker with its result, by the
 * watchdog with {@code timeout}, or by {@link #close} with {@code error} when it was still queued. Thread-safe.
 */
public final class Evaluator implements AutoCloseable {
    /** The default pause between watchdog scans. */
    public static final Duration DEFAULT_SCAN_INTERVAL = Duration.ofMillis(5);

    /** Keeps hard limits far from overflow whatever the budget (Deadline caps budgets likewise). */
    private static final Duration MAX_GRACE = Duration.ofNanos(Long.MAX_VALUE / 8);
    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;
    private static final int ABANDONED = 3;
    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<Run> STATE = AtomicIntegerFieldUpdater.newUpdater(Run.class, "state");

    private final int parallelism;
    private final Semaphore slots;
    private final Ticker ticker;
    private final long scanIntervalNanos;
    private final Lane[] lanes;
    private final ConcurrentLinkedQueue<Run<?>> queue = new ConcurrentLinkedQueue<>();
    /** Guards {@link #idle}, {@link #started} and the hand-over of a parked lane. */
    private final Object idleLock = new Object();
    private final ArrayDeque<Lane> idle = new ArrayDeque<>();
    private volatile int idleCount;
    private volatile int started;
    private final AtomicLong abandoned = new AtomicLong();
    private final AtomicInteger threadIds = new AtomicInteger();
    /** Lane threads that may still take or run an evaluation (an abandoned thread no longer counts). */
    private final AtomicInteger liveThreads = new AtomicInteger();
    private final Thread watchdog;
    private volatile boolean closed;

    /** One evaluation: the guarded work, then turning its result into the caller's output. */
    public interface Job<T> {
        /** The evaluation proper; runs on a worker under {@code deadline}. Must not throw. */
        RewardResult evaluate(Deadline deadline);

        /**
         * Turns a result into the output. Called once, by the worker with the evaluation's result, by the watchdog
         * with a {@code timeout} result when the evaluation overran its hard limit, or by {@link #close} with an
         * {@code error} result when the evaluation had not started.
         */
        T finish(RewardResult result);

        /**
         * The budget to run under, asked on the worker right before the evaluation starts; by default the one it was
         * submitted with. A job also bounded by something else (a request's own deadline) may return less; the hard
         * limit is this budget plus its grace.
         */
        default Duration budgetAtStart(Duration submitted) {
            return submitted;
        }
    }

    public Evaluator(int parallelism) {
        this(parallelism, Ticker.system(), DEFAULT_SCAN_INTERVAL);
    }

    public Evaluator(int parallelism, Ticker ticker, Duration scanInterval) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism (" + parallelism + ") must be at least 1");
        }
        this.parallelism = parallelism;
        this.slots = new Semaphore(parallelism);
        this.ticker = ticker;
        this.scanIntervalNanos = scanInterval.toNanos();
        this.lanes = new Lane[parallelism];
        for (int i = 0; i < parallelism; i++) {
            lanes[i] = new Lane();
        }
        this.watchdog = new Thread(this::watchLoop, "arbiter-watchdog");
        this.watchdog.setDaemon(true);
        this.watchdog.start();
    }

    public int parallelism() {
        return parallelism;
    }

    /** Evaluations abandoned by the watchdog since this evaluator started. */
    public long abandonedCount() {
        return abandoned.get();
    }

    /** Evaluations running now (not counting queued ones, nor abandoned ones still burning their thread). */
    public int inFlight() {
        int n = 0;
        for (Lane lane : lanes) {
            if (lane.current != null) {
                n++;
            }
        }
        return n;
    }

    /** The grace the watchdog allows past a budget before abandoning: a quarter of it, at least 50 ms. */
    public static Duration graceFor(Duration budget) {
        Duration quarter = budget.dividedBy(4);
        Duration min = Duration.ofMillis(50);
        return quarter.compareTo(min) < 0 ? min : quarter;
    }

    /**
     * Starts {@code job} when a slot is free, waiting for one. Its deadline of {@code budget} starts now (the call
     * returns once it is queued; with slots free it starts at once).
     */
    public <T> CompletableFuture<T> submit(Duration budget, Job<T> job) throws InterruptedException {
        refuseNegative(budget);
        slots.acquire();
        return start(new Run<>(job, budget, true, Deadline.after(budget, ticker)));
    }

    /** Starts {@code job} if a slot is free now; empty otherwise (the caller should shed load). */
    public <T> Optional<CompletableFuture<T>> trySubmit(Duration budget, Job<T> job) {
        refuseNegative(budget);
        if (!slots.tryAcquire()) {
            return Optional.empty();
        }
        return Optional.of(start(new Run<>(job, budget, true, Deadline.after(budget, ticker))));
    }

    /**
     * Queues {@code job} behind the evaluations already queued, without waiting and without a slot: a worker starts
     * it, with a fresh deadline of {@code budget}, when it reaches the head of the queue. The caller bounds how much
     * it queues (a batch, a window).
     *
     * @throws RejectedExecutionException when the evaluator is closed
     */
    public <T> CompletableFuture<T> enqueue(Duration budget, Job<T> job) {
        refuseNegative(budget);
        return start(new Run<>(job, budget, false, null));
    }

    private static void refuseNegative(Duration budget) {
        if (budget.isNegative()) {
            throw new IllegalArgumentException("budget (" + budget + ") must not be negative");
        }
    }

    /** Scores one sample with a hard deadline, from any thread; returns by budget + grace at the latest. */
    public RewardResult score(Reward reward, Sample sample, Duration budget) {
        try {
            return submit(budget, new Job<RewardResult>() {
                @Override
                public RewardResult evaluate(Deadline deadline) {
                    return Scoring.guarded(reward, sample, deadline);
                }

                @Override
                public RewardResult finish(RewardResult result) {
                    return result;
                }
            }).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RewardResult.timeout("the calling thread was interrupted");
        }
    }

    private <T> CompletableFuture<T> start(Run<T> run) {
        if (closed) {
            if (run.holdsSlot) {
                slots.release();
            }
            throw new RejectedExecutionException("evaluator is closed");
        }
        queue.offer(run);
        if (closed && queue.remove(run)) {
            // close() drained the queue before this offer landed; it is refused rather than left behind
            if (run.holdsSlot) {
                slots.release();
            }
            throw new RejectedExecutionException("evaluator is closed");
        }
        if (idleCount > 0 || started < parallelism) {
            wakeOne();
        }
        return run.future;
    }

    /** Hands the queue to one parked lane, or starts a lane while fewer than {@code parallelism} are running. */
    private void wakeOne() {
        Lane lane;
        Thread fresh = null;
        synchronized (idleLock) {
            lane = idle.poll();
            if (lane != null) {
                idleCount = idle.size();
                lane.parked = false;
            } else if (started < parallelism) {
                // lanes start in order; the thread is bound to its lane here, under the lock, so no two wakers take one
                lane = lanes[started++];
                fresh = newThread(lane);
            }
        }
        if (fresh != null) {
            fresh.start();
        } else if (lane != null) {
            LockSupport.unpark(lane.thread);
        }
    }

    /** A new thread for {@code lane}, bound to it (not started). */
    private Thread newThread(Lane lane) {
        Thread t = new Thread(() -> laneLoop(lane), "arbiter-worker-" + threadIds.incrementAndGet());
        t.setDaemon(true);
        lane.thread = t;
        liveThreads.incrementAndGet();
        return t;
    }

    private void laneLoop(Lane lane) {
        Thread me = Thread.currentThread();
        while (true) {
            Run<?> run = take(lane);
            if (run == null) {
                // closed and idle; the watchdog stays until the last lane is gone, so nothing ever runs unwatched
                if (liveThreads.decrementAndGet() == 0) {
                    LockSupport.unpark(watchdog);
                }
                return;
            }
            if (!runOne(lane, run, me)) {
                return;
            }
        }
    }

    /** Runs one evaluation on this lane; false when the watchdog abandoned it and this thread must retire. */
    private <T> boolean runOne(Lane lane, Run<T> run, Thread me) {
        Deadline deadline = run.deadline != null ? run.deadline : startDeadline(run);
        run.deadline = deadline;
        run.hardLimitNanos = deadline.expiresAtNanos() + saturatedNanos(graceFor(deadline.budget()));
        run.thread = me;
        run.state = RUNNING;
        lane.current = run;
        RewardResult result;
        try {
            result = run.job.evaluate(deadline);
        } catch (RuntimeException | Error e) {
            result = RewardResult.error("evaluation failed: " + e);
        }
        if (!STATE.compareAndSet(run, RUNNING, DONE)) {
            // abandoned: the watchdog answered it and gave this lane a fresh thread; this one retires
            Thread.interrupted();
            return false;
        }
        lane.current = null;
        Thread.interrupted();
        if (run.holdsSlot) {
            slots.release();
        }
        complete(run, result);
        return true;
    }

    /** An enqueued run's deadline from now; never throws (a job's odd budget falls back to the submitted one, or zero). */
    private Deadline startDeadline(Run<?> run) {
        Duration budget = run.budget;
        try {
            Duration b = run.job.budgetAtStart(run.budget);
            if (b != null) {
                budget = b;
            }
        } catch (RuntimeException | Error e) {
            // keep the submitted budget
        }
        if (budget == null || budget.isNegative()) {
            budget = Duration.ZERO;
        }
        return Deadline.after(budget, ticker);
    }

    private static long saturatedNanos(Duration d) {
        return d.compareTo(MAX_GRACE) > 0 ? MAX_GRACE.toNanos() : d.toNanos();
    }

    /** The next queued evaluation, parking while there is none; null once the evaluator is closed. */
    private Run<?> take(Lane lane) {
        while (true) {
            if (closed) {
                return null;
            }
            Run<?> run = queue.poll();
            if (run != null) {
                return run;
            }
            synchronized (idleLock) {
                lane.parked = true;
                idle.push(lane);
                idleCount = idle.size();
            }
            // an offer that came before this lane was listed as idle did not wake it: look again before parking
            run = queue.poll();
            if (run != null) {
                synchronized (idleLock) {
                    if (lane.parked) {
                        lane.parked = false;
                        idle.remove(lane);
                        idleCount = idle.size();
                    } else {
                        // a waker chose this lane meanwhile; pass the wake-up on, its evaluation may wait otherwise
                        wakeOneLocked();
                    }
                }
                return run;
            }
            while (lane.parked && !closed) {
                LockSupport.park(this);
                Thread.interrupted(); // a stray interrupt must not turn this wait into a spin
            }
        }
    }

    private void wakeOneLocked() {
        Lane other = idle.poll();
        if (other != null) {
            idleCount = idle.size();
            other.parked = false;
            LockSupport.unpark(other.thread);
        }
    }

    private <T> void complete(Run<T> run, RewardResult result) {
        try {
            run.future.complete(run.job.finish(result));
        } catch (RuntimeException | Error e) {
            run.future.completeExceptionally(e);
        }
    }

    private void watchLoop() {
        while (!closed || liveThreads.get() > 0) {
            LockSupport.parkNanos(scanIntervalNanos);
            scanNow();
        }
    }

    /** Abandons every evaluation past its hard limit now. The watchdog calls this periodically; tests may too. */
    public void scanNow() {
        long now = ticker.nanos();
        for (Lane lane : lanes) {
            Run<?> run = lane.current;
            if (run != null && now - run.hardLimitNanos >= 0) {
                abandon(lane, run);
            }
        }
    }

    private <T> void abandon(Lane lane, Run<T> run) {
        if (!STATE.compareAndSet(run, RUNNING, ABANDONED)) {
            return;
        }
        // only the winner of the state gets here, once per evaluation; the worker that lost it retires unseen
        run.thread.interrupt();
        lane.current = null;
        Thread fresh = newThread(lane);
        liveThreads.decrementAndGet(); // the stuck thread no longer counts; its replacement does
        fresh.start();
        abandoned.incrementAndGet();
        if (run.holdsSlot) {
            slots.release();
        }
        complete(run, RewardResult.timeout("abandoned after " + run.deadline.elapsed().toMillis()
                + " ms: the reward did not stop within its budget of " + run.deadline.budget().toMillis() + " ms"));
    }

    /**
     * Stops taking evaluations. Queued ones that no worker has started are answered {@code error} ("the evaluator
     * closed before this evaluation started"); running ones finish, or are abandoned at their hard limit as usual.
     * Does not wait.
     */
    @Override
    public void close() {
        close(RewardResult.error("the evaluator closed before this evaluation started"));
    }

    /**
     * {@link #close()}, answering the evaluations still queued with {@code queuedAnswer} instead.
     *
     * @return how many queued evaluations this call answered
     */
    public int close(RewardResult queuedAnswer) {
        List<Lane> wake = new ArrayList<>();
        synchronized (idleLock) {
            if (closed) {
                return 0;
            }
            closed = true;
            Lane l;
            while ((l = idle.poll()) != null) {
                l.parked = false;
                wake.add(l);
            }
            idleCount = 0;
        }
        for (Lane l : wake) {
            LockSupport.unpark(l.thread);
        }
        LockSupport.unpark(watchdog);
        int n = 0;
        Run<?> run;
        while ((run = queue.poll()) != null) {
            cancel(run, queuedAnswer);
            n++;
        }
        return n;
    }

    private <T> void cancel(Run<T> run, RewardResult answer) {
        if (run.holdsSlot) {
            slots.release();
        }
        complete(run, answer);
    }

    /** A worker slot: its thread now, and the evaluation it runs (null when idle). */
    private static final class Lane {
        volatile Thread thread;
        volatile Run<?> current;
        volatile boolean parked;
    }

    private static final class Run<T> {
        final Job<T> job;
        final Duration budget;
        final boolean holdsSlot;
        final CompletableFuture<T> future = new CompletableFuture<>();
        // set by the worker before it publishes the run in its lane (a volatile write the watchdog reads); a
        // submitted run's deadline is set at submission instead
        Deadline deadline;
        long hardLimitNanos;
        Thread thread;
        volatile int state = QUEUED;

        Run(Job<T> job, Duration budget, boolean holdsSlot, Deadline deadline) {
            this.job = job;
            this.budget = budget;
            this.holdsSlot = holdsSlot;
            this.deadline = deadline;
        }
    }
}
