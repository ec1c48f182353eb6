package dev.arbiter.defenses;

import dev.arbiter.core.Sample;
import dev.arbiter.testkit.RewardContractTest;
import org.junit.jupiter.api.Nested;

import java.util.List;

import static dev.arbiter.defenses.D.s;

/** Every defense type under the shared reward contract. */
class ContractTests {

    abstract static class DetectorContract extends RewardContractTest {
        @Override protected boolean requiresReference() { return false; }
    }

    @Nested
    class MasterKeyContract extends DetectorContract {
        @Override protected String spec() { return "master_key_detector"; }
        @Override protected String otherSpec() { return "{type: master_key_detector, punctuation_only: false}"; }
        @Override protected String expectedSignature() {
            return "master_key_detector@1(keys=none,keys_file=none,openers=none,punctuation_only=yes,case_sensitive=no)";
        }
        @Override protected List<Sample> samples() { return List.of(s("The answer is 42."), s(":"), s("Solution"), s("")); }
    }

    @Nested
    class NullResponseContract extends DetectorContract {
        @Override protected String spec() { return "null_response_detector"; }
        @Override protected String otherSpec() { return "{type: null_response_detector, min_repeats: 3}"; }
        @Override protected String expectedSignature() {
            return "null_response_detector@1(min_chars=1,min_repeats=5,max_unit=16,echo_prompt=yes)";
        }
        @Override protected List<Sample> samples() { return List.of(s("42"), s("aaaaaaaa"), s("   ")); }
    }

    @Nested
    class LengthHackContract extends DetectorContract {
        @Override protected String spec() { return "{type: length_hack_detector, max_length: 5}"; }
        @Override protected String otherSpec() { return "{type: length_hack_detector, max_length: 6}"; }
        @Override protected String expectedSignature() {
            return "length_hack_detector@1(unit=words,max_length=5,max_reference_ratio=none,ratio_floor=32,length_field=response_length)";
        }
        @Override protected List<Sample> samples() { return List.of(s("short answer"), s("one two three four five six seven")); }
    }

    @Nested
    class RepetitionContract extends DetectorContract {
        @Override protected String spec() { return "repetition_detector"; }
        @Override protected String otherSpec() { return "{type: repetition_detector, ngram: 4}"; }
        @Override protected String expectedSignature() {
            return "repetition_detector@1(window=10,max_window_repeats=10,ngram=6,max_ngram_ratio=0.5,char_window=0)";
        }
        @Override protected List<Sample> samples() {
            return List.of(s("a perfectly ordinary sentence with no loops at all in it"), s("go on and on ".repeat(40)));
        }
    }

    @Nested
    class GuardContract extends DetectorContract {
        @Override protected String spec() {
            return "{type: guard, reward: {type: constant, value: 1}, detectors: [master_key_detector, null_response_detector]}";
        }
        @Override protected String otherSpec() {
            return "{type: guard, penalty: -1, reward: {type: constant, value: 1}, detectors: [master_key_detector, null_response_detector]}";
        }
        @Override protected String expectedSignature() {
            return "guard@1(reward=constant@1(value=1),detectors=[master_key_detector@1(keys=none,keys_file=none,openers=none,"
                    + "punctuation_only=yes,case_sensitive=no),null_response_detector@1(min_chars=1,min_repeats=5,max_unit=16,"
                    + "echo_prompt=yes)],penalty=0,threshold=0.5)";
        }
        @Override protected List<Sample> samples() { return List.of(s("x = 42"), s(":")); }
    }
}
