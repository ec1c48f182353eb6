package dev.arbiter.code;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.References;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The tests of one problem, read from a sample's reference.
 *
 * <p>Accepted shapes (a JSON string holding any of them is parsed first):
 * <ul>
 *   <li>{@code {"inputs": [...], "outputs": [...]}} — stdin/stdout tests (APPS, CodeContests, TACO, PRIME, verl,
 *       LiveCodeBench flattened). An input or output given as a list of lines is joined with newlines.</li>
 *   <li>the same with {@code "fn_name"} — call-based tests (LeetCode, PRIME, LiveCodeBench "functional"): each input
 *       is a list of positional arguments, or a string of newline-separated JSON values, one per argument; the output
 *       is the expected return value (APPS also wraps it in a one-element list; both are accepted).</li>
 *   <li>{@code {"assert_case": [...]}} or MBPP's {@code {"test_list": [...], "test_setup_code": "..."}} — each
 *       string is appended to the program and is one test; it passes when the program exits with status 0.</li>
 *   <li>{@code {"test": "...", "entry_point": "..."}} — HumanEval: the test code (defining {@code check}) is
 *       appended, then {@code check(<entry_point>)}; one test.</li>
 *   <li>{@code {"input_output": "<JSON string>"}} — APPS's raw column, read as above.</li>
 *   <li>a list of {@code {"input": ..., "output": ...}} objects — LiveCodeBench's public/private test lists.</li>
 * </ul>
 *
 * @param tests the tests, in order
 */
public record TestSuite(List<TestCase> tests) {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    private static final int MAX_DEPTH = 64;

    public TestSuite {
        tests = List.copyOf(tests);
    }

    /** One test. */
    public sealed interface TestCase {
        /** Feed {@code input} on stdin; the standard output must match {@code expected}. */
        record Stdio(String input, String expected) implements TestCase {
            public Stdio {
                Objects.requireNonNull(input, "input");
                Objects.requireNonNull(expected, "expected");
            }
        }

        /** Call {@code fnName(*args)}; the return value must equal {@code expected}. */
        record Call(String fnName, ArrayNode args, JsonNode expected) implements TestCase {
            public Call {
                Objects.requireNonNull(fnName, "fnName");
                Objects.requireNonNull(args, "args");
                Objects.requireNonNull(expected, "expected");
            }
        }

        /** Append {@code code} to the program; the test passes when the program exits with status 0. */
        record Assertion(String code) implements TestCase {
            public Assertion {
                Objects.requireNonNull(code, "code");
            }
        }
    }

    /**
     * Reads the tests from a reference.
     *
     * @throws InvalidInputException with one sentence when the reference is not a test suite
     */
    public static TestSuite parse(JsonNode reference) {
        if (reference == null || reference.isNull() || reference.isMissingNode()) {
            throw new InvalidInputException("the sample has no reference tests");
        }
        JsonNode n = reference;
        if (n.isTextual()) {
            n = parseJsonText(n.asText(), "the reference");
        }
        checkDepth(n, 0);
        List<TestCase> tests = read(n, 0);
        if (tests.isEmpty()) {
            throw new InvalidInputException("the reference holds no tests");
        }
        return new TestSuite(tests);
    }

    /** Parses JSON text (NaN and Infinity allowed), or fails as invalid input naming {@code what}. */
    static JsonNode parseJsonText(String text, String what) {
        if (text.isBlank()) {
            throw new InvalidInputException(what + " is empty");
        }
        try {
            JsonNode n = JSON.readTree(text);
            if (n == null || n.isMissingNode()) {
                throw new InvalidInputException(what + " is empty");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(what + " is not valid JSON: " + References.abbreviate(e.getOriginalMessage()));
        }
    }

    private static List<TestCase> read(JsonNode n, int depth) {
        if (n.isArray()) {
            return readCaseList(n);
        }
        if (!n.isObject()) {
            throw new InvalidInputException("the reference is not a test suite (expected an object with inputs/outputs, "
                    + "assert_case, test_list or test), got: " + References.abbreviate(n.toString()));
        }
        if (n.has("input_output") && depth == 0) {
            JsonNode io = n.get("input_output");
            return read(io.isTextual() ? parseJsonText(io.asText(), "input_output") : io, depth + 1);
        }
        if (n.has("inputs") || n.has("outputs")) {
            JsonNode fn = n.get("fn_name");
            String fnName = fn != null && fn.isTextual() && !fn.asText().isBlank() ? fn.asText().strip() : null;
            return readInputsOutputs(n.get("inputs"), n.get("outputs"), fnName);
        }
        if (n.has("assert_case") || n.has("test_list")) {
            JsonNode list = n.has("assert_case") ? n.get("assert_case") : n.get("test_list");
            String setup = text(n.get("test_setup_code")) + prefixNewline(text(n.get("test_imports")));
            List<TestCase> out = new ArrayList<>();
            if (!list.isArray()) {
                throw new InvalidInputException("assert_case/test_list must be a list of strings");
            }
            for (JsonNode a : list) {
                if (!a.isTextual()) {
                    throw new InvalidInputException("assert_case/test_list must be a list of strings");
                }
                if (!a.asText().isBlank()) {
                    out.add(new TestCase.Assertion(setup.isBlank() ? a.asText() : setup + "\n" + a.asText()));
                }
            }
            return out;
        }
        if (n.has("test")) {
            JsonNode test = n.get("test");
            if (!test.isTextual() || test.asText().isBlank()) {
                throw new InvalidInputException("'test' must be a non-empty string of test code");
            }
            JsonNode entry = n.get("entry_point");
            String code = test.asText();
            if (entry != null && entry.isTextual() && !entry.asText().isBlank()) {
                String ep = entry.asText().strip();
                if (!ep.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
                    throw new InvalidInputException("entry_point is not an identifier: " + References.abbreviate(ep));
                }
                code = code + "\n\ncheck(" + ep + ")\n";
            }
            return List.of(new TestCase.Assertion(code));
        }
        throw new InvalidInputException("the reference is not a test suite (expected inputs/outputs, assert_case, "
                + "test_list or test): " + References.abbreviate(n.toString()));
    }

    private static List<TestCase> readCaseList(JsonNode list) {
        List<JsonNode> inputs = new ArrayList<>();
        List<JsonNode> outputs = new ArrayList<>();
        for (JsonNode c : list) {
            if (!c.isObject() || !c.has("input") || !c.has("output")) {
                throw new InvalidInputException("a list reference must hold {input, output} test objects, got: "
                        + References.abbreviate(c.toString()));
            }
            JsonNode type = c.get("testtype");
            if (type != null && "functional".equals(type.asText())) {
                throw new InvalidInputException("functional LiveCodeBench tests need fn_name: give "
                        + "{inputs, outputs, fn_name} instead");
            }
            inputs.add(c.get("input"));
            outputs.add(c.get("output"));
        }
        ArrayNode in = JsonNodeFactory.instance.arrayNode().addAll(inputs);
        ArrayNode out = JsonNodeFactory.instance.arrayNode().addAll(outputs);
        return readInputsOutputs(in, out, null);
    }

    private static List<TestCase> readInputsOutputs(JsonNode inputs, JsonNode outputs, String fnName) {
        if (inputs == null || outputs == null || !inputs.isArray() || !outputs.isArray()) {
            throw new InvalidInputException("'inputs' and 'outputs' must both be lists");
        }
        if (inputs.size() != outputs.size()) {
            throw new InvalidInputException("'inputs' has " + inputs.size() + " tests but 'outputs' has "
                    + outputs.size());
        }
        List<TestCase> out = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (fnName != null) {
                out.add(new TestCase.Call(fnName, arguments(inputs.get(i), i), outputs.get(i)));
            } else {
                out.add(new TestCase.Stdio(lines(inputs.get(i), "input", i), lines(outputs.get(i), "output", i)));
            }
        }
        return out;
    }

    private static ArrayNode arguments(JsonNode input, int index) {
        if (input.isArray()) {
            return (ArrayNode) input;
        }
        if (input.isTextual()) {
            ArrayNode args = JsonNodeFactory.instance.arrayNode();
            for (String line : input.asText().split("\n")) {
                if (!line.isBlank()) {
                    args.add(parseJsonText(line, "argument line of call test " + index));
                }
            }
            return args;
        }
        return JsonNodeFactory.instance.arrayNode().add(input);
    }

    private static String lines(JsonNode v, String what, int index) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isNumber() || v.isBoolean()) {
            return v.asText();
        }
        if (v.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode line : v) {
                if (!line.isValueNode() || line.isNull()) {
                    throw new InvalidInputException(what + " of test " + index + " must be a string or a list of lines");
                }
                sb.append(line.asText()).append('\n');
            }
            return sb.toString();
        }
        throw new InvalidInputException(what + " of test " + index + " must be a string or a list of lines");
    }

    private static String text(JsonNode n) {
        if (n == null || n.isNull()) {
            return "";
        }
        if (n.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode c : n) {
                sb.append(c.asText()).append('\n');
            }
            return sb.toString();
        }
        return n.asText();
    }

    private static String prefixNewline(String s) {
        return s.isEmpty() ? "" : "\n" + s;
    }

    private static void checkDepth(JsonNode n, int depth) {
        if (depth > MAX_DEPTH) {
            throw new InvalidInputException("the reference nests deeper than " + MAX_DEPTH + " levels");
        }
        if (n.isContainerNode()) {
            for (JsonNode c : n) {
                checkDepth(c, depth + 1);
            }
        }
    }

    /** The number of tests. */
    public int size() {
        return tests.size();
    }

    /** The first {@code n} tests (all when {@code n <= 0} or more than there are). */
    public TestSuite first(int n) {
        return n <= 0 || n >= tests.size() ? this : new TestSuite(tests.subList(0, n));
    }
}
