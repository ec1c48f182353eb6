package dev.arbiter.models.rm.jinja;

import dev.arbiter.models.rm.jinja.Node.Target;
import dev.arbiter.models.rm.jinja.Py.Callable;
import dev.arbiter.models.rm.jinja.Py.Markup;
import dev.arbiter.models.rm.jinja.Py.Namespace;
import dev.arbiter.models.rm.jinja.Py.Tuple;
import dev.arbiter.models.rm.jinja.Py.Undefined;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a parsed template once (one instance per render: it holds the step count, the call depth and the limits).
 * Scoping follows jinja2: a {@code for} loop's body gets a fresh scope each iteration (a {@code set} inside does not
 * survive the iteration; {@code namespace} attributes do), {@code if} has no scope, a macro runs in a child of the
 * scope it was defined in and sees the template's variables as they are when it is called.
 */
final class Interpreter {
    private static final Object MISSING = new Object();

    private enum Flow { NORMAL, BREAK, CONTINUE }

    private final JinjaTemplate.Limits limits;
    final Clock clock;
    private long steps;
    private int depth;

    Interpreter(JinjaTemplate.Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** A variable scope; lookups walk to the parents. */
    static final class Scope {
        final Scope parent;
        final Map<String, Object> vars = new HashMap<>();

        Scope(Scope parent) {
            this.parent = parent;
        }

        Object lookup(String name) {
            for (Scope s = this; s != null; s = s.parent) {
                Object v = s.vars.get(name);
                if (v != null || s.vars.containsKey(name)) {
                    return v;
                }
            }
            return MISSING;
        }
    }

    /** Rendered text with a size cap. */
    final class Out {
        private final StringBuilder sb = new StringBuilder();

        void append(String s) {
            if ((long) sb.length() + s.length() > limits.maxOutputChars()) {
                throw limit("the template's output is longer than " + limits.maxOutputChars() + " characters");
            }
            sb.append(s);
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }

    String render(List<Node> body, Map<String, Object> vars) {
        Scope root = new Scope(null);
        Builtins.globals(root.vars);
        vars.forEach((k, v) -> root.vars.put(k, Py.fromJava(v)));
        Out out = new Out();
        exec(body, root, out);
        return out.toString();
    }

    // ---- limits

    JinjaException limit(String message) {
        return new JinjaException(JinjaException.Kind.LIMIT, 0, message);
    }

    void step() {
        if (++steps > limits.maxSteps()) {
            throw limit("the template ran more than " + limits.maxSteps() + " steps");
        }
    }

    /** Charges {@code n} steps (for work proportional to a collection's size). */
    void charge(long n) {
        steps += n;
        step();
    }

    /** Fails when a string or list about to be built is longer than the output limit. */
    void checkSize(long n) {
        if (n > limits.maxOutputChars()) {
            throw limit("a value of " + n + " characters/items is over the template's limit of "
                    + limits.maxOutputChars());
        }
    }

    List<Object> items(Object v) {
        List<Object> l = Py.iterate(v);
        charge(l.size());
        return l;
    }

    // ---- statements

    private Flow exec(List<Node> body, Scope scope, Out out) {
        for (Node n : body) {
            step();
            Flow f;
            try {
                f = execOne(n, scope, out);
            } catch (JinjaException e) {
                throw e.at(line(n));
            } catch (StackOverflowError e) {
                throw limit("the template nests too deeply");
            }
            if (f != Flow.NORMAL) {
                return f;
            }
        }
        return Flow.NORMAL;
    }

    private static int line(Node n) {
        if (n instanceof Node.Output o) {
            return o.line();
        } else if (n instanceof Node.If i) {
            return i.line();
        } else if (n instanceof Node.For f) {
            return f.line();
        } else if (n instanceof Node.Set s) {
            return s.line();
        } else if (n instanceof Node.SetBlock s) {
            return s.line();
        } else if (n instanceof Node.Macro m) {
            return m.line();
        } else if (n instanceof Node.CallBlock c) {
            return c.line();
        } else if (n instanceof Node.FilterBlock f) {
            return f.line();
        } else if (n instanceof Node.With w) {
            return w.line();
        } else if (n instanceof Node.Break b) {
            return b.line();
        } else if (n instanceof Node.Continue c) {
            return c.line();
        }
        return 0;
    }

    private Flow execOne(Node n, Scope scope, Out out) {
        if (n instanceof Node.Text t) {
            out.append(t.text());
        } else if (n instanceof Node.Output o) {
            out.append(Py.str(eval(o.expr(), scope)));
        } else if (n instanceof Node.If i) {
            for (int k = 0; k < i.tests().size(); k++) {
                if (Py.truthy(eval(i.tests().get(k), scope))) {
                    return exec(i.bodies().get(k), scope, out);
                }
            }
            return exec(i.orElse(), scope, out);
        } else if (n instanceof Node.For f) {
            execFor(f, scope, out);
        } else if (n instanceof Node.Set s) {
            assign(s.target(), eval(s.value(), scope), scope);
        } else if (n instanceof Node.SetBlock s) {
            Out buf = new Out();
            exec(s.body(), new Scope(scope), buf);
            Object v = buf.toString();
            if (s.filter() != null) {
                v = applyChain(s.filter(), v, scope);
            }
            assign(s.target(), v, scope);
        } else if (n instanceof Node.Macro m) {
            scope.vars.put(m.name(), new Macro(m.name(), m.signature(), m.body(), scope));
        } else if (n instanceof Node.CallBlock c) {
            Macro caller = new Macro("caller", c.signature(), c.body(), scope);
            Object fn = eval(c.call().fn(), scope);
            List<Object> args = evalArgs(c.call().args(), scope);
            Map<String, Object> kw = evalKwargs(c.call().args(), scope);
            kw.put("caller", caller);
            out.append(Py.str(call(fn, args, kw)));
        } else if (n instanceof Node.FilterBlock f) {
            Out buf = new Out();
            exec(f.body(), new Scope(scope), buf);
            out.append(Py.str(applyChain(f.filter(), buf.toString(), scope)));
        } else if (n instanceof Node.With w) {
            Scope inner = new Scope(scope);
            for (int k = 0; k < w.targets().size(); k++) {
                assign(w.targets().get(k), eval(w.values().get(k), scope), inner);
            }
            return exec(w.body(), inner, out);
        } else if (n instanceof Node.Block b) {
            return exec(b.body(), scope, out);
        } else if (n instanceof Node.Break b) {
            return Flow.BREAK;
        } else if (n instanceof Node.Continue c) {
            return Flow.CONTINUE;
        }
        return Flow.NORMAL;
    }

    private void execFor(Node.For f, Scope scope, Out out) {
        List<Object> items = items(eval(f.iter(), scope));
        if (f.filter() != null) {
            List<Object> kept = new ArrayList<>();
            for (Object item : items) {
                Scope s = new Scope(scope);
                assign(f.target(), item, s);
                if (Py.truthy(eval(f.filter(), s))) {
                    kept.add(item);
                }
            }
            items = kept;
        }
        Py.Loop loop = new Py.Loop(items);
        // as jinja2 compiles it: the else block runs unless some iteration reached the end of the body
        boolean completed = false;
        for (int k = 0; k < items.size(); k++) {
            step();
            Scope s = new Scope(scope);
            assign(f.target(), items.get(k), s);
            loop.index0 = k;
            s.vars.put("loop", loop);
            Flow flow = exec(f.body(), s, out);
            if (flow == Flow.BREAK) {
                break;
            }
            completed |= flow == Flow.NORMAL;
        }
        if (!completed && !f.orElse().isEmpty()) {
            exec(f.orElse(), new Scope(scope), out);
        }
    }

    private void assign(Target target, Object value, Scope scope) {
        if (target instanceof Target.Name n) {
            scope.vars.put(n.name(), value);
        } else if (target instanceof Target.Unpack u) {
            List<Object> vals = Py.iterate(value);
            if (vals.size() != u.items().size()) {
                throw JinjaException.render(vals.size() > u.items().size()
                        ? "too many values to unpack (expected " + u.items().size() + ")"
                        : "not enough values to unpack (expected " + u.items().size() + ", got " + vals.size()
                        + ")");
            }
            for (int k = 0; k < vals.size(); k++) {
                assign(u.items().get(k), vals.get(k), scope);
            }
        } else if (target instanceof Target.NsAttr a) {
            Object ns = scope.lookup(a.name());
            if (!(ns instanceof Namespace n)) {
                throw JinjaException.render("cannot assign attribute on non-namespace object");
            }
            n.attrs.put(a.attr(), value);
        }
    }

    /** Applies a filter chain (from {@code {% filter %}} or {@code {% set x | f %}}) to a block's text. */
    private Object applyChain(Expr chain, Object input, Scope scope) {
        Expr.Filter f = (Expr.Filter) chain;
        Object v = f.value() == null ? input : applyChain(f.value(), input, scope);
        return filter(f.name()).apply(this, v, evalArgs(f.args(), scope), evalKwargs(f.args(), scope));
    }

    // ---- expressions

    Object eval(Expr e, Scope s) {
        step();
        if (e instanceof Expr.Const c) {
            return c.value();
        } else if (e instanceof Expr.Name n) {
            Object v = s.lookup(n.name());
            return v == MISSING ? Undefined.name(n.name()) : v;
        } else if (e instanceof Expr.ListLit l) {
            List<Object> out = new ArrayList<>(l.items().size());
            for (Expr x : l.items()) {
                out.add(eval(x, s));
            }
            return out;
        } else if (e instanceof Expr.TupleLit t) {
            List<Object> out = new ArrayList<>(t.items().size());
            for (Expr x : t.items()) {
                out.add(eval(x, s));
            }
            return new Tuple(Collections.unmodifiableList(out));
        } else if (e instanceof Expr.DictLit d) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (int k = 0; k < d.keys().size(); k++) {
                Object key = eval(d.keys().get(k), s);
                if (key instanceof List || key instanceof Map || key instanceof Undefined) {
                    throw JinjaException.render("unhashable type: '" + Py.typeName(key) + "'");
                }
                Object value = eval(d.values().get(k), s);
                Object existing = Py.findKey(out, key);
                out.put(existing == Py.NOT_FOUND ? (key instanceof Markup m ? m.s() : key) : existing, value);
            }
            return out;
        } else if (e instanceof Expr.GetAttr g) {
            return getattr(eval(g.obj(), s), g.name());
        } else if (e instanceof Expr.GetItem g) {
            Object obj = eval(g.obj(), s);
            if (g.key() instanceof Expr.Slice sl) {
                // jinja2 compiles slices to a plain obj[a:b] (not environment.getitem): errors propagate
                Py.SliceKey key = slice(sl, s);
                if (obj instanceof Undefined u) {
                    throw u.error();
                }
                if (Py.isString(obj) || obj instanceof List || obj instanceof Tuple) {
                    return Builtins.slice(this, obj, key);
                }
                throw JinjaException.render(obj instanceof Map ? "unhashable type: 'slice'"
                        : "'" + Py.typeName(obj) + "' object is not subscriptable");
            }
            return getitem(obj, eval(g.key(), s));
        } else if (e instanceof Expr.Slice sl) {
            return slice(sl, s);
        } else if (e instanceof Expr.Call c) {
            Object fn = eval(c.fn(), s);
            return call(fn, evalArgs(c.args(), s), evalKwargs(c.args(), s));
        } else if (e instanceof Expr.Filter f) {
            Object v = eval(f.value(), s);
            List<Object> args = evalArgs(f.args(), s);
            return filter(f.name()).apply(this, v, args, evalKwargs(f.args(), s));
        } else if (e instanceof Expr.Test t) {
            Object v = eval(t.value(), s);
            List<Object> args = evalArgs(t.args(), s);
            Builtins.Test test = Builtins.test(t.name());
            if (test == null) {
                throw JinjaException.render("No test named '" + t.name() + "' found.");
            }
            return test.test(this, v, args, evalKwargs(t.args(), s));
        } else if (e instanceof Expr.Not n) {
            return !Py.truthy(eval(n.operand(), s));
        } else if (e instanceof Expr.Neg n) {
            Object v = eval(n.operand(), s);
            return negate(v);
        } else if (e instanceof Expr.Pos p) {
            Object v = eval(p.operand(), s);
            if (v instanceof Undefined u) {
                throw u.error();
            }
            if (!Py.isNumber(v)) {
                throw JinjaException.render("bad operand type for unary +: '" + Py.typeName(v) + "'");
            }
            return v instanceof Boolean b ? (Object) (b ? 1L : 0L) : v;
        } else if (e instanceof Expr.Binary b) {
            return binary(b.op(), eval(b.left(), s), eval(b.right(), s));
        } else if (e instanceof Expr.Concat c) {
            StringBuilder sb = new StringBuilder();
            for (Expr x : c.items()) {
                String part = Py.str(eval(x, s));
                checkSize((long) sb.length() + part.length());
                sb.append(part);
            }
            return sb.toString();
        } else if (e instanceof Expr.And a) {
            Object l = eval(a.left(), s);
            return Py.truthy(l) ? eval(a.right(), s) : l;
        } else if (e instanceof Expr.Or o) {
            Object l = eval(o.left(), s);
            return Py.truthy(l) ? l : eval(o.right(), s);
        } else if (e instanceof Expr.Compare c) {
            Object left = eval(c.first(), s);
            for (int k = 0; k < c.ops().size(); k++) {
                Object right = eval(c.rest().get(k), s);
                if (!compare(c.ops().get(k), left, right)) {
                    return false;
                }
                left = right;
            }
            return true;
        } else if (e instanceof Expr.Cond c) {
            if (Py.truthy(eval(c.test(), s))) {
                return eval(c.then(), s);
            }
            return c.orElse() != null ? eval(c.orElse(), s)
                    : new Undefined("the inline if-expression on line " + c.line()
                    + " evaluated to false and no else section was defined.", false);
        }
        throw new IllegalStateException("unknown expression " + e);
    }

    private static Builtins.Filter filter(String name) {
        Builtins.Filter f = Builtins.filter(name);
        if (f == null) {
            throw JinjaException.render("No filter named '" + name + "' found.");
        }
        return f;
    }

    private Py.SliceKey slice(Expr.Slice sl, Scope s) {
        return new Py.SliceKey(sl.start() == null ? null : eval(sl.start(), s),
                sl.stop() == null ? null : eval(sl.stop(), s), sl.step() == null ? null : eval(sl.step(), s));
    }

    List<Object> evalArgs(Expr.Args a, Scope s) {
        if (a.positional().isEmpty()) {
            return List.of();
        }
        List<Object> out = new ArrayList<>(a.positional().size());
        for (Expr x : a.positional()) {
            out.add(eval(x, s));
        }
        return out;
    }

    Map<String, Object> evalKwargs(Expr.Args a, Scope s) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int k = 0; k < a.names().size(); k++) {
            out.put(a.names().get(k), eval(a.values().get(k), s));
        }
        return out;
    }

    Object call(Object fn, List<Object> args, Map<String, Object> kwargs) {
        if (fn instanceof Undefined u) {
            throw u.error();
        }
        if (fn instanceof Callable c) {
            return c.call(this, args, kwargs);
        }
        throw JinjaException.render("'" + Py.typeName(fn) + "' object is not callable");
    }

    /** environment.getattr in the immutable sandbox: the attribute (a method), else the item, else undefined. */
    Object getattr(Object obj, String name) {
        if (obj instanceof Undefined u) {
            throw u.error();
        }
        Object m = Builtins.method(obj, name);
        if (m != null) {
            return m;
        }
        if (obj instanceof Map<?, ?> map) {
            Object k = Py.findKey(map, name);
            return k == Py.NOT_FOUND ? Undefined.attr(obj, name) : map.get(k);
        }
        if (obj instanceof Namespace ns) {
            return ns.attrs.containsKey(name) ? ns.attrs.get(name) : Undefined.attr(obj, name);
        }
        if (obj instanceof Py.Loop loop) {
            return loop.attr(name);
        }
        if (obj instanceof Builtins.Cycler c) {
            return c.attr(name);
        }
        return Undefined.attr(obj, name);
    }

    /** environment.getitem: the item, else (for a string key) the attribute, else undefined. */
    Object getitem(Object obj, Object key) {
        if (obj instanceof Undefined u) {
            throw u.error();
        }
        if (obj instanceof Map<?, ?> map) {
            if (key instanceof List || key instanceof Map || key instanceof Py.SliceKey) {
                return Undefined.attr(obj, key); // unhashable: TypeError, caught by jinja2
            }
            Object k = Py.findKey(map, key);
            if (k != Py.NOT_FOUND) {
                return map.get(k);
            }
        } else if (Py.isString(obj) || obj instanceof List || obj instanceof Tuple) {
            if (key instanceof Py.SliceKey sk) {
                return Builtins.slice(this, obj, sk);
            }
            if (Py.isInt(key)) {
                long i = Py.toLong(key);
                if (Py.isString(obj)) {
                    String str = Py.asString(obj);
                    int n = str.codePointCount(0, str.length());
                    long j = i < 0 ? i + n : i;
                    if (j < 0 || j >= n) {
                        return Undefined.attr(obj, key);
                    }
                    int at = str.offsetByCodePoints(0, (int) j);
                    return new String(Character.toChars(str.codePointAt(at)));
                }
                List<?> l = obj instanceof Tuple t ? t.items() : (List<?>) obj;
                long j = i < 0 ? i + l.size() : i;
                if (j < 0 || j >= l.size()) {
                    return Undefined.attr(obj, key);
                }
                return l.get((int) j);
            }
        }
        if (key instanceof String name) {
            Object m = Builtins.method(obj, name);
            if (m != null) {
                return m;
            }
            if (obj instanceof Namespace ns && ns.attrs.containsKey(name)) {
                return ns.attrs.get(name);
            }
            if (obj instanceof Py.Loop loop) {
                return loop.attr(name);
            }
        }
        return Undefined.attr(obj, key);
    }

    // ---- operators

    private static boolean compare(String op, Object a, Object b) {
        return switch (op) {
            case "==" -> Py.eq(a, b);
            case "!=" -> !Py.eq(a, b);
            case "<" -> Py.compare(a, b) < 0;
            case ">" -> Py.compare(a, b) > 0;
            case "<=" -> Py.compare(a, b) <= 0;
            case ">=" -> Py.compare(a, b) >= 0;
            case "in" -> Py.contains(b, a);
            case "notin" -> !Py.contains(b, a);
            default -> throw new IllegalStateException(op);
        };
    }

    private static Object negate(Object v) {
        if (v instanceof Undefined u) {
            throw u.error();
        }
        if (v instanceof Double d) {
            return -d;
        }
        if (Py.isInt(v)) {
            return Math.negateExact(Py.toLong(v));
        }
        throw JinjaException.render("bad operand type for unary -: '" + Py.typeName(v) + "'");
    }

    Object binary(String op, Object a, Object b) {
        if (a instanceof Undefined u) {
            throw u.error();
        }
        if (b instanceof Undefined u && !(op.equals("%") && Py.isString(a))) { // str % anything formats it
            throw u.error();
        }
        try {
            return switch (op) {
                case "+" -> add(a, b);
                case "-" -> arith(op, a, b);
                case "*" -> mul(a, b);
                case "/" -> {
                    requireNumbers(op, a, b);
                    double y = Py.toDouble(b);
                    if (y == 0) {
                        throw JinjaException.render("division by zero");
                    }
                    yield Py.toDouble(a) / y;
                }
                case "//" -> {
                    requireNumbers(op, a, b);
                    if (Py.isInt(a) && Py.isInt(b)) {
                        if (Py.toLong(b) == 0) {
                            throw JinjaException.render("integer division or modulo by zero");
                        }
                        yield Math.floorDiv(Py.toLong(a), Py.toLong(b));
                    }
                    double y = Py.toDouble(b);
                    if (y == 0) {
                        throw JinjaException.render("float floor division by zero");
                    }
                    yield floorDiv(Py.toDouble(a), y);
                }
                case "%" -> {
                    if (Py.isString(a)) {
                        String r = Builtins.percentFormat(this, Py.asString(a), b);
                        checkSize(r.length());
                        yield r;
                    }
                    requireNumbers(op, a, b);
                    if (Py.isInt(a) && Py.isInt(b)) {
                        if (Py.toLong(b) == 0) {
                            throw JinjaException.render("integer division or modulo by zero");
                        }
                        yield Math.floorMod(Py.toLong(a), Py.toLong(b));
                    }
                    double x = Py.toDouble(a);
                    double y = Py.toDouble(b);
                    if (y == 0) {
                        throw JinjaException.render("float modulo");
                    }
                    double m = x % y;
                    if (m != 0 && (y < 0) != (m < 0)) {
                        m += y;
                    } else if (m == 0) {
                        m = Math.copySign(0.0, y);
                    }
                    yield m;
                }
                case "**" -> pow(a, b);
                default -> throw new IllegalStateException(op);
            };
        } catch (ArithmeticException e) {
            throw JinjaException.render("integer overflow");
        }
    }

    /** CPython's float floor division (via fmod, so that it agrees with float %). */
    private static double floorDiv(double vx, double wx) {
        double mod = vx % wx;
        double div = (vx - mod) / wx;
        if (mod != 0 && (wx < 0) != (mod < 0)) {
            div -= 1.0;
        }
        if (div != 0) {
            double floordiv = Math.floor(div);
            if (div - floordiv > 0.5) {
                floordiv += 1.0;
            }
            return floordiv;
        }
        return Math.copySign(0.0, vx / wx);
    }

    private static void requireNumbers(String op, Object a, Object b) {
        if (!Py.isNumber(a) || !Py.isNumber(b)) {
            throw JinjaException.render("unsupported operand type(s) for " + op + ": '" + Py.typeName(a) + "' and '"
                    + Py.typeName(b) + "'");
        }
    }

    private static Object arith(String op, Object a, Object b) {
        requireNumbers(op, a, b);
        if (Py.isInt(a) && Py.isInt(b)) {
            return Math.subtractExact(Py.toLong(a), Py.toLong(b));
        }
        return Py.toDouble(a) - Py.toDouble(b);
    }

    private Object add(Object a, Object b) {
        if (Py.isNumber(a) && Py.isNumber(b)) {
            if (Py.isInt(a) && Py.isInt(b)) {
                return Math.addExact(Py.toLong(a), Py.toLong(b));
            }
            return Py.toDouble(a) + Py.toDouble(b);
        }
        if (Py.isString(a) && Py.isString(b)) {
            String x = Py.asString(a);
            String y = Py.asString(b);
            checkSize((long) x.length() + y.length());
            if (a instanceof Markup || b instanceof Markup) {
                // markupsafe: the plain operand is HTML-escaped
                return new Markup((a instanceof Markup ? x : Py.escapeHtml(x)) + (b instanceof Markup ? y : Py.escapeHtml(y)));
            }
            return x + y;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            checkSize((long) x.size() + y.size());
            List<Object> out = new ArrayList<>(x);
            out.addAll(y);
            return out;
        }
        if (a instanceof Tuple x && b instanceof Tuple y) {
            List<Object> out = new ArrayList<>(x.items());
            out.addAll(y.items());
            return new Tuple(Collections.unmodifiableList(out));
        }
        if (a instanceof String) {
            throw JinjaException.render("can only concatenate str (not \"" + Py.typeName(b) + "\") to str");
        }
        if (a instanceof List) {
            throw JinjaException.render("can only concatenate list (not \"" + Py.typeName(b) + "\") to list");
        }
        throw JinjaException.render("unsupported operand type(s) for +: '" + Py.typeName(a) + "' and '"
                + Py.typeName(b) + "'");
    }

    private Object mul(Object a, Object b) {
        if (Py.isNumber(a) && Py.isNumber(b)) {
            if (Py.isInt(a) && Py.isInt(b)) {
                return Math.multiplyExact(Py.toLong(a), Py.toLong(b));
            }
            return Py.toDouble(a) * Py.toDouble(b);
        }
        Object seq = Py.isInt(a) ? b : a;
        Object times = Py.isInt(a) ? a : b;
        if (Py.isInt(times) && (Py.isString(seq) || seq instanceof List || seq instanceof Tuple)) {
            long n = Math.max(0, Py.toLong(times));
            if (Py.isString(seq)) {
                String str = Py.asString(seq);
                checkSize(n * str.length());
                return str.repeat((int) n);
            }
            List<?> l = seq instanceof Tuple t ? t.items() : (List<?>) seq;
            checkSize(n * l.size());
            List<Object> out = new ArrayList<>();
            for (long k = 0; k < n; k++) {
                out.addAll(l);
            }
            return seq instanceof Tuple ? new Tuple(Collections.unmodifiableList(out)) : out;
        }
        throw JinjaException.render("unsupported operand type(s) for *: '" + Py.typeName(a) + "' and '"
                + Py.typeName(b) + "'");
    }

    private static Object pow(Object a, Object b) {
        requireNumbers("**", a, b);
        if (Py.isInt(a) && Py.isInt(b) && Py.toLong(b) >= 0) {
            long base = Py.toLong(a);
            long e = Py.toLong(b);
            long r = 1;
            for (long k = 0; k < e; k++) {
                r = Math.multiplyExact(r, base);
                if (r == 0 || r == 1 && base == 1) {
                    break;
                }
                if (base == -1) {
                    r = e % 2 == 0 ? 1 : -1;
                    break;
                }
            }
            return r;
        }
        double x = Py.toDouble(a);
        double y = Py.toDouble(b);
        if (x == 0 && y < 0) {
            throw JinjaException.render("0.0 cannot be raised to a negative power");
        }
        double r = Math.pow(x, y);
        if (Double.isInfinite(r) && !Double.isInfinite(x) && !Double.isInfinite(y)) {
            throw JinjaException.render("(34, 'Numerical result out of range')");
        }
        if (Double.isNaN(r) && !Double.isNaN(x) && !Double.isNaN(y)) {
            throw JinjaException.render("complex results are not supported");
        }
        return r;
    }

    // ---- macros

    /** A macro (or a call block's {@code caller}): renders its body in a child of its defining scope. */
    final class Macro implements Callable {
        private final String name;
        private final Node.Signature signature;
        private final List<Node> body;
        private final Scope closure;

        Macro(String name, Node.Signature signature, List<Node> body, Scope closure) {
            this.name = name;
            this.signature = signature;
            this.body = body;
            this.closure = closure;
        }

        @Override
        public Object call(Interpreter in, List<Object> args, Map<String, Object> kwargs) {
            if (++in.depth > in.limits.maxDepth()) {
                in.depth--;
                throw in.limit("macro calls nest deeper than " + in.limits.maxDepth());
            }
            try {
                Scope s = new Scope(closure);
                Map<String, Object> kw = new LinkedHashMap<>(kwargs);
                List<String> names = signature.names();
                for (int k = 0; k < names.size(); k++) {
                    String p = names.get(k);
                    Object v;
                    if (k < args.size()) {
                        if (kw.containsKey(p)) {
                            throw JinjaException.render("macro '" + name + "' got multiple values for argument '"
                                    + p + "'");
                        }
                        v = args.get(k);
                    } else if (kw.containsKey(p)) {
                        v = kw.remove(p);
                    } else if (signature.defaults().get(k) != null) {
                        v = in.eval(signature.defaults().get(k), s);
                    } else {
                        v = new Undefined("parameter '" + p + "' was not provided", false);
                    }
                    s.vars.put(p, v);
                }
                if (kw.containsKey("caller")) {
                    s.vars.put("caller", kw.remove("caller"));
                }
                List<Object> extra = args.size() > names.size()
                        ? new ArrayList<>(args.subList(names.size(), args.size())) : new ArrayList<>();
                s.vars.put("varargs", new Tuple(Collections.unmodifiableList(extra)));
                s.vars.put("kwargs", new LinkedHashMap<Object, Object>(kw));
                Out buf = in.new Out();
                in.exec(body, s, buf);
                return buf.toString();
            } finally {
                in.depth--;
            }
        }
    }
}
