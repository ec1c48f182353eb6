package dev.arbiter.shaping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.Status;

import java.util.Map;

/**
 * Reading the extra inputs of shaping types: numbers and number lists in a sample's {@code meta} (dotted paths such
 * as {@code rm.scores}), and child rewards whose non-ok status is passed through. Every failure is an
 * {@link InvalidInputException} naming the field, so a missing or non-finite input is a status, never an exception.
 */
final class Inputs {
    private Inputs() {
    }

    /** The node at a dotted path in the sample's meta, or {@code null} when absent or JSON null. */
    static JsonNode at(Sample sample, String path) {
        JsonNode n = sample.meta();
        if (path.indexOf('.') < 0) {
            n = n.get(path);
            return n == null || n.isNull() || n.isMissingNode() ? null : n;
        }
        for (String part : path.split("\\.")) {
            if (n == null || !n.isObject()) {
                return null;
            }
            n = n.get(part);
        }
        return n == null || n.isNull() || n.isMissingNode() ? null : n;
    }

    static boolean has(Sample sample, String path) {
        return at(sample, path) != null;
    }

    /** A required finite number at {@code meta.<path>}. */
    static double number(Sample sample, String path) {
        JsonNode n = at(sample, path);
        if (n == null) {
            throw new InvalidInputException("meta." + path + " is missing");
        }
        return finite(n, "meta." + path);
    }

    /** The finite number in {@code n}; numbers and numeric strings are accepted, NaN and infinities are not. */
    static double finite(JsonNode n, String what) {
        double v;
        if (n.isNumber()) {
            v = n.asDouble();
        } else if (n.isTextual()) {
            try {
                v = Double.parseDouble(n.asText().strip());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(what + " is not a number: \"" + abbreviate(n.asText()) + "\"");
            }
        } else if (n.isBoolean()) {
            v = n.asBoolean() ? 1.0 : 0.0;
        } else {
            throw new InvalidInputException(what + " is not a number: " + abbreviate(n.toString()));
        }
        if (!Double.isFinite(v)) {
            throw new InvalidInputException(what + " is not finite (" + v + ")");
        }
        return v;
    }

    /** A required list of finite numbers at {@code meta.<path>} (a single number counts as a list of one). */
    static double[] numbers(Sample sample, String path, Deadline deadline) {
        JsonNode n = at(sample, path);
        if (n == null) {
            throw new InvalidInputException("meta." + path + " is missing");
        }
        return numbers(n, "meta." + path, deadline);
    }

    static double[] numbers(JsonNode n, String what, Deadline deadline) {
        if (!n.isArray()) {
            return new double[] {finite(n, what)};
        }
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            if ((i & 0x3FF) == 0) {
                deadline.check();
            }
            out[i] = finite(n.get(i), what + "[" + i + "]");
        }
        return out;
    }

    /** Scores a child; a non-ok child result is thrown as the matching status with the child's name. */
    static RewardResult child(String name, Reward reward, Sample sample, Deadline deadline) {
        RewardResult r = Scoring.guarded(reward, sample, deadline);
        if (r.status() != Status.OK) {
            throw new ChildFailed(name, r);
        }
        return r;
    }

    /** A child reward that did not give an ok result; {@link #result()} is what the parent returns. */
    static final class ChildFailed extends RuntimeException {
        private final transient RewardResult result;

        ChildFailed(String name, RewardResult child) {
            super("component '" + name + "': " + child.reason(), null, false, false);
            String reason = getMessage();
            this.result = switch (child.status()) {
                case INVALID_INPUT -> RewardResult.invalidInput(reason).withDetails(child.details());
                case TIMEOUT -> RewardResult.timeout(reason);
                default -> RewardResult.error(reason).withDetails(child.details());
            };
        }

        RewardResult result() {
            return result;
        }
    }

    /** A finished score, or {@code invalid_input} when the arithmetic overflowed. */
    static RewardResult ok(double score, String what, Map<String, Object> details, Map<String, Double> components) {
        if (!Double.isFinite(score)) {
            return RewardResult.invalidInput(what + " is not finite (" + score + "); the inputs are out of range")
                    .withDetails(details);
        }
        return new RewardResult(score, Status.OK, "", details, components);
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
