package dev.arbiter.shaping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.group.GroupMember;
import dev.arbiter.core.group.GroupOutcome;
import dev.arbiter.core.group.GroupTransform;
import dev.arbiter.core.group.GroupTransformFactory;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code trust_grpo} (catalog C6): SophiaVL-R1's trust-weighted, time-annealed thinking reward, then GRPO (verl).
 * Per group, with outcome scores a_i (the members' scores, or the {@code outcome_component}) and judge scores p_i
 * ({@code meta.judge_score}, or the {@code judge_component}):
 * <ol>
 *   <li>all a_i ≥ 0.9 or all ≤ 0.1: every p_i = 0 and w = 0 ("no discrimination");</li>
 *   <li>otherwise p_i is used only where a_i ≥ 0.2 (the judge is not called below), else 0;</li>
 *   <li>μ_c, μ_i = mean p over correct (a ≥ 0.5) and incorrect members (0 for an empty subset);</li>
 *   <li>w = 0.3·exp(−s/T); if μ_c &lt; μ_i and the correct subset is non-empty, w ·= exp(μ_c − μ_i)
 *       (the logged γ = exp(2(μ_c − μ_i)) is in the details only);</li>
 *   <li>R_i = a_i + w·p_i, then the verl GRPO advantage (ε 1e-6) unless {@code advantage: none}.</li>
 * </ol>
 * Quirk kept: with binary outcomes the trust discount never triggers (every incorrect a = 0 &lt; 0.2 has p = 0).
 * The step s is the caller's, or {@code meta.<step_field>} when the caller passes 0 (the CLI does). A judge score
 * that is needed but missing or non-finite counts as 0 and is counted in {@code details.missing_judge}. Members
 * without an ok result are left out and get no value.
 */
public record TrustGrpo(double high, double low, double judgeMin, double correct, double w0, double temperature,
                        String judgeField, String judgeComponent, String outcomeComponent, String stepField,
                        boolean advantage, RewardSignature signature) implements GroupTransform {

    @Override
    public GroupOutcome apply(List<GroupMember> members, long step) {
        int n = members.size();
        long s = Groups.step(members, step, stepField);
        double[] a = new double[n];
        boolean[] ok = new boolean[n];
        int nOk = 0;
        boolean allHigh = true;
        boolean allLow = true;
        for (int i = 0; i < n; i++) {
            RewardResult r = members.get(i).result();
            if (!r.isOk()) {
                a[i] = Double.NaN;
                continue;
            }
            Double v = outcomeComponent == null ? Double.valueOf(r.score()) : r.components().get(outcomeComponent);
            if (v == null || !Double.isFinite(v)) {
                a[i] = Double.NaN;
                continue;
            }
            a[i] = v;
            ok[i] = true;
            nOk++;
            allHigh &= v >= high;
            allLow &= v <= low;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("size", nOk);
        details.put("step", s);
        double[] out = new double[n];
        if (nOk == 0) {
            java.util.Arrays.fill(out, Double.NaN);
            return GroupOutcome.of(out, details);
        }
        boolean noDisc = allHigh || allLow;
        double[] p = new double[n];
        int missing = 0;
        if (!noDisc) {
            for (int i = 0; i < n; i++) {
                if (ok[i] && a[i] >= judgeMin) {
                    double v = judge(members.get(i));
                    if (Double.isNaN(v)) {
                        missing++;
                        v = 0;
                    }
                    p[i] = v;
                }
            }
        }
        double w = 0;
        double gamma = 1;
        double muC = 0;
        double muI = 0;
        if (!noDisc) {
            double sc = 0;
            double si = 0;
            int nc = 0;
            int ni = 0;
            for (int i = 0; i < n; i++) {
                if (!ok[i]) {
                    continue;
                }
                if (a[i] >= correct) {
                    sc += p[i];
                    nc++;
                } else {
                    si += p[i];
                    ni++;
                }
            }
            muC = nc == 0 ? 0 : sc / nc;
            muI = ni == 0 ? 0 : si / ni;
            w = w0 * Math.exp(-(double) s / temperature);
            if (muC < muI && nc > 0) {
                w *= Math.exp(muC - muI);
                gamma = Math.exp(2 * (muC - muI));
            }
        }
        details.put("no_discrimination", noDisc);
        details.put("w", w);
        details.put("mu_correct", muC);
        details.put("mu_incorrect", muI);
        details.put("gamma", gamma);
        if (missing > 0) {
            details.put("missing_judge", missing);
        }
        List<GroupMember> shaped = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double r = ok[i] ? a[i] + w * p[i] : Double.NaN;
            out[i] = r;
            GroupMember m = members.get(i);
            shaped.add(new GroupMember(m.sample(), ok[i] ? RewardResult.ok(r) : RewardResult.invalidInput("no outcome score")));
        }
        if (!advantage) {
            return GroupOutcome.of(Groups.sanitize(out), details);
        }
        GroupOutcome adv = new GrpoAdvantage(true, true, 1e-6, false, 0.0, signature).apply(shaped, s);
        details.putAll(adv.details());
        details.put("size", nOk);
        return GroupOutcome.of(Groups.sanitize(adv.values()), details);
    }

    private double judge(GroupMember m) {
        if (judgeComponent != null) {
            Double v = m.result().components().get(judgeComponent);
            return v == null || !Double.isFinite(v) ? Double.NaN : v;
        }
        JsonNode node = Inputs.at(m.sample(), judgeField);
        if (node == null) {
            return Double.NaN;
        }
        try {
            return Inputs.finite(node, judgeField);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    public static final class Factory implements GroupTransformFactory {
        @Override public String name() { return "trust_grpo"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "shaping"; }
        @Override public String source() {
            return "SophiaVL-R1 Trust-GRPO (kxfan2002/SophiaVL-R1 verl/workers/reward/custom.py, ray_trainer.py)";
        }
        @Override public String description() {
            return "R = a + w·p with a trust-weighted, exp(−s/T)-annealed judge weight w, then the GRPO advantage.";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.optional("alpha", ParamKind.DOUBLE, 500.0, "annealing temperature T (reward.alpha; fullsets.yaml uses 12000)"),
                    Param.optional("weight", ParamKind.DOUBLE, 0.3, "initial judge weight"),
                    Param.optional("high", ParamKind.DOUBLE, 0.9, "all outcomes ≥ this: no discrimination"),
                    Param.optional("low", ParamKind.DOUBLE, 0.1, "all outcomes ≤ this: no discrimination"),
                    Param.optional("judge_min", ParamKind.DOUBLE, 0.2, "the judge counts only for outcomes ≥ this"),
                    Param.optional("correct", ParamKind.DOUBLE, 0.5, "outcomes ≥ this are 'correct'"),
                    Param.optional("judge_field", ParamKind.STRING, "judge_score", "meta number: the thinking-judge score p"),
                    Param.optional("judge_component", ParamKind.STRING, null, "read p from this component of the result instead"),
                    Param.optional("outcome_component", ParamKind.STRING, null, "read a from this component instead of the score"),
                    Param.optional("step_field", ParamKind.STRING, "step", "meta number giving the step when the caller passes 0"),
                    Param.choice("advantage", "grpo", List.of("grpo", "none"), "grpo: verl GRPO advantage of R; none: R itself"));
        }
        @Override
        public GroupTransform create(Params p) {
            if (p.number("alpha") <= 0) {
                throw p.error("alpha", "alpha (the annealing temperature) must be positive");
            }
            return new TrustGrpo(p.number("high"), p.number("low"), p.number("judge_min"), p.number("correct"),
                    p.number("weight"), p.number("alpha"), p.string("judge_field"), p.string("judge_component"),
                    p.string("outcome_component"), p.string("step_field"), p.string("advantage").equals("grpo"),
                    p.signature(version()));
        }
    }
}
