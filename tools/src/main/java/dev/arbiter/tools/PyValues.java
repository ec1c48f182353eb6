package dev.arbiter.tools;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;

/**
 * Python's {@code ==} on values decoded by {@code json.loads}: numbers compare by value ({@code 1 == 1.0}, and
 * {@code True == 1} since bool is an int), dicts ignore key order, lists compare in order, nothing else is equal
 * across types.
 */
final class PyValues {
    private PyValues() {
    }

    static boolean equal(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (numeric(a) && numeric(b)) {
            java.math.BigDecimal x = value(a);
            java.math.BigDecimal y = value(b);
            if (x == null || y == null) {
                return x == null && y == null && a.asDouble() == b.asDouble();
            }
            return x.compareTo(y) == 0;
        }
        if (a.isTextual() && b.isTextual()) {
            return a.asText().equals(b.asText());
        }
        if (a.isNull() && b.isNull()) {
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!b.has(e.getKey()) || !equal(e.getValue(), b.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean numeric(JsonNode n) {
        return n.isNumber() || n.isBoolean();
    }

    private static java.math.BigDecimal value(JsonNode n) {
        if (n.isBoolean()) {
            return n.asBoolean() ? java.math.BigDecimal.ONE : java.math.BigDecimal.ZERO;
        }
        if (n.isDouble() || n.isFloat()) {
            double d = n.asDouble();
            if (!Double.isFinite(d)) {
                return null;
            }
            return new java.math.BigDecimal(d);
        }
        return n.decimalValue();
    }
}
