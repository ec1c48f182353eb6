package dev.arbiter.code;

import dev.arbiter.code.sandbox.Sandbox;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.Status;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.core.spec.SpecException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.arbiter.code.TestSupport.fenced;
import static dev.arbiter.code.TestSupport.json;
import static dev.arbiter.code.TestSupport.requireToolchain;
import static dev.arbiter.code.TestSupport.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Grading formats, comparison modes, partial credit and the other languages, through the real sandbox. */
class GradingTest {
    private static final RewardRegistry REGISTRY = RewardRegistry.fromServiceLoader();
    private static Sandbox sandbox;
    private static Grader grader;

    @BeforeAll
    static void start() {
        sandbox = TestSupport.sandbox();
        grader = new Grader(new CodeRunner(sandbox));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static Grader.Report grade(String lang, String code, String tests, Grader.Options options) throws Exception {
        return grader.grade(TestSupport.lang(lang), code, TestSuite.parse(json(tests)), options, Deadline.none());
    }

    private static Grader.Options opts(OutputComparison cmp) {
        return new Grader.Options(0, false, cmp, 1e-6, TestSupport.small(), Grader.Options.defaults().compileLimits());
    }

    private static List<String> statuses(Grader.Report r) {
        return r.results().stream().map(t -> t.verdict().status()).toList();
    }

    /** Scores under {@code spec} with a generous wall limit, so a loaded machine cannot turn a pass into a timeout. */
    private static RewardResult score(String spec, Sample s) {
        String relaxed = spec.equals("code_tests") ? "{type: code_tests, wall_time_limit: 30s}"
                : spec.substring(0, spec.lastIndexOf('}')) + ", wall_time_limit: 30s}";
        Reward r = RewardSpec.resolve(relaxed, REGISTRY).reward();
        return Scoring.guarded(r, s, Deadline.none());
    }

    @Test
    void stdinStdoutWithThreeComparisons() throws Exception {
        String tests = "{\"inputs\": [\"1 2\\n\"], \"outputs\": [\"3\\n\"]}";
        String spaced = "a, b = map(int, input().split())\nprint(' ', a + b, ' ')\nprint()";
        assertEquals(List.of("wrong_answer"), statuses(grade("python", spaced, tests, opts(OutputComparison.EXACT))));
        assertEquals(List.of("ok"), statuses(grade("python", spaced, tests, opts(OutputComparison.WHITESPACE))));
        String floats = "{\"inputs\": [\"\"], \"outputs\": [\"0.3333333 2\\n\"]}";
        String approx = "print(1/3, 2.0000000001)";
        assertEquals(List.of("wrong_answer"), statuses(grade("python", approx, floats, opts(OutputComparison.WHITESPACE))));
        assertEquals(List.of("ok"), statuses(grade("python", approx, floats, opts(OutputComparison.FLOAT))));
        Grader.Report exact = grade("python", "print(3)", tests, opts(OutputComparison.EXACT));
        assertEquals(List.of("ok"), statuses(exact), "a trailing newline difference is not a mismatch");
    }

    @Test
    void wrongAnswerEvidenceNamesTheDifference() throws Exception {
        Grader.Report r = grade("python", "print(4)", "{\"inputs\": [\"\"], \"outputs\": [\"3\"]}",
                opts(OutputComparison.WHITESPACE));
        assertEquals("token 1 differs: expected '3' but got '4'", r.results().get(0).verdict().evidence());
    }

    @Test
    void callBasedFunctionSolutionClassAndWrappedOutputs() throws Exception {
        String tests = "{\"fn_name\": \"add\", \"inputs\": [[1, 2], \"5\\n6\", [[1], [2]]], "
                + "\"outputs\": [3, [11], [1, 2]]}";
        String fn = "def add(a, b):\n    print('debug output must not matter')\n    return a + b";
        assertEquals(List.of("ok", "ok", "ok"), statuses(grade("python", fn, tests, opts(OutputComparison.WHITESPACE))));
        String cls = "class Solution:\n    def add(self, a: int, b: int) -> int:\n        return a + b";
        assertEquals(List.of("ok", "ok", "ok"), statuses(grade("python", cls, tests, opts(OutputComparison.WHITESPACE))));
        String wrong = "def add(a, b):\n    return a - b";
        Grader.Report r = grade("python", wrong, tests, opts(OutputComparison.WHITESPACE));
        assertEquals("wrong_answer", r.results().get(0).verdict().status());
        assertTrue(r.results().get(0).verdict().evidence().contains("returned '-1'"), r.results().get(0).verdict()::evidence);
        String missing = "def other(a, b):\n    return 0";
        assertEquals("runtime_error", grade("python", missing, tests, opts(OutputComparison.WHITESPACE))
                .results().get(0).verdict().status());
    }

    @Test
    void callBasedTuplesFloatsAndTypingNames() throws Exception {
        String tests = "{\"fn_name\": \"f\", \"inputs\": [[[3, 1, 2]]], \"outputs\": [[[1, 2, 3], 0.1]]}";
        String code = "def f(xs: List[int]) -> Tuple[List[int], float]:\n    return sorted(xs), 0.1 + 1e-12";
        assertEquals(List.of("wrong_answer"), statuses(grade("python", code, tests, opts(OutputComparison.WHITESPACE))));
        assertEquals(List.of("ok"), statuses(grade("python", code, tests, opts(OutputComparison.FLOAT))));
    }

    @Test
    void assertStyleMbppAndHumanEval() throws Exception {
        String mbpp = "{\"test_list\": [\"assert add(1, 2) == 3\", \"assert add(2, 2) == 5\", \"assert add(0, 0) == 0\"]}";
        Grader.Report r = grade("python", "def add(a, b):\n    return a + b", mbpp, opts(OutputComparison.WHITESPACE));
        assertEquals(List.of("ok", "wrong_answer", "ok"), statuses(r));
        assertTrue(r.results().get(1).verdict().evidence().startsWith("an assertion failed"));
        String humanEval = "{\"test\": \"def check(candidate):\\n    assert candidate([1, 2]) == 3\\n\", "
                + "\"entry_point\": \"total\"}";
        assertEquals(List.of("ok"), statuses(grade("python", "def total(xs):\n    return sum(xs)", humanEval,
                opts(OutputComparison.WHITESPACE))));
        assertEquals(List.of("wrong_answer"), statuses(grade("python", "def total(xs):\n    return 0", humanEval,
                opts(OutputComparison.WHITESPACE))));
        String asserts = "{\"assert_case\": [\"assert f() == 1\"]}";
        assertEquals(List.of("runtime_error"), statuses(grade("python", "def f():\n    return 1/0", asserts,
                opts(OutputComparison.WHITESPACE))));
    }

    @Test
    void partialCreditAllPassFirstNAndStopOnFirstFailure() {
        String tests = "{\"inputs\": [\"1\", \"2\", \"3\", \"4\"], \"outputs\": [\"1\", \"4\", \"9\", \"16\"]}";
        Sample halfRight = sample(fenced("python", "n = int(input())\nprint(n * n if n % 2 else n)"), tests);
        RewardResult fraction = score("code_tests", halfRight);
        assertEquals(Status.OK, fraction.status());
        assertEquals(0.5, fraction.score(), 1e-12);
        assertEquals(List.of("ok", "wrong_answer", "ok", "wrong_answer"), ((List<?>) fraction.details().get("tests"))
                .stream().map(m -> ((Map<?, ?>) m).get("status")).toList());
        assertEquals(0.0, score("{type: code_tests, mode: all_pass}", halfRight).score());
        assertEquals(1.0, score("{type: code_tests, max_tests: 1}", halfRight).score());
        assertEquals(1.0 / 3, score("{type: code_tests, max_tests: 3, stop_on_first_failure: true}", halfRight).score(),
                1e-12);
        RewardResult stopped = score("{type: code_tests, stop_on_first_failure: true}", halfRight);
        assertEquals(List.of("ok", "wrong_answer", "skipped", "skipped"), ((List<?>) stopped.details().get("tests"))
                .stream().map(m -> ((Map<?, ?>) m).get("status")).toList());
        Sample right = sample(fenced("python", "n = int(input())\nprint(n * n)"), tests);
        assertEquals(1.0, score("{type: code_tests, mode: all_pass}", right).score());
    }

    @Test
    void referenceAsJsonStringAndVerlGroundTruthShapes() {
        String inner = "{\"inputs\": [\"2\\n\"], \"outputs\": [\"4\\n\"]}";
        Sample s = Sample.of(fenced("python", "print(int(input()) * 2)"), TestSupport.JSON.getNodeFactory().textNode(inner));
        assertEquals(1.0, score("code_tests", s).score());
        Sample apps = Sample.of(fenced("python", "print(int(input()) * 2)"),
                json("{\"input_output\": " + TestSupport.JSON.getNodeFactory().textNode(inner) + "}"));
        assertEquals(1.0, score("code_tests", apps).score());
        Sample lcb = sample(fenced("python", "print(int(input()) * 2)"),
                "[{\"input\": \"2\\n\", \"output\": \"4\\n\", \"testtype\": \"stdin\"}]");
        assertEquals(1.0, score("code_tests", lcb).score());
    }

    @Test
    void badReferencesAreInvalidInputWithAReason() {
        String code = fenced("python", "print(1)");
        for (String ref : List.of("{\"inputs\": [\"1\"], \"outputs\": []}", "{\"foo\": 1}", "\"not json\"", "[]",
                "{\"fn_name\": \"f\", \"inputs\": [\"{bad\"], \"outputs\": [1]}")) {
            RewardResult r = score("code_tests", sample(code, ref));
            assertEquals(Status.INVALID_INPUT, r.status(), ref);
            assertTrue(r.reason().length() > 10, r::reason);
        }
        RewardResult javaCall = score("{type: code_tests, language: java}", sample(fenced("java", "class Main {}"),
                "{\"fn_name\": \"f\", \"inputs\": [[1]], \"outputs\": [1]}"));
        assertEquals(Status.INVALID_INPUT, javaCall.status());
    }

    @Test
    void noCodeBlockOrTooMuchCodeScoresZeroWithoutRunning() {
        String tests = "{\"inputs\": [\"\"], \"outputs\": [\"1\"]}";
        RewardResult none = score("code_tests", sample("print(1)", tests));
        assertEquals(Status.OK, none.status());
        assertEquals(0.0, none.score());
        assertEquals("the response has no python code block", none.reason());
        assertEquals(1.0, score("{type: code_tests, extract: raw}", sample("print(1)", tests)).score());
        RewardResult huge = score("{type: code_tests, max_code_chars: 10}", sample(fenced("python", "print(1)  # long"), tests));
        assertEquals(0.0, huge.score());
        assertTrue(huge.reason().contains("over the limit"));
    }

    @Test
    void specErrorsNameTheParameter() {
        SpecException e = assertThrows(SpecException.class, () -> RewardSpec.resolve("{type: code_tests, language: cobol}",
                REGISTRY));
        assertTrue(e.getMessage().contains("unknown language 'cobol'"), e::getMessage);
        assertThrows(SpecException.class, () -> RewardSpec.resolve("{type: code_tests, memory_limit_mb: 1}", REGISTRY));
    }

    @Test
    void languagesFromConfigExtendTheTable() {
        String spec = "{type: code_tests, language: py3isolated, languages: {py3isolated: {source_file: prog.py, "
                + "run: [python3, -I, -S, '{source}'], fence_tags: [python]}}}";
        RewardResult r = score(spec, sample(fenced("python", "print(input())"),
                "{\"inputs\": [\"hi\"], \"outputs\": [\"hi\"]}"));
        assertEquals(1.0, r.score(), r::toString);
    }

    @Test
    void compileErrorFailsEveryTestWithTheCompilerMessage() throws Exception {
        requireToolchain("c");
        Grader.Report r = grade("c", "int main() { return x; }", "{\"inputs\": [\"\", \"\"], \"outputs\": [\"\", \"\"]}",
                opts(OutputComparison.WHITESPACE));
        assertEquals(List.of("compile_error", "compile_error"), statuses(r));
        assertTrue(r.results().get(0).verdict().evidence().contains("undeclared"),
                r.results().get(0).verdict()::evidence);
    }

    @Test
    void c() throws Exception {
        requireToolchain("c");
        String code = "#include <stdio.h>\nint main(){int a,b; scanf(\"%d %d\",&a,&b); printf(\"%d\\n\", a+b); return 0;}";
        assertEquals(List.of("ok", "ok"), statuses(grade("c", code,
                "{\"inputs\": [\"1 2\", \"5 5\"], \"outputs\": [\"3\", \"10\"]}", opts(OutputComparison.WHITESPACE))));
    }

    @Test
    void cppAndItsMemoryLimit() throws Exception {
        requireToolchain("cpp");
        String code = "#include <iostream>\n#include <vector>\nint main(){long n; std::cin>>n; "
                + "std::vector<char> v(n, 1); std::cout << v.size() << std::endl;}";
        Grader.Report r = grade("cpp", code, "{\"inputs\": [\"5\", \"4000000000\"], \"outputs\": [\"5\", \"0\"]}",
                opts(OutputComparison.WHITESPACE));
        assertEquals(List.of("ok", "memory_limit"), statuses(r));
        assertTrue(r.results().get(1).verdict().evidence().contains("std::bad_alloc"));
    }

    @Test
    void javaWithAnyPublicClassName() throws Exception {
        requireToolchain("java");
        String code = "import java.util.*;\npublic class Solution {\n public static void main(String[] a) {\n"
                + "  Scanner s = new Scanner(System.in); System.out.println(s.nextInt() * 3);\n }\n}";
        Grader.Options o = new Grader.Options(0, false, OutputComparison.WHITESPACE, 1e-6,
                TestSupport.small().withMemoryBytes(256 * dev.arbiter.code.sandbox.Limits.MIB),
                Grader.Options.defaults().compileLimits());
        assertEquals(List.of("ok"), statuses(grader.grade(TestSupport.lang("java"), code,
                TestSuite.parse(json("{\"inputs\": [\"4\"], \"outputs\": [\"12\"]}")), o, Deadline.none())));
    }

    @Test
    void javascriptOnNode() throws Exception {
        requireToolchain("javascript");
        String code = "const n = parseInt(require('fs').readFileSync(0, 'utf8'));\nconsole.log(n + 1);";
        assertEquals(List.of("ok"), statuses(grade("javascript", code, "{\"inputs\": [\"41\"], \"outputs\": [\"42\"]}",
                opts(OutputComparison.WHITESPACE))));
    }

    @Test
    void bash() throws Exception {
        requireToolchain("bash");
        assertEquals(List.of("ok", "wrong_answer"), statuses(grade("bash", "read a b; echo $((a * b))",
                "{\"inputs\": [\"6 7\", \"1 1\"], \"outputs\": [\"42\", \"2\"]}", opts(OutputComparison.WHITESPACE))));
    }

    @Test
    void sameCodeAndTestsGiveTheSameResult() {
        String tests = "{\"inputs\": [\"1\", \"2\", \"x\"], \"outputs\": [\"2\", \"5\", \"\"]}";
        Sample s = sample(fenced("python", "print(int(input()) * 2)"), tests);
        RewardResult first = score("code_tests", s);
        for (int i = 0; i < 3; i++) {
            assertEquals(first, score("code_tests", s));
        }
        assertEquals(1.0 / 3, first.score(), 1e-12);
    }
}
