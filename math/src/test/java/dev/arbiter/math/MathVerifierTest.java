package dev.arbiter.math;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.Status;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.core.spec.SpecException;
import dev.arbiter.testkit.FakeTicker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The façade, the reward's parameters, and the guarantees on deadlines and blow-ups. */
class MathVerifierTest {
    private final MathVerifier verifier = MathVerifier.defaults();

    private static Reward reward(String spec) {
        return RewardSpec.resolve(spec, RewardRegistry.fromServiceLoader()).reward();
    }

    @Test
    void verdictNamesTheComparatorAndTheExtractedAnswers() {
        Verdict v = verifier.verify("\\frac{1}{2}", "The answer is $0.5$.", Deadline.none());
        assertTrue(v.equivalent());
        assertEquals(Status.OK, v.status());
        assertEquals("exact", v.matchedBy());
        assertEquals("\\frac{1}{2}", v.gold());
        assertEquals("0.5", v.prediction());
        assertTrue(v.describe().startsWith("EQUIVALENT (exact)"));
    }

    @Test
    void parseReturnsTheFirstCandidateThatParses() {
        List<Candidate> c = verifier.parse("First $x=2$, so the answer is \\boxed{3}.", ExtractionConfig.PREDICTION,
                Deadline.none());
        assertEquals(1, c.size());
        assertEquals("3", c.get(0).text());
        assertEquals("boxed", c.get(0).strategy());
        assertTrue(c.get(0).parsed());
        assertTrue(verifier.parse("no numbers at all in this long sentence, really none whatsoever here at all, "
                + "not a single one anywhere in it", ExtractionConfig.PREDICTION, Deadline.none()).isEmpty());
    }

    @Test
    void noAnswerInThePredictionIsAPlainMiss_noAnswerInTheGoldIsInvalid() {
        Verdict miss = verifier.verify("5", "", Deadline.none());
        assertEquals(Status.OK, miss.status());
        assertFalse(miss.equivalent());
        assertEquals(Status.INVALID_INPUT, verifier.verify("", "5", Deadline.none()).status());
    }

    @Test
    void blowUpsAreDecidedQuicklyOrRefusedWithAReason() {
        // a ticker that advances 1 ms per read: a hang would show up as a timeout, never as a stuck test
        for (String huge : List.of("9^{9^{9^{9}}}", "\\dfrac{5^{(5^{(5^{(5^5)})} - 4)} - 5}{16}", "(10^{100})!",
                "2^{2^{2^{2^{2^{2}}}}}", "10^{10^{10}}")) {
            Deadline d = Deadline.after(Duration.ofSeconds(10), new FakeTicker(Duration.ofMillis(1)));
            Verdict v = verifier.verify("5", huge, d);
            assertEquals(Status.OK, v.status(), () -> huge + " gave " + v.describe());
            assertFalse(v.equivalent(), huge);
        }
        Verdict both = verifier.verify("9^{9^{9^{9}}}", "9^{9^{9^{9}}}+1", Deadline.none());
        assertEquals(Status.INVALID_INPUT, both.status(), both::describe);
        assertTrue(both.reason().contains("too large"), both.reason());
    }

    @Test
    void aSpentBudgetIsATimeoutInAnyThread() throws Exception {
        FakeTicker ticker = new FakeTicker(Duration.ofMillis(300));
        String long1 = "Let us compute. ".repeat(400) + "\\boxed{\\frac{1}{2}+\\frac{1}{3}+\\sqrt{2}}";
        Verdict v = CompletableFuture.supplyAsync(() -> verifier.verify("\\frac56+\\sqrt2", long1,
                Deadline.after(Duration.ofSeconds(1), ticker))).get();
        assertEquals(Status.TIMEOUT, v.status(), v::describe);
        assertFalse(v.equivalent());
    }

    @Test
    void percentOption() {
        Sample bare = Sample.of("\\boxed{25}", "25\\%");
        Sample fraction = Sample.of("\\boxed{0.25}", "25\\%");
        assertEquals(1.0, Scoring.guarded(reward("math"), bare, Deadline.none()).score());
        assertEquals(1.0, Scoring.guarded(reward("math"), fraction, Deadline.none()).score());
        assertEquals(0.0, Scoring.guarded(reward("{type: math, percent: value}"), bare, Deadline.none()).score());
        assertEquals(1.0, Scoring.guarded(reward("{type: math, percent: value}"), fraction, Deadline.none()).score());
        assertEquals(1.0, Scoring.guarded(reward("{type: math, percent: strip}"), bare, Deadline.none()).score());
        assertEquals(0.0, Scoring.guarded(reward("{type: math, percent: strip}"), fraction, Deadline.none()).score());
    }

    @Test
    void relationAgainstSetPolicyAndStrictVariables() {
        Sample relationPrediction = Sample.of("$x \\le 3$", "(-\\infty, 3]");
        assertEquals(0.0, Scoring.guarded(reward("math"), relationPrediction, Deadline.none()).score());
        assertEquals(1.0, Scoring.guarded(reward("{type: math, relation_matches_set: true}"), relationPrediction,
                Deadline.none()).score());
        assertEquals(1.0, Scoring.guarded(reward("math"), Sample.of("$(-\\infty, 3]$", "x \\le 3"), Deadline.none()).score());
        Sample renamed = Sample.of("$f(y)$", "f(x)");
        assertEquals(0.0, Scoring.guarded(reward("math"), renamed, Deadline.none()).score());
        assertEquals(1.0, Scoring.guarded(reward("{type: math, strict_variables: false}"), renamed, Deadline.none()).score());
    }

    @Test
    void rewardDetailsAndReferenceLists() {
        RewardResult r = Scoring.guarded(reward("math"), Sample.of("so $x = \\boxed{-1}$",
                JsonNodeFactory.instance.arrayNode().add("1").add("-1")), Deadline.none());
        assertEquals(1.0, r.score());
        assertEquals("-1", r.details().get("gold"));
        assertEquals("-1", r.details().get("extracted"));
        assertEquals("structure", r.details().get("matchedBy"));
        RewardResult miss = Scoring.guarded(reward("math"), Sample.of("It is $\\boxed{2}$", "3"), Deadline.none());
        assertEquals(0.0, miss.score());
        assertTrue(miss.reason().contains("differs"), miss.reason());
    }

    @Test
    void badParametersAreSpecErrors() {
        assertThrows(SpecException.class, () -> reward("{type: math, pred_extraction: [boxed, nowhere]}"));
        assertThrows(SpecException.class, () -> reward("{type: math, float_rounding: -1}"));
        assertThrows(SpecException.class, () -> reward("{type: math, percent: sometimes}"));
        assertEquals(List.of("boxed", "last_math+last_number"), ExtractionConfig.fromSpec(
                List.of("boxed", "last_number+last_math")).specNames());
    }
}
