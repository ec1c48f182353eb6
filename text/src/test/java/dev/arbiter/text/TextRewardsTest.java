package dev.arbiter.text;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.Status;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.core.spec.SpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.arbiter.text.TextSamples.J;
import static dev.arbiter.text.TextSamples.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextRewardsTest {
    private static final RewardRegistry REGISTRY = RewardRegistry.fromServiceLoader();

    private static Reward r(String spec) {
        return RewardSpec.resolve(spec, REGISTRY).reward();
    }

    private static RewardResult score(String spec, Sample s) {
        return Scoring.guarded(r(spec), s, Deadline.none());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "The Seine.|Seine|1",
            "the  SEINE river|Seine River|1",
            "An apple|apple|1",
            "Seine|Sein|0",
            "'  '|''|1",
    })
    void exactMatchUsesSquadNormalization(String response, String reference, double expected) {
        assertEquals(expected, score("exact_match", s(response, reference)).score());
    }

    @Test
    void exactMatchReadsEveryReferenceShape() {
        assertEquals(1.0, score("exact_match", s("89", J.arrayNode().add("1989").add("89"))).score());
        assertEquals(1.0, score("exact_match", s("42", J.numberNode(42))).score());
        assertEquals(1.0, score("exact_match", s("Paris", J.objectNode().set("target", J.arrayNode().add("paris")))).score());
        assertEquals(Status.INVALID_INPUT, score("exact_match", s("x", J.objectNode().put("foo", 1))).status());
    }

    @Test
    void exactMatchExtractions() {
        assertEquals(1.0, score("{type: exact_match, extract: answer_tag}", s("<think>x</think><answer> Au </answer>", "au")).score());
        assertEquals(0.0, score("{type: exact_match, extract: answer_tag}", s("Au", "au")).score());
        assertEquals(1.0, score("{type: exact_match, extract: boxed}", s("so \\boxed{\\frac{1}{2}} and \\boxed{7}", "7")).score());
        assertEquals("\\frac{1}{2}", AnswerExtraction.lastBoxed("x \\boxed{\\frac{1}{2}}", Deadline.none()).orElseThrow());
        assertTrue(AnswerExtraction.lastBoxed("\\boxed{{{", Deadline.none()).isEmpty());
        assertEquals(1.0, score("{type: exact_match, extract: hash_mark}", s("work\n#### 72\n", "72")).score());
        assertEquals(1.0, score("{type: exact_match, extract: last_line}", s("reasoning\nParis\n\n", "paris")).score());
        assertEquals(0.0, score("{type: exact_match, normalize: none}", s("paris", "Paris")).score());
        assertEquals(1.0, score("{type: exact_match, normalize: whitespace}", s(" New   York ", "New York")).score());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "William Shakespeare wrote it|William Shakespeare|0.6666666666666666",
            "the cat sat|cat sat on the mat|0.6666666666666666",
            "no overlap|something else|0",
            "a an the|the|1",
    })
    void tokenF1IsSquads(String response, String reference, double expected) {
        assertEquals(expected, score("token_f1", s(response, reference)).score(), 1e-12);
    }

    @Test
    void regexFromSpecOrReference() {
        assertEquals(1.0, score("{type: regex_match, pattern: 'Answer:\\s*\\d+'}", s("So. Answer: 42", "x")).score());
        assertEquals(0.0, score("{type: regex_match, pattern: '\\d+', mode: full}", s("42 apples", "x")).score());
        assertEquals(1.0, score("{type: regex_match, ignore_case: true}", s("HELLO world", "hello")).score());
        assertEquals(Status.INVALID_INPUT, score("regex_match", s("x", "([unclosed")).status());
        SpecException e = assertThrows(SpecException.class, () -> r("{type: regex_match, pattern: '(['}"));
        assertTrue(e.getMessage().contains("key 'pattern'"), e.getMessage());
    }

    @Test
    void catastrophicBacktrackingEndsAsATimeout() {
        Reward evil = r("{type: regex_match, pattern: '(.*a){12}$'}");
        Deadline d = Deadline.after(java.time.Duration.ofMillis(200), dev.arbiter.core.Ticker.system());
        RewardResult res = Scoring.guarded(evil, s("a".repeat(40) + "b", "x"), d);
        assertEquals(Status.TIMEOUT, res.status());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "The answer is (C).|C|C",
            "the correct option is C|C|C",
            "Answer: B|B|B",
            "**Final answer: D**|D|D",
            "\\boxed{E}|E|E",
            "\\boxed{\\text{(F)}}|F|F",
            "(G)|G|G",
            "H.|H|H",
            "J) because reasons|J|J",
            "I think answer is A, no wait, the answer is (B)|B|B",
            "I choose a path carefully. Answer: C|C|C",
    })
    void multipleChoiceExtraction(String response, String gold, String extracted) {
        RewardResult res = score("multiple_choice", s(response, gold));
        assertEquals(1.0, res.score(), res::toString);
        assertEquals(extracted, res.details().get("extracted"));
    }

    @Test
    void multipleChoiceDoesNotTakeProseForALetter() {
        RewardResult res = score("multiple_choice", s("This is a hard question about a cat.", "A"));
        assertEquals(0.0, res.score());
        assertEquals("no option letter found", res.reason());
        assertEquals(1.0, score("multiple_choice", s("The answer is (B)", "(B) Carbon dioxide")).score());
        assertEquals(Status.INVALID_INPUT, score("multiple_choice", s("A", "Carbon dioxide")).status());
        assertEquals(0.0, score("{type: multiple_choice, letters: ABCD}", s("The answer is E", "A")).score());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'<think>reason</think><answer>42</answer>'|strict|1",
            "'  <think>reason</think>\n\n<answer>42</answer>\n'|strict|1",
            "'Sure! <think>reason</think><answer>42</answer>'|strict|0",
            "'<think>a</think><answer>1</answer><answer>2</answer>'|strict|0",
            "'<answer>42</answer><think>late</think>'|strict|0",
            "'Sure! <think>reason</think> then <answer>42</answer> bye'|lenient|1",
            "'<answer>42</answer><think>late</think>'|lenient|0",
            "'<think>reason</think>'|lenient|0",
    })
    void formatReward(String response, String mode, double expected) {
        assertEquals(expected, score("{type: format, mode: " + mode + "}", s(response, "x")).score());
    }

    @Test
    void formatTagsAreConfigurable() {
        assertEquals(1.0, score("{type: format, think_tag: reasoning, answer_tag: final}",
                s("<reasoning>r</reasoning><final>f</final>", "x")).score());
    }

    @ParameterizedTest
    @CsvSource({"10,0", "12,0", "13,-0.125", "16,-0.5", "20,-1", "50,-1"})
    void lengthPenaltyRampsOverTheBuffer(int length, double expected) {
        assertEquals(expected, score("{type: length_penalty, max_length: 20, buffer: 8}", s("a".repeat(length), "x")).score(), 1e-12);
    }

    @Test
    void lengthPenaltyCountsWordsToo() {
        assertEquals(-0.5, score("{type: length_penalty, max_length: 4, buffer: 2, unit: words}", s("a b c d", "x")).score() * 1.0
                - 0.0 + 0.0, 0.51);
        assertEquals(-1.0, score("{type: length_penalty, max_length: 4, buffer: 2, unit: words}", s("a b c d e", "x")).score());
        assertThrows(SpecException.class, () -> r("{type: length_penalty, max_length: 4, buffer: 5}"));
    }

    /** The worked examples of reward-catalog.md D2e. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Assistant: <think> First, we need to compute. Thus the answer is 4.|0.15",
            "Assistant: <think> Wait, let me check. Alternatively, we can see that x; therefore, hence, thus.|0.35",
            "Assistant: <think> Wait, let me check. Alternatively, we can see that x; therefore, hence, thus. user: solve this|0",
            "First, we need to compute.|0",
    })
    void reasoningPatternCatalogExamples(String text, double expected) {
        assertEquals(expected, score("reasoning_pattern", TextSamples.withPrompt("", text)).score(), 1e-12);
    }

    @Test
    void reasoningPatternRepetitionExample() {
        String text = "Assistant: <think> First, " + String.join(" ", java.util.Collections.nCopies(10, "alpha beta gamma delta epsilon"));
        RewardResult res = score("reasoning_pattern", TextSamples.withPrompt("", text));
        assertEquals(0.0, res.score());
        assertEquals(5.0 / 32, (double) res.details().get("repetition"), 1e-12);
    }

    @Test
    void reasoningPatternMarkerMayBeInThePrompt() {
        RewardResult res = score("reasoning_pattern", TextSamples.withPrompt("User: q\nAssistant: <think>", " First, we need to go."));
        assertEquals(0.1, res.score(), 1e-12);
        RewardResult noQuirk = score("{type: reasoning_pattern, code_faithful: false}", TextSamples.withPrompt("", "First, we need to compute."));
        assertEquals(0.1, noQuirk.score(), 1e-12);
        RewardResult extended = score("{type: reasoning_pattern, phrases: extended, user_penalty: false, code_faithful: false}",
                TextSamples.withPrompt("", "I will do step 1 then user: x"));
        assertEquals(0.1, extended.score(), 1e-12);
    }
}
