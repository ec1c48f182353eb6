package dev.arbiter.models;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.group.GroupMember;
import dev.arbiter.core.group.GroupTransform;
import dev.arbiter.core.group.GroupTransformRegistry;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.core.spec.SpecException;
import dev.arbiter.core.spec.SpecParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rlcf_baseline}: catalog B6's worked numbers, edge cases, and the transform over real {@code clip_score} results. */
class RlcfBaselineTest {
    static final RewardRegistry REWARDS = RewardRegistry.fromServiceLoader();

    static GroupTransform t(String yaml) {
        return GroupTransformRegistry.fromServiceLoader().build(new SpecParser().parse("t.yaml", yaml), REWARDS);
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
    void catalogExamples() {
        // cos = (0.30, 0.25, 0.20) → s = (0.75, 0.625, 0.5) → r = (0.125, 0, −0.125); amplified (0.99992, 0, −0.99992)
        assertArrayEquals(new double[] {0.125, 0, -0.125}, apply("rlcf_baseline", 0.75, 0.625, 0.5), 1e-12);
        assertArrayEquals(new double[] {0.99992, 0, -0.99992}, apply("{type: rlcf_baseline, amplify: true}", 0.75, 0.625, 0.5), 1e-6);
    }

    @Test
    void edgeCases() {
        assertArrayEquals(new double[] {0.7}, apply("rlcf_baseline", 0.7), 0, "K = 1: no baseline");
        assertArrayEquals(new double[] {0.7}, apply("{type: rlcf_baseline, amplify: true}", 0.7), 0);
        assertArrayEquals(new double[] {0, 0}, apply("{type: rlcf_baseline, amplify: true}", 0.5, 0.5), 0, "flat group");
        double[] holes = apply("rlcf_baseline", 1, Double.NaN, 0);
        assertEquals(0.5, holes[0], 1e-12);
        assertTrue(Double.isNaN(holes[1]), "a non-ok member gets no value");
        assertEquals(-0.5, holes[2], 1e-12);
        double[] none = apply("rlcf_baseline", Double.NaN, Double.NaN);
        assertTrue(Double.isNaN(none[0]) && Double.isNaN(none[1]));
        assertEquals(0, apply("rlcf_baseline").length);
        assertThrows(SpecException.class, () -> t("{type: rlcf_baseline, epsilon: -1}"));
    }

    @Test
    void signatureIsPinned() {
        assertEquals("rlcf_baseline@1(amplify=no,epsilon=0.00001)", t("rlcf_baseline").signature().text());
        assertEquals("rlcf_baseline@1(amplify=yes,epsilon=0.00001)", t("{type: rlcf_baseline, amplify: true}").signature().text());
    }

    @Test
    void overClipScoreResults() {
        Reward clip = RewardSpec.resolve("{type: clip_score, model_dir: '" + Fixtures.CLIP + "'}", REWARDS).reward();
        List<GroupMember> members = new ArrayList<>();
        double sum = 0;
        for (String caption : List.of("a red cat", "a blue dog", "a cat", "red")) {
            Sample s = ContractTests.imageSample(caption);
            RewardResult r = Scoring.guarded(clip, s, Deadline.none());
            members.add(new GroupMember(s, r));
            sum += r.score();
        }
        double mean = sum / members.size();
        double[] out = t("rlcf_baseline").apply(members, 0).values();
        for (int i = 0; i < out.length; i++) {
            assertEquals(members.get(i).result().score() - mean, out[i], 1e-12);
        }
    }
}
