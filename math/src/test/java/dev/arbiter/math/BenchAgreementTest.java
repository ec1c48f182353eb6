package dev.arbiter.math;


import dev.arbiter.math.bench.MathBench;
import dev.arbiter.math.bench.MathBench.Agreement;
import dev.arbiter.testkit.SharedFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Agreement with the labels of {@code shared/data/math-verify-bench.jsonl} (6,528 real model outputs). The floor is
 * Math-Verify's own figure on this file (accuracy 0.9969, shared/docs/anchors.md); no speed is asserted here.
 */
class BenchAgreementTest {
    private static final double MATH_VERIFY_ACCURACY = 0.9969;

    @Test
    void accuracyIsAtLeastMathVerifys() throws IOException {
        List<MathBench.Row> rows = MathBench.load(SharedFiles.resolve("data/math-verify-bench.jsonl"));
        List<String> disagreements = new ArrayList<>();
        // a generous budget: this test checks decisions, not speed
        Map<String, Agreement> agreement = MathBench.agreement(MathVerifier.defaults(), rows, Duration.ofSeconds(20),
                disagreements);
        agreement.forEach((source, a) -> System.out.println("bench agreement " + source + ": " + a));
        disagreements.forEach(d -> System.out.println("  disagreement " + d));
        Agreement all = agreement.get("all");
        assertEquals(6528, all.n());
        assertEquals(0, all.timeouts());
        assertTrue(all.accuracy() >= MATH_VERIFY_ACCURACY, "accuracy " + all.accuracy() + " is below Math-Verify's");
    }
}
