package dev.arbiter.vision;

import dev.arbiter.core.Deadline;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/** Python string behaviours the reference code relies on: {@code float(str)}, {@code str.split()}, Levenshtein ratio. */
final class PyText {
    private static final String DIGITS = "\\d(?:_?\\d)*";
    private static final Pattern PY_FLOAT = Pattern.compile(
            "[+-]?(?:(?:" + DIGITS + ")?\\.?" + DIGITS + "|" + DIGITS + "\\.)(?:[eE][+-]?" + DIGITS + ")?");
    private static final Pattern PY_SPECIAL = Pattern.compile("[+-]?(?i:inf|infinity|nan)");

    private PyText() {
    }

    /** Python's {@code float(s)}: surrounding whitespace allowed, underscores between digits, inf/nan words. */
    static OptionalDouble pyFloat(String s) {
        String t = Tags.pyStrip(s);
        if (PY_FLOAT.matcher(t).matches()) {
            return OptionalDouble.of(Double.parseDouble(t.replace("_", "")));
        }
        if (PY_SPECIAL.matcher(t).matches()) {
            String lower = t.toLowerCase(java.util.Locale.ROOT);
            boolean neg = lower.startsWith("-");
            if (lower.contains("nan")) {
                return OptionalDouble.of(Double.NaN);
            }
            return OptionalDouble.of(neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        return OptionalDouble.empty();
    }

    /** Python's {@code str.split()}: runs of whitespace separate, no empty words. */
    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && Tags.isPySpace(s.charAt(i))) {
                i++;
            }
            int b = i;
            while (i < n && !Tags.isPySpace(s.charAt(i))) {
                i++;
            }
            if (i > b) {
                out.add(s.substring(b, i));
            }
        }
        return out;
    }

    /**
     * python-Levenshtein's {@code ratio(a, b)}: the normalized InDel similarity {@code 1 − (|a| + |b| − 2·LCS)/(|a| + |b|)}
     * over code points; two empty strings give 1.
     */
    static double levenshteinRatio(String a, String b, Deadline deadline) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        int total = x.length + y.length;
        if (total == 0) {
            return 1.0;
        }
        if (x.length < y.length) {
            int[] t = x;
            x = y;
            y = t;
        }
        int[] prev = new int[y.length + 1];
        int[] cur = new int[y.length + 1];
        for (int i = 1; i <= x.length; i++) {
            if ((i & 0xFF) == 0) {
                deadline.check();
            }
            for (int j = 1; j <= y.length; j++) {
                cur[j] = x[i - 1] == y[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        int lcs = prev[y.length];
        return 1.0 - (double) (total - 2 * lcs) / total;
    }
}
