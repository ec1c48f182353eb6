package dev.arbiter.math;

import dev.arbiter.core.Deadline;
import dev.arbiter.math.MathExpr.Add;
import dev.arbiter.math.MathExpr.Const;
import dev.arbiter.math.MathExpr.Div;
import dev.arbiter.math.MathExpr.Fn;
import dev.arbiter.math.MathExpr.Matrix;
import dev.arbiter.math.MathExpr.Mul;
import dev.arbiter.math.MathExpr.Neg;
import dev.arbiter.math.MathExpr.Num;
import dev.arbiter.math.MathExpr.Percent;
import dev.arbiter.math.MathExpr.Pow;
import dev.arbiter.math.MathExpr.Sym;

import java.util.List;
import java.util.Map;

/**
 * Evaluates an expression in complex double precision with its free symbols bound to numbers. Besides the
 * value it records {@link #scale()}, the largest magnitude that met an addition or a function argument, which
 * bounds the rounding error of the result (cancellation in {@code sin(\pi)} leaves about 1e-16 of scale π).
 * Values that are not numbers (sets, text, unbound symbols) raise {@link NotNumeric}.
 */
final class NumericEval {
    private static final double[] FACTORIALS = new double[171];

    static {
        FACTORIALS[0] = 1;
        for (int i = 1; i < FACTORIALS.length; i++) {
            FACTORIALS[i] = FACTORIALS[i - 1] * i;
        }
    }

    private static final java.util.Set<String> PERIODIC = java.util.Set.of("sin", "cos", "tan", "sec", "csc", "cot");

    private final Map<String, Complex> env;
    private final Deadline deadline;
    private double scale;
    private int steps;

    NumericEval(Map<String, Complex> env, Deadline deadline) {
        this.env = env;
        this.deadline = deadline;
    }

    double scale() {
        return scale;
    }

    /** The value of a scalar expression. */
    Complex scalar(MathExpr e) {
        Object v = value(e);
        if (v instanceof Complex c) {
            return c;
        }
        throw new NotNumeric("a matrix where a number was expected");
    }

    /** A {@link Complex} or a {@code Complex[][]} matrix. */
    Object value(MathExpr e) {
        if ((++steps & 0x1F) == 0) {
            deadline.check();
        }
        if (e instanceof Num n) {
            return Complex.real(n.value().toDouble());
        }
        if (e instanceof Sym s) {
            Complex v = env.get(s.name());
            if (v == null) {
                throw new NotNumeric("free symbol " + s.name());
            }
            return v;
        }
        if (e instanceof Const c) {
            return switch (c.kind()) {
                case PI -> Complex.real(Math.PI);
                case E -> Complex.real(Math.E);
                case I -> Complex.I;
                case INFINITY -> Complex.real(Double.POSITIVE_INFINITY);
            };
        }
        if (e instanceof Neg n) {
            Object v = value(n.operand());
            return v instanceof Complex c ? c.neg() : scaleMatrix((Complex[][]) v, Complex.real(-1));
        }
        if (e instanceof Add a) {
            Object sum = null;
            for (MathExpr t : a.terms()) {
                Object v = value(t);
                note(v);
                sum = sum == null ? v : add(sum, v);
            }
            return sum;
        }
        if (e instanceof Mul m) {
            Object prod = null;
            for (MathExpr t : m.factors()) {
                Object v = value(t);
                prod = prod == null ? v : multiply(prod, v);
            }
            return prod;
        }
        if (e instanceof Div d) {
            Object a = value(d.numerator());
            Complex b = scalar(d.denominator());
            return a instanceof Complex c ? c.div(b) : scaleMatrix((Complex[][]) a, Complex.ONE.div(b));
        }
        if (e instanceof Percent p) {
            return scalar(p.value()).div(Complex.real(100));
        }
        if (e instanceof Pow p) {
            Complex exp = scalar(p.exponent());
            Object base = value(p.base());
            if (base instanceof Complex b) {
                if (b.isReal() && b.re() == Math.E && !(p.base() instanceof Num)) {
                    return exp.exp();
                }
                return b.pow(exp);
            }
            return matrixPower((Complex[][]) base, exp);
        }
        if (e instanceof Matrix m) {
            Complex[][] out = new Complex[m.rows().size()][];
            for (int r = 0; r < out.length; r++) {
                List<MathExpr> row = m.rows().get(r);
                out[r] = new Complex[row.size()];
                for (int c = 0; c < row.size(); c++) {
                    out[r][c] = scalar(row.get(c));
                }
            }
            return out;
        }
        if (e instanceof Fn f) {
            return function(f);
        }
        throw new NotNumeric("not a number: " + e.getClass().getSimpleName());
    }

    private void note(Object v) {
        if (v instanceof Complex c) {
            double m = c.abs();
            if (m > scale && Double.isFinite(m)) {
                scale = m;
            }
        }
    }

    private Object function(Fn f) {
        String name = f.name();
        if (name.equals("det")) {
            Object v = value(f.args().get(0));
            if (v instanceof Complex[][] m) {
                return determinant(m);
            }
            throw new NotNumeric("det of a scalar");
        }
        if (name.equals("gcd") || name.equals("lcm") || name.equals("max") || name.equals("min")) {
            throw new NotNumeric(name + " is exact-only");
        }
        Complex x = scalar(f.args().get(0));
        if (PERIODIC.contains(name)) {
            // sin(pi) leaves an absolute error of about eps * |argument|; other functions keep relative accuracy
            note(x);
        }
        switch (name) {
            case "sin" -> {
                return x.sin();
            }
            case "cos" -> {
                return x.cos();
            }
            case "tan" -> {
                return x.tan();
            }
            case "sec" -> {
                return Complex.ONE.div(x.cos());
            }
            case "csc" -> {
                return Complex.ONE.div(x.sin());
            }
            case "cot" -> {
                return x.cos().div(x.sin());
            }
            case "asin" -> {
                return x.asin();
            }
            case "acos" -> {
                return x.acos();
            }
            case "atan" -> {
                return x.atan();
            }
            case "arcsec" -> {
                return Complex.ONE.div(x).acos();
            }
            case "arccsc" -> {
                return Complex.ONE.div(x).asin();
            }
            case "arccot" -> {
                return Complex.ONE.div(x).atan();
            }
            case "sinh" -> {
                return x.sinh();
            }
            case "cosh" -> {
                return x.cosh();
            }
            case "tanh" -> {
                return x.tanh();
            }
            case "exp" -> {
                return x.exp();
            }
            case "ln" -> {
                return x.log();
            }
            case "log" -> {
                if (f.args().size() > 1) {
                    Complex base = scalar(f.args().get(1));
                    return x.log().div(base.log());
                }
                return x.log();
            }
            case "sqrt" -> {
                return x.sqrt();
            }
            case "root" -> {
                Complex n = scalar(f.args().get(1));
                if (x.isReal() && x.re() < 0 && n.isReal() && n.re() == Math.rint(n.re()) && ((long) n.re()) % 2 != 0) {
                    // the real odd root of a negative number, as written in school mathematics
                    return Complex.real(-Math.pow(-x.re(), 1.0 / n.re()));
                }
                return x.pow(Complex.ONE.div(n));
            }
            case "abs" -> {
                return Complex.real(x.abs());
            }
            case "floor" -> {
                return Complex.real(Math.floor(x.re()));
            }
            case "ceil" -> {
                return Complex.real(Math.ceil(x.re()));
            }
            case "factorial" -> {
                return factorial(x);
            }
            case "binom" -> {
                Complex k = scalar(f.args().get(1));
                if (k.isReal() && k.re() == Math.rint(k.re()) && k.re() >= 0 && k.re() <= 170) {
                    // n(n-1)…(n-k+1)/k!, exact in form for any n
                    Complex r = Complex.ONE;
                    for (int i = 0; i < (int) k.re(); i++) {
                        r = r.mul(x.sub(Complex.real(i))).div(Complex.real(i + 1));
                    }
                    return r;
                }
                return factorial(x).div(factorial(k).mul(factorial(x.sub(k))));
            }
            default -> throw new NotNumeric("unknown function " + name);
        }
    }

    private static Complex factorial(Complex x) {
        if (!x.isReal() || x.re() != Math.rint(x.re()) || x.re() < 0) {
            return x.isReal() ? Complex.real(Math.exp(lgamma(x.re() + 1))) : Complex.NAN;
        }
        double n = x.re();
        return n < FACTORIALS.length ? Complex.real(FACTORIALS[(int) n]) : Complex.real(Double.POSITIVE_INFINITY);
    }

    /** Lanczos approximation of ln Γ(x) for x > 0. */
    private static double lgamma(double x) {
        if (x <= 0) {
            return Double.NaN;
        }
        double[] c = {76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155,
            0.1208650973866179e-2, -0.5395239384953e-5};
        double y = x;
        double tmp = x + 5.5;
        tmp -= (x + 0.5) * Math.log(tmp);
        double ser = 1.000000000190015;
        for (double cj : c) {
            ser += cj / ++y;
        }
        return -tmp + Math.log(2.5066282746310005 * ser / x);
    }

    private Object add(Object a, Object b) {
        if (a instanceof Complex x && b instanceof Complex y) {
            return x.add(y);
        }
        if (a instanceof Complex[][] x && b instanceof Complex[][] y) {
            if (x.length != y.length || x[0].length != y[0].length) {
                throw new NotNumeric("matrix sizes differ");
            }
            Complex[][] out = new Complex[x.length][x[0].length];
            for (int r = 0; r < x.length; r++) {
                for (int c = 0; c < x[0].length; c++) {
                    out[r][c] = x[r][c].add(y[r][c]);
                }
            }
            return out;
        }
        throw new NotNumeric("a matrix plus a number");
    }

    private Object multiply(Object a, Object b) {
        if (a instanceof Complex x && b instanceof Complex y) {
            return x.mul(y);
        }
        if (a instanceof Complex x) {
            return scaleMatrix((Complex[][]) b, x);
        }
        if (b instanceof Complex y) {
            return scaleMatrix((Complex[][]) a, y);
        }
        return matMul((Complex[][]) a, (Complex[][]) b);
    }

    private Complex[][] matMul(Complex[][] x, Complex[][] y) {
        if (x[0].length != y.length) {
            throw new NotNumeric("matrix sizes do not match for a product");
        }
        Complex[][] out = new Complex[x.length][y[0].length];
        for (int r = 0; r < x.length; r++) {
            deadline.check();
            for (int c = 0; c < y[0].length; c++) {
                Complex s = Complex.ZERO;
                for (int k = 0; k < y.length; k++) {
                    s = s.add(x[r][k].mul(y[k][c]));
                }
                out[r][c] = s;
            }
        }
        return out;
    }

    private static Complex[][] scaleMatrix(Complex[][] m, Complex k) {
        Complex[][] out = new Complex[m.length][m[0].length];
        for (int r = 0; r < m.length; r++) {
            for (int c = 0; c < m[0].length; c++) {
                out[r][c] = m[r][c].mul(k);
            }
        }
        return out;
    }

    private Object matrixPower(Complex[][] m, Complex exp) {
        if (!exp.isReal() || exp.re() != Math.rint(exp.re()) || exp.re() < 1 || exp.re() > 64 || m.length != m[0].length) {
            throw new NotNumeric("unsupported matrix power");
        }
        Complex[][] r = m;
        for (int i = 1; i < (int) exp.re(); i++) {
            r = matMul(r, m);
        }
        return r;
    }

    private static Complex determinant(Complex[][] m) {
        int n = m.length;
        if (n != m[0].length) {
            throw new NotNumeric("det of a non-square matrix");
        }
        Complex[][] a = new Complex[n][];
        for (int i = 0; i < n; i++) {
            a[i] = m[i].clone();
        }
        Complex det = Complex.ONE;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (a[r][col].abs() > a[pivot][col].abs()) {
                    pivot = r;
                }
            }
            if (a[pivot][col].abs() == 0) {
                return Complex.ZERO;
            }
            if (pivot != col) {
                Complex[] t = a[pivot];
                a[pivot] = a[col];
                a[col] = t;
                det = det.neg();
            }
            det = det.mul(a[col][col]);
            for (int r = col + 1; r < n; r++) {
                Complex factor = a[r][col].div(a[col][col]);
                for (int c = col; c < n; c++) {
                    a[r][c] = a[r][c].sub(factor.mul(a[col][c]));
                }
            }
        }
        return det;
    }

    /** The expression has no single numeric value (it is a set, text, or has an unbound symbol). */
    static final class NotNumeric extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotNumeric(String message) {
            super(message, null, false, false);
        }
    }
}
