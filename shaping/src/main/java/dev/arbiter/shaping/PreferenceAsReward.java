package dev.arbiter.shaping;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code par} (catalog C7): Preference As Reward and the per-sample shaping baselines of PAR's
 * {@code RewardShaper.shaped_reward}, in the code's order: ceil; length penalty; centered / sgfc; ceil again; then
 * sigmoid (plain or relative = PAR), tanh, arctan, fitted polynomial, or LSC. The proxy reward r is the child
 * {@code reward}; the reference rewards (RM scores of SFT responses to the same prompt) are {@code meta.<refs_field>},
 * of which the first {@code max_refs} are used.
 *
 * <p>Quirk (switch {@code code_faithful}, default true): LSC uses <em>all</em> reference rewards, not the first
 * {@code max_refs}, as the code does. The running-statistics baselines (meanstd, clip, minmax) need state and are
 * the group transforms {@code running_meanstd}, {@code running_clip}, {@code running_minmax}.
 *
 * <p>Edge cases: a method that needs reference rewards and gets none (missing field or empty list) is
 * {@code invalid_input}, as is a non-finite reference; the length penalty needs {@code meta.<length_field>}
 * (response tokens) and is {@code invalid_input} without it. One reference has std 0 in LSC (std_u of one value).
 */
public final class PreferenceAsReward extends ShapingReward {
    static final List<String> METHODS = List.of("par", "sigmoid", "centered", "sgfc", "tanh", "tanh_relative", "arctan",
            "arctan_relative", "fitted_poly", "fitted_poly_relative", "lsc", "none");
    private static final double[] POLY = fitSigmoidPoly();

    private final Reward child;
    private final String method;
    private final String refsField;
    private final int maxRefs;
    private final double k;
    private final double sgfcShift;
    private final double lscPercentile;
    private final Double ceil;
    private final boolean lengthPenalty;
    private final int maxLength;
    private final double lengthCoef;
    private final String lengthField;
    private final boolean codeFaithful;

    PreferenceAsReward(Reward child, String method, String refsField, int maxRefs, double k, double sgfcShift,
                       double lscPercentile, Double ceil, boolean lengthPenalty, int maxLength, double lengthCoef,
                       String lengthField, boolean codeFaithful, RewardSignature signature) {
        super(signature);
        this.child = child;
        this.method = method;
        this.refsField = refsField;
        this.maxRefs = maxRefs;
        this.k = k;
        this.sgfcShift = sgfcShift;
        this.lscPercentile = lscPercentile;
        this.ceil = ceil;
        this.lengthPenalty = lengthPenalty;
        this.maxLength = maxLength;
        this.lengthCoef = lengthCoef;
        this.lengthField = lengthField;
        this.codeFaithful = codeFaithful;
    }

    @Override
    RewardResult compute(Sample sample, Deadline deadline) {
        double[] allRefs = needsRefs(method) ? refs(sample, deadline) : new double[0];
        double[] refs = allRefs.length > maxRefs ? Arrays.copyOf(allRefs, maxRefs) : allRefs;
        RewardResult base = Inputs.child("reward", child, sample, deadline);
        double raw = base.score();
        double r = raw;
        Map<String, Object> details = new LinkedHashMap<>();
        if (ceil != null) {
            r = Math.min(r, ceil);
        }
        if (lengthPenalty) {
            double len = Inputs.number(sample, lengthField);
            if (len > maxLength) {
                r -= lengthCoef * (len - maxLength);
                details.put("length_penalty", lengthCoef * (len - maxLength));
            }
        }
        final double pre = r;
        switch (method) {
            case "centered" -> r = average(refs, ref -> pre - ref);
            case "sgfc" -> r = average(refs, ref -> Maths.sigmoid(k * (pre - sgfcShift - ref)));
            default -> { }
        }
        if (ceil != null) {
            r = Math.min(r, ceil);
        }
        final double x = r;
        r = switch (method) {
            case "par" -> average(refs, ref -> Maths.sigmoid(k * (x - ref)));
            case "sigmoid" -> Maths.sigmoid(k * x);
            case "tanh" -> Math.tanh(x);
            case "tanh_relative" -> average(refs, ref -> Math.tanh(x - ref));
            case "arctan" -> Math.atan(x);
            case "arctan_relative" -> average(refs, ref -> Math.atan(x - ref));
            case "fitted_poly" -> fittedPoly(x);
            case "fitted_poly_relative" -> average(refs, ref -> fittedPoly(x - ref));
            case "lsc" -> {
                double[] used = codeFaithful ? allRefs : refs;
                double ref = lscReference(used, lscPercentile);
                details.put("lsc_reference", ref);
                yield Maths.logSigmoid(x - ref);
            }
            default -> x;
        };
        if (needsRefs(method)) {
            details.put("references", method.equals("lsc") && codeFaithful ? allRefs.length : refs.length);
        }
        Map<String, Double> comps = new LinkedHashMap<>();
        comps.put("reward", raw);
        return Inputs.ok(r, method, details, comps);
    }

    private static double average(double[] refs, java.util.function.DoubleUnaryOperator f) {
        double s = 0;
        for (double ref : refs) {
            s += f.applyAsDouble(ref);
        }
        return s / refs.length;
    }

    static boolean needsRefs(String method) {
        return method.equals("par") || method.equals("centered") || method.equals("sgfc") || method.endsWith("_relative")
                || method.equals("lsc");
    }

    private double[] refs(Sample sample, Deadline deadline) {
        double[] refs = Inputs.numbers(sample, refsField, deadline);
        if (refs.length == 0) {
            throw new InvalidInputException("meta." + refsField + " is empty; " + method + " needs reference rewards");
        }
        return refs;
    }

    /** LSC's reference: the given percentile of N(mean(refs), std_u(refs) + 1e-5). */
    static double lscReference(double[] refs, double percentile) {
        return Maths.mean(refs) + Maths.normalQuantile(percentile) * (Maths.stdUnbiased(refs) + 1e-5);
    }

    /** PAR's fitted polynomial: 0 at x ≤ −5, 1 at x ≥ 5, otherwise the degree-5 least-squares fit of σ on [−5, 5]. */
    static double fittedPoly(double x) {
        if (x <= -5) {
            return 0.0;
        }
        if (x >= 5) {
            return 1.0;
        }
        double t = x / 5.0;
        double y = 0;
        for (int i = POLY.length - 1; i >= 0; i--) {
            y = y * t + POLY[i];
        }
        return y;
    }

    /** Least squares of σ(x) on 100 points of linspace(−5, 5) by a degree-5 polynomial in t = x/5 (normal equations). */
    private static double[] fitSigmoidPoly() {
        int n = 100;
        int d = 6;
        double[][] a = new double[d][d + 1];
        for (int i = 0; i < n; i++) {
            double x = -5.0 + 10.0 * i / (n - 1);
            double t = x / 5.0;
            double y = 1.0 / (1.0 + Math.exp(-x));
            double[] pw = new double[2 * d];
            pw[0] = 1;
            for (int j = 1; j < pw.length; j++) {
                pw[j] = pw[j - 1] * t;
            }
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    a[r][c] += pw[r + c];
                }
                a[r][d] += pw[r] * y;
            }
        }
        for (int col = 0; col < d; col++) {
            int piv = col;
            for (int r = col + 1; r < d; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) {
                    piv = r;
                }
            }
            double[] tmp = a[col];
            a[col] = a[piv];
            a[piv] = tmp;
            for (int r = 0; r < d; r++) {
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    for (int c = col; c <= d; c++) {
                        a[r][c] -= f * a[col][c];
                    }
                }
            }
        }
        double[] coef = new double[d];
        for (int r = 0; r < d; r++) {
            coef[r] = a[r][d] / a[r][r];
        }
        return coef;
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "par"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "shaping"; }
        @Override public String source() {
            return "Fu et al., 'Reward shaping to mitigate reward hacking in RLHF' (PAR); PorUna-byte/PAR trainers/reward_shaper.py";
        }
        @Override public String description() {
            return "Preference As Reward: mean_m σ(k·(r − ref_m)) over reference rewards (range (0, 1)), or one of PAR's "
                    + "per-sample baselines (sigmoid, centered, sgfc, tanh, arctan, fitted_poly, lsc).";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.required("reward", ParamKind.SPEC, "the proxy reward r (an RM score, e.g. meta_score)"),
                    Param.choice("method", "par", METHODS, "the shaping; par = relative sigmoid"),
                    Param.optional("refs_field", ParamKind.STRING, "reference_rewards", "meta list of the reference responses' rewards"),
                    Param.optional("max_refs", ParamKind.INT, 10, "how many reference rewards are used (reward_maxref)"),
                    Param.optional("k", ParamKind.DOUBLE, 1.0, "sigmoid slope (sigmoid_k)"),
                    Param.optional("sgfc_shift", ParamKind.DOUBLE, 3.0, "sgfc: PAR of r − shift"),
                    Param.optional("lsc_percentile", ParamKind.DOUBLE, 0.85, "LSC: percentile of the reference normal"),
                    Param.optional("ceil", ParamKind.DOUBLE, null, "reward_ceil: min(r, ceil), before and after centering"),
                    Param.optional("length_penalty", ParamKind.BOOL, false, "subtract length_coef per token beyond max_length (PAR's trainer default is on)"),
                    Param.optional("max_length", ParamKind.INT, 300, "gen_valid_len: tokens allowed before the penalty"),
                    Param.optional("length_coef", ParamKind.DOUBLE, 0.01, "len_penalty per extra token"),
                    Param.optional("length_field", ParamKind.STRING, "response_length", "meta number: the response length in tokens"),
                    Param.optional("code_faithful", ParamKind.BOOL, true, "LSC uses all reference rewards (code) rather than the first max_refs"));
        }
        @Override
        public Reward create(Params p) {
            if (p.integer("max_refs") < 1) {
                throw p.error("max_refs", "max_refs must be at least 1");
            }
            double pc = p.number("lsc_percentile");
            if (!(pc > 0 && pc < 1)) {
                throw p.error("lsc_percentile", "lsc_percentile (" + pc + ") must lie in (0, 1)");
            }
            return new PreferenceAsReward(p.reward("reward"), p.string("method"), p.string("refs_field"),
                    p.integer("max_refs"), p.number("k"), p.number("sgfc_shift"), pc,
                    p.isSet("ceil") ? p.number("ceil") : null, p.bool("length_penalty"), p.integer("max_length"),
                    p.number("length_coef"), p.string("length_field"), p.bool("code_faithful"), p.signature(version()));
        }
    }
}
