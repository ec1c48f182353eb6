package dev.arbiter.math;

/** A complex number in double precision; principal branches throughout. */
record Complex(double re, double im) {
    static final Complex ZERO = new Complex(0, 0);
    static final Complex ONE = new Complex(1, 0);
    static final Complex I = new Complex(0, 1);
    static final Complex NAN = new Complex(Double.NaN, Double.NaN);

    static Complex real(double x) {
        return new Complex(x, 0);
    }

    boolean isNaN() {
        return Double.isNaN(re) || Double.isNaN(im);
    }

    boolean isFinite() {
        return Double.isFinite(re) && Double.isFinite(im);
    }

    boolean isReal() {
        return im == 0.0;
    }

    double abs() {
        return Math.hypot(re, im);
    }

    double arg() {
        return Math.atan2(im, re);
    }

    Complex add(Complex o) {
        return new Complex(re + o.re, im + o.im);
    }

    Complex sub(Complex o) {
        return new Complex(re - o.re, im - o.im);
    }

    Complex neg() {
        return new Complex(-re, -im);
    }

    Complex mul(Complex o) {
        if (im == 0 && o.im == 0) {
            return new Complex(re * o.re, 0);
        }
        return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
    }

    Complex div(Complex o) {
        if (im == 0 && o.im == 0) {
            return o.re == 0 ? NAN : new Complex(re / o.re, 0);
        }
        double d = o.re * o.re + o.im * o.im;
        if (d == 0) {
            return NAN;
        }
        return new Complex((re * o.re + im * o.im) / d, (im * o.re - re * o.im) / d);
    }

    Complex exp() {
        double m = Math.exp(re);
        return im == 0 ? new Complex(m, 0) : new Complex(m * Math.cos(im), m * Math.sin(im));
    }

    Complex log() {
        if (im == 0 && re > 0) {
            return new Complex(Math.log(re), 0);
        }
        return new Complex(Math.log(abs()), arg());
    }

    Complex pow(Complex e) {
        if (e.im == 0 && e.re == Math.rint(e.re) && Math.abs(e.re) <= 64) {
            return powInt((int) e.re);
        }
        if (im == 0 && e.im == 0 && re >= 0) {
            return new Complex(Math.pow(re, e.re), 0);
        }
        if (re == 0 && im == 0) {
            return e.re > 0 ? ZERO : NAN;
        }
        return e.mul(log()).exp();
    }

    private Complex powInt(int n) {
        if (n < 0) {
            return ONE.div(powInt(-n));
        }
        if (im == 0) {
            return new Complex(Math.pow(re, n), 0);
        }
        Complex result = ONE;
        Complex b = this;
        while (n > 0) {
            if ((n & 1) == 1) {
                result = result.mul(b);
            }
            b = b.mul(b);
            n >>= 1;
        }
        return result;
    }

    Complex sqrt() {
        if (im == 0) {
            return re >= 0 ? new Complex(Math.sqrt(re), 0) : new Complex(0, Math.sqrt(-re));
        }
        double m = abs();
        double a = Math.sqrt((m + re) / 2);
        double b = Math.copySign(Math.sqrt((m - re) / 2), im);
        return new Complex(a, b);
    }

    Complex sin() {
        if (im == 0) {
            return real(Math.sin(re));
        }
        return new Complex(Math.sin(re) * Math.cosh(im), Math.cos(re) * Math.sinh(im));
    }

    Complex cos() {
        if (im == 0) {
            return real(Math.cos(re));
        }
        return new Complex(Math.cos(re) * Math.cosh(im), -Math.sin(re) * Math.sinh(im));
    }

    Complex tan() {
        return sin().div(cos());
    }

    Complex sinh() {
        return exp().sub(neg().exp()).mul(real(0.5));
    }

    Complex cosh() {
        return exp().add(neg().exp()).mul(real(0.5));
    }

    Complex tanh() {
        return sinh().div(cosh());
    }

    /** asin z = -i log(iz + sqrt(1 - z^2)). */
    Complex asin() {
        if (im == 0 && re >= -1 && re <= 1) {
            return real(Math.asin(re));
        }
        Complex iz = I.mul(this);
        return I.neg().mul(iz.add(ONE.sub(mul(this)).sqrt()).log());
    }

    Complex acos() {
        if (im == 0 && re >= -1 && re <= 1) {
            return real(Math.acos(re));
        }
        return real(Math.PI / 2).sub(asin());
    }

    /** atan z = (i/2) log((i + z)/(i - z)). */
    Complex atan() {
        if (im == 0) {
            return real(Math.atan(re));
        }
        return I.mul(real(0.5)).mul(I.add(this).div(I.sub(this)).log());
    }

    @Override
    public String toString() {
        return im == 0 ? Double.toString(re) : re + (im < 0 ? "" : "+") + im + "i";
    }
}
