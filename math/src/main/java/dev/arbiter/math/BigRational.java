package dev.arbiter.math;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * An exact rational number in lowest terms with a positive denominator. Operations that could blow up
 * (powers, factorials) refuse sizes above {@link #MAX_BITS} by throwing {@link TooLargeException}, so an
 * adversarial answer such as {@code 9^{9^{9}}} costs microseconds, not minutes.
 */
record BigRational(BigInteger num, BigInteger den) implements Comparable<BigRational> {
    /** The largest numerator or denominator, in bits, that exact arithmetic will build (about 60,000 digits). */
    static final int MAX_BITS = 200_000;

    static final BigRational ZERO = new BigRational(BigInteger.ZERO, BigInteger.ONE);
    static final BigRational ONE = new BigRational(BigInteger.ONE, BigInteger.ONE);

    BigRational {
        if (den.signum() == 0) {
            throw new ArithmeticException("division by zero");
        }
        if (den.signum() < 0) {
            num = num.negate();
            den = den.negate();
        }
        BigInteger g = num.gcd(den);
        if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
            num = num.divide(g);
            den = den.divide(g);
        }
        if (num.signum() == 0) {
            den = BigInteger.ONE;
        }
        if (num.bitLength() > MAX_BITS || den.bitLength() > MAX_BITS) {
            throw new TooLargeException("an exact value has more than " + MAX_BITS + " bits");
        }
    }

    static BigRational of(long n) {
        return new BigRational(BigInteger.valueOf(n), BigInteger.ONE);
    }

    static BigRational of(BigInteger n) {
        return new BigRational(n, BigInteger.ONE);
    }

    /** Parses a plain decimal literal such as {@code 12}, {@code 0.25}, {@code .5} or {@code 1.5e-3}. */
    static BigRational parseDecimal(String s) {
        BigDecimal d = new BigDecimal(s.startsWith(".") ? "0" + s : s);
        if (Math.abs((long) d.scale()) > 10_000) {
            throw new TooLargeException("a number's exponent is out of range");
        }
        if (d.scale() <= 0) {
            return of(d.toBigIntegerExact());
        }
        return new BigRational(d.unscaledValue(), BigInteger.TEN.pow(d.scale()));
    }

    boolean isInteger() {
        return den.equals(BigInteger.ONE);
    }

    int signum() {
        return num.signum();
    }

    BigRational add(BigRational o) {
        if (den.equals(o.den)) {
            return new BigRational(num.add(o.num), den);
        }
        return new BigRational(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
    }

    BigRational subtract(BigRational o) {
        return add(o.negate());
    }

    BigRational multiply(BigRational o) {
        return new BigRational(num.multiply(o.num), den.multiply(o.den));
    }

    BigRational divide(BigRational o) {
        return new BigRational(num.multiply(o.den), den.multiply(o.num));
    }

    BigRational negate() {
        return new BigRational(num.negate(), den);
    }

    BigRational abs() {
        return num.signum() < 0 ? negate() : this;
    }

    /** This to an integer power; refuses results above {@link #MAX_BITS}. */
    BigRational pow(long e) {
        if (e == 0) {
            if (num.signum() == 0) {
                throw new ArithmeticException("0^0");
            }
            return ONE;
        }
        BigRational base = e < 0 ? ONE.divide(this) : this;
        long n = Math.abs(e);
        long bits = Math.max(base.num.bitLength(), base.den.bitLength());
        if (bits > 1 && (n > MAX_BITS || bits * n > MAX_BITS)) {
            throw new TooLargeException("a power is too large to compute exactly");
        }
        if (n > Integer.MAX_VALUE) {
            // base is 0, 1 or -1 here
            return base.num.signum() == 0 ? ZERO : (base.num.signum() < 0 && (n & 1) == 1 ? base : base.abs());
        }
        return new BigRational(base.num.pow((int) n), base.den.pow((int) n));
    }

    /** The exact {@code k}-th root if this is a perfect power, else {@code null}. */
    BigRational root(int k) {
        if (k <= 0) {
            return null;
        }
        if (num.signum() < 0) {
            if (k % 2 == 0) {
                return null;
            }
            BigRational r = negate().root(k);
            return r == null ? null : r.negate();
        }
        BigInteger rn = integerRoot(num, k);
        BigInteger rd = integerRoot(den, k);
        return rn == null || rd == null ? null : new BigRational(rn, rd);
    }

    private static BigInteger integerRoot(BigInteger x, int k) {
        if (x.signum() == 0 || x.equals(BigInteger.ONE)) {
            return x;
        }
        if (k == 2) {
            BigInteger r = x.sqrt();
            return r.multiply(r).equals(x) ? r : null;
        }
        // Newton iteration on integers, starting above the root
        int bits = x.bitLength() / k + 1;
        BigInteger r = BigInteger.ONE.shiftLeft(bits);
        BigInteger kk = BigInteger.valueOf(k);
        BigInteger km1 = BigInteger.valueOf(k - 1);
        while (true) {
            BigInteger next = km1.multiply(r).add(x.divide(r.pow(k - 1))).divide(kk);
            if (next.compareTo(r) >= 0) {
                break;
            }
            r = next;
        }
        return r.pow(k).equals(x) ? r : null;
    }

    double toDouble() {
        double d = num.doubleValue() / den.doubleValue();
        if (Double.isFinite(d) && d != 0.0) {
            return d;
        }
        if (num.signum() == 0) {
            return 0.0;
        }
        return new BigDecimal(num).divide(new BigDecimal(den), MathContext.DECIMAL64).doubleValue();
    }

    /** Rounded to {@code places} decimal places, half up, as an exact value. */
    BigRational round(int places) {
        BigDecimal d = new BigDecimal(num).divide(new BigDecimal(den), places, RoundingMode.HALF_UP);
        return parseDecimal(d.toPlainString());
    }

    @Override
    public int compareTo(BigRational o) {
        return num.multiply(o.den).compareTo(o.num.multiply(den));
    }

    @Override
    public String toString() {
        return isInteger() ? num.toString() : num + "/" + den;
    }

    /** An exact computation that would exceed the size limit. */
    static final class TooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message, null, false, false);
        }
    }
}
