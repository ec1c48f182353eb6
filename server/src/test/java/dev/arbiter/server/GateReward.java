package dev.arbiter.server;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A test reward type, {@code test_gate}, whose samples the test holds and releases. A response starting with
 * {@code wait} signals {@link #arrived} and then waits for {@link #open()} (checking its deadline, so it ends as
 * {@code timeout} if the gate stays shut); {@code stubborn} does the same but ignores its deadline and interrupts;
 * {@code work} spends about a millisecond of CPU; any other response scores 1.0 at once. Every result carries the response
 * in {@code details.echo}, so tests can check no answer went to the wrong sample. State lives in the factory instance,
 * which the test owns and passes into the registry: no static state.
 */
final class GateReward implements RewardFactory {
    private final CountDownLatch gate = new CountDownLatch(1);
    /** One permit per evaluation that reached the gate. */
    final Semaphore arrived = new Semaphore(0);

    void open() {
        gate.countDown();
    }

    /** Blocks until {@code n} evaluations wait at the gate (bounded, so a broken test fails instead of hanging). */
    void awaitArrivals(int n) throws InterruptedException {
        if (!arrived.tryAcquire(n, 30, TimeUnit.SECONDS)) {
            throw new AssertionError("only " + arrived.availablePermits() + " of " + n + " evaluations reached the gate");
        }
    }

    @Override public String name() { return "test_gate"; }
    @Override public int version() { return 1; }
    @Override public String family() { return "test"; }
    @Override public String description() { return "test only: waits at a gate for responses starting with 'wait'"; }
    /** Unused by the reward; here so {@code GET /v1/rewards} renders defaults of every kind (a duration, a list). */
    @Override public List<Param> parameters() {
        return List.of(Param.optional("pause", ParamKind.DURATION, Duration.ofMillis(1500), "unused"),
                Param.optional("labels", ParamKind.STRING_LIST, List.of("a", "b"), "unused"));
    }

    @Override
    public Reward create(Params params) {
        RewardSignature sig = params.signature(version());
        return new Reward() {
            @Override
            public RewardSignature signature() {
                return sig;
            }

            @Override
            public RewardResult score(Sample sample, Deadline deadline) {
                String response = sample.response() == null ? "" : sample.response();
                if (response.startsWith("work")) {
                    // about a millisecond of CPU, checking the deadline as a well-behaved reward does
                    long end = System.nanoTime() + 1_000_000;
                    long x = 0;
                    while (System.nanoTime() < end) {
                        x += response.hashCode() ^ x;
                        deadline.check();
                    }
                    return RewardResult.ok(1.0, "worked " + (x & 1)).withDetail("echo", response);
                }
                if (response.startsWith("stubborn")) {
                    // ignores its deadline and interrupts: only the engine's watchdog can end it
                    arrived.release();
                    boolean interrupted = false;
                    while (true) {
                        try {
                            gate.await();
                            break;
                        } catch (InterruptedException e) {
                            interrupted = true;
                        }
                    }
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                    return RewardResult.ok(1.0, "finally").withDetail("echo", response);
                }
                if (response.startsWith("wait")) {
                    arrived.release();
                    try {
                        while (!gate.await(1, TimeUnit.MILLISECONDS)) {
                            deadline.check();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        deadline.check();
                    }
                }
                return RewardResult.ok(1.0, "passed the gate").withDetail("echo", response);
            }
        };
    }
}
