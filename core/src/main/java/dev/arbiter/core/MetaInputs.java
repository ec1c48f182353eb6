package dev.arbiter.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.OptionalLong;

/**
 * Reading the extra inputs rewards take from a sample's {@code meta} (verl's {@code extra_info}): numbers given as JSON
 * numbers or numeric strings, and the training step. A present but malformed value is {@link InvalidInputException}
 * naming the field; an absent one is empty.
 */
public final class MetaInputs {
    private MetaInputs() {
    }

    /** The training step: {@code meta.global_step}, else {@code meta.step}; a non-negative whole number. */
    public static OptionalLong step(Sample s) {
        for (String k : new String[] {"global_step", "step"}) {
            JsonNode n = s.meta().get(k);
            if (n != null && !n.isNull()) {
                double d = finite(n, "meta." + k);
                if (d != Math.rint(d) || d < 0) {
                    throw new InvalidInputException("meta." + k + " must be a non-negative whole number, got "
                            + References.abbreviate(n.toString()));
                }
                return OptionalLong.of((long) d);
            }
        }
        return OptionalLong.empty();
    }

    /** A finite number from a JSON number or a numeric string; {@code where} names the field in the reason. */
    public static double finite(JsonNode n, String where) {
        double d;
        if (n.isNumber()) {
            d = n.asDouble();
        } else if (n.isTextual()) {
            try {
                d = Double.parseDouble(n.asText().strip());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(where + " must be a number, got " + References.abbreviate(n.toString()));
            }
        } else {
            throw new InvalidInputException(where + " must be a number, got " + References.abbreviate(n.toString()));
        }
        if (!Double.isFinite(d)) {
            throw new InvalidInputException(where + " must be finite, got " + References.abbreviate(n.toString()));
        }
        return d;
    }
}
