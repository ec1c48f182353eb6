package dev.arbiter.shaping;

import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Status;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.arbiter.shaping.S.sample;
import static dev.arbiter.shaping.S.score;
import static dev.arbiter.shaping.S.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalog's worked examples for the per-sample shaping types (C7, C10, C11, C16, C18, B7, B10, D2c). */
class RewardExamplesTest {
    private static final double TOL = 5e-7;
    private static final String PAR = "{type: par, reward: {type: meta_score, field: rm}";

    private static String par(String extra) {
        return PAR + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    @Test
    void parC7dExamples() {
        assertEquals(0.5, value(par(""), "{\"rm\": 2.0, \"reference_rewards\": [1, 3]}"), TOL);
        assertEquals(0.805928, value(par(""), "{\"rm\": 2.0, \"reference_rewards\": [0, 1]}"), TOL);
        assertEquals(0.5, value(par(""), "{\"rm\": 0, \"reference_rewards\": [0]}"), TOL);
        assertEquals(0.975965, value(par(""), "{\"rm\": 5, \"reference_rewards\": [0, 1, 2]}"), TOL);
    }

    @Test
    void parLengthPenaltyThenPar() {
        assertEquals(0.720017, value(par("length_penalty: true"),
                "{\"rm\": 2.0, \"response_length\": 350, \"reference_rewards\": [0, 1]}"), TOL);
        assertEquals(0.805928, value(par("length_penalty: true"),
                "{\"rm\": 2.0, \"response_length\": 300, \"reference_rewards\": [0, 1]}"), TOL, "300 tokens are free");
        assertEquals(Status.INVALID_INPUT, score(par("length_penalty: true"), sample("{\"rm\": 2, \"reference_rewards\": [0]}")).status(),
                "the penalty needs the token count");
    }

    @Test
    void parBaselines() {
        assertEquals(1.5, value(par("method: centered"), "{\"rm\": 2, \"reference_rewards\": [0, 1]}"), TOL);
        assertEquals(0.194072, value(par("method: sgfc"), "{\"rm\": 2, \"reference_rewards\": [0, 1]}"), TOL);
        assertEquals(-0.323194, value(par("method: lsc"), "{\"rm\": 4, \"reference_rewards\": [1, 2, 3]}"), TOL);
        assertEquals(-1.340034, value(par("method: lsc"), "{\"rm\": 2, \"reference_rewards\": [1, 2, 3]}"), TOL);
        assertEquals(3.036444, PreferenceAsReward.lscReference(new double[] {1, 2, 3}, 0.85), 1e-6);
        assertEquals(Maths.sigmoid(0.7), value(par("method: sigmoid"), "{\"rm\": 0.7}"), 1e-12, "no references needed");
        assertEquals(Math.tanh(0.7), value(par("method: tanh"), "{\"rm\": 0.7}"), 1e-12);
        assertEquals((Math.tanh(2) + Math.tanh(1)) / 2, value(par("method: tanh_relative"), "{\"rm\": 2, \"reference_rewards\": [0, 1]}"), 1e-12);
        assertEquals(Math.atan(0.7), value(par("method: arctan"), "{\"rm\": 0.7}"), 1e-12);
        assertEquals(1.5, value(par("method: centered, ceil: 3"), "{\"rm\": 2, \"reference_rewards\": [0, 1]}"), TOL);
        assertEquals(0.5, value(par("method: centered, ceil: 1"), "{\"rm\": 2, \"reference_rewards\": [0, 1]}"), TOL,
                "ceil first: min(2, 1) = 1, centered: mean(1 − 0, 1 − 1) = 0.5");
        assertEquals(0.5, value(par("method: centered, ceil: 0.5"), "{\"rm\": 0.75, \"reference_rewards\": [-1, -2]}"), TOL,
                "ceil again after centering: mean(1.5, 2.5) = 2 → 0.5");
        assertEquals(0.7, value(par("method: none, ceil: 0.7"), "{\"rm\": 2}"), 0);
    }

    @Test
    void parUsesTheFirstMaxRefsButLscAllOfThemUnderTheCodeQuirk() {
        String meta = "{\"rm\": 1, \"reference_rewards\": [0, 0, 100]}";
        assertEquals(Maths.sigmoid(1), value(par("max_refs: 2"), meta), 1e-12);
        double all = Maths.logSigmoid(1 - PreferenceAsReward.lscReference(new double[] {0, 0, 100}, 0.85));
        double first = Maths.logSigmoid(1 - PreferenceAsReward.lscReference(new double[] {0, 0}, 0.85));
        assertEquals(all, value(par("method: lsc, max_refs: 2"), meta), 1e-12);
        assertEquals(first, value(par("method: lsc, max_refs: 2, code_faithful: false"), meta), 1e-12);
    }

    @Test
    void fittedPolynomialFollowsTheSigmoidAndIsPiecewise() {
        assertEquals(0.0, PreferenceAsReward.fittedPoly(-5), 0);
        assertEquals(1.0, PreferenceAsReward.fittedPoly(5), 0);
        for (double x = -4.9; x < 5; x += 0.1) {
            assertEquals(Maths.sigmoid(x), PreferenceAsReward.fittedPoly(x), 0.02, "x=" + x);
        }
        assertEquals(0.5, PreferenceAsReward.fittedPoly(0), 1e-9, "the fit of an odd-symmetric curve is symmetric");
    }

    @Test
    void normalQuantileMatchesKnownValues() {
        assertEquals(1.0364333894937898, Maths.normalQuantile(0.85), 1e-14);
        assertEquals(1.959963984540054, Maths.normalQuantile(0.975), 1e-14);
        assertEquals(-1.959963984540054, Maths.normalQuantile(0.025), 1e-14);
        assertEquals(3.090232306167813, Maths.normalQuantile(0.999), 1e-13);
        assertEquals(-9.262340089798408, Maths.normalQuantile(1e-20), 1e-11);
        assertEquals(0.0, Maths.normalQuantile(0.5), 0);
    }

    @Test
    void klRegularisedC10Example() {
        String spec = "{type: kl_regularized, beta: 0.05, emit_tokens: true, reward: {type: meta_score, field: rm}}";
        RewardResult r = score(spec, sample("{\"rm\": 1, \"log_ratios\": [0.2, -0.1, 0.4]}"));
        assertEquals(0.975, r.score(), 1e-12);
        @SuppressWarnings("unchecked")
        List<Double> tokens = (List<Double>) r.details().get("token_rewards");
        assertEquals(-0.01, tokens.get(0), 1e-12);
        assertEquals(0.005, tokens.get(1), 1e-12);
        assertEquals(0.98, tokens.get(2), 1e-12);
        assertEquals(0.975, value(spec, "{\"rm\": 1, \"logprobs\": [-1.0, -2.1, -0.5], \"ref_logprobs\": [-1.2, -2.0, -0.9]}"), 1e-12);
        assertEquals(1.0, value(spec, "{\"rm\": 1, \"log_ratios\": []}"), 0, "no tokens: R");
    }

    @Test
    void klEstimators() {
        assertEquals(0.2, KlRegularized.penalty("k1", 0.2), 0);
        assertEquals(0.2, KlRegularized.penalty("abs", -0.2), 0);
        assertEquals(0.02, KlRegularized.penalty("mse", 0.2), 1e-15);
        assertEquals(Math.exp(-0.2) + 0.2 - 1, KlRegularized.penalty("low_var_kl", 0.2), 1e-15);
        assertEquals(10, KlRegularized.penalty("low_var_kl", -100), 0, "clamped");
    }

    @Test
    void brmeC11Example() {
        assertEquals(1.0, value("{type: brme, lambda: 0.5}",
                "{\"ensemble\": [{\"mean\": 1.2, \"std\": 0.1}, {\"mean\": 0.8, \"std\": 0.3}, {\"mean\": 1.0, \"std\": 0.2}]}"), 1e-12);
        assertEquals(0.9, value("{type: brme, lambda: 0.5}", "{\"ensemble\": [1.2, 0.8, 1.0]}"), 1e-12, "scalar heads: nominal = mean");
        assertEquals(0.9, value("{type: brme, lambda: 0.5, rewards: {a: {type: constant, value: 1.2}, b: {type: constant, value: 0.8}, "
                + "c: {type: constant, value: 1.0}}}", "{}"), 1e-12);
        assertEquals(Status.INVALID_INPUT, score("{type: brme, lambda: 0.5, nominal: min_std}", sample("{\"ensemble\": [1, 2]}")).status());
    }

    @Test
    void prmClipAndDeltaC16Examples() {
        RewardResult clip = score("{type: prm_shaping, mode: clip, eta: 0.7}", sample("{\"step_scores\": [0.9, 0.6, 0.8]}"));
        assertListEquals(List.of(0.0, -0.1, 0.0), clip.details().get("step_rewards"));
        assertEquals(-0.1, clip.score(), 1e-12);
        RewardResult delta = score("{type: prm_shaping, mode: delta}", sample("{\"step_scores\": [0.9, 0.6, 0.8]}"));
        assertListEquals(List.of(0.3, -0.2, 0.8), delta.details().get("step_rewards"));
        assertEquals(0.9, delta.score(), 1e-12, "telescopes to p_1");
        RewardResult repeated = score("{type: prm_shaping, mode: delta}", sample("{\"step_scores\": [0.9, 0.9, 0.9, 0.9]}"));
        assertListEquals(List.of(0.0, 0.0, 0.0, 0.9), repeated.details().get("step_rewards"));
        assertEquals(0.9, repeated.score(), 1e-12);
        assertEquals(1 + 0.5 * 0.9, value("{type: prm_shaping, mode: delta, alpha: 0.5, success: {type: constant, value: 1}}",
                "{\"step_scores\": [0.9, 0.6, 0.8]}"), 1e-12, "success + α·Σ");
        RewardResult both = score("{type: prm_shaping, mode: clip_delta, eta: 0.7}", sample("{\"step_scores\": [0.9, 0.6, 0.8]}"));
        assertListEquals(List.of(0.1, -0.1, 0.0), both.details().get("step_rewards"));
        assertEquals(0.0, both.score(), 1e-12, "clip, then delta: telescopes to the first clipped value");
    }

    private static void assertListEquals(List<Double> expected, Object actual) {
        @SuppressWarnings("unchecked")
        List<Double> a = (List<Double>) actual;
        assertEquals(expected.size(), a.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(expected.get(i), a.get(i), 1e-12, "element " + i);
        }
    }

    @Test
    void lambdaHarmonicB7Examples() {
        String m = "{\"subject_similarity\": 0.8, \"text_similarity\": 0.3}";
        assertEquals(0.709091, value("lambda_harmonic", m), TOL);
        assertEquals(0.9, value("{type: lambda_harmonic, lambda: 1}", m), TOL);
        assertEquals(0.65, value("{type: lambda_harmonic, lambda: 0}", m), TOL);
        assertEquals(3.3333e-8, value("lambda_harmonic", "{\"subject_similarity\": -1, \"text_similarity\": 0.5}"), 1e-12, "collapses");
        assertEquals(0.709091, value("lambda_harmonic", "{\"subject_similarity\": [0.7, 0.9], \"text_similarity\": 0.3}"), TOL,
                "A is the mean over reference images");
        RewardResult clamped = score("lambda_harmonic", sample("{\"subject_similarity\": -1.0000001, \"text_similarity\": 0.5}"));
        assertTrue(clamped.isOk() && clamped.score() >= 0 && Boolean.TRUE.equals(clamped.details().get("clamped")));
    }

    @Test
    void dpaB10Examples() {
        RewardResult r = score("{type: dpa, theta: -15}", sample("{\"objectives\": {\"helpfulness\": 70, \"verbosity\": 40}}"));
        assertEquals(57.262046, r.score(), TOL);
        assertEquals(Map.of("helpfulness", 97L, "verbosity", -26L), r.details().get("prompt_weights"));
        assertEquals(70, value("dpa", "{\"objectives\": {\"helpfulness\": 70, \"verbosity\": 40}}"), 1e-12, "θ = 0: R = helpfulness");
        assertEquals((3 * 70 + 4 * 40) / 5.0, value("{type: dpa, weights: {helpfulness: 3, verbosity: 4}}",
                "{\"objectives\": {\"helpfulness\": 70, \"verbosity\": 40}}"), 1e-9, "weights are made unit");
        assertEquals(Status.INVALID_INPUT, score("dpa", sample("{\"objectives\": {\"helpfulness\": 70}}")).status());
    }

    @Test
    void scirC18Examples() {
        RewardResult keep = score("scir_consistency", sample("{\"preference_probs\": [0.8, 0.65]}"));
        assertEquals(1.0, keep.score());
        assertEquals("y1", keep.details().get("label"));
        assertEquals(0.0, value("scir_consistency", "{\"preference_probs\": [0.8, 0.4]}"));
        assertEquals(0.0, value("{type: scir_consistency, margin: 0.05}", "{\"preference_probs\": [0.52, 0.9]}"));
        assertEquals("y2", score("scir_consistency", sample("{\"preference_probs\": [0.2, 0.3]}")).details().get("label"));
        assertEquals(0.0, value("scir_consistency", "{\"preference_probs\": [0.5, 0.9]}"), "0.5 is on neither side");
        assertEquals(1.0, value("scir_consistency", "{\"preference_probs\": [0.8], \"dpo_log_ratios\": [3, 1]}"), "σ(0.1·2) > 0.5 agrees");
        assertEquals(0.0, value("scir_consistency", "{\"preference_probs\": [0.8], \"dpo_log_ratios\": [1, 3]}"));
    }

    @Test
    void noiseFlipIsDeterministicPerGroupAndHitsItsRate() {
        dev.arbiter.core.Reward spec = S.reward("{type: noise_flip, p: 0.3, seed: 11, reward: {type: meta_score, field: acc}}");
        int flipped = 0;
        int groups = 4000;
        for (int g = 0; g < groups; g++) {
            Sample a = S.sample("a" + g, "grp" + g, "{\"acc\": 1}");
            Sample b = S.sample("b" + g, "grp" + g, "{\"acc\": 0}");
            RewardResult ra = spec.score(a, dev.arbiter.core.Deadline.none());
            RewardResult rb = spec.score(b, dev.arbiter.core.Deadline.none());
            assertEquals(ra.details().get("flipped"), rb.details().get("flipped"), "a group flips together");
            if (Boolean.TRUE.equals(ra.details().get("flipped"))) {
                flipped++;
                assertEquals(0.0, ra.score());
                assertEquals(1.0, rb.score());
            }
            assertEquals(ra, spec.score(a, dev.arbiter.core.Deadline.none()), "the same sample flips the same way every time");
        }
        double rate = flipped / (double) groups;
        assertTrue(rate > 0.27 && rate < 0.33, "rate " + rate);
        assertEquals(1.0, value("{type: noise_flip, p: 0, reward: {type: constant, value: 1}}", "{}"));
        assertEquals(0.0, value("{type: noise_flip, p: 1, reward: {type: constant, value: 1}}", "{}"));
        assertEquals(-1.0, value("{type: noise_flip, p: 1, flip: negate, reward: {type: constant, value: 1}}", "{}"));
        assertEquals(0.25, value("{type: noise_flip, p: 1, reward: {type: constant, value: 1}, when_correct: {type: constant, value: 0.25}}", "{}"),
                "a flipped correct answer gets the format reward (add_format_reward_when_wrong)");
        assertEquals(1.0, value("{type: noise_flip, p: 1, reward: {type: constant, value: 0}, when_correct: {type: constant, value: 0.25}}", "{}"),
                "a flipped wrong answer becomes 1");
    }

    @Test
    void difficultyScaleMultiplies() {
        assertEquals(1.5, value("{type: difficulty_scale, reward: {type: constant, value: 1}}", "{\"difficulty_scale\": 1.5}"), 0);
        assertEquals(1.0, value("{type: difficulty_scale, default: 1, reward: {type: constant, value: 1}}", "{}"), 0);
        assertFalse(score("{type: difficulty_scale, reward: {type: constant, value: 1}}", sample("{}")).isOk());
    }
}
