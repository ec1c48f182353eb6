package dev.arbiter.math;

import dev.arbiter.math.MathExpr.Const;
import dev.arbiter.math.MathExpr.ConstKind;
import dev.arbiter.math.MathExpr.Fn;
import dev.arbiter.math.MathExpr.Interval;
import dev.arbiter.math.MathExpr.Neg;
import dev.arbiter.math.MathExpr.Rel;
import dev.arbiter.math.MathExpr.RelOp;
import dev.arbiter.math.MathExpr.SetOf;
import dev.arbiter.math.MathExpr.SetOp;

import java.util.List;

/**
 * Reads a relation in one variable as the set it describes: {@code x \le 3} is {@code (-\infty, 3]},
 * {@code -2 < x \le 7} is {@code (-2, 7]}, {@code |x| < 1} is {@code (-1, 1)}, {@code 1 \le |z| \le 2} is
 * {@code [-2,-1] \cup [1,2]}, {@code x \ne 3} is {@code (-\infty,3) \cup (3,\infty)}. The variable is any label
 * ({@code x}, {@code f(x)}, {@code a}); other relations give {@code null}.
 */
final class RelationSets {
    private static final MathExpr INF = new Const(ConstKind.INFINITY);
    private static final MathExpr NEG_INF = new Neg(INF);

    private RelationSets() {
    }

    static MathExpr toSet(Rel r, Equivalence.Constants constants) {
        List<MathExpr> parts = r.parts();
        List<RelOp> ops = r.ops();
        if (parts.size() == 2) {
            MathExpr a = parts.get(0);
            MathExpr b = parts.get(1);
            RelOp op = ops.get(0);
            if (isVariable(a) && Equivalence.isConstant(b)) {
                return single(a, op, b);
            }
            if (isVariable(b) && Equivalence.isConstant(a)) {
                return single(b, op.flipped(), a);
            }
            return null;
        }
        if (parts.size() == 3 && isVariable(parts.get(1)) && Equivalence.isConstant(parts.get(0))
                && Equivalence.isConstant(parts.get(2))) {
            RelOp o1 = ops.get(0);
            RelOp o2 = ops.get(1);
            MathExpr lo = parts.get(0);
            MathExpr hi = parts.get(2);
            if ((o1 == RelOp.GT || o1 == RelOp.GE) && (o2 == RelOp.GT || o2 == RelOp.GE)) {
                MathExpr t = lo;
                lo = hi;
                hi = t;
                RelOp t2 = o1.flipped();
                o1 = o2.flipped();
                o2 = t2;
            }
            if (!(o1 == RelOp.LT || o1 == RelOp.LE) || !(o2 == RelOp.LT || o2 == RelOp.LE)) {
                return null;
            }
            boolean loClosed = o1 == RelOp.LE;
            boolean hiClosed = o2 == RelOp.LE;
            if (isAbs(parts.get(1))) {
                return new SetOp('U', List.of(new Interval(new Neg(hi), new Neg(lo), hiClosed, loClosed),
                        new Interval(lo, hi, loClosed, hiClosed)));
            }
            return new Interval(lo, hi, loClosed, hiClosed);
        }
        return null;
    }

    private static MathExpr single(MathExpr v, RelOp op, MathExpr c) {
        boolean abs = isAbs(v);
        switch (op) {
            case LT, LE -> {
                boolean closed = op == RelOp.LE;
                return abs ? new Interval(new Neg(c), c, closed, closed) : new Interval(NEG_INF, c, false, closed);
            }
            case GT, GE -> {
                boolean closed = op == RelOp.GE;
                if (abs) {
                    return new SetOp('U', List.of(new Interval(NEG_INF, new Neg(c), false, closed),
                            new Interval(c, INF, closed, false)));
                }
                return new Interval(c, INF, closed, false);
            }
            case NE -> {
                return abs ? null : new SetOp('U', List.of(new Interval(NEG_INF, c, false, false), new Interval(c, INF, false, false)));
            }
            case EQ -> {
                return abs ? new SetOf(List.of(new Neg(c), c)) : new SetOf(List.of(c));
            }
            default -> {
                return null;
            }
        }
    }

    private static boolean isVariable(MathExpr e) {
        return Shapes.isLabel(e) && !(e instanceof MathExpr.Tuple) || isAbs(e);
    }

    private static boolean isAbs(MathExpr e) {
        return e instanceof Fn f && f.name().equals("abs") && Shapes.isLabel(f.args().get(0));
    }
}
