package dev.arbiter.eval.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the Python list literals some benchmarks store inside JSON strings (VLRMBench writes {@code step_list},
 * {@code image} and {@code task_gt} as {@code str(list)}): lists of strings in single or double quotes with Python
 * escapes, integers, floats, {@code True}/{@code False}/{@code None}, nested lists. Also accepts plain JSON arrays.
 */
public final class PythonLiterals {
    private final String s;
    private int i;

    private PythonLiterals(String s) {
        this.s = s;
    }

    /** The list {@code text} holds; throws {@link IllegalArgumentException} naming the position otherwise. */
    public static List<Object> parseList(String text) {
        PythonLiterals p = new PythonLiterals(text);
        p.ws();
        Object v = p.value();
        p.ws();
        if (p.i != p.s.length()) {
            throw p.error("unexpected text after the list");
        }
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException("not a list");
        }
        @SuppressWarnings("unchecked")
        List<Object> out = (List<Object>) l;
        return out;
    }

    private IllegalArgumentException error(String what) {
        int from = Math.max(0, i - 10);
        int to = Math.min(s.length(), i + 10);
        return new IllegalArgumentException(what + " at character " + i + " near '" + s.substring(from, to) + "'");
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private Object value() {
        if (i >= s.length()) {
            throw error("unexpected end");
        }
        char c = s.charAt(i);
        if (c == '[' || c == '(') {
            return list(c == '[' ? ']' : ')');
        }
        if (c == '\'' || c == '"') {
            return string();
        }
        if ((c == 'r' || c == 'u' || c == 'b') && i + 1 < s.length() && (s.charAt(i + 1) == '\'' || s.charAt(i + 1) == '"')) {
            boolean raw = c == 'r';
            i++;
            return raw ? rawString() : string();
        }
        if (s.startsWith("True", i)) {
            i += 4;
            return Boolean.TRUE;
        }
        if (s.startsWith("False", i)) {
            i += 5;
            return Boolean.FALSE;
        }
        if (s.startsWith("None", i) || s.startsWith("null", i)) {
            i += 4;
            return null;
        }
        if (s.startsWith("true", i)) {
            i += 4;
            return Boolean.TRUE;
        }
        if (s.startsWith("false", i)) {
            i += 5;
            return Boolean.FALSE;
        }
        return number();
    }

    private List<Object> list(char close) {
        i++;
        List<Object> out = new ArrayList<>();
        ws();
        if (i < s.length() && s.charAt(i) == close) {
            i++;
            return out;
        }
        while (true) {
            ws();
            out.add(value());
            ws();
            if (i >= s.length()) {
                throw error("unclosed list");
            }
            char c = s.charAt(i);
            if (c == ',') {
                i++;
                ws();
                if (i < s.length() && s.charAt(i) == close) {
                    i++;
                    return out;
                }
            } else if (c == close) {
                i++;
                return out;
            } else {
                throw error("expected ',' or '" + close + "'");
            }
        }
    }

    private String rawString() {
        char q = s.charAt(i++);
        StringBuilder sb = new StringBuilder();
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == q) {
                return sb.toString();
            }
            if (c == '\\' && i < s.length()) {
                sb.append(c).append(s.charAt(i++));
            } else {
                sb.append(c);
            }
        }
        throw error("unclosed string");
    }

    private String string() {
        char q = s.charAt(i++);
        StringBuilder sb = new StringBuilder();
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == q) {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (i >= s.length()) {
                break;
            }
            char e = s.charAt(i++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case '0' -> sb.append('\0');
                case '\\', '\'', '"' -> sb.append(e);
                case '\n' -> { }
                case 'x' -> sb.append((char) hex(2));
                case 'u' -> sb.append((char) hex(4));
                case 'U' -> sb.appendCodePoint(hex(8));
                default -> sb.append('\\').append(e);
            }
        }
        throw error("unclosed string");
    }

    private int hex(int n) {
        if (i + n > s.length()) {
            throw error("short escape");
        }
        try {
            int v = Integer.parseInt(s.substring(i, i + n), 16);
            i += n;
            return v;
        } catch (NumberFormatException e) {
            throw error("bad escape");
        }
    }

    private Number number() {
        int start = i;
        while (i < s.length() && "+-0123456789.eE_".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        String t = s.substring(start, i).replace("_", "");
        if (t.isEmpty()) {
            throw error("unexpected character '" + s.charAt(start) + "'");
        }
        try {
            if (t.matches("[+-]?\\d+")) {
                return Long.parseLong(t);
            }
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw error("bad number '" + t + "'");
        }
    }
}
