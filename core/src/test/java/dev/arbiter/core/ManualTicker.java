package dev.arbiter.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker moved by hand (core's tests cannot use the testkit, which depends on core). */
public final class ManualTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);

    @Override
    public long nanos() {
        return nanos.get();
    }

    public void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }
}
