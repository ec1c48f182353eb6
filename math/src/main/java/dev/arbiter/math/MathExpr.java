package dev.arbiter.math;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The expression tree an answer parses to. A closed set of immutable records; {@link #canonical()} prints a
 * form in which commutative operands are sorted, so two trees that differ only in operand order print alike.
 */
public sealed interface MathExpr {

    /** Prints this tree canonically: commutative operands sorted, one spelling per construct. */
    String canonical();

    /** A number literal. {@code decimal} when it was written with a decimal point (its precision is limited). */
    record Num(BigRational value, boolean decimal) implements MathExpr {
        public Num {
            Objects.requireNonNull(value);
        }

        static Num of(long v) {
            return new Num(BigRational.of(v), false);
        }

        @Override
        public String canonical() {
            return value.toString();
        }
    }

    /** A variable or label, such as {@code x}, {@code x_1} or {@code A}. */
    record Sym(String name) implements MathExpr {
        @Override
        public String canonical() {
            return name;
        }
    }

    /** A named constant. */
    record Const(ConstKind kind) implements MathExpr {
        @Override
        public String canonical() {
            return switch (kind) {
                case PI -> "pi";
                case E -> "E";
                case I -> "I";
                case INFINITY -> "oo";
            };
        }
    }

    enum ConstKind { PI, E, I, INFINITY }

    record Add(List<MathExpr> terms) implements MathExpr {
        public Add {
            terms = List.copyOf(terms);
        }

        @Override
        public String canonical() {
            return "(" + String.join("+", sorted(terms)) + ")";
        }
    }

    record Mul(List<MathExpr> factors) implements MathExpr {
        public Mul {
            factors = List.copyOf(factors);
        }

        @Override
        public String canonical() {
            return "(" + String.join("*", sorted(factors)) + ")";
        }
    }

    record Neg(MathExpr operand) implements MathExpr {
        @Override
        public String canonical() {
            return "(-" + operand.canonical() + ")";
        }
    }

    record Div(MathExpr numerator, MathExpr denominator) implements MathExpr {
        @Override
        public String canonical() {
            return "(" + numerator.canonical() + "/" + denominator.canonical() + ")";
        }
    }

    record Pow(MathExpr base, MathExpr exponent) implements MathExpr {
        @Override
        public String canonical() {
            return "(" + base.canonical() + "^" + exponent.canonical() + ")";
        }
    }

    /**
     * A function application. Names: sin cos tan sec csc cot asin acos atan sinh cosh tanh exp ln log (args: x, base)
     * sqrt root (args: x, n) abs floor ceil factorial binom, or a single-letter name such as {@code f} for an
     * undefined function.
     */
    record Fn(String name, List<MathExpr> args) implements MathExpr {
        public Fn {
            args = List.copyOf(args);
        }

        @Override
        public String canonical() {
            List<String> a = new ArrayList<>();
            for (MathExpr e : args) {
                a.add(e.canonical());
            }
            return name + "(" + String.join(",", a) + ")";
        }
    }

    /** {@code x\%}. */
    record Percent(MathExpr value) implements MathExpr {
        @Override
        public String canonical() {
            return value.canonical() + "%";
        }
    }

    /** Words that are not mathematics, such as {@code \text{Evelyn}}; compared case-insensitively. */
    record Text(String text) implements MathExpr {
        @Override
        public String canonical() {
            return "\"" + text + "\"";
        }
    }

    /** An ordered tuple or point {@code (a, b)}. */
    record Tuple(List<MathExpr> items) implements MathExpr {
        public Tuple {
            items = List.copyOf(items);
        }

        @Override
        public String canonical() {
            return "T(" + join(items) + ")";
        }
    }

    /** A set written with {@code \{ \}}. */
    record SetOf(List<MathExpr> items) implements MathExpr {
        public SetOf {
            items = List.copyOf(items);
        }

        @Override
        public String canonical() {
            return "{" + String.join(",", sorted(items)) + "}";
        }
    }

    /** A bare list of answers: {@code 1, 2 and 3}; compared as a set, or in order against a tuple. */
    record Seq(List<MathExpr> items) implements MathExpr {
        public Seq {
            items = List.copyOf(items);
        }

        @Override
        public String canonical() {
            return "L[" + String.join(",", sorted(items)) + "]";
        }
    }

    record Interval(MathExpr lo, MathExpr hi, boolean loClosed, boolean hiClosed) implements MathExpr {
        @Override
        public String canonical() {
            return (loClosed ? "[" : "(") + lo.canonical() + "," + hi.canonical() + (hiClosed ? "]" : ")");
        }
    }

    /** A set operation: {@code op} is one of {@code U} (union), {@code N} (intersection), {@code \} (difference). */
    record SetOp(char op, List<MathExpr> parts) implements MathExpr {
        public SetOp {
            parts = List.copyOf(parts);
        }

        @Override
        public String canonical() {
            return op == 'U' ? "U(" + String.join(",", sorted(parts)) + ")" : op + "(" + join(parts) + ")";
        }
    }

    record Matrix(List<List<MathExpr>> rows) implements MathExpr {
        public Matrix {
            List<List<MathExpr>> copy = new ArrayList<>();
            for (List<MathExpr> r : rows) {
                copy.add(List.copyOf(r));
            }
            rows = List.copyOf(copy);
        }

        @Override
        public String canonical() {
            List<String> rs = new ArrayList<>();
            for (List<MathExpr> r : rows) {
                rs.add(join(r));
            }
            return "M[" + String.join(";", rs) + "]";
        }
    }

    /** A relation or chain of relations: {@code parts.size() == ops.size() + 1}. */
    record Rel(List<MathExpr> parts, List<RelOp> ops) implements MathExpr {
        public Rel {
            parts = List.copyOf(parts);
            ops = List.copyOf(ops);
            if (parts.size() != ops.size() + 1) {
                throw new IllegalArgumentException("a relation needs one more part than operators");
            }
        }

        @Override
        public String canonical() {
            StringBuilder sb = new StringBuilder(parts.get(0).canonical());
            for (int i = 0; i < ops.size(); i++) {
                sb.append(ops.get(i).symbol).append(parts.get(i + 1).canonical());
            }
            return sb.toString();
        }
    }

    enum RelOp {
        EQ("="), LT("<"), LE("<="), GT(">"), GE(">="), NE("!="), APPROX("~="), IN(" in ");

        final String symbol;

        RelOp(String symbol) {
            this.symbol = symbol;
        }

        boolean isInequality() {
            return this == LT || this == LE || this == GT || this == GE;
        }

        RelOp flipped() {
            return switch (this) {
                case LT -> GT;
                case LE -> GE;
                case GT -> LT;
                case GE -> LE;
                default -> this;
            };
        }
    }

    /** {@code a \pm b}; {@code a} is {@code null} for a leading {@code \pm b}. Stands for the two values. */
    record PlusMinus(MathExpr a, MathExpr b) implements MathExpr {
        @Override
        public String canonical() {
            return "(" + (a == null ? "" : a.canonical()) + "+-" + b.canonical() + ")";
        }
    }

    private static List<String> sorted(List<MathExpr> items) {
        List<String> s = new ArrayList<>(items.size());
        for (MathExpr e : items) {
            s.add(e.canonical());
        }
        s.sort(Comparator.naturalOrder());
        return s;
    }

    private static String join(List<MathExpr> items) {
        List<String> s = new ArrayList<>(items.size());
        for (MathExpr e : items) {
            s.add(e.canonical());
        }
        return String.join(",", s);
    }
}
