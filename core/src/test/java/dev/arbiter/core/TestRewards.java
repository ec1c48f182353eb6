package dev.arbiter.core;

import java.util.concurrent.CountDownLatch;
import java.util.function.ToDoubleFunction;

/** Small rewards for core's own tests. */
public final class TestRewards {
    private TestRewards() {
    }

    public static Reward scoring(String type, ToDoubleFunction<Sample> f) {
        RewardSignature sig = RewardSignature.of(type, 1);
        return new Reward() {
            @Override
            public RewardSignature signature() {
                return sig;
            }

            @Override
            public RewardResult score(Sample sample, Deadline deadline) {
                return RewardResult.ok(f.applyAsDouble(sample));
            }
        };
    }

    /** Spins until its deadline is checked as spent: a cooperative slow reward. */
    public static Reward cooperativeSpinner() {
        return new Reward() {
            @Override
            public RewardSignature signature() {
                return RewardSignature.of("spinner", 1);
            }

            @Override
            public RewardResult score(Sample sample, Deadline deadline) {
                while (true) {
                    deadline.check();
                    Thread.onSpinWait();
                }
            }
        };
    }

    /** Blocks, ignoring its deadline and interrupts, until released: a reward that never cooperates. */
    public static Reward stubborn(CountDownLatch started, CountDownLatch release) {
        return new Reward() {
            @Override
            public RewardSignature signature() {
                return RewardSignature.of("stubborn", 1);
            }

            @Override
            public RewardResult score(Sample sample, Deadline deadline) {
                started.countDown();
                while (true) {
                    try {
                        release.await();
                        return RewardResult.ok(1.0);
                    } catch (InterruptedException ignored) {
                        // deliberately ignored: this reward models code that never cooperates
                    }
                }
            }
        };
    }
}
