package dev.arbiter.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of scoring one sample.
 *
 * @param score      the reward; finite. {@code 0.0} whenever {@code status} is not {@link Status#OK}
 * @param status     what happened
 * @param reason     one human sentence: why the sample was not scored, or why the score is what it is; may be empty
 * @param details    JSON-ready values explaining the score (for example the extracted answer), in insertion order
 * @param components name → score of the parts of a composite reward, in insertion order
 */
public record RewardResult(double score, Status status, String reason, Map<String, Object> details,
                           Map<String, Double> components) {

    public RewardResult {
        Objects.requireNonNull(status, "status");
        reason = reason == null ? "" : reason;
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("score must be finite, was " + score);
        }
        if (status != Status.OK && score != 0.0) {
            throw new IllegalArgumentException("a " + status.wireName() + " result must have score 0.0, was " + score);
        }
        details = details == null || details.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
        components = components == null || components.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(components));
    }

    public static RewardResult ok(double score) {
        return new RewardResult(score, Status.OK, "", Map.of(), Map.of());
    }

    public static RewardResult ok(double score, String reason) {
        return new RewardResult(score, Status.OK, reason, Map.of(), Map.of());
    }

    public static RewardResult invalidInput(String reason) {
        return new RewardResult(0.0, Status.INVALID_INPUT, reason, Map.of(), Map.of());
    }

    public static RewardResult timeout(String reason) {
        return new RewardResult(0.0, Status.TIMEOUT, reason, Map.of(), Map.of());
    }

    public static RewardResult error(String reason) {
        return new RewardResult(0.0, Status.ERROR, reason, Map.of(), Map.of());
    }

    public boolean isOk() {
        return status == Status.OK;
    }

    /** A copy with one more detail; a {@code null} value is left out. */
    public RewardResult withDetail(String key, Object value) {
        if (value == null) {
            return this;
        }
        Map<String, Object> d = new LinkedHashMap<>(details);
        d.put(key, value);
        return new RewardResult(score, status, reason, d, components);
    }

    public RewardResult withDetails(Map<String, ?> more) {
        Map<String, Object> d = new LinkedHashMap<>(details);
        more.forEach((k, v) -> {
            if (v != null) {
                d.put(k, v);
            }
        });
        return new RewardResult(score, status, reason, d, components);
    }

    public RewardResult withComponents(Map<String, Double> comps) {
        return new RewardResult(score, status, reason, details, comps);
    }

    public RewardResult withReason(String newReason) {
        return new RewardResult(score, status, newReason, details, components);
    }

    /** A copy with a new score, keeping everything else; only meaningful for OK results. */
    public RewardResult withScore(double newScore) {
        return new RewardResult(newScore, status, reason, details, components);
    }
}
