package dev.arbiter.shaping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.group.GroupMember;
import dev.arbiter.core.group.GroupOutcome;
import dev.arbiter.core.group.GroupTransform;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.arbiter.shaping.S.group;
import static dev.arbiter.shaping.S.member;
import static dev.arbiter.shaping.S.transform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalog's worked examples for the group transforms (C4–C7, C9, C13, C14) and MM-RLHF scaling. */
class TransformExamplesTest {
    private static final double TOL = 5e-7;

    static boolean[] kept(GroupOutcome o) {
        return o.kept();
    }

    // ---- C6 Trust-GRPO ----

    private static List<GroupMember> trustGroup(double[] a, Double[] p, long step) {
        List<GroupMember> out = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            String meta = "{\"step\": " + step + (p[i] == null ? "" : ", \"judge_score\": " + p[i]) + "}";
            out.add(member("q", i, a[i], meta));
        }
        return out;
    }

    @Test
    void trustGrpoC6Examples() {
        GroupTransform t = transform("{type: trust_grpo, alpha: 12000, advantage: none}");
        GroupOutcome e1 = t.apply(trustGroup(new double[] {1, 1, 0, 0}, new Double[] {0.8, 0.6, 0.9, 0.7}, 0), 0);
        assertArrayEquals(new double[] {1.24, 1.18, 0, 0}, e1.values(), 1e-12);
        assertEquals(0.3, (double) e1.details().get("w"), 1e-12);

        GroupOutcome e2 = t.apply(trustGroup(new double[] {1, 0.3, 0.3, 0}, new Double[] {0.5, 0.9, 0.8, null}, 0), 0);
        assertEquals(0.280652, (double) e2.details().get("w"), TOL);
        assertArrayEquals(new double[] {1.140326, 0.552587, 0.524522, 0}, e2.values(), TOL);
        assertEquals(Math.exp(2 * (0.5 - 1.7 / 3)), (double) e2.details().get("gamma"), 1e-12, "γ is logged only");

        GroupOutcome e3 = t.apply(trustGroup(new double[] {1, 0.3, 0.3, 0}, new Double[] {0.5, 0.9, 0.8, null}, 12000), 0);
        assertEquals(0.103246, (double) e3.details().get("w"), TOL, "the step comes from meta.step when the caller passes 0");
        GroupOutcome e3b = t.apply(trustGroup(new double[] {1, 0.3, 0.3, 0}, new Double[] {0.5, 0.9, 0.8, null}, 0), 12000);
        assertEquals(0.103246, (double) e3b.details().get("w"), TOL, "or from the caller");

        GroupOutcome e4 = t.apply(trustGroup(new double[] {1, 1, 1}, new Double[] {0.1, 0.9, 0.5}, 0), 0);
        assertArrayEquals(new double[] {1, 1, 1}, e4.values(), 0, "no discrimination: a unchanged");
        assertEquals(0.0, (double) e4.details().get("w"));
    }

    @Test
    void trustGrpoQuirkBinaryTasksNeverDiscount() {
        GroupTransform t = transform("{type: trust_grpo, alpha: 12000, advantage: none}");
        GroupOutcome o = t.apply(trustGroup(new double[] {1, 0, 0}, new Double[] {0.1, 0.9, 0.9}, 0), 0);
        assertEquals(0.3, (double) o.details().get("w"), 1e-12, "incorrect a = 0 < 0.2: p is not used, μ_i = 0");
    }

    @Test
    void trustGrpoThenGrpoAdvantage() {
        GroupTransform t = transform("{type: trust_grpo, alpha: 12000}");
        GroupOutcome o = t.apply(trustGroup(new double[] {1, 1, 0, 0}, new Double[] {0.8, 0.6, 0.9, 0.7}, 0), 0);
        double[] r = {1.24, 1.18, 0, 0};
        double mean = (1.24 + 1.18) / 4;
        double ss = 0;
        for (double x : r) {
            ss += (x - mean) * (x - mean);
        }
        double sd = Math.sqrt(ss / 3);
        for (int i = 0; i < 4; i++) {
            assertEquals((r[i] - mean) / (sd + 1e-6), o.values()[i], 1e-9);
        }
    }

    @Test
    void trustGrpoMissingJudgeCountsAsZeroAndIsReported() {
        GroupTransform t = transform("{type: trust_grpo, alpha: 12000, advantage: none}");
        GroupOutcome o = t.apply(trustGroup(new double[] {1, 0.3}, new Double[] {null, 0.5}, 0), 0);
        assertEquals(1, o.details().get("missing_judge"));
        assertEquals(1.0, o.values()[0], 0);
    }

    // ---- C4 RLPR ----

    private static List<GroupMember> withStep(long step, double... scores) {
        List<GroupMember> out = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            out.add(member("s" + step, i, scores[i], "{\"step\": " + step + "}"));
        }
        return out;
    }

    @Test
    void rlprC4Example() {
        GroupTransform.Stateful t = (GroupTransform.Stateful) transform("rlpr_filter");
        JsonNode state = S.meta("{\"current_step\": 20, \"step_sum\": 0, \"step_count\": 0, \"collected\": [], \"ema\": 0.2}");
        t.restoreState(state);
        GroupOutcome a = t.apply(withStep(20, 0.0, 0.05, 0.1), 0);
        GroupOutcome b = t.apply(withStep(20, 0.0, 0.1, 0.2), 0);
        GroupOutcome c = t.apply(withStep(20, 0, 0.3, 0.6), 0);
        assertEquals(0.1, (double) a.details().get("threshold"), 0);
        assertFalse(a.kept()[0], "std 0.05 < 0.1");
        assertTrue(b.kept()[0], "std 0.1 = threshold is kept");
        assertTrue(c.kept()[0]);
        assertArrayEquals(new double[] {0.0, 0.05, 0.1}, a.values(), 0, "values pass through");
    }

    @Test
    void rlprEmaTimeline() {
        GroupTransform.Stateful t = (GroupTransform.Stateful) transform("rlpr_filter");
        for (int s = 1; s <= 5; s++) {
            assertTrue(t.apply(withStep(s, 0, 0), 0).kept()[0], "nothing is dropped before step 11");
        }
        // steps 6..10: one group each with std 1 (scores 1,2,3) and one with std 3 (scores 0,3,6) → step mean 2
        for (int s = 6; s <= 10; s++) {
            t.apply(withStep(s, 1, 2, 3), 0);
            t.apply(withStep(s, 0, 3, 6), 0);
        }
        GroupOutcome first = t.apply(withStep(11, 0, 0.5, 1), 0);
        assertEquals(2.0, (double) first.details().get("ema"), 1e-12, "EMA starts at the mean of the per-step means");
        assertEquals(1.0, (double) first.details().get("threshold"), 1e-12);
        assertFalse(first.kept()[0], "std 0.5 < 1");
        t.apply(withStep(11, 2, 4, 6), 0); // std 2; step-11 mean = (0.5·3 + 2·3)/6 = 1.25
        GroupOutcome next = t.apply(withStep(12, 1, 2, 3), 0);
        assertEquals(0.99 * 2 + 0.01 * 1.25, (double) next.details().get("ema"), 1e-12);
        assertTrue(next.kept()[0]);
        GroupOutcome flat = t.apply(withStep(12, 1, 1, 1), 0);
        assertFalse(flat.kept()[0], "a zero-variance group is dropped");
        GroupOutcome none = t.apply(withStep(12, Double.NaN, Double.NaN), 0);
        assertFalse(none.kept()[0], "a group without scores has std NaN: dropped");

        GroupTransform.Stateful copy = (GroupTransform.Stateful) transform("rlpr_filter");
        copy.restoreState(t.saveState());
        assertEquals(t.saveState(), copy.saveState());
        assertEquals(t.apply(withStep(13, 0, 5), 0).details(), copy.apply(withStep(13, 0, 5), 0).details(), "restored state behaves the same");
    }

    @Test
    void rlprPerSourceMultiplier() {
        GroupTransform.Stateful t = (GroupTransform.Stateful) transform("{type: rlpr_filter, beta_per_source: {hard: 4}}");
        t.restoreState(S.meta("{\"current_step\": 20, \"collected\": [], \"ema\": 2.0}"));
        List<GroupMember> g = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RewardResult r = RewardResult.ok(new double[] {0, 0.5, 1}[i]);
            g.add(new GroupMember(new dev.arbiter.core.Sample("x" + i, "hard", null, "r", null, "g", S.meta("{\"step\": 20}")), r));
        }
        assertTrue(t.apply(g, 0).kept()[0], "std 0.5 × 4 = 2 ≥ 1");
    }

    // ---- C5 PRIME ----

    @Test
    void primeFilterC5() {
        GroupTransform t = transform("prime_filter");
        assertTrue(t.apply(group(1, 0, 0, 1), 0).kept()[0]);
        assertFalse(t.apply(group(1, 1, 1, 1), 0).kept()[0]);
        assertFalse(t.apply(group(0, 0, 0, 0), 0).kept()[0]);
        assertTrue(t.apply(group(1, 0, 0, 0, 0), 0).kept()[0], "0.2 is inside (inclusive)");
        assertTrue(t.apply(group(1, 1, 1, 1, 0), 0).kept()[0], "0.8 is inside (inclusive)");
        assertFalse(t.apply(group(Double.NaN, Double.NaN), 0).kept()[0], "no accuracy: dropped");
        List<GroupMember> trunc = List.of(member("t", 0, 1, "{\"truncated\": true}"), member("t", 1, 0, "{}"));
        assertTrue(t.apply(trunc, 0).kept()[0]);
        assertFalse(transform("{type: prime_filter, drop_truncated: true}").apply(trunc, 0).kept()[0]);
    }

    @Test
    void whitenC5() {
        double v = 0.5 / Math.sqrt(1.0 / 3 + 1e-8);
        assertArrayEquals(new double[] {v, -v, -v, v}, transform("whiten").apply(group(1, 0, 0, 1), 0).values(), 1e-12);
        assertArrayEquals(new double[] {0}, transform("whiten").apply(group(5), 0).values(), 0, "one value: 0");
    }

    // ---- C9 StableReinforce ----

    @Test
    void stableReinforceC9Example() {
        double[] a = new double[21];
        a[18] = 1;
        a[19] = -1;
        a[20] = 10;
        GroupOutcome o = transform("stable_reinforce_filter").apply(group(a), 0);
        assertEquals(0.476190, (double) o.details().get("mean"), TOL);
        assertEquals(2.151833, (double) o.details().get("std"), TOL);
        assertEquals(0.0, o.values()[20], 0, "z = 4.426 > μ + 3 = 3.476: zeroed");
        assertEquals((1 - 10.0 / 21) / 2.151833 + 1e-8, o.values()[18], 1e-6, "z = 0.243 kept");
        assertEquals(0.243, o.values()[18], 1e-3);
        assertTrue(o.kept()[20], "zeroed, not dropped");
    }

    @Test
    void stableReinforceQuirkZeroesEverythingWhenTheMeanIsLarge() {
        GroupOutcome code = transform("stable_reinforce_filter").apply(group(0.5, -0.2, 0.1, 30), 0);
        assertArrayEquals(new double[] {0, 0, 0, 0}, code.values(), 0);
        GroupOutcome paper = transform("{type: stable_reinforce_filter, filter_mode: paper}").apply(group(0.5, -0.2, 0.1, 30), 0);
        for (double z : paper.values()) {
            assertTrue(z != 0 && Math.abs(z) < 3, "paper mode keeps all four: " + z);
        }
    }

    @Test
    void stableReinforcePreClip() {
        assertEquals(1000, StableReinforceFilter.preClippedRatio(12), 1e-9);
        assertEquals(0.001, StableReinforceFilter.preClippedRatio(-12), 1e-15);
        assertEquals(Math.exp(0.1), StableReinforceFilter.preClippedRatio(0.1), 0);
    }

    // ---- C13 PF-PPO and C14 BoN ----

    @Test
    void pfPpoC13Examples() {
        assertArrayEquals(new boolean[] {true, false, false, false}, transform("{type: pf_ppo, mode: bon}").apply(group(0.9, 0.1, 0.5, 0.3), 0).kept());
        assertArrayEquals(new boolean[] {true, true, false, false}, transform("{type: pf_ppo, mode: bw}").apply(group(0.9, 0.1, 0.5, 0.3), 0).kept());
        GroupTransform br = transform("{type: pf_ppo, mode: br}");
        boolean[] k = br.apply(group(0.9, 0.1, 0.5, 0.3), 0).kept();
        assertTrue(k[0]);
        assertEquals(2, count(k));
        assertArrayEquals(k, br.apply(group(0.9, 0.1, 0.5, 0.3), 0).kept(), "deterministic");
        for (String mode : List.of("bon", "bw", "br")) {
            assertArrayEquals(new boolean[] {true}, transform("{type: pf_ppo, mode: " + mode + "}").apply(group(0.4), 0).kept(), mode + " with N = 1");
        }
        assertArrayEquals(new double[] {0.9, 0.1, 0.5, 0.3}, br.apply(group(0.9, 0.1, 0.5, 0.3), 0).values(), 0, "values pass through");
    }

    @Test
    void pfPpoBrDrawsEachOtherRankAboutEqually() {
        GroupTransform br = transform("{type: pf_ppo, mode: br, seed: 3}");
        int[] hits = new int[4];
        Set<String> seen = new HashSet<>();
        for (int g = 0; g < 3000; g++) {
            List<GroupMember> m = new ArrayList<>();
            double[] r = {0.9, 0.1, 0.5, 0.3};
            for (int i = 0; i < 4; i++) {
                m.add(member("grp" + g, i, r[i], "{}"));
            }
            boolean[] k = br.apply(m, 0).kept();
            for (int i = 1; i < 4; i++) {
                if (k[i]) {
                    hits[i]++;
                    seen.add("" + i);
                }
            }
        }
        assertEquals(3, seen.size());
        for (int i = 1; i < 4; i++) {
            assertTrue(hits[i] > 850 && hits[i] < 1150, "rank " + i + " drawn " + hits[i] + " times of 3000");
        }
    }

    @Test
    void pfPpoTiesAndNonOkMembers() {
        assertArrayEquals(new boolean[] {true, false, true}, transform("{type: pf_ppo, mode: bw}").apply(group(1, 1, 1), 0).kept(),
                "ties: best = first maximum, worst = last minimum");
        assertArrayEquals(new boolean[] {false, true, true}, transform("{type: pf_ppo, mode: bw}").apply(group(Double.NaN, 1, 0), 0).kept());
    }

    private static int count(boolean[] k) {
        int c = 0;
        for (boolean b : k) {
            c += b ? 1 : 0;
        }
        return c;
    }

    @Test
    void bestOfNC14() {
        assertEquals(0.0, BestOfN.klBestOfN(1), 0);
        assertEquals(0.193147, BestOfN.klBestOfN(2), TOL);
        assertEquals(0.636294, BestOfN.klBestOfN(4), TOL);
        assertEquals(1.835089, BestOfN.klBestOfN(16), TOL);
        assertEquals(3.174508, BestOfN.klBestOfN(64), TOL);
        GroupOutcome o = transform("best_of_n").apply(group(0.2, 0.9, 0.9, 0.1), 0);
        assertArrayEquals(new boolean[] {false, true, false, false}, o.kept(), "ties → the first");
        assertEquals(0.636294, (double) o.details().get("kl_bon"), TOL);
        assertEquals(2 * (1 - 0.5 * 2), BestOfN.goldRewardBon(4, 1, 0.5), 1e-12);
        assertEquals(0.0, BestOfN.goldRewardRl(0, 1, 1), 0);
    }

    // ---- C7 running baselines ----

    @Test
    void runningBaselinesC7d() {
        assertArrayEquals(new double[] {-1.224745, 0, 1.224745}, transform("running_meanstd").apply(group(1, 2, 3), 0).values(), TOL);
        assertArrayEquals(new double[] {1.183503, 2, 2.816497}, transform("running_clip").apply(group(1, 2, 3), 0).values(), TOL);
        GroupTransform mm = transform("running_minmax");
        assertArrayEquals(new double[] {0, 0.5, 1}, mm.apply(group(1, 2, 3), 0).values(), 1e-12);
        GroupOutcome second = mm.apply(group(5, 0), 0);
        assertArrayEquals(new double[] {1, 0}, second.values(), 1e-12);
        assertEquals(0.0, second.details().get("min"));
        assertEquals(5.0, second.details().get("max"));
    }

    @Test
    void runningStatisticsMergeLikeOneBatchAndSurviveARestore() {
        GroupTransform.Stateful a = (GroupTransform.Stateful) transform("running_meanstd");
        a.apply(group(1, 2), 0);
        a.apply(group(3, 4, 10), 0);
        GroupTransform.Stateful b = (GroupTransform.Stateful) transform("running_meanstd");
        b.apply(group(1, 2, 3, 4, 10), 0);
        assertEquals(a.saveState().get("mean").asDouble(), b.saveState().get("mean").asDouble(), 1e-12);
        assertEquals(a.saveState().get("m2").asDouble(), b.saveState().get("m2").asDouble(), 1e-9, "Chan's merge is exact");
        GroupTransform.Stateful c = (GroupTransform.Stateful) transform("running_meanstd");
        c.restoreState(a.saveState());
        assertArrayEquals(a.apply(group(7), 0).values(), c.apply(group(7), 0).values(), 0);
    }

    @Test
    void runningEdgeCases() {
        assertArrayEquals(new double[] {0}, transform("running_meanstd").apply(group(4), 0).values(), 0, "σ = 0 → divide by 1");
        assertArrayEquals(new double[] {0, 0}, transform("running_minmax").apply(group(4, 4), 0).values(), 0, "max = min → 0");
        GroupTransform quirk = transform("running_minmax");
        quirk.apply(group(20000, 30000), 0);
        assertArrayEquals(new double[] {1.0}, quirk.apply(group(30000), 0).values(), 1e-12);
        GroupTransform.Stateful q = (GroupTransform.Stateful) transform("running_minmax");
        q.apply(group(20000, 30000), 0);
        assertEquals(10000.0, q.saveState().get("min").asDouble(), 0, "code quirk: the min never rises above its 10000 start");
        GroupTransform.Stateful exact = (GroupTransform.Stateful) transform("{type: running_minmax, code_faithful: false}");
        exact.apply(group(20000, 30000), 0);
        assertEquals(20000.0, exact.saveState().get("min").asDouble(), 0);
        GroupTransform.Stateful copy = (GroupTransform.Stateful) transform("{type: running_minmax, code_faithful: false}");
        copy.restoreState(transform("{type: running_minmax, code_faithful: false}") instanceof GroupTransform.Stateful s ? s.saveState() : null);
        assertEquals("inf", copy.saveState().get("min").asText(), "an untouched ±∞ bound survives a save");
    }

    // ---- MM-RLHF ----

    @Test
    void mmRlhfDynamicScaling() {
        double expected = 0.1 * (1 + 0.1 * (1 - Math.exp(-0.5)));
        GroupOutcome o = transform("mm_rlhf_scaling").apply(group(0.4, 0.9), 0);
        assertArrayEquals(new double[] {expected, expected}, o.values(), 1e-12);
        assertEquals(1, o.details().get("chosen"));
        assertEquals(0.5, (double) o.details().get("delta"), 1e-12);
        List<GroupMember> flagged = List.of(member("p", 0, 0.4, "{\"chosen\": true}"), member("p", 1, 0.9, "{}"));
        double neg = 0.1 * (1 + 0.1 * (1 - Math.exp(0.5)));
        assertEquals(neg, transform("mm_rlhf_scaling").apply(flagged, 0).values()[0], 1e-12, "a flagged chosen response with a negative margin");
        assertTrue(Double.isNaN(transform("mm_rlhf_scaling").apply(group(0.4), 0).values()[0]), "paper: no pair, no value");
        assertEquals(0.11, transform("{type: mm_rlhf_scaling, mode: code}").apply(group(0.4), 0).values()[0], 1e-12, "code: ls_factor defaults to 1");
        List<GroupMember> ls = List.of(member("p", 0, 0.4, "{\"ls_factor\": 0.3}"), member("p", 1, 0.9, "{\"ls_factor\": 0.3}"));
        assertEquals(0.103, transform("{type: mm_rlhf_scaling, mode: code}").apply(ls, 0).values()[0], 1e-12);
        assertEquals(1e-3, transform("{type: mm_rlhf_scaling, mode: code, w: 100}").apply(flagged, 0).values()[0], 1e-15, "clamped at 1e-3");
    }

    // ---- chain ----

    @Test
    void chainFiltersThenComputesAdvantages() {
        GroupTransform t = transform("{type: chain, steps: [prime_filter, grpo]}");
        GroupOutcome kept = t.apply(group(1, 0, 0, 1), 0);
        assertArrayEquals(new double[] {0.866024, -0.866024, -0.866024, 0.866024}, kept.values(), TOL);
        assertTrue(kept.kept()[0]);
        assertTrue(kept.details().containsKey("prime_filter") && kept.details().containsKey("grpo"));
        GroupOutcome dropped = t.apply(group(1, 1, 1, 1), 0);
        assertFalse(dropped.kept()[0]);
        assertEquals("chain@1(steps=[prime_filter@1(lower=0.2,upper=0.8,accuracy_field=none,drop_truncated=no,truncated_field=truncated),"
                + "grpo@1(flavor=verl,epsilon=none,std=unbiased,min_std=0)])", t.signature().text());
    }

    @Test
    void chainFeedsValuesForwardAndCarriesState() {
        GroupTransform t = transform("{type: chain, steps: [rloo, stable_reinforce_filter]}");
        GroupOutcome o = t.apply(group(1, 0, 0, 1), 0);
        double z = (2.0 / 3) / (2.0 / 3);
        assertEquals(z + 1e-8, o.values()[0], 1e-9);
        GroupTransform.Stateful s = (GroupTransform.Stateful) transform("{type: chain, steps: [running_meanstd, whiten]}");
        s.apply(group(1, 2, 3), 0);
        JsonNode st = s.saveState();
        assertEquals(3, st.get(0).get("n").asInt());
        assertTrue(st.get(1).isNull());
        GroupOutcome nan = transform("{type: chain, steps: [pf_ppo, rloo]}").apply(group(Double.NaN, 1, 0), 0);
        assertTrue(Double.isNaN(nan.values()[0]));
    }
}
