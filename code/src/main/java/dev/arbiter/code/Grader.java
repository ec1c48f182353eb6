package dev.arbiter.code;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.code.sandbox.Execution;
import dev.arbiter.code.sandbox.Limits;
import dev.arbiter.code.sandbox.SandboxOverloadedException;
import dev.arbiter.code.sandbox.Termination;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.DeadlineExceededException;
import dev.arbiter.core.InvalidInputException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs a solution against a {@link TestSuite} and gives each test a {@link Verdict}.
 *
 * <p>Every test runs in its own fresh sandbox (a new process: no state carries over between tests). Compiled
 * languages compile once per solution (once per test for assert-style tests, whose program differs per test).
 * Call-based tests ({@code fn_name}) run in Python through a small harness that reads the arguments from standard
 * input and writes the return value as JSON on a descriptor the solution's prints do not reach; the comparison is
 * made outside the sandbox, so nothing the solution prints can claim a pass. Thread-safe.
 */
public final class Grader {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final String HARNESS = loadHarness();

    private final CodeRunner runner;

    public Grader(CodeRunner runner) {
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    /**
     * How to grade.
     *
     * @param maxTests           grade only the first N tests (0 = all)
     * @param stopOnFirstFailure skip the remaining tests after the first that fails
     * @param compare            how standard output (and return values) are compared
     * @param floatTolerance     the tolerance of {@link OutputComparison#FLOAT}
     * @param runLimits          limits of each test run
     * @param compileLimits      limits of the compile step
     */
    public record Options(int maxTests, boolean stopOnFirstFailure, OutputComparison compare, double floatTolerance,
                          Limits runLimits, Limits compileLimits) {
        public Options {
            Objects.requireNonNull(compare, "compare");
            Objects.requireNonNull(runLimits, "runLimits");
            Objects.requireNonNull(compileLimits, "compileLimits");
            if (maxTests < 0 || !(floatTolerance >= 0) || !Double.isFinite(floatTolerance)) {
                throw new IllegalArgumentException("bad grading options: maxTests " + maxTests + ", tolerance "
                        + floatTolerance);
            }
        }

        public static Options defaults() {
            return new Options(10, false, OutputComparison.WHITESPACE, 1e-6, Limits.defaults(), Limits.compilerDefaults());
        }
    }

    /** One graded test. */
    public record TestResult(int index, Verdict verdict) {
    }

    /**
     * The grading of one solution.
     *
     * @param results    one per considered test, in order
     * @param suiteSize  tests in the suite, before {@code maxTests}
     */
    public record Report(List<TestResult> results, int suiteSize) {
        public Report {
            results = List.copyOf(results);
        }

        public int considered() {
            return results.size();
        }

        public int passed() {
            return (int) results.stream().filter(r -> r.verdict().passed()).count();
        }

        public boolean allPassed() {
            return !results.isEmpty() && passed() == results.size();
        }

        public double fraction() {
            return results.isEmpty() ? 0.0 : (double) passed() / results.size();
        }

        public Optional<TestResult> firstFailure() {
            return results.stream().filter(r -> !r.verdict().passed()).findFirst();
        }

        /** The first test whose verdict is a sandbox error: the grading says nothing about the solution then. */
        public Optional<TestResult> sandboxError() {
            return results.stream().filter(r -> r.verdict() instanceof Verdict.SandboxError).findFirst();
        }
    }

    /**
     * Grades {@code code} on the suite.
     *
     * @throws InvalidInputException       call-based tests for a language other than Python
     * @throws DeadlineExceededException   the deadline ran out (also when the thread is interrupted)
     * @throws SandboxOverloadedException  no sandbox slot could be had within the deadline
     * @throws Language.ToolchainMissingException the language is not installed here
     */
    public Report grade(Language lang, String code, TestSuite suite, Options options, Deadline deadline)
            throws SandboxOverloadedException, Language.ToolchainMissingException {
        TestSuite considered = suite.first(options.maxTests());
        List<TestSuite.TestCase> tests = considered.tests();
        List<TestResult> results = new ArrayList<>();
        try {
            if (tests.get(0) instanceof TestSuite.TestCase.Assertion) {
                gradeAssertions(lang, code, tests, options, deadline, results);
            } else {
                gradeRuns(lang, code, tests, options, deadline, results);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadlineExceededException("interrupted while running tests");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the program's files", e);
        }
        return new Report(results, suite.size());
    }

    private void gradeRuns(Language lang, String code, List<TestSuite.TestCase> tests, Options options,
                           Deadline deadline, List<TestResult> results)
            throws SandboxOverloadedException, InterruptedException, IOException, Language.ToolchainMissingException {
        boolean call = tests.get(0) instanceof TestSuite.TestCase.Call;
        Language runLang = lang;
        String program = code;
        Map<String, byte[]> files = Map.of();
        if (call) {
            if (!lang.name().equals("python")) {
                throw new InvalidInputException("call-based tests (fn_name) are supported for python only, not "
                        + lang.name());
            }
            program = HARNESS;
            files = Map.of("solution.py", code.getBytes(StandardCharsets.UTF_8));
        }
        deadline.check();
        Limits compileLimits = capped(options.compileLimits(), deadline);
        try (CodeRunner.Program prog = runner.prepare(runLang, program, files, compileLimits, deadline.remaining())) {
            checkCompileDeadline(prog, compileLimits, options);
            if (prog.compileFailure().isPresent()) {
                Verdict v = prog.compileFailure().get();
                for (int i = 0; i < tests.size(); i++) {
                    results.add(new TestResult(i, v));
                }
                return;
            }
            boolean failed = false;
            for (int i = 0; i < tests.size(); i++) {
                if (failed && options.stopOnFirstFailure()) {
                    results.add(new TestResult(i, new Verdict.Skipped("not run: an earlier test failed")));
                    continue;
                }
                deadline.check();
                TestSuite.TestCase t = tests.get(i);
                byte[] stdin = call ? callInput((TestSuite.TestCase.Call) t)
                        : ((TestSuite.TestCase.Stdio) t).input().getBytes(StandardCharsets.UTF_8);
                Limits limits = capped(options.runLimits(), deadline);
                Execution e = prog.run(stdin, limits, List.of(), deadline.remaining());
                Verdict v = judge(e, t, lang, options, limits, deadline);
                results.add(new TestResult(i, v));
                failed |= !v.passed();
            }
        }
    }

    private void gradeAssertions(Language lang, String code, List<TestSuite.TestCase> tests, Options options,
                                 Deadline deadline, List<TestResult> results)
            throws SandboxOverloadedException, InterruptedException, IOException, Language.ToolchainMissingException {
        boolean failed = false;
        for (int i = 0; i < tests.size(); i++) {
            if (failed && options.stopOnFirstFailure()) {
                results.add(new TestResult(i, new Verdict.Skipped("not run: an earlier test failed")));
                continue;
            }
            deadline.check();
            TestSuite.TestCase.Assertion a = (TestSuite.TestCase.Assertion) tests.get(i);
            String program = code + "\n\n" + a.code() + "\n";
            Verdict v;
            Limits compileLimits = capped(options.compileLimits(), deadline);
            try (CodeRunner.Program prog = runner.prepare(lang, program, Map.of(), compileLimits, deadline.remaining())) {
                checkCompileDeadline(prog, compileLimits, options);
                if (prog.compileFailure().isPresent()) {
                    v = prog.compileFailure().get();
                } else {
                    Limits limits = capped(options.runLimits(), deadline);
                    Execution e = prog.run(new byte[0], limits, List.of(), deadline.remaining());
                    v = judge(e, a, lang, options, limits, deadline);
                }
            }
            results.add(new TestResult(i, v));
            failed |= !v.passed();
        }
    }

    private Verdict judge(Execution e, TestSuite.TestCase t, Language lang, Options options, Limits limits,
                          Deadline deadline) {
        if (e.termination() instanceof Termination.WallTimeExceeded
                && limits.wallTime().compareTo(options.runLimits().wallTime()) < 0) {
            throw new DeadlineExceededException("the time budget ran out while a test was running");
        }
        Optional<Verdict> failure = RunClassifier.failure(e, lang, options.runLimits());
        if (failure.isPresent()) {
            Verdict f = failure.get();
            if (t instanceof TestSuite.TestCase.Assertion && f instanceof Verdict.RuntimeError
                    && e.stderrText().contains("AssertionError")) {
                return new Verdict.WrongAnswer("an assertion failed: " + RunClassifier.lastLine(e.stderrText()));
            }
            return f;
        }
        if (t instanceof TestSuite.TestCase.Stdio s) {
            return options.compare().compare(e.stdoutText(), s.expected(), options.floatTolerance())
                    .<Verdict>map(Verdict.WrongAnswer::new)
                    .orElseGet(() -> new Verdict.Passed("output matches"));
        }
        if (t instanceof TestSuite.TestCase.Call c) {
            return judgeCall(e, c, options);
        }
        return new Verdict.Passed("exited with status 0");
    }

    private static Verdict judgeCall(Execution e, TestSuite.TestCase.Call c, Options options) {
        String out = e.stdoutText().strip();
        int nl = out.lastIndexOf('\n');
        String last = nl >= 0 ? out.substring(nl + 1) : out;
        JsonNode actual;
        try {
            actual = last.isEmpty() ? null : JSON.readTree(last);
        } catch (JsonProcessingException ex) {
            actual = null;
        }
        if (actual == null) {
            return new Verdict.WrongAnswer("no return value could be read from the harness");
        }
        JsonNode expected = c.expected();
        OutputComparison cmp = options.compare();
        double tol = options.floatTolerance();
        if (cmp.jsonEquals(actual, expected, tol)) {
            return new Verdict.Passed("return value matches");
        }
        if (expected.isArray() && expected.size() == 1 && cmp.jsonEquals(actual, expected.get(0), tol)) {
            return new Verdict.Passed("return value matches");
        }
        if (expected.isTextual()) {
            try {
                JsonNode parsed = JSON.readTree(expected.asText());
                if (parsed != null && cmp.jsonEquals(actual, parsed, tol)) {
                    return new Verdict.Passed("return value matches");
                }
            } catch (JsonProcessingException ex) {
                // a plain string was expected
            }
        }
        return new Verdict.WrongAnswer("expected " + OutputComparison.quote(expected.toString()) + " but the function "
                + "returned " + OutputComparison.quote(actual.toString()));
    }

    private static byte[] callInput(TestSuite.TestCase.Call c) {
        ObjectNode call = JSON.createObjectNode();
        call.put("fn", c.fnName());
        call.set("args", c.args());
        try {
            return (JSON.writeValueAsString(call) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("the call arguments cannot be written as JSON");
        }
    }

    /** A compile stopped by a wall time that the deadline (not the compile limit) set is a timeout, not a verdict. */
    private static void checkCompileDeadline(CodeRunner.Program prog, Limits used, Options options) {
        if (used.wallTime().compareTo(options.compileLimits().wallTime()) < 0 && prog.compileExecution()
                .map(e -> e.termination() instanceof Termination.WallTimeExceeded).orElse(false)) {
            throw new DeadlineExceededException("the time budget ran out while compiling");
        }
    }

    /** {@code limits} with the wall time cut to what is left of the deadline. */
    private static Limits capped(Limits limits, Deadline deadline) {
        Duration left = deadline.remaining();
        if (left.compareTo(limits.wallTime()) >= 0) {
            return limits;
        }
        if (left.isZero() || left.isNegative()) {
            throw new DeadlineExceededException("the time budget ran out before a test could start");
        }
        return limits.withWallTime(left);
    }

    private static String loadHarness() {
        try (InputStream in = Grader.class.getResourceAsStream("call_harness.py")) {
            if (in == null) {
                throw new IllegalStateException("call_harness.py is missing from the code module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
