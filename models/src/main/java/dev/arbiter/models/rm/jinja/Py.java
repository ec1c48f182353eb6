package dev.arbiter.models.rm.jinja;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Python value semantics for template values. Values are: {@code null} (None), {@link Boolean}, {@link Long} (int),
 * {@link Double} (float), {@link String} (str), {@link Markup} (jinja2's safe str), {@link List} (list),
 * {@link Tuple}, {@link Map} (dict, insertion-ordered), {@link Namespace}, {@link Undefined}, {@link Callable}
 * (functions, macros, bound methods) and {@link Loop}. Strings are indexed, sliced and measured in code points, as
 * Python does.
 */
final class Py {
    private Py() {
    }

    // ---- value types

    /** jinja2's default Undefined: empty, falsy, iterable as empty; most other uses fail. */
    record Undefined(String message, boolean unsafe) {
        static Undefined name(String name) {
            return new Undefined("'" + name + "' is undefined", false);
        }

        static Undefined attr(Object obj, Object name) {
            return new Undefined((name instanceof String ? "'" + typeName(obj) + " object' has no attribute "
                    : "'" + typeName(obj) + " object' has no element ") + repr(name), false);
        }

        JinjaException error() {
            return JinjaException.render(unsafe ? "security error: " + message : message);
        }
    }

    record Tuple(List<Object> items) {
    }

    /** A string marked safe ({@code |safe}); concatenating a plain string to it HTML-escapes that string. */
    record Markup(String s) {
    }

    /**
     * A Python generator or iterator (what map, select, unique, reverse, … return): always truthy, has no length,
     * and yields its items once.
     */
    static final class Gen {
        private final List<Object> items;
        private int pos;

        Gen(List<Object> items) {
            this.items = items;
        }

        /** The items not yet consumed (and consumes them). */
        List<Object> rest() {
            List<Object> r = new ArrayList<>(items.subList(pos, items.size()));
            pos = items.size();
            return r;
        }

        boolean hasNext() {
            return pos < items.size();
        }

        Object next() {
            return items.get(pos++);
        }
    }

    /** A slice object: {@code a[start:stop:step]} keys. */
    record SliceKey(Object start, Object stop, Object step) {
    }

    /** jinja2's {@code namespace()}: attributes that {@code set ns.x = ...} may change inside loops. */
    static final class Namespace {
        final Map<String, Object> attrs = new LinkedHashMap<>();
    }

    /** Anything callable from a template. */
    interface Callable {
        Object call(Interpreter in, List<Object> args, Map<String, Object> kwargs);
    }

    /** A for loop's {@code loop} variable. */
    static final class Loop {
        final List<Object> items;
        int index0;
        private Object lastChanged = NO_VALUE;
        private static final Object NO_VALUE = new Object();

        Loop(List<Object> items) {
            this.items = items;
        }

        Object attr(String name) {
            int n = items.size();
            return switch (name) {
                case "index" -> (long) index0 + 1;
                case "index0" -> (long) index0;
                case "revindex" -> (long) (n - index0);
                case "revindex0" -> (long) (n - index0 - 1);
                case "first" -> index0 == 0;
                case "last" -> index0 == n - 1;
                case "length" -> (long) n;
                case "depth" -> 1L;
                case "depth0" -> 0L;
                case "previtem" -> index0 > 0 ? items.get(index0 - 1)
                        : new Undefined("there is no previous item", false);
                case "nextitem" -> index0 < n - 1 ? items.get(index0 + 1)
                        : new Undefined("there is no next item", false);
                case "cycle" -> (Callable) (in, a, kw) -> {
                    if (a.isEmpty()) {
                        throw JinjaException.render("no items for cycling given");
                    }
                    return a.get(index0 % a.size());
                };
                case "changed" -> (Callable) (in, a, kw) -> {
                    Object v = a.size() == 1 ? a.get(0) : new Tuple(List.copyOf(a));
                    if (lastChanged != NO_VALUE && eq(lastChanged, v)) {
                        return false;
                    }
                    lastChanged = v;
                    return true;
                };
                default -> Undefined.attr(this, name);
            };
        }
    }

    // ---- type names, truth, str, repr

    static String typeName(Object v) {
        if (v == null) {
            return "NoneType";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Long) {
            return "int";
        }
        if (v instanceof Double) {
            return "float";
        }
        if (v instanceof String) {
            return "str";
        }
        if (v instanceof Markup) {
            return "Markup";
        }
        if (v instanceof List) {
            return "list";
        }
        if (v instanceof Tuple) {
            return "tuple";
        }
        if (v instanceof Map) {
            return "dict";
        }
        if (v instanceof Namespace) {
            return "Namespace";
        }
        if (v instanceof Undefined) {
            return "Undefined";
        }
        if (v instanceof Loop) {
            return "LoopContext";
        }
        if (v instanceof Callable) {
            return "function";
        }
        if (v instanceof Gen) {
            return "generator";
        }
        return v.getClass().getSimpleName();
    }

    static boolean isString(Object v) {
        return v instanceof String || v instanceof Markup;
    }

    /** The Python str of a str or Markup; null otherwise. */
    static String asString(Object v) {
        return v instanceof String s ? s : v instanceof Markup m ? m.s() : null;
    }

    static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof Double || v instanceof Boolean;
    }

    static boolean isInt(Object v) {
        return v instanceof Long || v instanceof Boolean;
    }

    static boolean truthy(Object v) {
        if (v == null || v instanceof Undefined) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Long l) {
            return l != 0;
        }
        if (v instanceof Double d) {
            return d != 0.0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Markup m) {
            return !m.s().isEmpty();
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (v instanceof Tuple t) {
            return !t.items().isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    /** Python's {@code str(v)}; undefined is the empty string. */
    static String str(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Markup m) {
            return m.s();
        }
        if (v instanceof Undefined) {
            return "";
        }
        return repr(v);
    }

    static String repr(Object v) {
        StringBuilder sb = new StringBuilder();
        repr(v, sb, 0);
        return sb.toString();
    }

    private static void repr(Object v, StringBuilder sb, int depth) {
        if (depth > 200) {
            throw JinjaException.render("maximum recursion depth exceeded while getting the repr of an object");
        }
        if (v == null) {
            sb.append("None");
        } else if (v instanceof Boolean b) {
            sb.append(b ? "True" : "False");
        } else if (v instanceof Long l) {
            sb.append(l);
        } else if (v instanceof Double d) {
            sb.append(floatRepr(d));
        } else if (v instanceof String s) {
            reprString(s, sb);
        } else if (v instanceof Markup m) {
            sb.append("Markup(");
            reprString(m.s(), sb);
            sb.append(')');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                repr(l.get(i), sb, depth + 1);
            }
            sb.append(']');
        } else if (v instanceof Tuple t) {
            sb.append('(');
            for (int i = 0; i < t.items().size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                repr(t.items().get(i), sb, depth + 1);
            }
            sb.append(t.items().size() == 1 ? ",)" : ")");
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                repr(e.getKey(), sb, depth + 1);
                sb.append(": ");
                repr(e.getValue(), sb, depth + 1);
            }
            sb.append('}');
        } else if (v instanceof Namespace ns) {
            sb.append("<Namespace ");
            repr(ns.attrs, sb, depth + 1);
            sb.append('>');
        } else if (v instanceof Undefined) {
            sb.append("Undefined");
        } else if (v instanceof SliceKey s) {
            sb.append("slice(").append(repr(s.start())).append(", ").append(repr(s.stop())).append(", ")
                    .append(repr(s.step())).append(')');
        } else {
            sb.append('<').append(typeName(v)).append(" object>");
        }
    }

    private static void reprString(String s, StringBuilder sb) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        sb.append(quote);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == quote || cp == '\\') {
                sb.append('\\').appendCodePoint(cp);
            } else if (cp == '\t') {
                sb.append("\\t");
            } else if (cp == '\n') {
                sb.append("\\n");
            } else if (cp == '\r') {
                sb.append("\\r");
            } else if (cp < 0x20 || cp == 0x7f) {
                sb.append(String.format("\\x%02x", cp));
            } else if (cp < 0x7f || isPrintable(cp)) {
                sb.appendCodePoint(cp);
            } else if (cp <= 0xff) {
                sb.append(String.format("\\x%02x", cp));
            } else if (cp <= 0xffff) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.append(String.format("\\U%08x", cp));
            }
        }
        sb.append(quote);
    }

    /** Python's str.isprintable for one code point (not Cc, Cf, Cs, Co, Cn, Zl, Zp, or Zs other than space). */
    private static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    /** Python's repr of a float: the shortest digits that round-trip; exponent form below 1e-4 and from 1e16. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(d);
        BigDecimal shortest = exact;
        for (int p = 1; p <= 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == d) {
                shortest = r;
                break;
            }
        }
        String digits = shortest.unscaledValue().abs().toString();
        int scale = shortest.scale();
        // strip trailing zeros of the digit string
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
            scale--;
        }
        digits = digits.substring(0, end);
        int decpt = digits.length() - scale; // value = 0.digits × 10^decpt
        StringBuilder sb = new StringBuilder();
        if (d < 0) {
            sb.append('-');
        }
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) {
                sb.append("0.").append("0".repeat(-decpt)).append(digits);
            } else if (decpt >= digits.length()) {
                sb.append(digits).append("0".repeat(decpt - digits.length())).append(".0");
            } else {
                sb.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
            }
        } else {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            int exp = decpt - 1;
            sb.append('e').append(exp < 0 ? '-' : '+');
            String e = Integer.toString(Math.abs(exp));
            sb.append(e.length() < 2 ? "0" + e : e);
        }
        return sb.toString();
    }

    // ---- comparison

    static boolean eq(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof Undefined || b instanceof Undefined) {
            return a instanceof Undefined && b instanceof Undefined;
        }
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Double || b instanceof Double) {
                return toDouble(a) == toDouble(b);
            }
            return toLong(a) == toLong(b);
        }
        if (isString(a) && isString(b)) {
            return asString(a).equals(asString(b));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            return seqEq(x, y);
        }
        if (a instanceof Tuple x && b instanceof Tuple y) {
            return seqEq(x.items(), y.items());
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                Object k = findKey(y, e.getKey());
                if (k == NOT_FOUND || !eq(e.getValue(), y.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static boolean seqEq(List<?> x, List<?> y) {
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            if (!eq(x.get(i), y.get(i))) {
                return false;
            }
        }
        return true;
    }

    static final Object NOT_FOUND = new Object();

    /** The key of {@code m} equal to {@code key} in Python's sense (1 == 1.0 == True), or NOT_FOUND. */
    static Object findKey(Map<?, ?> m, Object key) {
        if (key instanceof Markup mk) {
            key = mk.s();
        }
        if (m.containsKey(key)) {
            return key;
        }
        if (isNumber(key)) {
            for (Object k : m.keySet()) {
                if (isNumber(k) && eq(k, key)) {
                    return k;
                }
            }
        }
        return NOT_FOUND;
    }

    /** Python's ordering for {@code < <= > >=}: numbers, strings, and sequences of those. */
    static int compare(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Double || b instanceof Double) {
                return Double.compare(toDouble(a), toDouble(b)) ;
            }
            return Long.compare(toLong(a), toLong(b));
        }
        if (isString(a) && isString(b)) {
            return compareCodePoints(asString(a), asString(b));
        }
        List<?> x = a instanceof List<?> l ? l : a instanceof Tuple t ? t.items() : null;
        List<?> y = b instanceof List<?> l2 ? l2 : b instanceof Tuple t2 ? t2.items() : null;
        if (x != null && y != null && (a instanceof List) == (b instanceof List)) {
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                if (!eq(x.get(i), y.get(i))) {
                    return compare(x.get(i), y.get(i));
                }
            }
            return Integer.compare(x.size(), y.size());
        }
        if (a instanceof Undefined u) {
            throw u.error();
        }
        if (b instanceof Undefined u) {
            throw u.error();
        }
        throw JinjaException.render("'<' not supported between instances of '" + typeName(a) + "' and '"
                + typeName(b) + "'");
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    static boolean contains(Object container, Object item) {
        if (container instanceof Undefined) {
            return false;
        }
        if (isString(container)) {
            if (!isString(item)) {
                throw JinjaException.render("'in <string>' requires string as left operand, not " + typeName(item));
            }
            return asString(container).contains(asString(item));
        }
        if (container instanceof Map<?, ?> m) {
            if (item instanceof List || item instanceof Map || item instanceof Namespace || item instanceof Gen) {
                throw JinjaException.render("unhashable type: '" + typeName(item) + "'");
            }
            return findKey(m, item) != NOT_FOUND;
        }
        if (container instanceof Gen g) {
            while (g.hasNext()) {
                if (eq(g.next(), item)) {
                    return true;
                }
            }
            return false;
        }
        List<?> l = container instanceof List<?> x ? x : container instanceof Tuple t ? t.items() : null;
        if (l != null) {
            for (Object o : l) {
                if (eq(o, item)) {
                    return true;
                }
            }
            return false;
        }
        throw JinjaException.render("argument of type '" + typeName(container) + "' is not iterable");
    }

    // ---- numbers

    static long toLong(Object v) {
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return (Long) v;
    }

    static double toDouble(Object v) {
        if (v instanceof Double d) {
            return d;
        }
        return toLong(v);
    }

    // ---- iteration and length

    /** The items of an iterable: list and tuple items, dict keys, string characters; undefined is empty. */
    static List<Object> iterate(Object v) {
        if (v instanceof Undefined) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        if (v instanceof Tuple t) {
            return t.items();
        }
        if (v instanceof Gen g) {
            return g.rest();
        }
        if (v instanceof Map<?, ?> m) {
            return new ArrayList<>(m.keySet());
        }
        if (isString(v)) {
            String s = asString(v);
            List<Object> out = new ArrayList<>(s.length());
            s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
        throw JinjaException.render("'" + typeName(v) + "' object is not iterable");
    }

    static long length(Object v) {
        if (v instanceof Undefined) {
            return 0;
        }
        if (isString(v)) {
            String s = asString(v);
            return s.codePointCount(0, s.length());
        }
        if (v instanceof Collection<?> c) {
            return c.size();
        }
        if (v instanceof Tuple t) {
            return t.items().size();
        }
        if (v instanceof Map<?, ?> m) {
            return m.size();
        }
        throw JinjaException.render("object of type '" + typeName(v) + "' has no len()");
    }

    // ---- strings (code points, Python whitespace)

    /** Python's str.isspace for one character (BMP; the astral planes have no whitespace). */
    static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
    }

    static boolean hasSurrogates(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    static String strip(String s, String chars) {
        return rstrip(lstrip(s, chars), chars);
    }

    static String lstrip(String s, String chars) {
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (!(chars == null ? isSpace(cp) : chars.indexOf(cp) >= 0)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return s.substring(i);
    }

    static String rstrip(String s, String chars) {
        int i = s.length();
        while (i > 0) {
            int cp = s.codePointBefore(i);
            if (!(chars == null ? isSpace(cp) : chars.indexOf(cp) >= 0)) {
                break;
            }
            i -= Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    /** HTML escaping as markupsafe does it. */
    static String escapeHtml(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&#34;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    // ---- conversion from Java

    /** Deep-converts Java values (maps, lists, arrays, boxed numbers, strings, booleans, null) to template values. */
    static Object fromJava(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double
                || v instanceof Callable || v instanceof Namespace || v instanceof Tuple || v instanceof Markup
                || v instanceof Undefined) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof BigDecimal b) {
            return b.doubleValue();
        }
        if (v instanceof java.math.BigInteger b) {
            return b.longValueExact();
        }
        if (v instanceof Character c) {
            return c.toString();
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(fromJava(k), fromJava(x)));
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            c.forEach(x -> out.add(fromJava(x)));
            return out;
        }
        if (v instanceof Object[] a) {
            List<Object> out = new ArrayList<>(a.length);
            for (Object x : a) {
                out.add(fromJava(x));
            }
            return out;
        }
        return v.toString();
    }
}
