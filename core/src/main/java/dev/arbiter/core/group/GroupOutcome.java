package dev.arbiter.core.group;

import java.util.Arrays;
import java.util.Map;

/**
 * What a group transform made of one group.
 *
 * @param values  one shaped value per member, in order; finite, or NaN for a member that gets no value (for example
 *                one whose per-sample result was not ok)
 * @param kept    per member, whether it stays in training (filters such as PF-PPO or RLPR's std filter drop some)
 * @param details JSON-ready facts about the group (for example its mean and std), shared by every member
 */
public record GroupOutcome(double[] values, boolean[] kept, Map<String, Object> details) {
    public GroupOutcome {
        if (values.length != kept.length) {
            throw new IllegalArgumentException("values (" + values.length + ") and kept (" + kept.length + ") differ in length");
        }
        values = values.clone();
        kept = kept.clone();
        details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }

    /** Every member kept. */
    public static GroupOutcome of(double[] values, Map<String, Object> details) {
        boolean[] kept = new boolean[values.length];
        Arrays.fill(kept, true);
        return new GroupOutcome(values, kept, details);
    }

    public int size() {
        return values.length;
    }
}
