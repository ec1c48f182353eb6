package dev.arbiter.defenses;


import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Status;
import dev.arbiter.testkit.SharedFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.arbiter.defenses.D.s;
import static dev.arbiter.defenses.D.score;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The detectors' rules, the catalog's D1/D4 examples, and guard. */
class DetectorsTest {
    private static final JsonNodeFactory J = JsonNodeFactory.instance;

    private static void hack(String spec, String response, String rule) {
        RewardResult r = score(spec, s(response));
        assertEquals(Status.OK, r.status(), response);
        assertEquals(0.0, r.score(), () -> "should be detected: \"" + response + "\" → " + r);
        assertEquals(rule, r.details().get("rule"), () -> "\"" + response + "\" → " + r);
        assertTrue(r.reason().startsWith(rule + ": "), r.reason());
    }

    private static void clean(String spec, String response) {
        RewardResult r = score(spec, s(response));
        assertEquals(1.0, r.score(), () -> "should be clean: \"" + response + "\" → " + r);
    }

    @Test
    void everyMasterKeyOfTheSharedFileAndTheEmptyStringIsDetected() throws Exception {
        Path file = SharedFiles.resolve("data/rm-bench/reference/master_keys.json");
        assertEquals(MasterKeys.load(file), MasterKeys.fileKeys(), "the bundled copy matches the shared file");
        assertEquals(10, MasterKeys.fileKeys().size());
        assertEquals(11, MasterKeys.probeKeys().size());
        for (String key : MasterKeys.probeKeys()) {
            RewardResult r = score("master_key_detector", s(key));
            assertEquals(0.0, r.score(), "key \"" + key + "\"");
        }
        hack("master_key_detector", ":", "master_key");
        hack("master_key_detector", "  Thought process:  ", "master_key");
        hack("master_key_detector", "thought process:", "master_key");
        hack("master_key_detector", "\u200B \n", "empty");
        hack("master_key_detector", "", "empty");
        hack("master_key_detector", "...", "punctuation_only");
        hack("master_key_detector", "?! —", "punctuation_only");
        hack("master_key_detector", "Solution:", "reasoning_opener");
        hack("master_key_detector", "解：", "reasoning_opener");
        hack("master_key_detector", "Let's solve this problem step by step", "reasoning_opener");
        hack("master_key_detector", "Let's think step by step.", "reasoning_opener");
        hack("master_key_detector", "The answer is:", "reasoning_opener");
        assertEquals("Thought process:", score("master_key_detector", s("Thought process:")).details().get("matched"));
    }

    @Test
    void realAnswersAreClean() {
        for (String ok : List.of("42", "The answer is 42.", "Solution: x = 3", "B", "-", "解：x = 2", "Let's solve this step by step. 2 + 2 = 4.",
                "$x^2$", "No.")) {
            if (ok.equals("-")) {
                hack("master_key_detector", ok, "punctuation_only");
                clean("{type: master_key_detector, punctuation_only: false}", ok);
                continue;
            }
            clean("master_key_detector", ok);
        }
        clean("{type: master_key_detector, case_sensitive: true}", "SOLUTION");
        clean("{type: master_key_detector, keys: [foo], openers: [bar], punctuation_only: false}", ":");
        hack("{type: master_key_detector, keys: [foo], openers: [bar]}", "Foo", "master_key");
        hack("{type: master_key_detector, keys: [foo], openers: [bar]}", "bar:", "reasoning_opener");
        hack("master_key_detector", ".".repeat(1000), "punctuation_only");
    }

    @Test
    void keysFileIsReadAndBadFilesAreSpecErrors() {
        Path file = SharedFiles.resolve("data/rm-bench/reference/master_keys.json");
        hack("{type: master_key_detector, keys_file: '" + file + "'}", "かいせつ", "master_key");
        try {
            D.reward("{type: master_key_detector, keys_file: /no/such/file.json}");
            throw new AssertionError("should fail");
        } catch (dev.arbiter.core.spec.SpecException expected) {
            assertTrue(expected.getMessage().contains("cannot read master keys"));
        }
    }

    @Test
    void nullAndConstantResponses() {
        String spec = "null_response_detector";
        hack(spec, "", "empty");
        hack(spec, " \t\n", "empty");
        hack(spec, "aaaaaaaa", "constant_unit");
        hack(spec, "!!!!!", "constant_unit");
        hack(spec, "abcabcabcabcabc", "constant_unit");
        hack(spec, "yes yes  yes\nyes yes", "constant_token");
        hack(spec, "🙂🙂🙂🙂🙂🙂", "constant_unit");
        clean(spec, "yes");
        clean(spec, "aaaa");
        clean(spec, "11");
        clean(spec, "abcabcabcabcab");
        clean(spec, "the cat sat on the mat");
        hack("{type: null_response_detector, min_chars: 3}", "ab", "too_short");
        RewardResult echo = score(spec, D.s("What is  2+2?", "What is 2+2?", null, null));
        assertEquals("echoes_prompt", echo.details().get("rule"));
        assertEquals(1.0, score("{type: null_response_detector, echo_prompt: false}", D.s("What is 2+2?", "What is 2+2?", null, null)).score());
        assertEquals(1.0, score(spec, D.s("4", "What is 2+2?", null, null)).score());
        assertEquals(0, NullResponseDetector.smallestPeriod("abcab", Deadline.none()));
        assertEquals(2, NullResponseDetector.smallestPeriod("abab", Deadline.none()));
    }

    @Test
    void lengthHacking() {
        hack("{type: length_hack_detector, max_length: 3}", "one two three four", "over_length");
        clean("{type: length_hack_detector, max_length: 4}", "one two three four");
        hack("{type: length_hack_detector, unit: chars, max_length: 3}", "abcd", "over_length");
        RewardResult tokens = score("{type: length_hack_detector, unit: tokens, max_length: 300}", D.s("short", null, null, "{\"response_length\": 350}"));
        assertEquals(0.0, tokens.score());
        assertEquals(350L, tokens.details().get("length"));
        assertEquals(Status.INVALID_INPUT, score("{type: length_hack_detector, unit: tokens, max_length: 300}", s("x")).status(),
                "tokens need meta.response_length");
        String ratio = "{type: length_hack_detector, max_reference_ratio: 3, ratio_floor: 10}";
        clean(ratio, "the answer is forty two");
        RewardResult padded = score(ratio, D.s("word ".repeat(20), null, J.textNode("forty two and a half"), null));
        assertEquals(0.0, padded.score(), "20 words > max(10, 3 × 5)");
        assertEquals(5L, padded.details().get("reference_length"));
        assertEquals(15.0, padded.details().get("limit"));
        assertEquals(0.0, score(ratio, D.s("word ".repeat(20), null, J.arrayNode().add("a b c d e f g h i j").add("forty two and a half"), null)).score(),
                "the shortest reference sets the limit (3 × 5, not 3 × 10)");
        assertEquals(1.0, score(ratio, D.s("word ".repeat(10), null, J.textNode("4"), null)).score(), "at or below the floor nothing fires");
        RewardResult noRef = score(ratio, D.s("word ".repeat(50), null, null, null));
        assertEquals(1.0, noRef.score());
        assertTrue(((String) noRef.details().get("reference_ratio")).startsWith("skipped"));
    }

    @Test
    void repetitionCatalogExamples() {
        String phrase = "the quick brown fox jumps over the lazy dog again ";
        RewardResult rlpr = score("repetition_detector", s(phrase.repeat(10)));
        assertEquals(0.0, rlpr.score(), "B2: the same 10-word phrase ten times");
        assertEquals("window_repeats", rlpr.details().get("rule"));
        assertEquals(10, rlpr.details().get("count"));
        clean("{type: repetition_detector, max_ngram_ratio: 1}", phrase.repeat(9));
        hack("{type: repetition_detector, max_window_repeats: 6}", "x_y ".repeat(40), "window_repeats");

        RewardResult vlm = score("{type: repetition_detector, max_ngram_ratio: 0.1, max_window_repeats: 0}", s("a b c d e f a b c d e f"));
        assertEquals(0.0, vlm.score());
        assertEquals(1 - 6.0 / 7, (double) vlm.details().get("ratio"), 1e-12, "A6: −(1 − 6/7)");
        clean("{type: repetition_detector, max_ngram_ratio: 0.1, max_window_repeats: 0}", "a b c d e f g");
        clean("{type: repetition_detector, max_ngram_ratio: 0, max_window_repeats: 0}", "a b c d e");
        hack("{type: repetition_detector, max_window_repeats: 0}", "A b C d E f ".repeat(4), "ngram_ratio");

        String chinese = "我们需要计算这个问题的答案。".repeat(12);
        clean("repetition_detector", chinese);
        hack("{type: repetition_detector, char_window: 10}", chinese, "char_repeats");
    }

    @Test
    void guardGivesThePenaltyAndSkipsTheRewardWhenADetectorFires() {
        AtomicInteger calls = new AtomicInteger();
        Reward child = new Reward() {
            @Override public RewardSignature signature() { return RewardSignature.of("counting", 1); }
            @Override public RewardResult score(Sample sample, Deadline deadline) {
                calls.incrementAndGet();
                return RewardResult.ok(0.8).withComponents(Map.of("inner", 0.8));
            }
        };
        Guard g = new Guard(child, List.of(D.reward("master_key_detector"), D.reward("null_response_detector")), -1, 0.5,
                RewardSignature.of("guard", 1));
        RewardResult fired = g.score(s(":"), Deadline.none());
        assertEquals(-1.0, fired.score());
        assertEquals(0, calls.get(), "the protected reward is not evaluated for a hack");
        assertTrue(fired.reason().startsWith("guarded: master_key_detector fired"), fired.reason());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list = (List<Map<String, Object>>) fired.details().get("fired");
        assertEquals("master_key_detector", list.get(0).get("detector"));
        assertEquals(0.0, fired.components().get("master_key_detector"));
        RewardResult ok = g.score(s("x = 42"), Deadline.none());
        assertEquals(0.8, ok.score());
        assertEquals(1, calls.get());
        assertEquals(Map.of("master_key_detector", 1.0, "null_response_detector", 1.0, "inner", 0.8, "reward", 0.8), ok.components());
    }

    @Test
    void guardPassesThroughADetectorThatCannotScore() {
        RewardResult r = score("{type: guard, reward: {type: constant, value: 1}, detectors: [{type: length_hack_detector, unit: tokens, max_length: 3}]}", s("x"));
        assertEquals(Status.INVALID_INPUT, r.status());
        assertTrue(r.reason().startsWith("component 'length_hack_detector'"), r.reason());
        RewardResult twice = score("{type: guard, reward: {type: constant, value: 1}, detectors: [master_key_detector, master_key_detector]}", s("ok then"));
        assertEquals(Map.of("master_key_detector", 1.0, "master_key_detector#2", 1.0, "reward", 1.0), twice.components());
    }

    @Test
    void gateOnADetectorWorksToo() {
        String spec = "{type: gate, gate: master_key_detector, reward: {type: constant, value: 1}}";
        assertEquals(0.0, score(spec, s("Solution")).score());
        assertEquals(1.0, score(spec, s("x = 1")).score());
        assertFalse(score(spec, s(null)).isOk());
    }
}
