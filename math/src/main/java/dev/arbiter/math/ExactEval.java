package dev.arbiter.math;

import dev.arbiter.core.Deadline;
import dev.arbiter.math.MathExpr.Add;
import dev.arbiter.math.MathExpr.Div;
import dev.arbiter.math.MathExpr.Fn;
import dev.arbiter.math.MathExpr.Mul;
import dev.arbiter.math.MathExpr.Neg;
import dev.arbiter.math.MathExpr.Num;
import dev.arbiter.math.MathExpr.Percent;
import dev.arbiter.math.MathExpr.Pow;

import java.math.BigInteger;

/**
 * Evaluates a constant expression to an exact rational, or {@code null} when its value is not rational or not
 * a single number (symbols, √2, π, sets). Sizes are bounded by {@link BigRational#MAX_BITS}; beyond that it
 * throws {@link BigRational.TooLargeException}.
 */
final class ExactEval {
    private static final int MAX_FACTORIAL = 5_000;
    private final Deadline deadline;
    private int steps;

    ExactEval(Deadline deadline) {
        this.deadline = deadline;
    }

    BigRational eval(MathExpr e) {
        if ((++steps & 0x1F) == 0) {
            deadline.check();
        }
        try {
            return evalInner(e);
        } catch (ArithmeticException ex) {
            return null;
        }
    }

    private BigRational evalInner(MathExpr e) {
        if (e instanceof Num n) {
            return n.value();
        }
        if (e instanceof Neg n) {
            BigRational v = eval(n.operand());
            return v == null ? null : v.negate();
        }
        if (e instanceof Add a) {
            BigRational sum = BigRational.ZERO;
            for (MathExpr t : a.terms()) {
                BigRational v = eval(t);
                if (v == null) {
                    return null;
                }
                sum = sum.add(v);
            }
            return sum;
        }
        if (e instanceof Mul m) {
            BigRational prod = BigRational.ONE;
            for (MathExpr t : m.factors()) {
                BigRational v = eval(t);
                if (v == null) {
                    return null;
                }
                prod = prod.multiply(v);
            }
            return prod;
        }
        if (e instanceof Div d) {
            BigRational a = eval(d.numerator());
            if (a == null) {
                return null;
            }
            BigRational b = eval(d.denominator());
            if (b == null || b.signum() == 0) {
                return null;
            }
            return a.divide(b);
        }
        if (e instanceof Percent p) {
            BigRational v = eval(p.value());
            return v == null ? null : v.divide(BigRational.of(100));
        }
        if (e instanceof Pow p) {
            BigRational exp = eval(p.exponent());
            if (exp == null) {
                return null;
            }
            BigRational base = eval(p.base());
            if (base == null) {
                return null;
            }
            return power(base, exp);
        }
        if (e instanceof Fn f) {
            return function(f);
        }
        return null;
    }

    static BigRational power(BigRational base, BigRational exp) {
        if (exp.isInteger()) {
            if (exp.num().bitLength() > 62) {
                if (base.abs().equals(BigRational.ONE) || base.signum() == 0) {
                    return base.pow(exp.num().testBit(0) ? 1 : 2);
                }
                throw new BigRational.TooLargeException("a power is too large to compute exactly");
            }
            return base.pow(exp.num().longValueExact());
        }
        if (exp.den().bitLength() > 16 || exp.num().bitLength() > 30) {
            return null;
        }
        int q = exp.den().intValueExact();
        BigRational root = base.root(q);
        return root == null ? null : root.pow(exp.num().longValueExact());
    }

    private BigRational function(Fn f) {
        switch (f.name()) {
            case "sqrt" -> {
                BigRational v = eval(f.args().get(0));
                return v == null ? null : v.root(2);
            }
            case "root" -> {
                BigRational v = eval(f.args().get(0));
                BigRational n = f.args().size() > 1 ? eval(f.args().get(1)) : null;
                if (v == null || n == null || !n.isInteger() || n.signum() <= 0 || n.num().bitLength() > 16) {
                    return null;
                }
                return v.root(n.num().intValueExact());
            }
            case "abs" -> {
                BigRational v = eval(f.args().get(0));
                return v == null ? null : v.abs();
            }
            case "floor", "ceil" -> {
                BigRational v = eval(f.args().get(0));
                if (v == null) {
                    return null;
                }
                BigInteger[] qr = v.num().divideAndRemainder(v.den());
                BigInteger fl = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
                if (f.name().equals("ceil") && !v.isInteger()) {
                    fl = fl.add(BigInteger.ONE);
                }
                return BigRational.of(fl);
            }
            case "factorial" -> {
                BigRational v = eval(f.args().get(0));
                if (v == null || !v.isInteger() || v.signum() < 0) {
                    return null;
                }
                if (v.num().compareTo(BigInteger.valueOf(MAX_FACTORIAL)) > 0) {
                    throw new BigRational.TooLargeException("a factorial is too large to compute exactly");
                }
                return BigRational.of(factorial(v.num().intValueExact()));
            }
            case "binom" -> {
                BigRational n = eval(f.args().get(0));
                BigRational k = f.args().size() > 1 ? eval(f.args().get(1)) : null;
                if (n == null || k == null || !n.isInteger() || !k.isInteger() || k.signum() < 0) {
                    return null;
                }
                if (n.num().bitLength() > 31 || k.num().compareTo(BigInteger.valueOf(MAX_FACTORIAL)) > 0) {
                    throw new BigRational.TooLargeException("a binomial coefficient is too large to compute exactly");
                }
                long nn = n.num().longValue();
                long kk = k.num().longValue();
                if (nn >= 0 && kk > nn) {
                    return BigRational.ZERO;
                }
                BigInteger r = BigInteger.ONE;
                for (long i = 0; i < kk; i++) {
                    if ((i & 0xFF) == 0) {
                        deadline.check();
                    }
                    r = r.multiply(BigInteger.valueOf(nn - i)).divide(BigInteger.valueOf(i + 1));
                }
                return BigRational.of(r);
            }
            case "gcd", "lcm" -> {
                BigInteger acc = null;
                for (MathExpr a : f.args()) {
                    BigRational v = eval(a);
                    if (v == null || !v.isInteger()) {
                        return null;
                    }
                    BigInteger x = v.num().abs();
                    if (acc == null) {
                        acc = x;
                    } else if (f.name().equals("gcd")) {
                        acc = acc.gcd(x);
                    } else {
                        BigInteger g = acc.gcd(x);
                        acc = g.signum() == 0 ? BigInteger.ZERO : acc.divide(g).multiply(x);
                    }
                }
                return acc == null ? null : BigRational.of(acc);
            }
            case "max", "min" -> {
                BigRational best = null;
                for (MathExpr a : f.args()) {
                    BigRational v = eval(a);
                    if (v == null) {
                        return null;
                    }
                    if (best == null || (f.name().equals("max") ? v.compareTo(best) > 0 : v.compareTo(best) < 0)) {
                        best = v;
                    }
                }
                return best;
            }
            default -> {
                return null;
            }
        }
    }

    private BigInteger factorial(int n) {
        BigInteger r = BigInteger.ONE;
        for (int i = 2; i <= n; i++) {
            if ((i & 0xFF) == 0) {
                deadline.check();
            }
            r = r.multiply(BigInteger.valueOf(i));
        }
        return r;
    }
}
