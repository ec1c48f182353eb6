package dev.arbiter.bench;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Per-sample cost of the text rewards on a typical short QA sample.
 *
 * <pre>java -cp 'bench/target/arbiter-bench-*.jar:bench/target/lib/*' org.openjdk.jmh.Main TextKernels</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TextKernels {
    @Param({"constant", "exact_match", "token_f1", "multiple_choice", "format", "reasoning_pattern"})
    public String type;

    private Reward reward;
    private Sample sample;
    private final Deadline deadline = Deadline.none();

    @Setup
    public void setup() {
        reward = RewardSpec.resolve(type, RewardRegistry.fromServiceLoader()).reward();
        sample = Sample.of("<think>First, we need to recall the capital. Therefore it is Paris.</think><answer>The answer is (B) Paris.</answer>", "B");
    }

    @Benchmark
    public RewardResult score() {
        return reward.score(sample, deadline);
    }
}
