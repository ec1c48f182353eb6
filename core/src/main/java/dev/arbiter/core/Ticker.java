package dev.arbiter.core;

/** A source of monotonic nanoseconds. Injected wherever time matters, so tests can drive it without sleeping. */
@FunctionalInterface
public interface Ticker {
    long nanos();

    static Ticker system() {
        return System::nanoTime;
    }
}
