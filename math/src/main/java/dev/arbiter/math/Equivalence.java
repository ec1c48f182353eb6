package dev.arbiter.math;

import dev.arbiter.core.Deadline;
import dev.arbiter.math.CompareOptions.PercentMode;
import dev.arbiter.math.MathExpr.Add;
import dev.arbiter.math.MathExpr.Const;
import dev.arbiter.math.MathExpr.ConstKind;
import dev.arbiter.math.MathExpr.Div;
import dev.arbiter.math.MathExpr.Fn;
import dev.arbiter.math.MathExpr.Interval;
import dev.arbiter.math.MathExpr.Matrix;
import dev.arbiter.math.MathExpr.Neg;
import dev.arbiter.math.MathExpr.Percent;
import dev.arbiter.math.MathExpr.Rel;
import dev.arbiter.math.MathExpr.RelOp;
import dev.arbiter.math.MathExpr.Seq;
import dev.arbiter.math.MathExpr.SetOf;
import dev.arbiter.math.MathExpr.SetOp;
import dev.arbiter.math.MathExpr.Text;
import dev.arbiter.math.MathExpr.Tuple;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether a predicted answer equals a gold answer. A cascade of small comparators, cheapest first;
 * the one that decides is named in {@link Outcome#matchedBy()}:
 * <ol>
 *   <li>{@code structure}: the canonical trees are identical (operand order aside);</li>
 *   <li>{@code text}: words compared case-insensitively, also against a product of letters ({@code odd});</li>
 *   <li>{@code exact}: both sides are rational constants and equal in arbitrary precision;</li>
 *   <li>{@code rounding}: a side written as a decimal agrees to {@code float_rounding} places;</li>
 *   <li>{@code numeric}: constants (irrational or complex) agree within the relative tolerance;</li>
 *   <li>{@code probe}: expressions with free variables agree at several deterministic points;</li>
 *   <li>{@code equation}/{@code inequality}: relations whose {@code lhs - rhs} differ by a constant factor
 *       (positive for inequalities);</li>
 *   <li>{@code set}, {@code tuple}, {@code interval}, {@code matrix}: element-wise, each element through this
 *       cascade; {@code relation-as-set}: an inequality read as the interval it describes;</li>
 *   <li>{@code assignment}: {@code x = 3} read as its value; {@code percent}: per the percent option.</li>
 * </ol>
 * Not thread-safe; one instance per comparison.
 */
final class Equivalence {
    private static final int PROBE_POINTS = 6;
    private static final double DECIMAL_RELATIVE_GUARD = 0.05;

    enum Kind { EQUAL, DIFFERENT, UNDECIDED }

    /** A decision and the comparator that took it. */
    record Outcome(Kind kind, String matchedBy, String reason) {
        static Outcome equal(String how) {
            return new Outcome(Kind.EQUAL, how, "");
        }

        static Outcome different(String reason) {
            return new Outcome(Kind.DIFFERENT, "", reason);
        }

        static Outcome undecided(String reason) {
            return new Outcome(Kind.UNDECIDED, "", reason);
        }

        boolean isEqual() {
            return kind == Kind.EQUAL;
        }

        Outcome via(String prefix) {
            return kind == Kind.EQUAL ? new Outcome(kind, prefix + "+" + matchedBy, reason) : this;
        }
    }

    private final CompareOptions options;
    private final Deadline deadline;
    private final Map<String, BigRational> exactCache = new HashMap<>();
    private int depth;

    Equivalence(CompareOptions options, Deadline deadline) {
        this.options = options;
        this.deadline = deadline;
    }

    Outcome compare(MathExpr gold, MathExpr pred) {
        depth++;
        try {
            return compareInner(gold, pred);
        } finally {
            depth--;
        }
    }

    private Outcome compareInner(MathExpr gold, MathExpr pred) {
        deadline.check();
        MathExpr g = prepare(gold);
        MathExpr p = prepare(pred);
        if (g.canonical().equals(p.canonical())) {
            return Outcome.equal("structure");
        }
        if (g instanceof Text || p instanceof Text) {
            return compareText(g, p);
        }
        // assignments: x = 3 against 3
        if (g instanceof Rel gr && p instanceof Rel pr) {
            MathExpr gv = assignedValue(gr);
            MathExpr pv = assignedValue(pr);
            if (gv != null && pv != null && (label(gr).canonical().equals(label(pr).canonical()) || depth == 1)) {
                // at the top level "W(n) = 1" answers "W(x) = 1"; inside a list the labels tell elements apart
                return compare(gv, pv).via("assignment");
            }
            return compareRelations(gr, pr);
        }
        if (g instanceof Rel gr) {
            MathExpr gv = assignedValue(gr);
            if (gv != null) {
                return compare(gv, p).via("assignment");
            }
            MathExpr asSet = RelationSets.toSet(gr, this::constant);
            if (asSet != null && isSetLike(p)) {
                return compare(asSet, p).via("relation-as-set");
            }
            if (gr.ops().size() == 1 && gr.ops().get(0) == RelOp.EQ && Shapes.symbols(gr).isEmpty() == false
                    && !isSetLike(p)) {
                return Outcome.different("the gold is an equation and the prediction is a value");
            }
            return Outcome.different("the gold is a relation and the prediction is not");
        }
        if (p instanceof Rel pr) {
            MathExpr last = lastValueOfEquation(pr);
            if (last != null) {
                return compare(g, last).via("assignment");
            }
            if (options.relationMatchesSet() && isSetLike(g)) {
                MathExpr asSet = RelationSets.toSet(pr, this::constant);
                if (asSet != null) {
                    return compare(g, asSet).via("relation-as-set");
                }
            }
            return Outcome.different("the prediction is a relation and the gold is not");
        }
        if (isCollection(g) || isCollection(p)) {
            return compareCollections(g, p);
        }
        if (g instanceof Matrix || p instanceof Matrix) {
            return compareMatrices(g, p);
        }
        return compareScalars(g, p);
    }

    // ---- preparation --------------------------------------------------------------------------------------

    /** Expands {@code \pm}, unwraps {@code x \in S}, cuts {@code \approx} tails and one-element lists. */
    MathExpr prepare(MathExpr e) {
        deadline.check();
        if (Shapes.containsPlusMinus(e)) {
            return new Seq(List.of(Shapes.choose(e, 1), Shapes.choose(e, -1)));
        }
        if (e instanceof Rel r) {
            Rel cut = cutApprox(r);
            if (cut.ops().size() == 1 && cut.ops().get(0) == RelOp.IN && Shapes.isLabel(cut.parts().get(0))) {
                return prepare(cut.parts().get(1));
            }
            List<MathExpr> parts = new ArrayList<>();
            for (MathExpr x : cut.parts()) {
                parts.add(prepare(x));
            }
            return new Rel(parts, cut.ops());
        }
        if (e instanceof Seq s) {
            List<MathExpr> items = dedupe(flatten(s.items()));
            if (items.size() == 1) {
                return items.get(0);
            }
            return mergeSameLabel(new Seq(items));
        }
        if (e instanceof SetOf s) {
            return new SetOf(flatten(s.items()));
        }
        if (e instanceof Tuple t) {
            List<MathExpr> items = new ArrayList<>();
            for (MathExpr x : t.items()) {
                items.add(prepare(x));
            }
            return new Tuple(items);
        }
        return e;
    }

    private List<MathExpr> flatten(List<MathExpr> items) {
        List<MathExpr> out = new ArrayList<>();
        for (MathExpr x : items) {
            MathExpr px = prepare(x);
            if (px instanceof Seq inner && Shapes.containsPlusMinus(x)) {
                out.addAll(inner.items());
            } else {
                out.add(px);
            }
        }
        return out;
    }

    /** {@code x = 1, x = 2} is {@code x = \{1, 2\}}: one label with several values. */
    private static MathExpr mergeSameLabel(Seq s) {
        String label = null;
        List<MathExpr> values = new ArrayList<>();
        for (MathExpr x : s.items()) {
            if (!(x instanceof Rel r) || assignedValue(r) == null) {
                return s;
            }
            String l = label(r).canonical();
            if (label != null && !label.equals(l)) {
                return s;
            }
            label = l;
            MathExpr v = assignedValue(r);
            if (v instanceof Seq vs) {
                values.addAll(vs.items());
            } else {
                values.add(v);
            }
        }
        Rel first = (Rel) s.items().get(0);
        return new Rel(List.of(label(first), new Seq(values)), List.of(RelOp.EQ));
    }

    /** {@code x = 1/3 \approx 0.33} keeps {@code x = 1/3}; a lone {@code x \approx 11} reads as {@code x = 11}. */
    private static Rel cutApprox(Rel r) {
        int firstApprox = r.ops().indexOf(RelOp.APPROX);
        if (firstApprox < 0) {
            return r;
        }
        boolean eqBefore = r.ops().subList(0, firstApprox).contains(RelOp.EQ);
        if (eqBefore) {
            return new Rel(r.parts().subList(0, firstApprox + 1), r.ops().subList(0, firstApprox));
        }
        List<RelOp> ops = new ArrayList<>(r.ops());
        ops.replaceAll(o -> o == RelOp.APPROX ? RelOp.EQ : o);
        return new Rel(r.parts(), ops);
    }

    /** The value of an assignment ({@code x = 3}, {@code x = 5+5+1 = 11}), or {@code null}. */
    static MathExpr assignedValue(Rel r) {
        if (!r.ops().stream().allMatch(o -> o == RelOp.EQ)) {
            return null;
        }
        for (int i = 0; i < r.parts().size() - 1; i++) {
            if (Shapes.isLabel(r.parts().get(i))) {
                return r.parts().get(r.parts().size() - 1);
            }
        }
        return null;
    }

    private static MathExpr label(Rel r) {
        for (MathExpr x : r.parts()) {
            if (Shapes.isLabel(x)) {
                return x;
            }
        }
        return r.parts().get(0);
    }

    /** A predicted equation's last right-hand side, as Math-Verify reads {@code \frac12 = \frac{10}{9}}. */
    private static MathExpr lastValueOfEquation(Rel r) {
        if (!r.ops().stream().allMatch(o -> o == RelOp.EQ)) {
            return null;
        }
        return r.parts().get(r.parts().size() - 1);
    }

    // ---- text ----------------------------------------------------------------------------------------------

    private Outcome compareText(MathExpr g, MathExpr p) {
        String a = Shapes.letters(g);
        String b = Shapes.letters(p);
        if (a != null && b != null && normalizeText(a).equals(normalizeText(b)) && !normalizeText(a).isEmpty()) {
            return Outcome.equal("text");
        }
        if (g instanceof Text t && p instanceof Text u && normalizeText(t.text()).equals(normalizeText(u.text()))) {
            return Outcome.equal("text");
        }
        return Outcome.different("the texts differ");
    }

    static String normalizeText(String s) {
        String t = s.toLowerCase(Locale.ROOT).replace("\\text", "").replace("\\mathrm", "").replace("\\textbf", "");
        StringBuilder sb = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.isLetterOrDigit(c) || c == ':' || c == '-' || c == '+' || c == '/') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    // ---- collections -----------------------------------------------------------------------------------------

    private static boolean isCollection(MathExpr e) {
        return e instanceof Seq || e instanceof SetOf || e instanceof Tuple || e instanceof Interval || e instanceof SetOp;
    }

    private static boolean isSetLike(MathExpr e) {
        return e instanceof Interval || e instanceof SetOp || e instanceof SetOf || e instanceof Seq
                || e instanceof Tuple t && t.items().size() == 2;
    }

    private Outcome compareCollections(MathExpr g, MathExpr p) {
        if (g instanceof Interval || p instanceof Interval || g instanceof SetOp || p instanceof SetOp) {
            return compareSets(g, p);
        }
        List<MathExpr> gi = items(g);
        List<MathExpr> pi = items(p);
        if (gi == null || pi == null) {
            return Outcome.different("a collection against a single value");
        }
        boolean ordered = g instanceof Tuple || p instanceof Tuple;
        if (ordered && g instanceof Seq && !(p instanceof Seq)) {
            gi = assignedValues(gi);
        } else if (ordered && p instanceof Seq && !(g instanceof Seq)) {
            pi = assignedValues(pi);
        }
        if (ordered) {
            if (g instanceof Tuple && p instanceof SetOf || g instanceof SetOf && p instanceof Tuple) {
                return Outcome.different("a tuple against a set");
            }
            return ordered(gi, pi, "tuple");
        }
        return unordered(gi, pi, "set");
    }

    /** {@code p=5, q=2} read as the tuple {@code (5, 2)} when every element is an assignment. */
    private static List<MathExpr> assignedValues(List<MathExpr> items) {
        List<MathExpr> out = new ArrayList<>();
        for (MathExpr x : items) {
            MathExpr v = x instanceof Rel r ? assignedValue(r) : null;
            if (v == null) {
                return items;
            }
            out.add(v);
        }
        return out;
    }

    private static List<MathExpr> items(MathExpr e) {
        if (e instanceof Seq s) {
            return s.items();
        }
        if (e instanceof SetOf s) {
            return s.items();
        }
        if (e instanceof Tuple t) {
            return t.items();
        }
        return null;
    }

    private Outcome ordered(List<MathExpr> a, List<MathExpr> b, String how) {
        if (a.size() != b.size()) {
            return Outcome.different("they have " + a.size() + " and " + b.size() + " elements");
        }
        for (int i = 0; i < a.size(); i++) {
            Outcome o = compare(a.get(i), b.get(i));
            if (!o.isEqual()) {
                return o.kind == Kind.UNDECIDED ? o : Outcome.different("element " + (i + 1) + " differs");
            }
        }
        return Outcome.equal(how);
    }

    private Outcome unordered(List<MathExpr> a, List<MathExpr> b, String how) {
        List<MathExpr> ga = dedupe(a);
        List<MathExpr> pb = dedupe(b);
        if (ga.size() != pb.size()) {
            return Outcome.different("they have " + ga.size() + " and " + pb.size() + " distinct elements");
        }
        boolean[] used = new boolean[pb.size()];
        for (MathExpr x : ga) {
            boolean found = false;
            for (int j = 0; j < pb.size(); j++) {
                if (!used[j] && compare(x, pb.get(j)).isEqual()) {
                    used[j] = true;
                    found = true;
                    break;
                }
            }
            if (!found) {
                return Outcome.different("the gold element " + abbreviate(x.canonical()) + " has no match");
            }
        }
        return Outcome.equal(how);
    }

    private static List<MathExpr> dedupe(List<MathExpr> items) {
        Map<String, MathExpr> seen = new LinkedHashMap<>();
        for (MathExpr x : items) {
            seen.putIfAbsent(x.canonical(), x);
        }
        return new ArrayList<>(seen.values());
    }

    /** Intervals, unions and finite sets, as lists of components compared without order. */
    private Outcome compareSets(MathExpr g, MathExpr p) {
        List<MathExpr> gc = components(g);
        List<MathExpr> pc = components(p);
        if (gc == null || pc == null) {
            return Outcome.different("a set against something that is not a set");
        }
        if (gc.size() != pc.size()) {
            return Outcome.different("the sets have " + gc.size() + " and " + pc.size() + " parts");
        }
        boolean[] used = new boolean[pc.size()];
        for (MathExpr x : gc) {
            boolean found = false;
            for (int j = 0; j < pc.size(); j++) {
                if (!used[j] && compareComponent(x, pc.get(j)).isEqual()) {
                    used[j] = true;
                    found = true;
                    break;
                }
            }
            if (!found) {
                return Outcome.different("the part " + abbreviate(x.canonical()) + " has no match");
            }
        }
        return Outcome.equal("interval");
    }

    private static List<MathExpr> components(MathExpr e) {
        if (e instanceof SetOp s && s.op() == 'U') {
            List<MathExpr> out = new ArrayList<>();
            for (MathExpr x : s.parts()) {
                List<MathExpr> c = components(x);
                if (c == null) {
                    return null;
                }
                out.addAll(c);
            }
            return out;
        }
        if (e instanceof Interval || e instanceof SetOf) {
            return List.of(e);
        }
        if (e instanceof Tuple t && t.items().size() == 2) {
            return List.of(new Interval(t.items().get(0), t.items().get(1), false, false));
        }
        if (e instanceof Seq s) {
            return List.of(new SetOf(s.items()));
        }
        return null;
    }

    private Outcome compareComponent(MathExpr a, MathExpr b) {
        if (a instanceof Interval x && b instanceof Interval y) {
            if (x.loClosed() != y.loClosed() || x.hiClosed() != y.hiClosed()) {
                return Outcome.different("the interval ends differ in openness");
            }
            Outcome lo = endpoint(x.lo(), y.lo());
            if (!lo.isEqual()) {
                return lo;
            }
            return endpoint(x.hi(), y.hi());
        }
        if (a instanceof SetOf x && b instanceof SetOf y) {
            return unordered(x.items(), y.items(), "set");
        }
        return Outcome.different("an interval against a finite set");
    }

    private Outcome endpoint(MathExpr a, MathExpr b) {
        int ia = infinitySign(a);
        int ib = infinitySign(b);
        if (ia != 0 || ib != 0) {
            return ia == ib ? Outcome.equal("interval") : Outcome.different("the interval ends differ");
        }
        return compare(a, b);
    }

    private static int infinitySign(MathExpr e) {
        if (e instanceof Const c && c.kind() == ConstKind.INFINITY) {
            return 1;
        }
        if (e instanceof Neg n) {
            return -infinitySign(n.operand());
        }
        return 0;
    }

    // ---- matrices ------------------------------------------------------------------------------------------

    private Outcome compareMatrices(MathExpr g, MathExpr p) {
        if (g instanceof Matrix a && p instanceof Matrix b) {
            if (a.rows().size() != b.rows().size() || a.rows().get(0).size() != b.rows().get(0).size()) {
                return Outcome.different("the matrices have different sizes");
            }
            for (int r = 0; r < a.rows().size(); r++) {
                for (int c = 0; c < a.rows().get(r).size(); c++) {
                    Outcome o = compare(a.rows().get(r).get(c), b.rows().get(r).get(c));
                    if (!o.isEqual()) {
                        return o.kind == Kind.UNDECIDED ? o
                                : Outcome.different("the matrices differ at row " + (r + 1) + ", column " + (c + 1));
                    }
                }
            }
            return Outcome.equal("matrix");
        }
        // a matrix expression (sum, product) evaluated numerically
        try {
            NumericEval ea = new NumericEval(Map.of(), deadline);
            NumericEval eb = new NumericEval(Map.of(), deadline);
            Object va = ea.value(g);
            Object vb = eb.value(p);
            if (va instanceof Complex[][] x && vb instanceof Complex[][] y) {
                if (x.length != y.length || x[0].length != y[0].length) {
                    return Outcome.different("the matrices have different sizes");
                }
                for (int r = 0; r < x.length; r++) {
                    for (int c = 0; c < x[0].length; c++) {
                        if (!close(x[r][c], y[r][c], Math.max(ea.scale(), eb.scale()))) {
                            return Outcome.different("the matrices differ");
                        }
                    }
                }
                return Outcome.equal("matrix+numeric");
            }
        } catch (NumericEval.NotNumeric e) {
            return Outcome.different("a matrix against something else");
        }
        return Outcome.different("a matrix against something else");
    }

    // ---- relations -----------------------------------------------------------------------------------------

    private Outcome compareRelations(Rel g, Rel p) {
        if (g.ops().size() == 1 && p.ops().size() == 1) {
            RelOp go = g.ops().get(0);
            RelOp po = p.ops().get(0);
            MathExpr gl = g.parts().get(0);
            MathExpr gr = g.parts().get(1);
            MathExpr pl = p.parts().get(0);
            MathExpr pr = p.parts().get(1);
            if (go == RelOp.GT || go == RelOp.GE) {
                go = go.flipped();
                MathExpr t = gl;
                gl = gr;
                gr = t;
            }
            if (po == RelOp.GT || po == RelOp.GE) {
                po = po.flipped();
                MathExpr t = pl;
                pl = pr;
                pr = t;
            }
            if (go != po) {
                return Outcome.different("the relations differ (" + go.symbol + " vs " + po.symbol + ")");
            }
            boolean inequality = go.isInequality();
            return proportional(difference(gl, gr), difference(pl, pr), inequality)
                    ? Outcome.equal(inequality ? "inequality" : "equation")
                    : Outcome.different(inequality ? "the inequalities differ" : "the equations differ");
        }
        MathExpr gs = RelationSets.toSet(g, this::constant);
        MathExpr ps = RelationSets.toSet(p, this::constant);
        if (gs != null && ps != null) {
            return compare(gs, ps).via("relation-as-set");
        }
        if (g.ops().equals(p.ops()) && g.parts().size() == p.parts().size()) {
            for (int i = 0; i < g.parts().size(); i++) {
                if (!compare(g.parts().get(i), p.parts().get(i)).isEqual()) {
                    return Outcome.different("the chains differ at part " + (i + 1));
                }
            }
            return Outcome.equal("relation-chain");
        }
        return Outcome.different("the relations differ");
    }

    private static MathExpr difference(MathExpr a, MathExpr b) {
        return new Add(List.of(a, new Neg(b)));
    }

    /**
     * Whether {@code a = k·b} for one constant k (k > 0 when {@code positive}), judged at probe points. This makes
     * {@code 2x+4y-3=0} equal {@code y=-\frac12x+\frac34} and keeps {@code 3x-y+13=0} apart from {@code 3x+4y+14=0}.
     */
    private boolean proportional(MathExpr a, MathExpr b, boolean positive) {
        Set<String> syms = new TreeSet<>(Shapes.symbols(a));
        syms.addAll(Shapes.symbols(b));
        Double ratio = null;
        int valid = 0;
        for (int point = 0; point < PROBE_POINTS; point++) {
            Map<String, Complex> env = Probe.point(syms, point);
            try {
                NumericEval ea = new NumericEval(env, deadline);
                NumericEval eb = new NumericEval(env, deadline);
                Complex va = ea.scalar(a);
                Complex vb = eb.scalar(b);
                if (!va.isFinite() || !vb.isFinite()) {
                    continue;
                }
                double scale = Math.max(ea.scale(), eb.scale());
                boolean za = va.abs() <= 1e-12 * Math.max(1, scale);
                boolean zb = vb.abs() <= 1e-12 * Math.max(1, scale);
                if (za || zb) {
                    if (za != zb) {
                        return false;
                    }
                    continue;
                }
                Complex r = va.div(vb);
                if (Math.abs(r.im()) > 1e-9 * r.abs()) {
                    return false;
                }
                if (ratio == null) {
                    ratio = r.re();
                } else if (Math.abs(r.re() - ratio) > 1e-8 * Math.max(Math.abs(ratio), Math.abs(r.re()))) {
                    return false;
                }
                valid++;
            } catch (NumericEval.NotNumeric e) {
                return false;
            }
        }
        return valid >= 3 && ratio != null && ratio != 0 && (!positive || ratio > 0);
    }

    // ---- scalars -------------------------------------------------------------------------------------------

    private Outcome compareScalars(MathExpr g, MathExpr p) {
        boolean gp = g instanceof Percent;
        boolean pp = p instanceof Percent;
        if (gp || pp) {
            PercentMode mode = options.percent();
            if (mode == PercentMode.STRIP || gp && pp) {
                return compareScalars(gp ? ((Percent) g).value() : g, pp ? ((Percent) p).value() : p).via("percent");
            }
            if (mode == PercentMode.LENIENT) {
                MathExpr bareG = gp ? ((Percent) g).value() : g;
                MathExpr bareP = pp ? ((Percent) p).value() : p;
                Outcome asNumber = compareValues(bareG, bareP);
                if (asNumber.isEqual()) {
                    return asNumber.via("percent");
                }
            }
            return compareValues(g, p).via("percent-value");
        }
        return compareValues(g, p);
    }

    private Outcome compareValues(MathExpr g, MathExpr p) {
        boolean decimals = Shapes.containsDecimal(g) || Shapes.containsDecimal(p);
        BigRational eg;
        BigRational ep;
        try {
            eg = constant(g);
            ep = eg == null ? null : constant(p);
        } catch (BigRational.TooLargeException e) {
            eg = null;
            ep = null;
        }
        if (eg != null && ep != null) {
            if (eg.equals(ep)) {
                return Outcome.equal("exact");
            }
            if (decimals && roundedEqual(eg, ep)) {
                return Outcome.equal("rounding");
            }
            return Outcome.different("the values differ (" + abbreviate(eg.toString()) + " vs " + abbreviate(ep.toString()) + ")");
        }
        Set<String> gs = Shapes.symbols(g);
        Set<String> ps = Shapes.symbols(p);
        if (gs.isEmpty() && ps.isEmpty()) {
            return numericConstants(g, p, decimals);
        }
        return probe(g, p, gs, ps);
    }

    /** The exact rational value of a constant expression, or {@code null}. Memoized per comparison. */
    BigRational constant(MathExpr e) {
        String key = e.canonical();
        if (exactCache.containsKey(key)) {
            return exactCache.get(key);
        }
        BigRational v = new ExactEval(deadline).eval(e);
        exactCache.put(key, v);
        return v;
    }

    private boolean roundedEqual(BigRational a, BigRational b) {
        int k = options.floatRounding();
        BigRational diff = a.subtract(b).abs();
        BigRational max = a.abs().compareTo(b.abs()) > 0 ? a.abs() : b.abs();
        if (diff.compareTo(max.multiply(new BigRational(java.math.BigInteger.valueOf(5), java.math.BigInteger.valueOf(100)))) > 0) {
            return false;
        }
        if (a.round(k).equals(b.round(k))) {
            return true;
        }
        BigRational half = new BigRational(java.math.BigInteger.ONE, java.math.BigInteger.TEN.pow(k).multiply(java.math.BigInteger.TWO));
        return diff.compareTo(half) <= 0;
    }

    private Outcome numericConstants(MathExpr g, MathExpr p, boolean decimals) {
        NumericEval ea = new NumericEval(Map.of(), deadline);
        NumericEval eb = new NumericEval(Map.of(), deadline);
        Complex a;
        Complex b;
        try {
            a = ea.scalar(g);
            b = eb.scalar(p);
        } catch (NumericEval.NotNumeric e) {
            return Outcome.different("not comparable as numbers: " + e.getMessage());
        }
        if (a.isNaN() || b.isNaN()) {
            return Outcome.different("a value is undefined");
        }
        if (!a.isFinite() || !b.isFinite()) {
            boolean ia = Shapes.containsInfinity(g);
            boolean ib = Shapes.containsInfinity(p);
            if (ia && ib) {
                return a.equals(b) ? Outcome.equal("numeric") : Outcome.different("the infinities differ");
            }
            if (!a.isFinite() && !ia && !b.isFinite() && !ib) {
                return Outcome.undecided("both values are too large to compare");
            }
            return Outcome.different("one value is infinite or too large and the other is not");
        }
        double scale = Math.max(ea.scale(), eb.scale());
        if (decimals) {
            if (a.isReal() && b.isReal() && roundedEqualDouble(a.re(), b.re())) {
                return Outcome.equal("rounding");
            }
            if (!(a.isReal() && b.isReal()) && roundedEqualDouble(a.re(), b.re()) && roundedEqualDouble(a.im(), b.im())) {
                return Outcome.equal("rounding");
            }
        }
        if (close(a, b, scale)) {
            return Outcome.equal("numeric");
        }
        return Outcome.different("the values differ (" + format(a) + " vs " + format(b) + ")");
    }

    private boolean roundedEqualDouble(double a, double b) {
        if (a == b) {
            return true;
        }
        double diff = Math.abs(a - b);
        if (diff > DECIMAL_RELATIVE_GUARD * Math.max(Math.abs(a), Math.abs(b))) {
            return false;
        }
        int k = options.floatRounding();
        BigDecimal ra = new BigDecimal(a).setScale(k, RoundingMode.HALF_UP);
        BigDecimal rb = new BigDecimal(b).setScale(k, RoundingMode.HALF_UP);
        return ra.compareTo(rb) == 0 || diff <= 0.5 * Math.pow(10, -k) * (1 + 1e-9);
    }

    private boolean close(Complex a, Complex b, double scale) {
        double diff = a.sub(b).abs();
        double mag = Math.max(a.abs(), b.abs());
        return diff <= options.relTolerance() * mag + 1e-12 * scale || diff == 0;
    }

    private Outcome probe(MathExpr g, MathExpr p, Set<String> gs, Set<String> ps) {
        MathExpr pp = p;
        if (!gs.equals(ps)) {
            if (options.strictVariables() || gs.size() != ps.size()) {
                // x + 1 - x against 1 still works: probe over the union of symbols
                pp = p;
            } else {
                pp = Probe.rename(p, new ArrayList<>(ps), new ArrayList<>(gs));
            }
        }
        Set<String> all = new TreeSet<>(gs);
        all.addAll(Shapes.symbols(pp));
        int valid = 0;
        for (int point = 0; point < PROBE_POINTS; point++) {
            Map<String, Complex> env = Probe.point(all, point);
            NumericEval ea = new NumericEval(env, deadline);
            NumericEval eb = new NumericEval(env, deadline);
            Complex a;
            Complex b;
            try {
                a = ea.scalar(g);
                b = eb.scalar(pp);
            } catch (NumericEval.NotNumeric e) {
                return Outcome.different("not comparable as expressions: " + e.getMessage());
            }
            boolean fa = a.isFinite();
            boolean fb = b.isFinite();
            if (!fa && !fb) {
                continue;
            }
            if (fa != fb) {
                return Outcome.different("the expressions differ at a sample point");
            }
            if (!closeProbe(a, b, Math.max(ea.scale(), eb.scale()))) {
                return Outcome.different("the expressions differ at a sample point");
            }
            valid++;
        }
        return valid >= 3 ? Outcome.equal("probe") : Outcome.undecided("the expressions are undefined at the sample points");
    }

    private boolean closeProbe(Complex a, Complex b, double scale) {
        double diff = a.sub(b).abs();
        double mag = Math.max(a.abs(), b.abs());
        return diff <= Math.max(options.relTolerance(), 1e-9) * mag + 1e-11 * scale || diff == 0;
    }

    private static String format(Complex c) {
        return c.isReal() ? Double.toString(c.re()) : c.toString();
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** The value of a constant part of a relation, for reading relations as intervals. */
    interface Constants {
        BigRational exact(MathExpr e);
    }

    /** Used by {@link RelationSets} to decide whether a bound is constant. */
    static boolean isConstant(MathExpr e) {
        return Shapes.symbols(e).isEmpty() && !(e instanceof Text) && !(e instanceof Fn f && f.name().equals("det"))
                && !(e instanceof Div d && d.numerator() instanceof Text);
    }
}
