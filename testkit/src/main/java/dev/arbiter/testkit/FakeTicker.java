package dev.arbiter.testkit;

import dev.arbiter.core.Ticker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker tests move by hand (and optionally a fixed step on every read), so time-dependent code needs no sleeps. */
public final class FakeTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final long autoStepNanos;

    public FakeTicker() {
        this(Duration.ZERO);
    }

    /** A ticker that also advances by {@code autoStep} on every read. */
    public FakeTicker(Duration autoStep) {
        this.autoStepNanos = autoStep.toNanos();
    }

    @Override
    public long nanos() {
        return nanos.getAndAdd(autoStepNanos);
    }

    public FakeTicker advance(Duration d) {
        nanos.addAndGet(d.toNanos());
        return this;
    }
}
