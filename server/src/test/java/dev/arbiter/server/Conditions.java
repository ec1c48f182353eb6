package dev.arbiter.server;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting for a state the test cannot be told about directly (no timed assertion: the bound only stops a hang). */
final class Conditions {
    private Conditions() {
    }

    static void await(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("gave up waiting for: " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
