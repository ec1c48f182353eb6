package dev.arbiter.code;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a program's output is compared with the expected output. Stateless and deterministic.
 *
 * <ul>
 *   <li>{@code exact}: equal after removing trailing newlines (and turning CRLF into LF) — verl's rule.</li>
 *   <li>{@code whitespace}: equal sequences of whitespace-separated tokens (the usual judge checker: spacing and line
 *       breaks do not matter).</li>
 *   <li>{@code float}: like {@code whitespace}, but two tokens that both read as numbers match when
 *       {@code |a - b| <= tolerance * max(1, |b|)} (absolute for small values, relative for large).</li>
 * </ul>
 */
public enum OutputComparison {
    EXACT("exact"),
    WHITESPACE("whitespace"),
    FLOAT("float");

    private final String specName;

    OutputComparison(String specName) {
        this.specName = specName;
    }

    public String specName() {
        return specName;
    }

    public static List<String> specNames() {
        return List.of("exact", "whitespace", "float");
    }

    public static OutputComparison fromSpecName(String name) {
        for (OutputComparison c : values()) {
            if (c.specName.equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown comparison '" + name + "'");
    }

    /**
     * Compares standard output with the expected text.
     *
     * @return empty when they match, else one sentence saying where they differ
     */
    public Optional<String> compare(String actual, String expected, double tolerance) {
        if (this == EXACT) {
            String a = trimTrailingNewlines(actual.replace("\r\n", "\n"));
            String e = trimTrailingNewlines(expected.replace("\r\n", "\n"));
            if (a.equals(e)) {
                return Optional.empty();
            }
            int i = 0;
            while (i < a.length() && i < e.length() && a.charAt(i) == e.charAt(i)) {
                i++;
            }
            return Optional.of("output differs at character " + i + ": expected " + quote(e) + " but got " + quote(a));
        }
        List<String> a = tokens(actual);
        List<String> e = tokens(expected);
        for (int i = 0; i < Math.min(a.size(), e.size()); i++) {
            if (!tokenEquals(a.get(i), e.get(i), tolerance)) {
                return Optional.of("token " + (i + 1) + " differs: expected " + quote(e.get(i)) + " but got "
                        + quote(a.get(i)));
            }
        }
        if (a.size() != e.size()) {
            return Optional.of("expected " + e.size() + " tokens but got " + a.size()
                    + (a.size() == 0 ? " (no output)" : ""));
        }
        return Optional.empty();
    }

    private boolean tokenEquals(String a, String e, double tolerance) {
        if (a.equals(e)) {
            return true;
        }
        if (this != FLOAT) {
            return false;
        }
        Double x = number(a);
        Double y = number(e);
        return x != null && y != null && numbersClose(x, y, tolerance);
    }

    static boolean numbersClose(double x, double y, double tolerance) {
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return Double.isNaN(x) && Double.isNaN(y);
        }
        if (Double.isInfinite(x) || Double.isInfinite(y)) {
            return x == y;
        }
        return Math.abs(x - y) <= tolerance * Math.max(1.0, Math.abs(y));
    }

    /**
     * Compares a returned JSON value with the expected one: numbers by value (1 equals 1.0; with {@code float},
     * within the tolerance), arrays element by element, objects key by key.
     */
    public boolean jsonEquals(JsonNode actual, JsonNode expected, double tolerance) {
        return jsonEquals(actual, expected, tolerance, 0);
    }

    private boolean jsonEquals(JsonNode a, JsonNode e, double tolerance, int depth) {
        if (depth > 200) {
            return false;
        }
        if (a.isNumber() && e.isNumber()) {
            if (this == FLOAT) {
                return numbersClose(a.asDouble(), e.asDouble(), tolerance);
            }
            if (a.isIntegralNumber() && e.isIntegralNumber()) {
                return a.bigIntegerValue().equals(e.bigIntegerValue());
            }
            return a.decimalValue().compareTo(e.decimalValue()) == 0;
        }
        if (a.isArray() && e.isArray()) {
            if (a.size() != e.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!jsonEquals(a.get(i), e.get(i), tolerance, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && e.isObject()) {
            if (a.size() != e.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode v = a.get(f.getKey());
                if (v == null || !jsonEquals(v, f.getValue(), tolerance, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (a.getNodeType() != e.getNodeType()) {
            return false;
        }
        return a.equals(e);
    }

    private static Double number(String token) {
        String t = token.toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.length() > 64) {
            return null;
        }
        char c = t.charAt(0);
        if (!(Character.isDigit(c) || c == '-' || c == '+' || c == '.' || t.equals("nan") || t.equals("inf")
                || t.equals("-inf"))) {
            return null;
        }
        if (t.endsWith("d") || t.endsWith("f")) {
            return null;
        }
        try {
            return switch (t) {
                case "nan" -> Double.NaN;
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(t);
            };
        } catch (NumberFormatException ex) {
            return null;
        }
    }

    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(s.substring(start, i));
            }
        }
        return out;
    }

    private static String trimTrailingNewlines(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\n') {
            end--;
        }
        return s.substring(0, end);
    }

    static String quote(String s) {
        String t = s.length() > 60 ? s.substring(0, 57) + "..." : s;
        return "'" + t.replace("\n", "\\n") + "'";
    }
}
