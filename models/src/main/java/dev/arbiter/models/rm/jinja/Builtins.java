package dev.arbiter.models.rm.jinja;

import dev.arbiter.models.rm.jinja.Py.Callable;
import dev.arbiter.models.rm.jinja.Py.Markup;
import dev.arbiter.models.rm.jinja.Py.Namespace;
import dev.arbiter.models.rm.jinja.Py.Tuple;
import dev.arbiter.models.rm.jinja.Py.Undefined;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * jinja2's filters, tests and globals as the chat-template subset needs them, Hugging Face's additions
 * ({@code raise_exception}, {@code strftime_now}, a {@code tojson} that is {@code json.dumps} with
 * {@code ensure_ascii=False}), and the Python methods of str, dict and list that templates call. The immutable
 * sandbox's rule holds: methods that would change a list or dict ({@code append}, {@code pop}, {@code update}, …)
 * fail when called. The tables are immutable.
 */
final class Builtins {
    private Builtins() {
    }

    interface Filter {
        Object apply(Interpreter in, Object value, List<Object> args, Map<String, Object> kw);
    }

    interface Test {
        boolean test(Interpreter in, Object value, List<Object> args, Map<String, Object> kw);
    }

    /** Range size the sandbox allows (jinja2's MAX_RANGE). */
    static final int MAX_RANGE = 100_000;

    private static final Map<String, Filter> FILTERS;
    private static final Map<String, Test> TESTS;

    static {
        Map<String, Filter> f = new HashMap<>();
        f.put("abs", (in, v, a, kw) -> {
            args(a, kw, 0);
            if (v instanceof Double d) {
                return Math.abs(d);
            }
            if (Py.isInt(v)) {
                return Math.abs(Py.toLong(v));
            }
            throw typeError("bad operand type for abs(): '" + Py.typeName(v) + "'");
        });
        f.put("attr", (in, v, a, kw) -> in.getattr(v, Py.str(arg(a, kw, 0, "name", null))));
        f.put("batch", Builtins::batch);
        f.put("capitalize", (in, v, a, kw) -> capitalize(softStr(v)));
        f.put("center", (in, v, a, kw) -> pad(softStr(v), (int) intArg(arg(a, kw, 0, "width", 80L)), " ", 'c'));
        f.put("count", (in, v, a, kw) -> Py.length(v));
        f.put("length", (in, v, a, kw) -> Py.length(v));
        Filter dflt = (in, v, a, kw) -> {
            Object d = arg(a, kw, 0, "default_value", "");
            boolean bool = Py.truthy(arg(a, kw, 1, "boolean", false));
            return v instanceof Undefined || (bool && !Py.truthy(v)) ? d : v;
        };
        f.put("default", dflt);
        f.put("d", dflt);
        f.put("dictsort", Builtins::dictsort);
        Filter escape = (in, v, a, kw) -> v instanceof Markup ? v : new Markup(Py.escapeHtml(Py.str(v)));
        f.put("escape", escape);
        f.put("e", escape);
        f.put("first", (in, v, a, kw) -> {
            if (v instanceof Py.Gen g) {
                return g.hasNext() ? g.next() : new Undefined("No first item, sequence was empty.", false);
            }
            List<Object> l = in.items(v);
            return l.isEmpty() ? new Undefined("No first item, sequence was empty.", false) : l.get(0);
        });
        f.put("last", (in, v, a, kw) -> {
            if (v instanceof Py.Gen) {
                throw typeError("'generator' object is not reversible");
            }
            List<Object> l = in.items(v);
            return l.isEmpty() ? new Undefined("No last item, sequence was empty.", false) : l.get(l.size() - 1);
        });
        f.put("float", (in, v, a, kw) -> toFloat(defined(v), arg(a, kw, 0, "default", 0.0)));
        f.put("format", (in, v, a, kw) -> percentFormat(in, softStr(v),
                kw.isEmpty() ? new Tuple(nonNull(a)) : new LinkedHashMap<Object, Object>(kw)));
        f.put("indent", Builtins::indent);
        f.put("int", (in, v, a, kw) -> toInt(defined(v), arg(a, kw, 0, "default", 0L), arg(a, kw, 1, "base", 10L)));
        f.put("items", (in, v, a, kw) -> {
            if (v instanceof Undefined) {
                return new ArrayList<>();
            }
            if (!(v instanceof Map<?, ?> m)) {
                throw typeError("Can only get item pairs from a mapping.");
            }
            return new Py.Gen(itemsOf(m));
        });
        f.put("join", (in, v, a, kw) -> {
            String sep = Py.str(arg(a, kw, 0, "d", ""));
            Object attribute = arg(a, kw, 1, "attribute", null);
            List<Object> items = in.items(v);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < items.size(); i++) {
                Object item = attribute == null ? items.get(i) : attrPath(in, items.get(i), attribute, null);
                if (i > 0) {
                    sb.append(sep);
                }
                sb.append(Py.str(item));
                in.checkSize(sb.length());
            }
            return sb.toString();
        });
        f.put("list", (in, v, a, kw) -> in.items(v));
        f.put("lower", (in, v, a, kw) -> softStr(v).toLowerCase(Locale.ROOT));
        f.put("upper", (in, v, a, kw) -> softStr(v).toUpperCase(Locale.ROOT));
        f.put("map", Builtins::map);
        f.put("max", (in, v, a, kw) -> minMax(in, v, a, kw, true));
        f.put("min", (in, v, a, kw) -> minMax(in, v, a, kw, false));
        f.put("reject", (in, v, a, kw) -> select(in, v, a, kw, false, false));
        f.put("rejectattr", (in, v, a, kw) -> select(in, v, a, kw, false, true));
        f.put("select", (in, v, a, kw) -> select(in, v, a, kw, true, false));
        f.put("selectattr", (in, v, a, kw) -> select(in, v, a, kw, true, true));
        f.put("replace", (in, v, a, kw) -> {
            Object count = arg(a, kw, 2, "count", null);
            String r = replace(softStr(v), Py.str(arg(a, kw, 0, "old", "")), Py.str(arg(a, kw, 1, "new", "")),
                    count == null ? -1 : intArg(count));
            in.checkSize(r.length());
            return r;
        });
        f.put("reverse", (in, v, a, kw) -> {
            if (Py.isString(v)) {
                return slice(in, v, new Py.SliceKey(null, null, -1L));
            }
            List<Object> l = new ArrayList<>(in.items(v));
            Collections.reverse(l);
            // reversed() of a sequence or dict is an iterator; a generator is listed and reversed
            return v instanceof Py.Gen ? l : new Py.Gen(l);
        });
        f.put("round", (in, v, a, kw) -> {
            long precision = intArg(arg(a, kw, 0, "precision", 0L));
            String method = Py.str(arg(a, kw, 1, "method", "common"));
            if (!Py.isNumber(v)) {
                throw typeError("type " + Py.typeName(v) + " doesn't define __round__ method");
            }
            RoundingMode mode = switch (method) {
                case "common" -> RoundingMode.HALF_EVEN;
                case "ceil" -> RoundingMode.CEILING;
                case "floor" -> RoundingMode.FLOOR;
                default -> throw typeError("method must be common, ceil or floor");
            };
            if (mode != RoundingMode.HALF_EVEN) {
                // math.ceil/floor(value * 10 ** precision) / 10 ** precision, in floats as jinja2 computes it
                double scale = Math.pow(10, precision);
                double x = Py.toDouble(v) * scale;
                return (mode == RoundingMode.CEILING ? Math.ceil(x) : Math.floor(x)) / scale;
            }
            if (Py.isInt(v)) {
                // Python's round() of an int is an int (half to even at negative precision)
                long n = Py.toLong(v);
                return precision >= 0 ? n
                        : new BigDecimal(n).setScale((int) precision, RoundingMode.HALF_EVEN).longValue();
            }
            double d = Py.toDouble(v);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return d;
            }
            return new BigDecimal(d).setScale((int) precision, mode).doubleValue();
        });
        f.put("safe", (in, v, a, kw) -> v instanceof Markup ? v : new Markup(Py.str(v)));
        f.put("sort", Builtins::sort);
        f.put("string", (in, v, a, kw) -> v instanceof Markup ? v : Py.str(v));
        f.put("sum", (in, v, a, kw) -> {
            Object attribute = arg(a, kw, 0, "attribute", null);
            Object total = arg(a, kw, 1, "start", 0L);
            if (Py.isString(total)) {
                throw typeError("sum() can't sum strings [use ''.join(seq) instead]");
            }
            for (Object item : in.items(v)) {
                total = in.binary("+", total, attribute == null ? item : attrPath(in, item, attribute, null));
            }
            return total;
        });
        f.put("title", (in, v, a, kw) -> titleFilter(softStr(v)));
        f.put("tojson", Builtins::tojson);
        f.put("trim", (in, v, a, kw) -> {
            Object chars = arg(a, kw, 0, "chars", null);
            return Py.strip(softStr(v), chars == null ? null : Py.str(chars));
        });
        f.put("unique", Builtins::unique);
        f.put("wordcount", (in, v, a, kw) -> {
            String s = softStr(v);
            long n = 0;
            boolean inWord = false;
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                boolean w = Character.isLetterOrDigit(cp) || cp == '_';
                if (w && !inWord) {
                    n++;
                }
                inWord = w;
                i += Character.charCount(cp);
            }
            return n;
        });
        FILTERS = Map.copyOf(f);

        Map<String, Test> t = new HashMap<>();
        t.put("boolean", (in, v, a, kw) -> v instanceof Boolean);
        t.put("callable", (in, v, a, kw) -> v instanceof Callable || v instanceof Undefined);
        t.put("defined", (in, v, a, kw) -> !(v instanceof Undefined));
        t.put("undefined", (in, v, a, kw) -> v instanceof Undefined);
        t.put("divisibleby", (in, v, a, kw) -> Py.eq(in.binary("%", v, arg(a, kw, 0, "num", 1L)), 0L));
        Test eq = (in, v, a, kw) -> Py.eq(v, arg(a, kw, 0, "other", null));
        t.put("eq", eq);
        t.put("equalto", eq);
        t.put("==", eq);
        Test ne = (in, v, a, kw) -> !Py.eq(v, arg(a, kw, 0, "other", null));
        t.put("ne", ne);
        t.put("!=", ne);
        Test gt = (in, v, a, kw) -> Py.compare(v, arg(a, kw, 0, "other", null)) > 0;
        t.put("gt", gt);
        t.put(">", gt);
        t.put("greaterthan", gt);
        Test ge = (in, v, a, kw) -> Py.compare(v, arg(a, kw, 0, "other", null)) >= 0;
        t.put("ge", ge);
        t.put(">=", ge);
        Test lt = (in, v, a, kw) -> Py.compare(v, arg(a, kw, 0, "other", null)) < 0;
        t.put("lt", lt);
        t.put("<", lt);
        t.put("lessthan", lt);
        Test le = (in, v, a, kw) -> Py.compare(v, arg(a, kw, 0, "other", null)) <= 0;
        t.put("le", le);
        t.put("<=", le);
        t.put("escaped", (in, v, a, kw) -> v instanceof Markup);
        t.put("even", (in, v, a, kw) -> Py.eq(in.binary("%", v, 2L), 0L));
        t.put("odd", (in, v, a, kw) -> Py.eq(in.binary("%", v, 2L), 1L));
        t.put("false", (in, v, a, kw) -> Boolean.FALSE.equals(v));
        t.put("true", (in, v, a, kw) -> Boolean.TRUE.equals(v));
        t.put("filter", (in, v, a, kw) -> v instanceof String s && FILTERS.containsKey(s));
        t.put("test", (in, v, a, kw) -> v instanceof String s && hasTest(s));
        t.put("float", (in, v, a, kw) -> v instanceof Double);
        t.put("integer", (in, v, a, kw) -> v instanceof Long);
        t.put("number", (in, v, a, kw) -> Py.isNumber(v));
        t.put("in", (in, v, a, kw) -> Py.contains(arg(a, kw, 0, "seq", null), v));
        t.put("iterable", (in, v, a, kw) -> Py.isString(v) || v instanceof List || v instanceof Tuple
                || v instanceof Map || v instanceof Undefined || v instanceof Py.Gen);
        t.put("sequence", (in, v, a, kw) -> Py.isString(v) || v instanceof List || v instanceof Tuple
                || v instanceof Map || v instanceof Undefined);
        t.put("mapping", (in, v, a, kw) -> v instanceof Map);
        t.put("none", (in, v, a, kw) -> v == null);
        t.put("string", (in, v, a, kw) -> Py.isString(v));
        t.put("lower", (in, v, a, kw) -> isLower(Py.str(v)));
        t.put("upper", (in, v, a, kw) -> isUpper(Py.str(v)));
        t.put("sameas", (in, v, a, kw) -> {
            Object o = arg(a, kw, 0, "other", null);
            return v == o || (v instanceof Boolean && v.equals(o));
        });
        TESTS = Map.copyOf(t);
    }

    static boolean hasFilter(String name) {
        return FILTERS.containsKey(name);
    }

    static boolean hasTest(String name) {
        return TESTS.containsKey(name);
    }

    static Filter filter(String name) {
        return FILTERS.get(name);
    }

    static Test test(String name) {
        return TESTS.get(name);
    }

    /** The template globals: jinja2's and Hugging Face's. */
    static void globals(Map<String, Object> g) {
        g.put("range", (Callable) (in, a, kw) -> range(in, a));
        g.put("namespace", (Callable) (in, a, kw) -> {
            Namespace ns = new Namespace();
            for (Object x : a) {
                if (x instanceof Map<?, ?> m) {
                    m.forEach((k, val) -> ns.attrs.put(Py.str(k), val));
                } else {
                    for (Object pair : Py.iterate(x)) {
                        List<Object> kv = Py.iterate(pair);
                        ns.attrs.put(Py.str(kv.get(0)), kv.get(1));
                    }
                }
            }
            ns.attrs.putAll(kw);
            return ns;
        });
        g.put("dict", (Callable) (in, a, kw) -> {
            Map<Object, Object> d = new LinkedHashMap<>();
            for (Object x : a) {
                if (x instanceof Map<?, ?> m) {
                    d.putAll(m);
                } else {
                    for (Object pair : Py.iterate(x)) {
                        List<Object> kv = Py.iterate(pair);
                        d.put(kv.get(0), kv.get(1));
                    }
                }
            }
            d.putAll(kw);
            return d;
        });
        g.put("raise_exception", (Callable) (in, a, kw) -> {
            throw JinjaException.render(Py.str(arg(a, kw, 0, "message", "")));
        });
        g.put("strftime_now", (Callable) (in, a, kw) ->
                strftime(LocalDateTime.now(in.clock), Py.str(arg(a, kw, 0, "format", ""))));
        g.put("cycler", (Callable) (in, a, kw) -> new Cycler(new ArrayList<>(a)));
        g.put("joiner", (Callable) (in, a, kw) -> {
            String sep = Py.str(arg(a, kw, 0, "sep", ", "));
            boolean[] used = {false};
            return (Callable) (in2, a2, kw2) -> {
                if (!used[0]) {
                    used[0] = true;
                    return "";
                }
                return sep;
            };
        });
    }

    /** jinja2's cycler(). */
    static final class Cycler {
        private final List<Object> items;
        private int pos;

        Cycler(List<Object> items) {
            if (items.isEmpty()) {
                throw typeError("at least one item has to be provided");
            }
            this.items = items;
        }

        Object attr(String name) {
            return switch (name) {
                case "current" -> items.get(pos);
                case "next" -> (Callable) (in, a, kw) -> {
                    Object v = items.get(pos);
                    pos = (pos + 1) % items.size();
                    return v;
                };
                case "reset" -> (Callable) (in, a, kw) -> {
                    pos = 0;
                    return null;
                };
                default -> Undefined.attr(this, name);
            };
        }
    }

    // ---- argument helpers

    static JinjaException typeError(String message) {
        return JinjaException.render(message);
    }

    static Object arg(List<Object> a, Map<String, Object> kw, int i, String name, Object dflt) {
        if (i < a.size()) {
            return a.get(i);
        }
        return kw.containsKey(name) ? kw.get(name) : dflt;
    }

    private static void args(List<Object> a, Map<String, Object> kw, int max) {
        if (a.size() > max || !kw.isEmpty()) {
            throw typeError("too many arguments");
        }
    }

    static long intArg(Object v) {
        if (!Py.isInt(v)) {
            throw typeError("'" + Py.typeName(v) + "' object cannot be interpreted as an integer");
        }
        return Py.toLong(v);
    }

    /** The value, unless it is undefined: then the undefined error (int() and float() of Undefined fail). */
    private static Object defined(Object v) {
        if (v instanceof Undefined u) {
            throw u.error();
        }
        return v;
    }

    private static String softStr(Object v) {
        return Py.str(v);
    }

    private static List<Object> nonNull(List<Object> a) {
        return Collections.unmodifiableList(new ArrayList<>(a));
    }

    static List<Object> itemsOf(Map<?, ?> m) {
        List<Object> out = new ArrayList<>(m.size());
        m.forEach((k, v) -> out.add(new Tuple(Collections.unmodifiableList(java.util.Arrays.asList(k, v)))));
        return out;
    }

    private static Object range(Interpreter in, List<Object> a) {
        if (a.isEmpty() || a.size() > 3) {
            throw typeError("range expected 1 to 3 arguments, got " + a.size());
        }
        long start = 0;
        long stop;
        long step = 1;
        if (a.size() == 1) {
            stop = intArg(a.get(0));
        } else {
            start = intArg(a.get(0));
            stop = intArg(a.get(1));
            if (a.size() == 3) {
                step = intArg(a.get(2));
            }
        }
        if (step == 0) {
            throw typeError("range() arg 3 must not be zero");
        }
        long n = step > 0 ? (stop > start ? (stop - start + step - 1) / step : 0)
                : (start > stop ? (start - stop - step - 1) / -step : 0);
        if (n > MAX_RANGE) {
            throw typeError("Range too big. The sandbox blocks ranges larger than MAX_RANGE (" + MAX_RANGE + ").");
        }
        in.charge(n);
        List<Object> out = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) {
            out.add(start + i * step);
        }
        return out;
    }

    // ---- attribute paths (map/selectattr/sort/...: dotted names, integer parts)

    static Object attrPath(Interpreter in, Object item, Object attribute, Object dflt) {
        List<Object> parts = new ArrayList<>();
        if (Py.isString(attribute)) {
            for (String p : Py.asString(attribute).split("\\.", -1)) {
                parts.add(p.matches("[0-9]+") ? (Object) Long.parseLong(p) : p);
            }
        } else {
            parts.add(attribute);
        }
        Object v = item;
        for (Object p : parts) {
            v = in.getitem(v, p);
            if (dflt != null && v instanceof Undefined) {
                return dflt;
            }
        }
        return v;
    }

    // ---- filters

    private static Object batch(Interpreter in, Object v, List<Object> a, Map<String, Object> kw) {
        long n = intArg(arg(a, kw, 0, "linecount", 1L));
        if (n <= 0) {
            throw typeError("batch size must be positive");
        }
        boolean fill = a.size() > 1 || kw.containsKey("fill_with");
        Object with = arg(a, kw, 1, "fill_with", null);
        List<Object> out = new ArrayList<>();
        List<Object> cur = new ArrayList<>();
        for (Object x : in.items(v)) {
            cur.add(x);
            if (cur.size() == n) {
                out.add(cur);
                cur = new ArrayList<>();
            }
        }
        if (!cur.isEmpty()) {
            while (fill && cur.size() < n) {
                cur.add(with);
            }
            out.add(cur);
        }
        return new Py.Gen(out);
    }

    private static Object dictsort(Interpreter in, Object v, List<Object> a, Map<String, Object> kw) {
        if (!(v instanceof Map<?, ?> m)) {
            throw typeError("dictsort expects a mapping");
        }
        boolean cs = Py.truthy(arg(a, kw, 0, "case_sensitive", false));
        String by = Py.str(arg(a, kw, 1, "by", "key"));
        boolean rev = Py.truthy(arg(a, kw, 2, "reverse", false));
        int pos = switch (by) {
            case "key" -> 0;
            case "value" -> 1;
            default -> throw typeError("You can only sort by either \"key\" or \"value\"");
        };
        List<Object> items = itemsOf(m);
        in.charge(items.size());
        Comparator<Object> cmp = (x, y) -> Py.compare(sortKey(((Tuple) x).items().get(pos), cs),
                sortKey(((Tuple) y).items().get(pos), cs));
        items.sort(rev ? cmp.reversed() : cmp);
        return items;
    }

    private static Object sortKey(Object v, boolean caseSensitive) {
        return !caseSensitive && Py.isString(v) ? Py.asString(v).toLowerCase(Locale.ROOT) : v;
    }

    private static Object sort(Interpreter in, Object v, List<Object> a, Map<String, Object> kw) {
        boolean rev = Py.truthy(arg(a, kw, 0, "reverse", false));
        boolean cs = Py.truthy(arg(a, kw, 1, "case_sensitive", false));
        Object attribute = arg(a, kw, 2, "attribute", null);
        List<Object> items = new ArrayList<>(in.items(v));
        Comparator<Object> cmp = (x, y) -> Py.compare(
                sortKey(attribute == null ? x : attrPath(in, x, attribute, null), cs),
                sortKey(attribute == null ? y : attrPath(in, y, attribute, null), cs));
        items.sort(rev ? cmp.reversed() : cmp);
        return items;
    }

    private static Object unique(Interpreter in, Object v, List<Object> a, Map<String, Object> kw) {
        boolean cs = Py.truthy(arg(a, kw, 0, "case_sensitive", false));
        Object attribute = arg(a, kw, 1, "attribute", null);
        List<Object> seen = new ArrayList<>();
        List<Object> out = new ArrayList<>();
        for (Object x : in.items(v)) {
            Object key = sortKey(attribute == null ? x : attrPath(in, x, attribute, null), cs);
            boolean dup = false;
            for (Object s : seen) {
                if (Py.eq(s, key)) {
                    dup = true;
                    break;
                }
            }
            in.charge(seen.size());
            if (!dup) {
                seen.add(key);
                out.add(x);
            }
        }
        return new Py.Gen(out);
    }

    private static Object minMax(Interpreter in, Object v, List<Object> a, Map<String, Object> kw, boolean max) {
        boolean cs = Py.truthy(arg(a, kw, 0, "case_sensitive", false));
        Object attribute = arg(a, kw, 1, "attribute", null);
        Object best = null;
        Object bestKey = null;
        boolean any = false;
        for (Object x : in.items(v)) {
            Object key = sortKey(attribute == null ? x : attrPath(in, x, attribute, null), cs);
            if (!any || (max ? Py.compare(key, bestKey) > 0 : Py.compare(key, bestKey) < 0)) {
                best = x;
                bestKey = key;
                any = true;
            }
        }
        return any ? best : new Undefined("No aggregated item, sequence was empty.", false);
    }

    private static Object map(Interpreter in, Object v, List<Object> a, Map<String, Object> kw) {
        List<Object> out = new ArrayList<>();
        if (!Py.truthy(v)) {
            return new Py.Gen(out);
        }
        if (a.isEmpty() && kw.containsKey("attribute")) {
            Object attribute = kw.get("attribute");
            Object dflt = kw.get("default");
            for (Object x : in.items(v)) {
                out.add(attrPath(in, x, attribute, dflt));
            }
            return new Py.Gen(out);
        }
        if (a.isEmpty()) {
            throw typeError("map requires a filter argument");
        }
        String name = Py.str(a.get(0));
        Filter f = FILTERS.get(name);
        if (f == null) {
            throw typeError("No filter named '" + name + "'.");
        }
        List<Object> rest = a.subList(1, a.size());
        for (Object x : in.items(v)) {
            out.add(f.apply(in, x, rest, kw));
        }
        return new Py.Gen(out);
    }

    private static Object select(Interpreter in, Object v, List<Object> a, Map<String, Object> kw, boolean keep,
                                 boolean byAttr) {
        if (!Py.truthy(v)) {
            return new Py.Gen(new ArrayList<>());
        }
        int off = byAttr ? 1 : 0;
        Object attribute = byAttr ? arg(a, kw, 0, "attribute", null) : null;
        Test t = null;
        List<Object> rest = List.of();
        if (a.size() > off) {
            String name = Py.str(a.get(off));
            t = TESTS.get(name);
            if (t == null) {
                throw typeError("No test named '" + name + "'.");
            }
            rest = a.subList(off + 1, a.size());
        }
        List<Object> out = new ArrayList<>();
        for (Object x : in.items(v)) {
            Object val = byAttr ? attrPath(in, x, attribute, null) : x;
            boolean r = t == null ? Py.truthy(val) : t.test(in, val, rest, Map.of());
            if (r == keep) {
                out.add(x);
            }
        }
        return new Py.Gen(out);
    }

    private static Object indent(Interpreter in, Object v, List<Object> a, Map<String, Object> kw) {
        Object width = arg(a, kw, 0, "width", 4L);
        boolean first = Py.truthy(arg(a, kw, 1, "first", false));
        boolean blank = Py.truthy(arg(a, kw, 2, "blank", false));
        String ind = Py.isString(width) ? Py.asString(width) : " ".repeat((int) Math.max(0, intArg(width)));
        if (v instanceof Undefined u) {
            throw u.error();
        }
        if (!Py.isString(v)) {
            throw typeError("unsupported operand type(s) for +=: '" + Py.typeName(v) + "' and 'str'");
        }
        String s = Py.str(v) + "\n";
        List<String> lines = splitlines(s, false);
        StringBuilder rv = new StringBuilder();
        if (blank) {
            for (int i = 0; i < lines.size(); i++) {
                if (i > 0) {
                    rv.append('\n').append(ind);
                }
                rv.append(lines.get(i));
            }
        } else {
            rv.append(lines.isEmpty() ? "" : lines.get(0));
            if (lines.size() > 1) {
                rv.append('\n');
                for (int i = 1; i < lines.size(); i++) {
                    if (i > 1) {
                        rv.append('\n');
                    }
                    String line = lines.get(i);
                    rv.append(line.isEmpty() ? line : ind + line);
                }
            }
        }
        String out = first ? ind + rv : rv.toString();
        in.checkSize(out.length());
        return v instanceof Markup ? new Markup(out) : out;
    }

    private static Object tojson(Interpreter in, Object v, List<Object> a, Map<String, Object> kw) {
        boolean ascii = Py.truthy(arg(a, kw, 0, "ensure_ascii", false));
        Object indent = arg(a, kw, 1, "indent", null);
        Object separators = arg(a, kw, 2, "separators", null);
        boolean sortKeys = Py.truthy(arg(a, kw, 3, "sort_keys", false));
        for (String k : kw.keySet()) {
            if (!Set.of("ensure_ascii", "indent", "separators", "sort_keys").contains(k)) {
                throw typeError("tojson() got an unexpected keyword argument '" + k + "'");
            }
        }
        String ind = null;
        if (indent != null) {
            ind = Py.isString(indent) ? Py.asString(indent) : " ".repeat((int) Math.max(0, intArg(indent)));
        }
        String itemSep = ind == null ? ", " : ",";
        String keySep = ": ";
        if (separators != null) {
            List<Object> seps = Py.iterate(separators);
            if (seps.size() != 2) {
                throw typeError("separators must be an (item_separator, key_separator) pair");
            }
            itemSep = Py.str(seps.get(0));
            keySep = Py.str(seps.get(1));
        }
        StringBuilder sb = new StringBuilder();
        Json.dump(in, v, sb, ascii, ind, itemSep, keySep, sortKeys, 0);
        return sb.toString();
    }

    // ---- Python str behaviour

    static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int cp = s.codePointAt(0);
        return new String(Character.toChars(Character.toTitleCase(cp)))
                + s.substring(Character.charCount(cp)).toLowerCase(Locale.ROOT);
    }

    private static boolean cased(int cp) {
        return Character.isUpperCase(cp) || Character.isLowerCase(cp) || Character.isTitleCase(cp);
    }

    /** Python's str.title(): a cased character after an uncased one is title-cased, others lowered. */
    static String pyTitle(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean prevCased = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            String c = new String(Character.toChars(cp));
            sb.append(prevCased ? c.toLowerCase(Locale.ROOT) : new String(Character.toChars(Character.toTitleCase(cp))));
            prevCased = cased(cp);
        }
        return sb.toString();
    }

    /** jinja2's title filter: upper-case the first character after spaces, '-', '(', '{', '[' or '<'. */
    static String titleFilter(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean start = true;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            String c = new String(Character.toChars(cp));
            if (Py.isSpace(cp) || "-({[<".indexOf(cp) >= 0) {
                sb.append(c);
                start = true;
            } else {
                sb.append(start ? c.toUpperCase(Locale.ROOT) : c.toLowerCase(Locale.ROOT));
                start = false;
            }
        }
        return sb.toString();
    }

    private static boolean isLower(String s) {
        boolean any = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isUpperCase(cp) || Character.isTitleCase(cp)) {
                return false;
            }
            any |= Character.isLowerCase(cp);
        }
        return any;
    }

    private static boolean isUpper(String s) {
        boolean any = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLowerCase(cp) || Character.isTitleCase(cp)) {
                return false;
            }
            any |= Character.isUpperCase(cp);
        }
        return any;
    }

    static String pad(String s, int width, String fill, char align) {
        int len = s.codePointCount(0, s.length());
        if (width <= len) {
            return s;
        }
        int marg = width - len;
        int left = switch (align) {
            case '<' -> 0;
            case '>' -> marg;
            case 'c' -> marg / 2 + (marg & width & 1); // str.center
            default -> marg / 2; // format's '^'
        };
        return fill.repeat(left) + s + fill.repeat(marg - left);
    }

    static String replace(String s, String old, String neu, long count) {
        if (count < 0) {
            return s.replace(old, neu);
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        long done = 0;
        if (old.isEmpty()) {
            int[] cps = s.codePoints().toArray();
            for (int k = 0; k <= cps.length; k++) {
                if (done < count) {
                    sb.append(neu);
                    done++;
                }
                if (k < cps.length) {
                    sb.appendCodePoint(cps[k]);
                }
            }
            return sb.toString();
        }
        while (done < count) {
            int j = s.indexOf(old, i);
            if (j < 0) {
                break;
            }
            sb.append(s, i, j).append(neu);
            i = j + old.length();
            done++;
        }
        return sb.append(s.substring(i)).toString();
    }

    /** Python's str.splitlines. */
    static List<String> splitlines(String s, boolean keepends) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int eol = -1;
            if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                eol = i + 2;
            } else if (c == '\n' || c == '\r' || c == '\u000b' || c == '\u000c' || c == '\u001c' || c == '\u001d'
                    || c == '\u001e' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                eol = i + 1;
            }
            if (eol >= 0) {
                out.add(s.substring(start, keepends ? eol : i));
                start = eol;
                i = eol;
            } else {
                i++;
            }
        }
        if (start < s.length()) {
            out.add(s.substring(start));
        }
        return out;
    }

    static List<Object> split(String s, String sep, long maxsplit) {
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && Py.isSpace(s.charAt(i))) {
                    i++;
                }
                if (i >= n) {
                    break;
                }
                if (maxsplit >= 0 && out.size() >= maxsplit) {
                    out.add(s.substring(i));
                    break;
                }
                int j = i;
                while (j < n && !Py.isSpace(s.charAt(j))) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            }
            return out;
        }
        if (sep.isEmpty()) {
            throw typeError("empty separator");
        }
        int i = 0;
        while (maxsplit < 0 || out.size() < maxsplit) {
            int j = s.indexOf(sep, i);
            if (j < 0) {
                break;
            }
            out.add(s.substring(i, j));
            i = j + sep.length();
        }
        out.add(s.substring(i));
        return out;
    }

    static List<Object> rsplit(String s, String sep, long maxsplit) {
        if (maxsplit < 0) {
            return split(s, sep, -1);
        }
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            int j = s.length();
            while (true) {
                while (j > 0 && Py.isSpace(s.charAt(j - 1))) {
                    j--;
                }
                if (j <= 0) {
                    break;
                }
                if (out.size() >= maxsplit) {
                    out.add(s.substring(0, j));
                    break;
                }
                int i = j;
                while (i > 0 && !Py.isSpace(s.charAt(i - 1))) {
                    i--;
                }
                out.add(s.substring(i, j));
                j = i;
            }
        } else {
            if (sep.isEmpty()) {
                throw typeError("empty separator");
            }
            int j = s.length();
            while (out.size() < maxsplit) {
                int i = s.lastIndexOf(sep, j - sep.length());
                if (i < 0) {
                    break;
                }
                out.add(s.substring(i + sep.length(), j));
                j = i;
            }
            out.add(s.substring(0, j));
        }
        Collections.reverse(out);
        return out;
    }

    private static Object toFloat(Object v, Object dflt) {
        if (v instanceof Double) {
            return v;
        }
        if (Py.isInt(v)) {
            return (double) Py.toLong(v);
        }
        if (Py.isString(v)) {
            String s = Py.strip(Py.asString(v), null).replace("_", "").toLowerCase(Locale.ROOT);
            switch (s) {
                case "nan", "+nan", "-nan" -> {
                    return Double.NaN;
                }
                case "inf", "+inf", "infinity", "+infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-inf", "-infinity" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> { }
            }
            if (s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?")) {
                return Double.parseDouble(s);
            }
        }
        return dflt;
    }

    private static Object toInt(Object v, Object dflt, Object base) {
        if (Py.isString(v)) {
            String s = Py.strip(Py.asString(v), null).replace("_", "");
            try {
                return parseInt(s, (int) intArg(base));
            } catch (NumberFormatException e) {
                Object f = toFloat(v, null);
                return f instanceof Double d && !d.isNaN() && !d.isInfinite() ? truncate(d) : dflt;
            }
        }
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? dflt : truncate(d);
        }
        if (Py.isInt(v)) {
            return Py.toLong(v);
        }
        return dflt;
    }

    /** Python's int(str, base): sign, a 0x/0o/0b prefix matching the base (base 0 reads it). */
    private static long parseInt(String s, int base) {
        boolean neg = false;
        if (s.startsWith("+") || s.startsWith("-")) {
            neg = s.startsWith("-");
            s = s.substring(1);
        }
        String lower = s.toLowerCase(Locale.ROOT);
        int prefixBase = lower.startsWith("0x") ? 16 : lower.startsWith("0o") ? 8 : lower.startsWith("0b") ? 2 : 0;
        if (prefixBase != 0 && (base == 0 || base == prefixBase)) {
            s = s.substring(2);
            base = prefixBase;
        } else if (base == 0) {
            base = 10;
        }
        if (s.isEmpty() || s.startsWith("+") || s.startsWith("-")) {
            throw new NumberFormatException(s);
        }
        long v = Long.parseLong(s, base);
        return neg ? -v : v;
    }

    /** int(float): Python's ints are unbounded, ours are 64-bit, so a larger float is an error, not a wrong int. */
    private static long truncate(double d) {
        if (Math.abs(d) >= 0x1p63) {
            throw typeError("integer out of the supported 64-bit range: " + Py.floatRepr(d));
        }
        return (long) d;
    }

    // ---- slicing

    static Object slice(Interpreter in, Object obj, Py.SliceKey k) {
        long step = k.step() == null ? 1 : sliceInt(k.step());
        if (step == 0) {
            throw typeError("slice step cannot be zero");
        }
        boolean str = Py.isString(obj);
        List<?> list = str ? null : obj instanceof Tuple t ? t.items() : (List<?>) obj;
        String s = str ? Py.asString(obj) : null;
        int[] cps = str && Py.hasSurrogates(s) ? s.codePoints().toArray() : null;
        long n = str ? (cps != null ? cps.length : s.length()) : list.size();
        long start;
        long stop;
        if (step > 0) {
            start = k.start() == null ? 0 : clamp(sliceInt(k.start()), n, 0, n);
            stop = k.stop() == null ? n : clamp(sliceInt(k.stop()), n, 0, n);
        } else {
            start = k.start() == null ? n - 1 : clamp(sliceInt(k.start()), n, -1, n - 1);
            stop = k.stop() == null ? -1 : clamp(sliceInt(k.stop()), n, -1, n - 1);
        }
        in.charge(Math.abs(stop - start) / Math.abs(step) + 1);
        if (str) {
            StringBuilder sb = new StringBuilder();
            for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
                if (cps != null) {
                    sb.appendCodePoint(cps[(int) i]);
                } else {
                    sb.append(s.charAt((int) i));
                }
            }
            return sb.toString();
        }
        List<Object> out = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            out.add(list.get((int) i));
        }
        return obj instanceof Tuple ? new Tuple(Collections.unmodifiableList(out)) : out;
    }

    private static long sliceInt(Object v) {
        if (!Py.isInt(v)) {
            throw typeError("slice indices must be integers or None");
        }
        return Py.toLong(v);
    }

    private static long clamp(long i, long n, long lo, long hi) {
        if (i < 0) {
            i += n;
        }
        return Math.max(lo, Math.min(hi, i));
    }

    // ---- methods of values

    private static final Set<String> UNSAFE_LIST = Set.of("append", "extend", "insert", "pop", "remove", "reverse",
            "sort", "clear");
    private static final Set<String> UNSAFE_DICT = Set.of("clear", "pop", "popitem", "setdefault", "update");

    /** A bound method of {@code obj} named {@code name}, an unsafe marker, or null when there is none. */
    static Object method(Object obj, String name) {
        if (Py.isString(obj)) {
            return strMethod(Py.asString(obj), name);
        }
        if (obj instanceof Map<?, ?> m) {
            if (UNSAFE_DICT.contains(name)) {
                return unsafe(obj, name);
            }
            return switch (name) {
                case "items" -> (Callable) (in, a, kw) -> itemsOf(m);
                case "keys" -> (Callable) (in, a, kw) -> new ArrayList<Object>(m.keySet());
                case "values" -> (Callable) (in, a, kw) -> new ArrayList<Object>(m.values());
                case "get" -> (Callable) (in, a, kw) -> {
                    Object k = Py.findKey(m, arg(a, kw, 0, "key", null));
                    return k == Py.NOT_FOUND ? arg(a, kw, 1, "default", null) : m.get(k);
                };
                case "copy" -> (Callable) (in, a, kw) -> new LinkedHashMap<Object, Object>(m);
                default -> null;
            };
        }
        if (obj instanceof List || obj instanceof Tuple) {
            List<?> l = obj instanceof Tuple t ? t.items() : (List<?>) obj;
            if (obj instanceof List && UNSAFE_LIST.contains(name)) {
                return unsafe(obj, name);
            }
            return switch (name) {
                case "index" -> (Callable) (in, a, kw) -> {
                    for (int i = 0; i < l.size(); i++) {
                        if (Py.eq(l.get(i), arg(a, kw, 0, "value", null))) {
                            return (long) i;
                        }
                    }
                    throw typeError(Py.repr(arg(a, kw, 0, "value", null)) + " is not in list");
                };
                case "count" -> (Callable) (in, a, kw) -> l.stream().filter(x -> Py.eq(x, arg(a, kw, 0, "value", null)))
                        .count();
                case "copy" -> obj instanceof List ? (Callable) (in, a, kw) -> new ArrayList<Object>(l) : null;
                default -> null;
            };
        }
        return null;
    }

    private static Undefined unsafe(Object obj, String name) {
        return new Undefined("access to attribute '" + name + "' of '" + Py.typeName(obj) + "' object is unsafe.",
                true);
    }

    private static Object strMethod(String s, String name) {
        return switch (name) {
            case "startswith", "endswith" -> (Callable) (in, a, kw) -> {
                Object what = arg(a, kw, 0, name.equals("startswith") ? "prefix" : "suffix", null);
                String sub = window(s, arg(a, kw, 1, "start", null), arg(a, kw, 2, "end", null));
                List<Object> opts = what instanceof Tuple t ? t.items() : List.of(what == null ? "" : what);
                for (Object o : opts) {
                    if (!Py.isString(o)) {
                        throw typeError(name + " first arg must be str or a tuple of str, not " + Py.typeName(o));
                    }
                    if (name.equals("startswith") ? sub.startsWith(Py.asString(o)) : sub.endsWith(Py.asString(o))) {
                        return true;
                    }
                }
                return false;
            };
            case "split" -> (Callable) (in, a, kw) -> {
                Object sep = arg(a, kw, 0, "sep", null);
                List<Object> r = split(s, sep == null ? null : strArg(sep), intArg(arg(a, kw, 1, "maxsplit", -1L)));
                in.charge(r.size());
                return r;
            };
            case "rsplit" -> (Callable) (in, a, kw) -> {
                Object sep = arg(a, kw, 0, "sep", null);
                List<Object> r = rsplit(s, sep == null ? null : strArg(sep), intArg(arg(a, kw, 1, "maxsplit", -1L)));
                in.charge(r.size());
                return r;
            };
            case "splitlines" -> (Callable) (in, a, kw) ->
                    new ArrayList<Object>(splitlines(s, Py.truthy(arg(a, kw, 0, "keepends", false))));
            case "strip", "lstrip", "rstrip" -> (Callable) (in, a, kw) -> {
                Object c = arg(a, kw, 0, "chars", null);
                String chars = c == null ? null : strArg(c);
                return name.equals("strip") ? Py.strip(s, chars) : name.equals("lstrip") ? Py.lstrip(s, chars)
                        : Py.rstrip(s, chars);
            };
            case "replace" -> (Callable) (in, a, kw) -> {
                String r = replace(s, strArg(arg(a, kw, 0, "old", "")), strArg(arg(a, kw, 1, "new", "")),
                        intArg(arg(a, kw, 2, "count", -1L)));
                in.checkSize(r.length());
                return r;
            };
            case "upper" -> (Callable) (in, a, kw) -> s.toUpperCase(Locale.ROOT);
            case "lower", "casefold" -> (Callable) (in, a, kw) -> s.toLowerCase(Locale.ROOT);
            case "title" -> (Callable) (in, a, kw) -> pyTitle(s);
            case "capitalize" -> (Callable) (in, a, kw) -> capitalize(s);
            case "swapcase" -> (Callable) (in, a, kw) -> {
                StringBuilder sb = new StringBuilder();
                s.codePoints().forEach(cp -> sb.append(Character.isUpperCase(cp)
                        ? new String(Character.toChars(cp)).toLowerCase(Locale.ROOT)
                        : new String(Character.toChars(cp)).toUpperCase(Locale.ROOT)));
                return sb.toString();
            };
            case "find", "rfind", "index", "rindex" -> (Callable) (in, a, kw) -> {
                String sub = strArg(arg(a, kw, 0, "sub", ""));
                Object st = arg(a, kw, 1, "start", null);
                long offset = st == null ? 0 : cpClamp(s, sliceIntOrNull(st));
                String w = window(s, st, arg(a, kw, 2, "end", null));
                int at = name.startsWith("r") ? w.lastIndexOf(sub) : w.indexOf(sub);
                if (at < 0) {
                    if (name.endsWith("index")) {
                        throw typeError("substring not found");
                    }
                    return -1L;
                }
                return offset + w.codePointCount(0, at);
            };
            case "count" -> (Callable) (in, a, kw) -> {
                String sub = strArg(arg(a, kw, 0, "sub", ""));
                String w = window(s, arg(a, kw, 1, "start", null), arg(a, kw, 2, "end", null));
                if (sub.isEmpty()) {
                    return (long) w.codePointCount(0, w.length()) + 1;
                }
                long c = 0;
                for (int i = w.indexOf(sub); i >= 0; i = w.indexOf(sub, i + sub.length())) {
                    c++;
                }
                return c;
            };
            case "join" -> (Callable) (in, a, kw) -> {
                StringBuilder sb = new StringBuilder();
                List<Object> items = in.items(arg(a, kw, 0, "iterable", List.of()));
                for (int i = 0; i < items.size(); i++) {
                    if (!Py.isString(items.get(i))) {
                        throw typeError("sequence item " + i + ": expected str instance, "
                                + Py.typeName(items.get(i)) + " found");
                    }
                    if (i > 0) {
                        sb.append(s);
                    }
                    sb.append(Py.asString(items.get(i)));
                    in.checkSize(sb.length());
                }
                return sb.toString();
            };
            case "format" -> (Callable) (in, a, kw) -> {
                String r = Format.strFormat(in, s, a, kw);
                in.checkSize(r.length());
                return r;
            };
            case "center", "ljust", "rjust" -> (Callable) (in, a, kw) -> {
                long width = intArg(arg(a, kw, 0, "width", 0L));
                String fill = strArg(arg(a, kw, 1, "fillchar", " "));
                in.checkSize(width);
                return pad(s, (int) width, fill, name.equals("center") ? 'c' : name.equals("ljust") ? '<' : '>');
            };
            case "zfill" -> (Callable) (in, a, kw) -> {
                long width = intArg(arg(a, kw, 0, "width", 0L));
                in.checkSize(width);
                int len = s.codePointCount(0, s.length());
                if (width <= len) {
                    return s;
                }
                String zeros = "0".repeat((int) (width - len));
                return !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')
                        ? s.charAt(0) + zeros + s.substring(1) : zeros + s;
            };
            case "removeprefix" -> (Callable) (in, a, kw) -> {
                String p = strArg(arg(a, kw, 0, "prefix", ""));
                return s.startsWith(p) ? s.substring(p.length()) : s;
            };
            case "removesuffix" -> (Callable) (in, a, kw) -> {
                String p = strArg(arg(a, kw, 0, "suffix", ""));
                return !p.isEmpty() && s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s;
            };
            case "partition", "rpartition" -> (Callable) (in, a, kw) -> {
                String sep = strArg(arg(a, kw, 0, "sep", ""));
                if (sep.isEmpty()) {
                    throw typeError("empty separator");
                }
                int at = name.equals("partition") ? s.indexOf(sep) : s.lastIndexOf(sep);
                List<Object> parts = at < 0
                        ? (name.equals("partition") ? java.util.Arrays.asList(s, "", "") : java.util.Arrays.asList("", "", s))
                        : java.util.Arrays.asList(s.substring(0, at), sep, s.substring(at + sep.length()));
                return new Tuple(Collections.unmodifiableList(parts));
            };
            case "isdigit", "isdecimal", "isnumeric" -> (Callable) (in, a, kw) ->
                    !s.isEmpty() && s.codePoints().allMatch(Character::isDigit);
            case "isalpha" -> (Callable) (in, a, kw) -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetter);
            case "isalnum" -> (Callable) (in, a, kw) ->
                    !s.isEmpty() && s.codePoints().allMatch(Character::isLetterOrDigit);
            case "isspace" -> (Callable) (in, a, kw) -> !s.isEmpty() && s.codePoints().allMatch(Py::isSpace);
            case "islower" -> (Callable) (in, a, kw) -> isLower(s);
            case "isupper" -> (Callable) (in, a, kw) -> isUpper(s);
            case "isascii" -> (Callable) (in, a, kw) -> s.chars().allMatch(c -> c < 128);
            default -> null;
        };
    }

    private static String strArg(Object v) {
        if (!Py.isString(v)) {
            throw typeError("must be str, not " + Py.typeName(v));
        }
        return Py.asString(v);
    }

    private static Long sliceIntOrNull(Object v) {
        return v == null ? null : sliceInt(v);
    }

    private static long cpClamp(String s, Long i) {
        long n = s.codePointCount(0, s.length());
        return clamp(i, n, 0, n);
    }

    /** {@code s[start:end]} in code points (for the start/end arguments of str methods). */
    private static String window(String s, Object start, Object end) {
        if (start == null && end == null) {
            return s;
        }
        long n = s.codePointCount(0, s.length());
        long a = start == null ? 0 : clamp(sliceInt(start), n, 0, n);
        long b = end == null ? n : clamp(sliceInt(end), n, 0, n);
        if (b <= a) {
            return "";
        }
        return s.substring(s.offsetByCodePoints(0, (int) a), s.offsetByCodePoints(0, (int) b));
    }

    // ---- strftime (glibc's conversions for a naive local time)

    static String strftime(LocalDateTime t, String fmt) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c != '%' || i + 1 >= fmt.length()) {
                sb.append(c);
                continue;
            }
            char d = fmt.charAt(++i);
            boolean noPad = false;
            if (d == '-' && i + 1 < fmt.length()) {
                noPad = true;
                d = fmt.charAt(++i);
            }
            String v = switch (d) {
                case 'a' -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
                case 'A' -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                case 'b', 'h' -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
                case 'B' -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                case 'c' -> strftime(t, "%a %b %e %H:%M:%S %Y");
                case 'C' -> two(t.getYear() / 100, noPad);
                case 'd' -> two(t.getDayOfMonth(), noPad);
                case 'D' -> strftime(t, "%m/%d/%y");
                case 'e' -> noPad ? Integer.toString(t.getDayOfMonth()) : String.format("%2d", t.getDayOfMonth());
                case 'F' -> strftime(t, "%Y-%m-%d");
                case 'H' -> two(t.getHour(), noPad);
                case 'I' -> two(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, noPad);
                case 'j' -> noPad ? Integer.toString(t.getDayOfYear()) : String.format("%03d", t.getDayOfYear());
                case 'm' -> two(t.getMonthValue(), noPad);
                case 'M' -> two(t.getMinute(), noPad);
                case 'n' -> "\n";
                case 'p' -> t.getHour() < 12 ? "AM" : "PM";
                case 'R' -> strftime(t, "%H:%M");
                case 'S' -> two(t.getSecond(), noPad);
                case 't' -> "\t";
                case 'T' -> strftime(t, "%H:%M:%S");
                case 'u' -> Integer.toString(t.getDayOfWeek().getValue());
                case 'w' -> Integer.toString(t.getDayOfWeek().getValue() % 7);
                case 'x' -> strftime(t, "%m/%d/%y");
                case 'X' -> strftime(t, "%H:%M:%S");
                case 'y' -> two(t.getYear() % 100, noPad);
                case 'Y' -> Integer.toString(t.getYear());
                case 'z', 'Z' -> "";
                case 'f' -> String.format("%06d", t.getNano() / 1000);
                case '%' -> "%";
                default -> "%" + (noPad ? "-" : "") + d;
            };
            sb.append(v);
        }
        return sb.toString();
    }

    private static String two(int v, boolean noPad) {
        return noPad ? Integer.toString(v) : String.format("%02d", v);
    }

    // ---- printf-style formatting ('%s' % x and the format filter)

    static String percentFormat(Interpreter in, String fmt, Object args) {
        List<Object> positional = args instanceof Tuple t ? t.items() : List.of();
        Map<?, ?> mapping = args instanceof Map<?, ?> m ? m : null;
        if (!(args instanceof Tuple) && mapping == null) {
            positional = java.util.Arrays.asList(args);
        }
        StringBuilder sb = new StringBuilder();
        int next = 0;
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c != '%') {
                sb.append(c);
                continue;
            }
            if (++i >= fmt.length()) {
                throw typeError("incomplete format");
            }
            Object value = null;
            boolean haveValue = false;
            if (fmt.charAt(i) == '(') {
                int close = fmt.indexOf(')', i);
                if (close < 0 || mapping == null) {
                    throw typeError("format requires a mapping");
                }
                Object key = fmt.substring(i + 1, close);
                Object k = Py.findKey(mapping, key);
                if (k == Py.NOT_FOUND) {
                    throw typeError("KeyError: " + Py.repr(key));
                }
                value = mapping.get(k);
                haveValue = true;
                i = close + 1;
            }
            int specStart = i;
            while (i < fmt.length() && "-+ #0123456789.".indexOf(fmt.charAt(i)) >= 0) {
                i++;
            }
            if (i >= fmt.length()) {
                throw typeError("incomplete format");
            }
            String flags = fmt.substring(specStart, i);
            char conv = fmt.charAt(i);
            if (conv == '%') {
                sb.append('%');
                continue;
            }
            if (!haveValue) {
                if (mapping != null && positional.isEmpty()) {
                    value = mapping;
                } else {
                    if (next >= positional.size()) {
                        throw typeError("not enough arguments for format string");
                    }
                    value = positional.get(next++);
                }
            }
            sb.append(Format.printf(flags, conv, value));
            in.checkSize(sb.length());
        }
        // like CPython: a non-tuple argument with __getitem__ (list, dict) is never "not all converted"
        boolean mappingLike = args instanceof List || args instanceof Map || args instanceof Undefined;
        if (mapping == null && !mappingLike && next < positional.size()) {
            throw typeError("not all arguments converted during string formatting");
        }
        return sb.toString();
    }
}
