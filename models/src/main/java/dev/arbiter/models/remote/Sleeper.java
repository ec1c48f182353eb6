package dev.arbiter.models.remote;

import java.time.Duration;

/** Waits between retries. Injected so tests can record backoffs and advance a fake ticker instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    static Sleeper system() {
        return d -> Thread.sleep(d.toMillis(), (int) (d.toNanosPart() % 1_000_000));
    }
}
