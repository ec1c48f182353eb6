package dev.arbiter.testkit;

import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The invariants every result keeps, whatever the reward. */
public final class ResultInvariants {
    private ResultInvariants() {
    }

    public static RewardResult check(RewardResult r, double min, double max) {
        assertNotNull(r, "a reward returned null");
        assertNotNull(r.status(), "status");
        assertTrue(Double.isFinite(r.score()), () -> "score must be finite: " + r);
        if (r.status() != Status.OK) {
            assertEquals(0.0, r.score(), () -> "a non-ok result must score 0: " + r);
            assertFalse(r.reason().isBlank(), () -> "a non-ok result needs a reason: " + r);
        } else {
            assertTrue(r.score() >= min && r.score() <= max,
                    () -> "score " + r.score() + " outside the declared range [" + min + ", " + max + "]: " + r);
        }
        return r;
    }
}
