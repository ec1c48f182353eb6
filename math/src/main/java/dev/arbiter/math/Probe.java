package dev.arbiter.math;

import dev.arbiter.math.MathExpr.Sym;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Deterministic sample points for comparing expressions with free variables, and variable renaming. */
final class Probe {
    private Probe() {
    }

    /**
     * Point number {@code index}: every symbol gets a distinct irrational-looking value in (0.4, 2.6). Positive
     * values keep square roots and logarithms real, as school answers assume.
     */
    static Map<String, Complex> point(Set<String> symbols, int index) {
        Map<String, Complex> env = new HashMap<>();
        int k = 0;
        for (String s : symbols) {
            double t = Math.sqrt(2) * (index + 1) + Math.sqrt(3) * (k + 1) * (index + 2) + 0.1 * Math.sqrt(5) * k * k;
            double frac = t - Math.floor(t);
            env.put(s, Complex.real(0.4 + 2.2 * frac));
            k++;
        }
        return env;
    }

    /** {@code e} with symbol {@code from[i]} renamed to {@code to[i]}. */
    static MathExpr rename(MathExpr e, List<String> from, List<String> to) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < from.size(); i++) {
            map.put(from.get(i), to.get(i));
        }
        return renamed(e, map);
    }

    private static MathExpr renamed(MathExpr e, Map<String, String> map) {
        if (e instanceof Sym s) {
            return new Sym(map.getOrDefault(s.name(), s.name()));
        }
        if (e instanceof MathExpr.Add a) {
            return new MathExpr.Add(all(a.terms(), map));
        }
        if (e instanceof MathExpr.Mul m) {
            return new MathExpr.Mul(all(m.factors(), map));
        }
        if (e instanceof MathExpr.Neg n) {
            return new MathExpr.Neg(renamed(n.operand(), map));
        }
        if (e instanceof MathExpr.Div d) {
            return new MathExpr.Div(renamed(d.numerator(), map), renamed(d.denominator(), map));
        }
        if (e instanceof MathExpr.Pow p) {
            return new MathExpr.Pow(renamed(p.base(), map), renamed(p.exponent(), map));
        }
        if (e instanceof MathExpr.Fn f) {
            return new MathExpr.Fn(f.name(), all(f.args(), map));
        }
        if (e instanceof MathExpr.Percent p) {
            return new MathExpr.Percent(renamed(p.value(), map));
        }
        return e;
    }

    private static List<MathExpr> all(List<MathExpr> items, Map<String, String> map) {
        List<MathExpr> out = new ArrayList<>(items.size());
        for (MathExpr x : items) {
            out.add(renamed(x, map));
        }
        return out;
    }
}
