package dev.arbiter.code;

import dev.arbiter.core.Sample;
import dev.arbiter.testkit.RewardContractTest;

import java.util.List;

import static dev.arbiter.code.TestSupport.fenced;
import static dev.arbiter.code.TestSupport.sample;

/** code_tests under the shared reward contract (includes the 2 MB response and malformed references). */
class CodeTestsContractTest extends RewardContractTest {
    private static final String TESTS = "{\"inputs\": [\"3 4\\n\"], \"outputs\": [\"7\\n\"]}";

    /** A generous wall limit: the determinism checks must not meet a timeout on a loaded machine. */
    @Override protected String spec() { return "{type: code_tests, max_tests: 2, wall_time_limit: 30s}"; }

    @Override protected String otherSpec() { return "{type: code_tests, max_tests: 2, wall_time_limit: 30s, mode: all_pass}"; }

    @Override protected String expectedSignature() {
        return "code_tests@1(language=python,mode=fraction,max_tests=2,stop_on_first_failure=no,compare=whitespace,"
                + "float_tolerance=0.000001,time_limit=2000ms,wall_time_limit=30000ms,memory_limit_mb=512,"
                + "compile_time_limit=10000ms,extract=last_block,max_code_chars=100000,concurrency=0,languages=none)";
    }

    @Override protected List<Sample> samples() {
        return List.of(
                sample(fenced("python", "a, b = map(int, input().split())\nprint(a + b)"), TESTS),
                sample(fenced("python", "a, b = map(int, input().split())\nprint(a * b)"), TESTS),
                sample("I do not know how to solve this.", TESTS));
    }
}
