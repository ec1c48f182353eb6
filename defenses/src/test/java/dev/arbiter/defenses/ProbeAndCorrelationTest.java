package dev.arbiter.defenses;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The D1 false-positive probe and the reward-vs-length report. */
class ProbeAndCorrelationTest {

    private static List<Sample> questions(int n) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Sample("q" + i, "", null, "placeholder", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.textNode("" + i), "", null));
        }
        return out;
    }

    private static Reward judge(String name, java.util.function.BiFunction<Sample, String, Boolean> yes) {
        return new Reward() {
            @Override public RewardSignature signature() { return RewardSignature.of(name, 1); }
            @Override public RewardResult score(Sample sample, Deadline deadline) {
                if (sample.response().equals("Respuesta") && sample.id().equals("q99")) {
                    return RewardResult.timeout("slow judge");
                }
                return RewardResult.ok(yes.apply(sample, sample.response()) ? 1.0 : 0.0);
            }
        };
    }

    @Test
    void falsePositiveRateD1Example() {
        Reward fooled = judge("fooled", (s, r) -> r.equals(":") && Integer.parseInt(s.id().substring(1)) < 3);
        MasterKeyProbe.Report rep = MasterKeyProbe.run(fooled, questions(100), MasterKeys.fileKeys(), 0.5, Deadline::none);
        assertEquals(999, rep.scored());
        assertEquals(1, rep.notScored(), "a probe the judge could not score is counted apart");
        assertEquals(3, rep.falsePositives());
        assertEquals(3.0 / 999, rep.falsePositiveRate(), 1e-15);
        assertEquals(3L, rep.hitsPerKey().get(":"));
        assertTrue(rep.passes(0.02));
        Reward exact = judge("all", (s, r) -> true);
        MasterKeyProbe.Report all = MasterKeyProbe.run(exact, questions(10));
        assertEquals(1.0, all.falsePositiveRate());
        assertFalse(all.passes(0.02));
    }

    @Test
    void falsePositiveRateCatalogFigureAndRuleBasedVerifier() {
        Reward fooled = new Reward() {
            @Override public RewardSignature signature() { return RewardSignature.of("fooled", 1); }
            @Override public RewardResult score(Sample s, Deadline d) {
                return RewardResult.ok(s.response().equals(":") && Integer.parseInt(s.id().substring(1)) < 3 ? 1 : 0);
            }
        };
        assertEquals(0.003, MasterKeyProbe.run(fooled, questions(100), MasterKeys.fileKeys(), 0.5, Deadline::none).falsePositiveRate(), 1e-15,
                "3 of 100 questions × 10 keys");
        Reward verifier = new Reward() {
            @Override public RewardSignature signature() { return RewardSignature.of("exact", 1); }
            @Override public RewardResult score(Sample s, Deadline d) {
                return RewardResult.ok(s.response().strip().equals(s.reference().asText()) ? 1 : 0);
            }
        };
        assertEquals(0.0, MasterKeyProbe.run(verifier, questions(50)).falsePositiveRate(), "a rule-based verifier: FPR 0 by construction");
        assertTrue(Double.isNaN(MasterKeyProbe.run(verifier, List.of()).falsePositiveRate()));
    }

    @Test
    void correlationsOfKnownData() {
        assertEquals(1.0, LengthCorrelation.pearson(new double[] {1, 2, 3, 4, 5}, new double[] {2, 4, 6, 8, 10}), 1e-12);
        assertEquals(0.8, LengthCorrelation.pearson(new double[] {1, 2, 3, 4, 5}, new double[] {1, 3, 2, 5, 4}), 1e-12);
        assertEquals(0.8, LengthCorrelation.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {1, 3, 2, 5, 4}), 1e-12);
        assertEquals(1.0, LengthCorrelation.spearman(new double[] {1, 2, 3, 4}, new double[] {1, 10, 100, 1000}), 1e-12, "monotone");
        assertEquals(4.5 / Math.sqrt(22.5), LengthCorrelation.spearman(new double[] {1, 2, 2, 3}, new double[] {1, 2, 3, 4}), 1e-12, "ties: average ranks");
        assertEquals(-1.0, LengthCorrelation.spearman(new double[] {3, 2, 1}, new double[] {1, 2, 3}), 1e-12);
        assertTrue(Double.isNaN(LengthCorrelation.pearson(new double[] {1, 1, 1}, new double[] {1, 2, 3})), "constant length");
        assertTrue(Double.isNaN(LengthCorrelation.spearman(new double[] {1}, new double[] {1})), "one pair");
        assertThrows(IllegalArgumentException.class, () -> LengthCorrelation.pearson(new double[] {1}, new double[] {1, 2}));
    }

    @Test
    void streamingReportSkipsNonFinitePairsAndSummarises() {
        LengthCorrelation lc = new LengthCorrelation();
        assertTrue(Double.isNaN(lc.pearson()));
        lc.add("one two three", LengthCorrelation.Unit.WORDS, 0.1);
        lc.add("one two three four five", LengthCorrelation.Unit.WORDS, 0.5);
        lc.add(Double.NaN, 1);
        lc.add(4, Double.POSITIVE_INFINITY);
        lc.add("one two three four", LengthCorrelation.Unit.WORDS, 0.2);
        assertEquals(3, lc.count());
        assertEquals(2, lc.skipped());
        Map<String, Object> sum = lc.summary();
        assertEquals(3L, sum.get("pairs"));
        assertEquals(2L, sum.get("skipped"));
        assertEquals(4.0, (double) sum.get("mean_length"), 1e-12);
        assertEquals(LengthCorrelation.pearson(new double[] {3, 5, 4}, new double[] {0.1, 0.5, 0.2}), (double) sum.get("pearson"), 1e-12);
        assertEquals(1.0, (double) sum.get("spearman"), 1e-12);
        assertEquals(true, sum.get("spearman_exact"));
        assertEquals(3L, LengthCorrelation.length("a\u00A0b  c", LengthCorrelation.Unit.WORDS));
        assertEquals(2L, LengthCorrelation.length("🙂x", LengthCorrelation.Unit.CHARS));
        LengthCorrelation constant = new LengthCorrelation();
        constant.add(5, 1);
        constant.add(5, 2);
        assertEquals(null, constant.summary().get("pearson"), "undefined is null in the summary");
    }

    @Test
    void boundedMemoryReservoirEstimatesSpearmanAndIsSeeded() {
        SplittableRandom rnd = new SplittableRandom(5);
        LengthCorrelation big = new LengthCorrelation(2000, 42);
        LengthCorrelation again = new LengthCorrelation(2000, 42);
        int n = 60_000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextInt(2000);
            y[i] = Math.log1p(x[i]) + rnd.nextGaussian() * 0.5;
            big.add(x[i], y[i]);
            again.add(x[i], y[i]);
        }
        assertFalse(big.spearmanExact());
        assertEquals(2000, big.summary().get("spearman_sample"));
        double exact = LengthCorrelation.spearman(x, y);
        assertEquals(exact, big.spearman(), 0.05, "the reservoir estimate is close");
        assertEquals(big.spearman(), again.spearman(), 0, "same seed, same order: same estimate");
        assertEquals(LengthCorrelation.pearson(x, y), big.pearson(), 1e-9, "Pearson is exact whatever the size");
    }

    @Test
    void mergeIsExactWhileItFits() {
        LengthCorrelation a = new LengthCorrelation(100, 1);
        LengthCorrelation b = new LengthCorrelation(100, 2);
        LengthCorrelation all = new LengthCorrelation(100, 3);
        double[][] pairs = {{1, 0.1}, {5, 0.4}, {3, 0.3}, {8, 0.9}, {2, 0.5}, {7, 0.6}};
        for (int i = 0; i < pairs.length; i++) {
            (i % 2 == 0 ? a : b).add(pairs[i][0], pairs[i][1]);
            all.add(pairs[i][0], pairs[i][1]);
        }
        b.add(Double.NaN, 0);
        a.merge(b);
        assertEquals(6, a.count());
        assertEquals(1, a.skipped());
        assertEquals(all.pearson(), a.pearson(), 1e-12);
        assertEquals(all.spearman(), a.spearman(), 1e-12);
        assertTrue(a.spearmanExact());
        assertThrows(IllegalArgumentException.class, () -> a.merge(a));

        LengthCorrelation c = new LengthCorrelation(50, 1);
        LengthCorrelation d = new LengthCorrelation(50, 2);
        for (int i = 0; i < 80; i++) {
            c.add(i, i);
            d.add(i + 80, i + 80);
        }
        c.merge(d);
        assertEquals(160, c.count());
        assertEquals(50, c.summary().get("spearman_sample"));
        assertEquals(1.0, c.spearman(), 1e-12, "a monotone sample stays monotone");
    }
}
