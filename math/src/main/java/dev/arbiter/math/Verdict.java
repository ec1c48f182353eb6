package dev.arbiter.math;

import dev.arbiter.core.Status;

/**
 * The outcome of verifying one prediction against one gold answer.
 *
 * @param status     {@code OK} when a decision was taken; {@code INVALID_INPUT} when the gold has no answer or the
 *                   values cannot be compared (too large); {@code TIMEOUT} when the budget ran out
 * @param equivalent whether the prediction's answer equals the gold's; {@code false} unless {@code status} is OK
 * @param matchedBy  the comparator that decided equality ({@code exact}, {@code probe}, {@code set}, …); empty if not equal
 * @param reason     one sentence: why equal or why not
 * @param gold       the answer extracted from the gold text; empty when none
 * @param prediction the answer extracted from the prediction; empty when none
 */
public record Verdict(Status status, boolean equivalent, String matchedBy, String reason, String gold,
                      String prediction) {

    public Verdict {
        matchedBy = matchedBy == null ? "" : matchedBy;
        reason = reason == null ? "" : reason;
        gold = gold == null ? "" : gold;
        prediction = prediction == null ? "" : prediction;
        if (equivalent && status != Status.OK) {
            throw new IllegalArgumentException("only an OK verdict can be equivalent");
        }
    }

    /** One line for a terminal: {@code EQUIVALENT (exact): gold 1/2, prediction 0.5}. */
    public String describe() {
        String head = status != Status.OK ? status.wireName().toUpperCase(java.util.Locale.ROOT)
                : equivalent ? "EQUIVALENT (" + matchedBy + ")" : "NOT EQUIVALENT";
        return head + ": " + reason + " [gold: " + (gold.isEmpty() ? "-" : gold) + "; prediction: "
                + (prediction.isEmpty() ? "-" : prediction) + "]";
    }
}
