package dev.arbiter.models.remote;

import dev.arbiter.core.Ticker;

import java.time.Duration;

/**
 * Stops calling an endpoint that keeps failing. After {@code threshold} failed attempts in a row the circuit
 * <b>opens</b>: calls fail at once, without touching the network, for {@code cooldown}. Then it is <b>half open</b>:
 * one probe call goes through; its success closes the circuit, its failure opens it for another cooldown. Time comes
 * from an injected {@link Ticker}. Thread-safe.
 */
public final class CircuitBreaker {
    /** The three states. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final long cooldownNanos;
    private final Ticker ticker;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAt;
    private boolean probeInFlight;
    private long rejected;

    public CircuitBreaker(int threshold, Duration cooldown, Ticker ticker) {
        if (threshold < 1) {
            throw new IllegalArgumentException("breaker threshold (" + threshold + ") must be at least 1");
        }
        this.threshold = threshold;
        this.cooldownNanos = cooldown.toNanos();
        this.ticker = ticker;
    }

    /**
     * Whether a call may go out now. In the half-open state only one caller at a time gets {@code true} (the probe);
     * it must report back through {@link #onSuccess()} or {@link #onFailure()} or {@link #onNeutral()}.
     */
    public synchronized boolean tryAcquire() {
        if (state == State.OPEN && ticker.nanos() - openedAt >= cooldownNanos) {
            state = State.HALF_OPEN;
            probeInFlight = false;
        }
        switch (state) {
            case CLOSED:
                return true;
            case HALF_OPEN:
                if (!probeInFlight) {
                    probeInFlight = true;
                    return true;
                }
                rejected++;
                return false;
            default:
                rejected++;
                return false;
        }
    }

    /** The endpoint answered usefully. */
    public synchronized void onSuccess() {
        consecutiveFailures = 0;
        state = State.CLOSED;
        probeInFlight = false;
    }

    /** The endpoint failed (5xx, connection error, timeout). */
    public synchronized void onFailure() {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= threshold) {
            state = State.OPEN;
            openedAt = ticker.nanos();
        }
        probeInFlight = false;
    }

    /** The endpoint answered but the outcome says nothing about its health (429): a half-open probe is released. */
    public synchronized void onNeutral() {
        probeInFlight = false;
    }

    public synchronized State state() {
        if (state == State.OPEN && ticker.nanos() - openedAt >= cooldownNanos) {
            return State.HALF_OPEN;
        }
        return state;
    }

    /** How long until an open circuit lets a probe through; zero when not open. */
    public synchronized Duration retryIn() {
        if (state != State.OPEN) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(0, cooldownNanos - (ticker.nanos() - openedAt)));
    }

    public synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** Calls refused without touching the network. */
    public synchronized long rejected() {
        return rejected;
    }
}
