package dev.arbiter.core.engine;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.Ticker;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs evaluations on worker threads with a hard deadline that holds whatever the reward does.
 *
 * <p>Each evaluation gets a {@link Deadline} of its budget, which rewards check cooperatively. A watchdog thread
 * additionally abandons any evaluation still running at budget + grace: it interrupts the worker, completes the
 * evaluation's future with a {@code timeout} result and frees its slot, so the caller is never held past the hard
 * limit and a runaway sample does not slow the rest. An abandoned worker that ignores the interrupt is left to
 * finish on its own (Java cannot kill a thread); its result is discarded and a fresh thread takes its place.
 * {@link #abandonedCount()} counts such evaluations.
 *
 * <p>At most {@code parallelism} evaluations run at once; {@link #submit} waits for a free slot and
 * {@link #trySubmit} refuses instead. Thread-safe.
 */
public final class Evaluator implements AutoCloseable {
    /** The default pause between watchdog scans. */
    public static final Duration DEFAULT_SCAN_INTERVAL = Duration.ofMillis(5);

    private final int parallelism;
    private final Semaphore slots;
    private final Ticker ticker;
    private final ExecutorService workers;
    private final Set<Watch<?>> running = ConcurrentHashMap.newKeySet();
    private final AtomicLong abandoned = new AtomicLong();
    private final Thread watchdog;
    private final long scanIntervalNanos;
    private volatile boolean closed;

    /** One evaluation: the guarded work, then turning its result into the caller's output. */
    public interface Job<T> {
        /** The evaluation proper; runs on a worker under {@code deadline}. Must not throw. */
        RewardResult evaluate(Deadline deadline);

        /**
         * Turns a result into the output. Called once, by the worker with the evaluation's result, or by the
         * watchdog with a {@code timeout} result when the evaluation overran its hard limit.
         */
        T finish(RewardResult result);
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
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "arbiter-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
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

    /** Evaluations running now. */
    public int inFlight() {
        return parallelism - slots.availablePermits();
    }

    /** The grace the watchdog allows past a budget before abandoning: a quarter of it, at least 50 ms. */
    public static Duration graceFor(Duration budget) {
        Duration quarter = budget.dividedBy(4);
        Duration min = Duration.ofMillis(50);
        return quarter.compareTo(min) < 0 ? min : quarter;
    }

    /** Starts {@code job} when a slot is free, waiting for one. */
    public <T> CompletableFuture<T> submit(Duration budget, Job<T> job) throws InterruptedException {
        slots.acquire();
        return start(budget, job);
    }

    /** Starts {@code job} if a slot is free now; empty otherwise (the caller should shed load). */
    public <T> Optional<CompletableFuture<T>> trySubmit(Duration budget, Job<T> job) {
        if (!slots.tryAcquire()) {
            return Optional.empty();
        }
        return Optional.of(start(budget, job));
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

    private <T> CompletableFuture<T> start(Duration budget, Job<T> job) {
        if (closed) {
            slots.release();
            throw new RejectedExecutionException("evaluator is closed");
        }
        Deadline deadline = Deadline.after(budget, ticker);
        long hardLimit = deadline.expiresAtNanos() + graceFor(budget).toNanos();
        Watch<T> watch = new Watch<>(job, deadline, hardLimit);
        try {
            workers.execute(() -> runOnWorker(watch));
        } catch (RejectedExecutionException e) {
            slots.release();
            throw e;
        }
        return watch.future;
    }

    private <T> void runOnWorker(Watch<T> watch) {
        Thread.interrupted();
        watch.thread = Thread.currentThread();
        running.add(watch);
        RewardResult result;
        try {
            result = watch.job.evaluate(watch.deadline);
        } catch (RuntimeException | Error e) {
            result = RewardResult.error("evaluation failed: " + e);
        }
        boolean won;
        synchronized (watch) {
            won = watch.state.compareAndSet(Watch.RUNNING, Watch.DONE);
        }
        Thread.interrupted();
        running.remove(watch);
        if (won) {
            slots.release();
            complete(watch, result);
        }
    }

    private <T> void complete(Watch<T> watch, RewardResult result) {
        try {
            watch.future.complete(watch.job.finish(result));
        } catch (RuntimeException | Error e) {
            watch.future.completeExceptionally(e);
        }
    }

    private void watchLoop() {
        while (!closed) {
            LockSupport.parkNanos(scanIntervalNanos);
            scanNow();
        }
    }

    /** Abandons every evaluation past its hard limit now. The watchdog calls this periodically; tests may too. */
    public void scanNow() {
        long now = ticker.nanos();
        for (Watch<?> w : running) {
            if (now - w.hardLimitNanos >= 0) {
                abandon(w);
            }
        }
    }

    private <T> void abandon(Watch<T> w) {
        boolean won;
        synchronized (w) {
            won = w.state.compareAndSet(Watch.RUNNING, Watch.ABANDONED);
            if (won && w.thread != null) {
                w.thread.interrupt();
            }
        }
        if (!won) {
            return;
        }
        running.remove(w);
        abandoned.incrementAndGet();
        slots.release();
        complete(w, RewardResult.timeout("abandoned after " + w.deadline.elapsed().toMillis()
                + " ms: the reward did not stop within its budget of " + w.deadline.budget().toMillis() + " ms"));
    }

    @Override
    public void close() {
        closed = true;
        watchdog.interrupt();
        workers.shutdown();
    }

    private static final class Watch<T> {
        static final int RUNNING = 0;
        static final int DONE = 1;
        static final int ABANDONED = 2;

        final Job<T> job;
        final Deadline deadline;
        final long hardLimitNanos;
        final AtomicInteger state = new AtomicInteger(RUNNING);
        final CompletableFuture<T> future = new CompletableFuture<>();
        volatile Thread thread;

        Watch(Job<T> job, Deadline deadline, long hardLimitNanos) {
            this.job = job;
            this.deadline = deadline;
            this.hardLimitNanos = hardLimitNanos;
        }
    }
}
