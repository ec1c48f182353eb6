package dev.arbiter.text;

import dev.arbiter.core.Sample;
import dev.arbiter.testkit.RewardContractTest;
import org.junit.jupiter.api.Nested;

import java.util.List;

import static dev.arbiter.text.TextSamples.J;
import static dev.arbiter.text.TextSamples.s;

/** Every text type under the shared reward contract. */
class ContractTests {

    @Nested
    class ExactMatchContract extends RewardContractTest {
        @Override protected String spec() { return "exact_match"; }
        @Override protected String otherSpec() { return "{type: exact_match, normalize: none}"; }
        @Override protected String expectedSignature() { return "exact_match@1(normalize=squad,extract=none,answer_tag=answer)"; }
        @Override protected List<Sample> samples() {
            return List.of(s("The Seine.", "Seine"), s("Rome", "Paris"), s("1989", J.arrayNode().add("1989").add("89")));
        }
    }

    @Nested
    class TokenF1Contract extends RewardContractTest {
        @Override protected String spec() { return "token_f1"; }
        @Override protected String otherSpec() { return "{type: token_f1, extract: answer_tag}"; }
        @Override protected String expectedSignature() { return "token_f1@1(normalize=squad,extract=none,answer_tag=answer)"; }
        @Override protected List<Sample> samples() {
            return List.of(s("William Shakespeare wrote it", "William Shakespeare"), s("no", "yes"));
        }
    }

    @Nested
    class RegexContract extends RewardContractTest {
        @Override protected String spec() { return "{type: regex_match, pattern: '^\\d+$'}"; }
        @Override protected String otherSpec() { return "{type: regex_match, pattern: '^\\d+$', mode: full}"; }
        @Override protected String expectedSignature() {
            return "regex_match@1(pattern=\"^\\\\d+$\",mode=search,ignore_case=no,dotall=no,extract=none,answer_tag=answer)";
        }
        @Override protected boolean requiresReference() { return false; }
        @Override protected List<Sample> samples() { return List.of(s("123", "x"), s("abc", "x")); }
    }

    @Nested
    class MultipleChoiceContract extends RewardContractTest {
        @Override protected String spec() { return "multiple_choice"; }
        @Override protected String otherSpec() { return "{type: multiple_choice, letters: ABCD}"; }
        @Override protected String expectedSignature() { return "multiple_choice@1(letters=ABCDEFGHIJ)"; }
        @Override protected List<Sample> samples() {
            return List.of(s("The answer is (B).", "B"), s("Answer: C", "B"), s("I am not sure.", "A"));
        }
    }

    @Nested
    class FormatContract extends RewardContractTest {
        @Override protected String spec() { return "format"; }
        @Override protected String otherSpec() { return "{type: format, mode: lenient}"; }
        @Override protected String expectedSignature() { return "format@1(think_tag=think,answer_tag=answer,mode=strict)"; }
        @Override protected boolean requiresReference() { return false; }
        @Override protected List<Sample> samples() {
            return List.of(s("<think>a</think><answer>b</answer>", "x"), s("just text", "x"));
        }
    }

    @Nested
    class LengthPenaltyContract extends RewardContractTest {
        @Override protected String spec() { return "{type: length_penalty, max_length: 20, buffer: 10}"; }
        @Override protected String otherSpec() { return "{type: length_penalty, max_length: 20, buffer: 5}"; }
        @Override protected String expectedSignature() { return "length_penalty@1(max_length=20,buffer=10,penalty=1,unit=chars)"; }
        @Override protected boolean requiresReference() { return false; }
        @Override protected double minScore() { return -1.0; }
        @Override protected double maxScore() { return 0.0; }
        @Override protected List<Sample> samples() { return List.of(s("short", "x"), s("a".repeat(15), "x"), s("a".repeat(99), "x")); }
    }

    @Nested
    class ReasoningPatternContract extends RewardContractTest {
        @Override protected String spec() { return "reasoning_pattern"; }
        @Override protected String otherSpec() { return "{type: reasoning_pattern, phrases: extended}"; }
        @Override protected String expectedSignature() {
            return "reasoning_pattern@1(phrases=math,marker=\"Assistant: <think>\",code_faithful=yes,user_penalty=yes,include_prompt=yes)";
        }
        @Override protected boolean requiresReference() { return false; }
        @Override protected List<Sample> samples() {
            return List.of(s("Assistant: <think> First, we need to compute. Thus the answer is 4.", "x"), s("hello", "x"));
        }
    }
}
