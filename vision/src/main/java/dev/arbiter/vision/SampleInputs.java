package dev.arbiter.vision;

import dev.arbiter.core.MetaInputs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.References;
import dev.arbiter.core.Sample;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Reading the inputs that are not the response from a sample: the reference as text, and numbers from
 * {@code meta} (verl's {@code extra_info}). Missing keys are empty optionals; present keys of the wrong type or
 * non-finite numbers are {@link InvalidInputException}s naming the key.
 */
final class SampleInputs {
    private SampleInputs() {
    }

    /** The training step: {@code meta.global_step}, else {@code meta.step}; empty when neither is present. */
    static OptionalLong step(Sample s) {
        return MetaInputs.step(s);
    }

    static OptionalDouble number(ObjectNode meta, String key) {
        JsonNode n = meta.get(key);
        if (n == null || n.isNull()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(finite(n, "meta." + key));
    }

    /** A finite number from a JSON number or a numeric string. */
    static double finite(JsonNode n, String where) {
        return MetaInputs.finite(n, where);
    }

    /** The reference as one string: a text node as is; {@code invalid_input} when absent or not text. */
    static String referenceText(Sample s) {
        JsonNode ref = s.reference();
        if (ref == null) {
            throw new InvalidInputException("the sample has no reference");
        }
        if (ref.isTextual()) {
            return ref.asText();
        }
        if (ref.isObject()) {
            for (String k : new String[] {"ground_truth", "answer", "solution", "target"}) {
                JsonNode v = ref.get(k);
                if (v != null && v.isTextual()) {
                    return v.asText();
                }
            }
        }
        throw new InvalidInputException("the reference must be text (or an object with a textual ground_truth/answer/"
                + "solution/target), got " + abbreviate(ref));
    }

    static Optional<JsonNode> metaNode(Sample s, String key) {
        JsonNode n = s.meta().get(key);
        return n == null || n.isNull() ? Optional.empty() : Optional.of(n);
    }

    static String abbreviate(JsonNode n) {
        return References.abbreviate(n.toString());
    }
}
