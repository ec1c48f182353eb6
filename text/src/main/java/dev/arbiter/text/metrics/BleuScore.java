package dev.arbiter.text.metrics;

import java.util.Arrays;

/**
 * A BLEU score with its parts, on sacreBLEU's 0–100 scale.
 *
 * @param score      BLEU in [0, 100]
 * @param precisions the (smoothed) n-gram precisions in [0, 100], index 0 for unigrams
 * @param bp         the brevity penalty
 * @param stats      the statistics the score was computed from
 */
public record BleuScore(double score, double[] precisions, double bp, BleuStats stats) {

    public BleuScore {
        precisions = precisions.clone();
    }

    @Override
    public double[] precisions() {
        return precisions.clone();
    }

    /** Hypothesis length over reference length, 0 when the reference length is 0. */
    public double ratio() {
        return stats.refLen() == 0 ? 0.0 : (double) stats.sysLen() / stats.refLen();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BleuScore s && Double.compare(s.score, score) == 0 && Arrays.equals(s.precisions, precisions)
                && Double.compare(s.bp, bp) == 0 && s.stats.equals(stats);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(score) * 31 + stats.hashCode();
    }

    /** sacreBLEU's one-line rendering: {@code 36.79 100.0/100.0/100.0/0.0 (BP = 0.368 ratio = 0.500 hyp_len = 3 ref_len = 6)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT, "%.2f ", score));
        for (int i = 0; i < precisions.length; i++) {
            sb.append(i == 0 ? "" : "/").append(String.format(java.util.Locale.ROOT, "%.1f", precisions[i]));
        }
        return sb.append(String.format(java.util.Locale.ROOT, " (BP = %.3f ratio = %.3f hyp_len = %d ref_len = %d)", bp,
                ratio(), stats.sysLen(), stats.refLen())).toString();
    }
}
