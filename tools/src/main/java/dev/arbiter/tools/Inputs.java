package dev.arbiter.tools;

import dev.arbiter.core.MetaInputs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.References;
import dev.arbiter.core.Sample;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Reading inputs other than the response: the reference as text, and values from {@code meta} (verl's
 * {@code extra_info}) or from a structured reference. A key that is present with the wrong type is an
 * {@link InvalidInputException} naming it; a missing key is an empty optional.
 */
final class Inputs {
    private Inputs() {
    }

    /** The training step: {@code meta.global_step}, else {@code meta.step}. */
    static OptionalLong step(Sample s) {
        return MetaInputs.step(s);
    }

    /** A value from meta, else from an object reference, else null. */
    static JsonNode lookup(Sample s, String key) {
        JsonNode n = s.meta().get(key);
        if (n != null && !n.isNull()) {
            return n;
        }
        JsonNode ref = s.reference();
        if (ref != null && ref.isObject()) {
            n = ref.get(key);
            if (n != null && !n.isNull()) {
                return n;
            }
        }
        return null;
    }

    static OptionalDouble number(Sample s, String key) {
        JsonNode n = lookup(s, key);
        return n == null ? OptionalDouble.empty() : OptionalDouble.of(finite(n, key));
    }

    static boolean flag(Sample s, String key) {
        JsonNode n = lookup(s, key);
        if (n == null) {
            return false;
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isNumber()) {
            return n.asDouble() != 0;
        }
        throw new InvalidInputException(key + " must be true/false, got " + abbreviate(n));
    }

    static double finite(JsonNode n, String where) {
        return MetaInputs.finite(n, where);
    }

    static String referenceText(Sample s) {
        JsonNode ref = s.reference();
        if (ref == null) {
            throw new InvalidInputException("the sample has no reference");
        }
        if (ref.isTextual()) {
            return ref.asText();
        }
        if (ref.isObject()) {
            for (String k : new String[] {"ground_truth", "answer", "target"}) {
                JsonNode v = ref.get(k);
                if (v != null && v.isTextual()) {
                    return v.asText();
                }
            }
        }
        throw new InvalidInputException("the reference must be text, got " + abbreviate(ref));
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    static String abbreviate(JsonNode n) {
        return References.abbreviate(n.toString());
    }

    static ObjectNode meta(Sample s) {
        return s.meta();
    }
}
