package dev.arbiter.text.metrics;

import java.util.Arrays;
import java.util.List;

/**
 * BLEU's sufficient statistics for one segment or a sum of segments, as sacreBLEU keeps them: hypothesis length,
 * effective reference length, and per n-gram order the clipped matches and the hypothesis n-gram count. Corpus BLEU
 * is the score of the sum of the segments' statistics; resampling and significance tests re-aggregate these
 * without re-scoring.
 *
 * @param sysLen  hypothesis tokens
 * @param refLen  reference tokens (for a segment: the reference length closest to {@code sysLen}, shorter on ties)
 * @param correct clipped n-gram matches, index 0 for unigrams
 * @param total   hypothesis n-grams, index 0 for unigrams
 */
public record BleuStats(long sysLen, long refLen, long[] correct, long[] total) {

    public BleuStats {
        if (correct.length != total.length) {
            throw new IllegalArgumentException("correct and total must have one entry per order");
        }
        correct = correct.clone();
        total = total.clone();
    }

    public int maxOrder() {
        return correct.length;
    }

    @Override
    public long[] correct() {
        return correct.clone();
    }

    @Override
    public long[] total() {
        return total.clone();
    }

    /** The element-wise sum of this and {@code o}. */
    public BleuStats plus(BleuStats o) {
        if (o.correct.length != correct.length) {
            throw new IllegalArgumentException("cannot add statistics of order " + o.correct.length + " to order "
                    + correct.length);
        }
        long[] c = correct.clone();
        long[] t = total.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] += o.correct[i];
            t[i] += o.total[i];
        }
        return new BleuStats(sysLen + o.sysLen, refLen + o.refLen, c, t);
    }

    /** The sum of non-empty {@code stats}. */
    public static BleuStats sum(List<BleuStats> stats) {
        if (stats.isEmpty()) {
            throw new IllegalArgumentException("no statistics to sum");
        }
        int order = stats.get(0).correct.length;
        long sys = 0;
        long ref = 0;
        long[] c = new long[order];
        long[] t = new long[order];
        for (BleuStats s : stats) {
            if (s.correct.length != order) {
                throw new IllegalArgumentException("statistics of different orders: " + order + " and " + s.correct.length);
            }
            sys += s.sysLen;
            ref += s.refLen;
            for (int i = 0; i < order; i++) {
                c[i] += s.correct[i];
                t[i] += s.total[i];
            }
        }
        return new BleuStats(sys, ref, c, t);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BleuStats s && s.sysLen == sysLen && s.refLen == refLen && Arrays.equals(s.correct, correct)
                && Arrays.equals(s.total, total);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sysLen) * 31 + Long.hashCode(refLen) * 17 + Arrays.hashCode(correct) * 7 + Arrays.hashCode(total);
    }

    @Override
    public String toString() {
        return "BleuStats[sysLen=" + sysLen + ", refLen=" + refLen + ", correct=" + Arrays.toString(correct) + ", total="
                + Arrays.toString(total) + "]";
    }
}
