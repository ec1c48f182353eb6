package dev.arbiter.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The time budget of one evaluation. Rewards call {@link #check()} inside any loop whose length depends on
 * the input; the engine's watchdog additionally abandons evaluations that ignore it (see
 * {@code dev.arbiter.core.engine.Evaluator}). Immutable and safe to share between threads.
 */
public final class Deadline {
    private static final long FAR_FUTURE = Long.MAX_VALUE / 4;

    private final Ticker ticker;
    private final long startNanos;
    private final long budgetNanos;

    private Deadline(Ticker ticker, long startNanos, long budgetNanos) {
        this.ticker = ticker;
        this.startNanos = startNanos;
        this.budgetNanos = budgetNanos;
    }

    /** A deadline {@code budget} from now on {@code ticker}. */
    public static Deadline after(Duration budget, Ticker ticker) {
        Objects.requireNonNull(ticker, "ticker");
        if (budget.isNegative()) {
            throw new IllegalArgumentException("budget (" + budget + ") must not be negative");
        }
        long nanos = budget.compareTo(Duration.ofNanos(FAR_FUTURE)) > 0 ? FAR_FUTURE : budget.toNanos();
        return new Deadline(ticker, ticker.nanos(), nanos);
    }

    /** No limit; for library calls that manage time themselves. */
    public static Deadline none() {
        return new Deadline(Ticker.system(), System.nanoTime(), FAR_FUTURE);
    }

    public Duration budget() {
        return Duration.ofNanos(budgetNanos);
    }

    public Duration elapsed() {
        return Duration.ofNanos(ticker.nanos() - startNanos);
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, budgetNanos - (ticker.nanos() - startNanos)));
    }

    public boolean expired() {
        return ticker.nanos() - startNanos >= budgetNanos;
    }

    /** The ticker reading at which this deadline expires. */
    public long expiresAtNanos() {
        return startNanos + budgetNanos;
    }

    public Ticker ticker() {
        return ticker;
    }

    /**
     * Throws {@link DeadlineExceededException} when the budget is spent or the thread was interrupted
     * (the watchdog interrupts evaluations it abandons).
     */
    public void check() {
        if (Thread.currentThread().isInterrupted()) {
            throw new DeadlineExceededException("interrupted after " + elapsed().toMillis() + " ms (budget "
                    + budget().toMillis() + " ms)");
        }
        if (expired()) {
            throw new DeadlineExceededException("time budget of " + budget().toMillis() + " ms spent");
        }
    }

    /** A deadline that is the earlier of this one and {@code budget} from now. */
    public Deadline within(Duration budget) {
        long now = ticker.nanos();
        long mine = startNanos + budgetNanos - now;
        long theirs = budget.toNanos();
        return new Deadline(ticker, now, Math.max(0, Math.min(mine, theirs)));
    }

    /** A character sequence whose reads check this deadline, so regular expressions cannot run away. */
    public CharSequence guard(CharSequence text) {
        return new DeadlineCharSequence(text, this);
    }

    private static final class DeadlineCharSequence implements CharSequence {
        private final CharSequence inner;
        private final Deadline deadline;
        private int reads;

        DeadlineCharSequence(CharSequence inner, Deadline deadline) {
            this.inner = inner;
            this.deadline = deadline;
        }

        @Override
        public int length() {
            return inner.length();
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0xFFF) == 0) {
                deadline.check();
            }
            return inner.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new DeadlineCharSequence(inner.subSequence(start, end), deadline);
        }

        @Override
        public String toString() {
            return inner.toString();
        }
    }
}
