package dev.arbiter.math;

import dev.arbiter.math.MathExpr.Add;
import dev.arbiter.math.MathExpr.Const;
import dev.arbiter.math.MathExpr.ConstKind;
import dev.arbiter.math.MathExpr.Div;
import dev.arbiter.math.MathExpr.Fn;
import dev.arbiter.math.MathExpr.Interval;
import dev.arbiter.math.MathExpr.Matrix;
import dev.arbiter.math.MathExpr.Mul;
import dev.arbiter.math.MathExpr.Neg;
import dev.arbiter.math.MathExpr.Percent;
import dev.arbiter.math.MathExpr.PlusMinus;
import dev.arbiter.math.MathExpr.Pow;
import dev.arbiter.math.MathExpr.Rel;
import dev.arbiter.math.MathExpr.Seq;
import dev.arbiter.math.MathExpr.SetOf;
import dev.arbiter.math.MathExpr.SetOp;
import dev.arbiter.math.MathExpr.Sym;
import dev.arbiter.math.MathExpr.Text;
import dev.arbiter.math.MathExpr.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Questions about the shape of a tree: labels, free symbols, {@code \pm} expansion. */
final class Shapes {
    private Shapes() {
    }

    /**
     * Whether {@code e} names a quantity rather than computes one: {@code x}, {@code x_1}, {@code AB}, {@code f(x)},
     * {@code |AB|}, {@code A:B}, {@code \frac{NO}{BO}}, {@code (p,q)}. The left side of an assignment such as
     * {@code x = 3}, whose value is then its right side.
     */
    static boolean isLabel(MathExpr e) {
        if (e instanceof Sym) {
            return true;
        }
        if (e instanceof Const c) {
            return c.kind() == ConstKind.E || c.kind() == ConstKind.I;
        }
        if (e instanceof Mul m) {
            return m.factors().stream().allMatch(Shapes::isLabel) && m.factors().stream().anyMatch(f -> f instanceof Sym);
        }
        if (e instanceof Div d) {
            return isLabel(d.numerator()) && isLabel(d.denominator());
        }
        if (e instanceof Fn f) {
            return f.name().equals("abs") && isLabel(f.args().get(0));
        }
        if (e instanceof Tuple t) {
            return !t.items().isEmpty() && t.items().stream().allMatch(Shapes::isLabel);
        }
        return false;
    }

    /** The free symbols of {@code e}, sorted. */
    static Set<String> symbols(MathExpr e) {
        Set<String> out = new TreeSet<>();
        collect(e, out);
        return out;
    }

    private static void collect(MathExpr e, Set<String> out) {
        if (e instanceof Sym s) {
            out.add(s.name());
        } else {
            for (MathExpr c : children(e)) {
                collect(c, out);
            }
        }
    }

    /** The direct sub-trees of {@code e}. */
    static List<MathExpr> children(MathExpr e) {
        if (e instanceof Add a) {
            return a.terms();
        } else if (e instanceof Mul m) {
            return m.factors();
        } else if (e instanceof Neg n) {
            return List.of(n.operand());
        } else if (e instanceof Div d) {
            return List.of(d.numerator(), d.denominator());
        } else if (e instanceof Pow p) {
            return List.of(p.base(), p.exponent());
        } else if (e instanceof Fn f) {
            return f.args();
        } else if (e instanceof Percent p) {
            return List.of(p.value());
        } else if (e instanceof Tuple t) {
            return t.items();
        } else if (e instanceof SetOf s) {
            return s.items();
        } else if (e instanceof Seq s) {
            return s.items();
        } else if (e instanceof Interval i) {
            return List.of(i.lo(), i.hi());
        } else if (e instanceof SetOp s) {
            return s.parts();
        } else if (e instanceof Matrix m) {
            List<MathExpr> all = new ArrayList<>();
            m.rows().forEach(all::addAll);
            return all;
        } else if (e instanceof Rel r) {
            return r.parts();
        } else if (e instanceof PlusMinus pm) {
            return pm.a() == null ? List.of(pm.b()) : List.of(pm.a(), pm.b());
        }
        return List.of();
    }

    private static boolean arithmetic(MathExpr e) {
        return e instanceof Add || e instanceof Mul || e instanceof Neg || e instanceof Div || e instanceof Pow
                || e instanceof Fn || e instanceof Percent;
    }

    static boolean containsPlusMinus(MathExpr e) {
        if (e instanceof PlusMinus) {
            return true;
        }
        if (!arithmetic(e)) {
            return false;
        }
        for (MathExpr c : children(e)) {
            if (containsPlusMinus(c)) {
                return true;
            }
        }
        return false;
    }

    /** {@code e} with every {@code \pm} taken as {@code +} (sign 1) or {@code -} (sign -1). */
    static MathExpr choose(MathExpr e, int sign) {
        if (e instanceof PlusMinus pm) {
            MathExpr b = choose(pm.b(), sign);
            MathExpr signed = sign > 0 ? b : new Neg(b);
            return pm.a() == null ? signed : new Add(List.of(choose(pm.a(), sign), signed));
        } else if (e instanceof Add a) {
            return new Add(map(a.terms(), sign));
        } else if (e instanceof Mul m) {
            return new Mul(map(m.factors(), sign));
        } else if (e instanceof Neg n) {
            return new Neg(choose(n.operand(), sign));
        } else if (e instanceof Div d) {
            return new Div(choose(d.numerator(), sign), choose(d.denominator(), sign));
        } else if (e instanceof Pow p) {
            return new Pow(choose(p.base(), sign), choose(p.exponent(), sign));
        } else if (e instanceof Fn f) {
            return new Fn(f.name(), map(f.args(), sign));
        } else if (e instanceof Percent p) {
            return new Percent(choose(p.value(), sign));
        }
        return e;
    }

    private static List<MathExpr> map(List<MathExpr> items, int sign) {
        List<MathExpr> out = new ArrayList<>(items.size());
        for (MathExpr x : items) {
            out.add(choose(x, sign));
        }
        return out;
    }

    /** The letters of a product of single-letter symbols ({@code odd} parsed as o·d·d), or {@code null}. */
    static String letters(MathExpr e) {
        if (e instanceof Sym s) {
            return s.name().length() == 1 ? s.name() : null;
        }
        if (e instanceof Const c) {
            return c.kind() == ConstKind.E ? "e" : c.kind() == ConstKind.I ? "i" : null;
        }
        if (e instanceof Text t) {
            return t.text();
        }
        if (e instanceof Mul m) {
            StringBuilder sb = new StringBuilder();
            for (MathExpr f : m.factors()) {
                String l = letters(f);
                if (l == null || l.length() != 1) {
                    return null;
                }
                sb.append(l);
            }
            return sb.toString();
        }
        return null;
    }

    static boolean containsInfinity(MathExpr e) {
        if (e instanceof Const c) {
            return c.kind() == ConstKind.INFINITY;
        }
        if (!arithmetic(e)) {
            return false;
        }
        for (MathExpr c : children(e)) {
            if (containsInfinity(c)) {
                return true;
            }
        }
        return false;
    }

    static boolean containsDecimal(MathExpr e) {
        if (e instanceof MathExpr.Num n) {
            return n.decimal();
        }
        if (!arithmetic(e)) {
            return false;
        }
        for (MathExpr c : children(e)) {
            if (containsDecimal(c)) {
                return true;
            }
        }
        return false;
    }
}
