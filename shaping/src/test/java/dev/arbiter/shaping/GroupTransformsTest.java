package dev.arbiter.shaping;

import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.group.GroupMember;
import dev.arbiter.core.group.GroupOutcome;
import dev.arbiter.core.group.GroupTransform;
import dev.arbiter.core.group.GroupTransformRegistry;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.SpecParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worked examples of reward-catalog.md C1–C3, and the edge cases each transform documents. */
class GroupTransformsTest {
    private static final double TOL = 5e-7;

    static GroupTransform t(String yaml) {
        return GroupTransformRegistry.fromServiceLoader().build(new SpecParser().parse("t.yaml", yaml), RewardRegistry.fromServiceLoader());
    }

    static List<GroupMember> group(double... scores) {
        List<GroupMember> out = new ArrayList<>();
        for (double s : scores) {
            out.add(new GroupMember(Sample.of("r", "x"), Double.isNaN(s) ? RewardResult.timeout("slow") : RewardResult.ok(s)));
        }
        return out;
    }

    static double[] apply(String yaml, double... scores) {
        return t(yaml).apply(group(scores), 0).values();
    }

    @Test
    void grpoCatalogExamples() {
        assertArrayEquals(new double[] {0.865875, -0.865875, -0.865875, 0.865875}, apply("{type: grpo, flavor: trl}", 1, 0, 0, 1), TOL);
        assertArrayEquals(new double[] {0.866024, -0.866024, -0.866024, 0.866024}, apply("grpo", 1, 0, 0, 1), TOL);
        assertArrayEquals(new double[] {0.9999, 0, -0.9999}, apply("{type: grpo, flavor: trl}", 2, 1, 0), TOL);
        assertArrayEquals(new double[] {0, 0, 0, 0}, apply("grpo", 0.5, 0.5, 0.5, 0.5), 0);
    }

    @Test
    void grpoGroupsOfOneFollowTheFlavour() {
        assertArrayEquals(new double[] {0.7 / (1 + 1e-6)}, apply("grpo", 0.7), 1e-12, "verl: mean 0, std 1, then + ε as its code does");
        assertArrayEquals(new double[] {0.0}, apply("{type: grpo, flavor: trl}", 0.7), 0, "trl: std 0");
    }

    @Test
    void membersWithoutAnOkScoreAreLeftOutOfTheStatistics() {
        double[] verl = apply("grpo", 1, Double.NaN, 0);
        assertTrue(Double.isNaN(verl[1]), "verl has no 'no reward': null, not a made-up 0");
        assertEquals(0.7071063, verl[0], 1e-6);
        assertArrayEquals(new double[] {0.5 / (Math.sqrt(0.5) + 1e-4), 0, -0.5 / (Math.sqrt(0.5) + 1e-4)}, apply("{type: grpo, flavor: trl}", 1, Double.NaN, 0), 1e-6);
        double[] none = apply("grpo", Double.NaN, Double.NaN);
        assertTrue(Double.isNaN(none[0]) && Double.isNaN(none[1]));
    }

    @Test
    void rlpRsMinStdZeroesFlatGroups() {
        assertArrayEquals(new double[] {0, 0}, apply("{type: grpo, min_std: 0.01}", 0.5, 0.505), 0);
    }

    @Test
    void drGrpoCatalogExample() {
        assertArrayEquals(new double[] {0.5, -0.5, -0.5, 0.5}, apply("dr_grpo", 1, 0, 0, 1), 1e-12);
    }

    @Test
    void rlooCatalogExamples() {
        assertArrayEquals(new double[] {2.0 / 3, -2.0 / 3, -2.0 / 3, 2.0 / 3}, apply("rloo", 1, 0, 0, 1), 1e-12);
        assertArrayEquals(new double[] {2, -2}, apply("rloo", 3, 1), 1e-12);
        assertArrayEquals(new double[] {5}, apply("rloo", 5), 1e-12);
    }

    @Test
    void signaturesNameEveryParameter() {
        assertEquals("grpo@1(flavor=verl,epsilon=none,std=unbiased,min_std=0)", t("grpo").signature().text());
        assertEquals("rloo@1", t("rloo").signature().text());
        GroupOutcome o = t("grpo").apply(group(1, 0), 0);
        assertEquals(2, o.details().get("size"));
    }
}
