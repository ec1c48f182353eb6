package dev.arbiter.bench;

import dev.arbiter.core.Deadline;
import dev.arbiter.math.Candidate;
import dev.arbiter.math.ExtractionConfig;
import dev.arbiter.math.MathVerifier;
import dev.arbiter.math.Verdict;
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

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The math verifier's kernels on typical pairs: extraction + parsing of a response, and comparison of parsed answers.
 *
 * <pre>java -cp 'bench/target/arbiter-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*' org.openjdk.jmh.Main MathKernels</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MathKernels {
    /** gold | response */
    @Param({"72|So she makes 18 + 54 = 72 dollars. #### 72",
            "\\frac{1}{\\sqrt{3}}|Hence $\\tan 30^\\circ = \\boxed{\\frac{\\sqrt{3}}{3}}$.",
            "(-\\infty, 3]|The solution is $x \\le 3$, i.e. \\boxed{(-\\infty,3]}.",
            "x^2+2x+1|Expanding gives \\boxed{(x+1)^2}."})
    public String pair;

    private final MathVerifier verifier = MathVerifier.defaults();
    private final Deadline none = Deadline.none();
    private String response;
    private List<Candidate> gold;
    private List<Candidate> parsed;

    @Setup
    public void setup() {
        int bar = pair.indexOf('|');
        String goldText = pair.substring(0, bar);
        response = pair.substring(bar + 1);
        gold = verifier.parse(goldText, ExtractionConfig.GOLD, none);
        parsed = verifier.parse(response, ExtractionConfig.PREDICTION, none);
    }

    @Benchmark
    public List<Candidate> parseResponse() {
        return verifier.parse(response, ExtractionConfig.PREDICTION, none);
    }

    @Benchmark
    public Verdict compareParsed() {
        return verifier.verify(gold, parsed, none);
    }
}
