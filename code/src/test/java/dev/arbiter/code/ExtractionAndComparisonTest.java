package dev.arbiter.code;

import dev.arbiter.code.sandbox.SeccompFilter;
import dev.arbiter.core.Deadline;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.arbiter.code.TestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Code extraction and output comparison, without a sandbox. */
class ExtractionAndComparisonTest {
    private static final List<String> PY = TestSupport.lang("python").fenceTags();

    private static Optional<String> last(String response) {
        return CodeExtraction.LAST_BLOCK.extract(response, PY, false, Deadline.none());
    }

    @Test
    void lastBlockOfTheLanguageWins() {
        String r = "First try:\n```python\nprint(1)\n```\nSome shell:\n```bash\necho hi\n```\nFinal:\n```py\nprint(2)\n```\nDone.";
        assertEquals(Optional.of("print(2)\n"), last(r));
        assertEquals(Optional.of("print(2)\n"), CodeExtraction.LAST_ANY.extract(r, PY, false, Deadline.none()));
        String other = "```python\nprint(1)\n```\n```bash\necho hi\n```";
        assertEquals(Optional.of("echo hi\n"), CodeExtraction.LAST_ANY.extract(other, PY, false, Deadline.none()));
        assertEquals(Optional.of("print(1)\n"), last(other));
    }

    @Test
    void untaggedBlockIsTheFallbackAndOtherLanguagesAreNot() {
        assertEquals(Optional.of("x = 1\n"), last("```\nx = 1\n```"));
        assertEquals(Optional.empty(), last("```java\nclass A {}\n```"));
        assertEquals(Optional.empty(), last("no code at all"));
        assertEquals(Optional.empty(), last(""));
    }

    @Test
    void fencesFollowCommonMark() {
        assertEquals(Optional.of("a = '```'\n"), last("````python\na = '```'\n````"), "a longer fence holds a shorter one");
        assertEquals(Optional.of("print(3)\n"), last("~~~python\nprint(3)\n~~~"));
        assertEquals(Optional.of("print(4)\n"), last("  ```Python {.numberLines}\nprint(4)\n  ```"));
        assertEquals(Optional.of("print(5)\n"), last("```python\r\nprint(5)\r\n```\r\n"));
        assertEquals(Optional.empty(), last("```python\nprint(6)\n"), "an unclosed block is a truncated answer");
        assertEquals(Optional.of("print(6)\n"), CodeExtraction.LAST_BLOCK.extract("```python\nprint(6)\n", PY, true,
                Deadline.none()));
        assertEquals(Optional.of("x\n```python\nnot\n"), CodeExtraction.RAW.extract("x\n```python\nnot\n", PY, false,
                Deadline.none()));
    }

    @Test
    void extractionIsLinearOnHugeResponses() {
        String huge = "x ".repeat(1_000_000) + "\n```python\nprint(1)\n```\n" + "`".repeat(100_000);
        assertEquals(Optional.of("print(1)\n"), last(huge));
    }

    @Test
    void comparisons() {
        assertTrue(OutputComparison.EXACT.compare("1 2\n\n", "1 2", 0).isEmpty());
        assertTrue(OutputComparison.EXACT.compare("1 2\r\n", "1 2\n", 0).isEmpty());
        assertEquals("output differs at character 2: expected '1 2' but got '1  2'",
                OutputComparison.EXACT.compare("1  2", "1 2", 0).orElseThrow());
        assertTrue(OutputComparison.WHITESPACE.compare(" 1\n 2 \n", "1 2", 0).isEmpty());
        assertEquals("expected 2 tokens but got 0 (no output)", OutputComparison.WHITESPACE.compare("", "1 2", 0).orElseThrow());
        assertTrue(OutputComparison.FLOAT.compare("0.33333334 1000000.1", "0.333333333 1000000", 1e-6).isEmpty());
        assertTrue(OutputComparison.FLOAT.compare("0.334", "0.333", 1e-6).isPresent());
        assertTrue(OutputComparison.FLOAT.compare("YES", "YES", 1e-6).isEmpty());
        assertTrue(OutputComparison.FLOAT.compare("nan inf", "NaN inf", 1e-6).isEmpty());
        assertTrue(OutputComparison.FLOAT.compare("1e-9", "0", 1e-6).isEmpty());
    }

    @Test
    void jsonValuesCompareNumbersByValue() {
        assertTrue(OutputComparison.WHITESPACE.jsonEquals(json("[1, 2.0]"), json("[1.0, 2]"), 0));
        assertTrue(!OutputComparison.WHITESPACE.jsonEquals(json("[0.1]"), json("[0.1000001]"), 1e-3));
        assertTrue(OutputComparison.FLOAT.jsonEquals(json("[0.1]"), json("[0.1000001]"), 1e-3));
        assertTrue(!OutputComparison.WHITESPACE.jsonEquals(json("\"1\""), json("1"), 0));
        assertTrue(OutputComparison.WHITESPACE.jsonEquals(json("{\"a\": [true]}"), json("{\"a\": [true]}"), 0));
    }

    @Test
    void seccompFilterIsWellFormed() {
        byte[] bpf = SeccompFilter.bytes();
        assertEquals(SeccompFilter.instructionCount() * 8, bpf.length);
        assertTrue(SeccompFilter.instructionCount() < 100, "short enough for byte-sized jumps");
        assertTrue(SeccompFilter.DENIED.containsValue("ptrace") && SeccompFilter.DENIED.containsValue("mount"));
    }
}
