package dev.arbiter.server;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.Ticker;
import dev.arbiter.core.engine.Evaluator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The server's scoring engine, usable in-process too: a bounded admission queue in front of an {@link Evaluator}.
 *
 * <p><b>Admission.</b> {@link #trySubmit} admits all samples of a request or none: it takes one permit per sample
 * that needs scoring from a pool of {@code capacity}, and refuses (empty) when they do not fit, so the caller can shed
 * load (HTTP 503). A permit is held from admission until the sample's evaluation has finished or been abandoned, so
 * samples waiting plus samples running never exceed {@code capacity}: memory stays bounded under any load.
 *
 * <p><b>Scoring.</b> An admitted request's samples go straight into the evaluator's queue
 * ({@link Evaluator#enqueue}), first come first served, and its {@code workers} run them back to back: no dispatcher
 * and no thread hand-off per sample, only a wake-up of an idle worker when there is one. Each sample gets the spec's
 * per-sample deadline from the moment a worker starts it, cut to what is left of its request's deadline then; the
 * evaluator's watchdog enforces it per sample even for rewards that ignore it. A sample whose request deadline has
 * passed while it waited is answered {@code timeout} without running.
 *
 * <p><b>Answers.</b> Every admitted sample is answered exactly once: by its evaluation, by the cache, by an early
 * result the caller supplied, by {@link Ticket#expire}, or by {@link #close} ({@code error}, "shutting down"). The
 * ticket's future completes when the last one is in. Thread-safe.
 */
public final class ScoringEngine implements AutoCloseable {
    private static final RewardResult SHUT_DOWN = RewardResult.error("the server shut down before this sample was scored");
    private final int capacity;
    private final Semaphore permits;
    private final Evaluator evaluator;
    private final Ticker ticker;
    private final ResultCache cache;
    private final Listener listener;
    private volatile boolean closed;

    /** One sample to score with one spec, or a result it gets without scoring ({@code early}). */
    public record Item(NamedSpec spec, Sample sample, RewardResult early) {
        public Item {
            Objects.requireNonNull(spec, "spec");
            if ((sample == null) == (early == null)) {
                throw new IllegalArgumentException("exactly one of sample and early must be given");
            }
        }

        public static Item of(NamedSpec spec, Sample sample) {
            return new Item(spec, sample, null);
        }

        /** An item answered without scoring, typically {@code invalid_input} found while reading the request. */
        public static Item answered(NamedSpec spec, RewardResult result) {
            return new Item(spec, null, result);
        }
    }

    /** Told about every answer given; for metrics. Called from any thread; must be fast and must not throw. */
    public interface Listener {
        /**
         * @param spec   the item's spec
         * @param result the answer
         * @param nanos  time spent scoring, or -1 when the answer did not come from an evaluation
         * @param cached whether the answer came from the result cache
         */
        void answered(NamedSpec spec, RewardResult result, long nanos, boolean cached);

        Listener NONE = (spec, result, nanos, cached) -> { };
    }

    /**
     * @param workers   evaluations that run at once
     * @param capacity  samples admitted and not yet finished (waiting plus running)
     * @param cacheSize result cache entries; 0 for no cache
     * @param listener  told about every answer
     * @param ticker    the clock of deadlines
     */
    public ScoringEngine(int workers, int capacity, long cacheSize, Listener listener, Ticker ticker) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity (" + capacity + ") must be at least 1");
        }
        this.capacity = capacity;
        this.permits = new Semaphore(capacity);
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.evaluator = new Evaluator(workers, ticker, Evaluator.DEFAULT_SCAN_INTERVAL);
        this.cache = cacheSize > 0 ? new ResultCache(cacheSize) : null;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public ScoringEngine(int workers, int capacity, long cacheSize) {
        this(workers, capacity, cacheSize, Listener.NONE, Ticker.system());
    }

    /**
     * Admits every item or none. Items with an early result and cache hits need no permit and are answered at once.
     *
     * @param items         the request's items, in order; results come back in the same order
     * @param requestBudget the request's deadline from now; no sample runs past it
     * @return the ticket, or empty when the samples do not fit (or the engine is closed): the caller should shed load
     */
    public Optional<Ticket> trySubmit(List<Item> items, Duration requestBudget) {
        try {
            return admit(items, requestBudget, false);
        } catch (InterruptedException e) {
            throw new IllegalStateException("cannot happen: a non-waiting admission was interrupted", e);
        }
    }

    /**
     * Scores in-process and waits: admits {@code items}, waiting for room while the engine is full, and returns
     * their results in order. For library callers and benchmarks; the server uses {@link #trySubmit}.
     *
     * @throws IllegalArgumentException   when there are more items than the engine's capacity
     * @throws RejectedExecutionException when the engine is closed
     */
    public List<RewardResult> scoreAll(List<Item> items, Duration requestBudget) throws InterruptedException {
        if (items.size() > capacity) {
            throw new IllegalArgumentException(items.size() + " items exceed the engine's capacity of " + capacity);
        }
        Ticket t = admit(items, requestBudget, true)
                .orElseThrow(() -> new RejectedExecutionException("the engine is closed"));
        try {
            // every sample is answered by its deadline plus the watchdog's grace; this bound only guards a closed engine
            return t.results().get(requestBudget.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            t.expire("no answer within the request's deadline of " + requestBudget.toMillis() + " ms");
            return t.results().join();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot happen: the results future never fails", e.getCause());
        }
    }

    private Optional<Ticket> admit(List<Item> items, Duration requestBudget, boolean wait) throws InterruptedException {
        if (closed) {
            return Optional.empty();
        }
        Ticket ticket = new Ticket(items, Deadline.after(requestBudget, ticker));
        List<Task> toScore = new ArrayList<>(items.size());
        List<Integer> hits = new ArrayList<>();
        RewardResult[] hitResults = new RewardResult[items.size()];
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (item.early() != null) {
                continue;
            }
            String key = cache == null ? null : ResultCache.key(item.spec(), item.sample());
            RewardResult hit = key == null ? null : cache.get(key);
            if (hit != null) {
                hits.add(i);
                hitResults[i] = hit;
            } else {
                toScore.add(new Task(ticket, i, key));
            }
        }
        if (!toScore.isEmpty()) {
            if (wait) {
                permits.acquire(toScore.size());
            } else if (!permits.tryAcquire(toScore.size())) {
                return Optional.empty();
            }
        }
        for (Task t : toScore) {
            try {
                evaluator.enqueue(t.item().spec().spec().deadline(), new SampleJob(t));
            } catch (RejectedExecutionException e) {
                // closed meanwhile: close() answered the samples queued before it, this one is answered here
                permits.release();
                ticket.answer(t.index, SHUT_DOWN, -1, false);
            }
        }
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).early() != null) {
                ticket.answer(i, items.get(i).early(), -1, false);
            }
        }
        for (int i : hits) {
            ticket.answer(i, hitResults[i], -1, true);
        }
        if (items.isEmpty()) {
            ticket.future.complete(List.of());
        }
        return Optional.of(ticket);
    }

    /** The most samples admitted at once. */
    public int capacity() {
        return capacity;
    }

    /** Samples admitted and not yet finished (waiting plus running). */
    public int admitted() {
        return capacity - permits.availablePermits();
    }

    /** Samples admitted and waiting for a worker (admitted less running). */
    public int queueDepth() {
        return Math.max(0, admitted() - evaluator.inFlight());
    }

    /** Evaluations running now. */
    public int busyWorkers() {
        return evaluator.inFlight();
    }

    public int workers() {
        return evaluator.parallelism();
    }

    /** Evaluations the watchdog abandoned because the reward overran its hard limit. */
    public long abandonedCount() {
        return evaluator.abandonedCount();
    }

    /** Entries in the result cache; -1 when there is none. */
    public long cacheSize() {
        return cache == null ? -1 : cache.size();
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops admitting, answers every sample still waiting with {@code error} ("shutting down") and stops the workers.
     * Evaluations already running finish (or are abandoned at their deadline) and are answered as usual.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        evaluator.close(SHUT_DOWN);
    }

    /** One admitted sample waiting for a worker. */
    private record Task(Ticket ticket, int index, String cacheKey) {
        Item item() {
            return ticket.items.get(index);
        }
    }

    private final class SampleJob implements Evaluator.Job<Void> {
        private final Task task;
        private volatile long startNanos;
        private volatile boolean skipped;

        SampleJob(Task task) {
            this.task = task;
        }

        /** The spec's per-sample budget, cut to what is left of the request's deadline when the worker starts. */
        @Override
        public Duration budgetAtStart(Duration perSample) {
            Duration left = task.ticket.deadline.remaining();
            return left.compareTo(perSample) < 0 ? left : perSample;
        }

        @Override
        public RewardResult evaluate(Deadline deadline) {
            Ticket ticket = task.ticket;
            if (ticket.isDone()) {
                skipped = true;
                return RewardResult.timeout("the request was already answered");
            }
            if (ticket.deadline.expired()) {
                return RewardResult.timeout("the request's deadline of " + ticket.deadline.budget().toMillis()
                        + " ms passed while the sample waited in the queue");
            }
            startNanos = System.nanoTime();
            Item item = task.item();
            return Scoring.guarded(item.spec().spec().reward(), item.sample(), deadline);
        }

        @Override
        public Void finish(RewardResult result) {
            permits.release();
            if (skipped) {
                return null;
            }
            long start = startNanos;
            long nanos = start == 0 ? -1 : System.nanoTime() - start;
            if (task.cacheKey != null) {
                cache.put(task.cacheKey, result);
            }
            task.ticket.answer(task.index, result, nanos, false);
            return null;
        }
    }

    /**
     * An admitted request: one answer slot per item. Its {@link #results()} future completes, once, when every slot
     * is filled. Thread-safe.
     */
    public final class Ticket {
        private final List<Item> items;
        private final Deadline deadline;
        private final AtomicReferenceArray<RewardResult> results;
        private final AtomicInteger unanswered;
        private final CompletableFuture<List<RewardResult>> future = new CompletableFuture<>();

        private Ticket(List<Item> items, Deadline deadline) {
            this.items = List.copyOf(items);
            this.deadline = deadline;
            this.results = new AtomicReferenceArray<>(items.size());
            this.unanswered = new AtomicInteger(items.size());
        }

        /** The results in item order, once every item is answered. Never completes exceptionally. */
        public CompletableFuture<List<RewardResult>> results() {
            return future;
        }

        public List<Item> items() {
            return items;
        }

        /** The request's deadline. */
        public Deadline deadline() {
            return deadline;
        }

        public boolean isDone() {
            return unanswered.get() == 0;
        }

        /**
         * Answers every item not yet answered with {@code timeout} and {@code reason}. Samples still waiting are then
         * skipped, and results of running ones discarded.
         *
         * @return how many items this call answered
         */
        public int expire(String reason) {
            int n = 0;
            for (int i = 0; i < items.size(); i++) {
                if (results.get(i) == null && answer(i, RewardResult.timeout(reason), -1, false)) {
                    n++;
                }
            }
            return n;
        }

        private boolean answer(int index, RewardResult result, long nanos, boolean cached) {
            if (!results.compareAndSet(index, null, result)) {
                return false;
            }
            try {
                listener.answered(items.get(index).spec(), result, nanos, cached);
            } catch (RuntimeException e) {
                // metrics must never lose an answer
            }
            if (unanswered.decrementAndGet() == 0) {
                RewardResult[] all = new RewardResult[items.size()];
                for (int i = 0; i < all.length; i++) {
                    all[i] = results.get(i);
                }
                future.complete(Collections.unmodifiableList(Arrays.asList(all)));
            }
            return true;
        }
    }
}
