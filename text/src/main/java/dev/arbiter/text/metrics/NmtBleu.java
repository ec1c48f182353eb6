package dev.arbiter.text.metrics;

import dev.arbiter.core.Deadline;

import java.util.Arrays;
import java.util.List;

/**
 * BLEU as HF {@code evaluate.load("bleu")} computes it: the TF-NMT {@code compute_bleu} over 13a tokens
 * (no lowercasing, no stripping), with optional Lin–Och add-one smoothing. This is BLEUBERI's reward (catalog A11a),
 * not sacreBLEU: the reference length is the <em>shortest</em> reference's, smoothing adds one to every order's
 * matches and possible matches, and the brevity penalty is {@code exp(1 − 1/ratio)}. Scores are in [0, 1].
 *
 * <p>All methods are static, pure and thread-safe.
 */
public final class NmtBleu {
    private NmtBleu() {
    }

    /**
     * The result of {@code compute_bleu}.
     *
     * @param bleu              BLEU in [0, 1]
     * @param precisions        per-order precisions (smoothed when asked)
     * @param bp                brevity penalty (0 when either length is 0)
     * @param ratio             translation length over reference length (0 when either is 0)
     * @param translationLength hypothesis tokens
     * @param referenceLength   shortest-reference tokens
     */
    public record Score(double bleu, double[] precisions, double bp, double ratio, long translationLength,
                        long referenceLength) {
        public Score {
            precisions = precisions.clone();
        }

        @Override
        public double[] precisions() {
            return precisions.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Score s && Double.compare(s.bleu, bleu) == 0 && Arrays.equals(s.precisions, precisions)
                    && Double.compare(s.bp, bp) == 0 && Double.compare(s.ratio, ratio) == 0
                    && s.translationLength == translationLength && s.referenceLength == referenceLength;
        }

        @Override
        public int hashCode() {
            return Double.hashCode(bleu) * 31 + Long.hashCode(translationLength) * 7 + Long.hashCode(referenceLength);
        }
    }

    /** BLEU of one hypothesis against its references (at least one). */
    public static Score sentenceScore(String hypothesis, List<String> references, int maxOrder, boolean smooth) {
        return corpusScore(List.of(hypothesis), List.of(references), maxOrder, smooth, Deadline.none());
    }

    public static Score sentenceScore(String hypothesis, List<String> references, int maxOrder, boolean smooth,
                                      Deadline deadline) {
        return corpusScore(List.of(hypothesis), List.of(references), maxOrder, smooth, deadline);
    }

    /** {@code compute_bleu} over a corpus: {@code references.get(i)} holds the references of segment {@code i}. */
    public static Score corpusScore(List<String> hypotheses, List<List<String>> references, int maxOrder,
                                    boolean smooth, Deadline deadline) {
        if (hypotheses.size() != references.size()) {
            throw new IllegalArgumentException(hypotheses.size() + " hypotheses but " + references.size()
                    + " reference lists");
        }
        if (maxOrder < 1) {
            throw new IllegalArgumentException("maxOrder must be at least 1, was " + maxOrder);
        }
        long[] matches = new long[maxOrder];
        long[] possible = new long[maxOrder];
        long referenceLength = 0;
        long translationLength = 0;
        for (int s = 0; s < hypotheses.size(); s++) {
            List<String> refs = references.get(s);
            if (refs.isEmpty()) {
                throw new IllegalArgumentException("segment " + s + " has no reference");
            }
            // only n-grams of the hypothesis can match: its n-grams get ids, the references' are looked up
            WordTable words = new WordTable();
            int[] hyp = Tokenizer13a.ids(hypotheses.get(s), words, true);
            int[][] refIds = new int[refs.size()][];
            int minRefLen = Integer.MAX_VALUE;
            for (int r = 0; r < refs.size(); r++) {
                deadline.check();
                refIds[r] = Tokenizer13a.ids(refs.get(r), words, false);
                minRefLen = Math.min(minRefLen, refIds[r].length);
            }
            deadline.check();
            referenceLength += minRefLen;
            translationLength += hyp.length;
            NgramIndex index = NgramIndex.acquire(NgramIndex.expectedNgrams(hyp.length, maxOrder));
            try {
                int[][] hypNgrams = index.ngrams(hyp, maxOrder);
                int bound = index.bound();
                int[] merged = new int[bound];
                int[] counts = new int[bound];
                for (int r = 0; r < refs.size(); r++) {
                    int[][] ref = index.lookup(refIds[r], maxOrder);
                    for (int[] ids : ref) {
                        for (int id : ids) {
                            counts[id]++;
                        }
                    }
                    for (int[] ids : ref) {
                        for (int id : ids) {
                            if (counts[id] > 0) {
                                merged[id] = Math.max(merged[id], counts[id]);
                                counts[id] = 0;
                            }
                        }
                    }
                }
                merged[0] = 0; // id 0 collects the n-grams the hypothesis does not have
                for (int k = 0; k < maxOrder; k++) {
                    int[] ids = hypNgrams[k];
                    for (int id : ids) {
                        counts[id]++;
                    }
                    for (int id : ids) {
                        if (counts[id] > 0) {
                            matches[k] += Math.min(counts[id], merged[id]);
                            counts[id] = 0;
                        }
                    }
                    int possibleMatches = hyp.length - (k + 1) + 1;
                    if (possibleMatches > 0) {
                        possible[k] += possibleMatches;
                    }
                }
            } finally {
                index.release();
            }
        }
        double[] precisions = new double[maxOrder];
        for (int i = 0; i < maxOrder; i++) {
            if (smooth) {
                precisions[i] = (matches[i] + 1.) / (possible[i] + 1.);
            } else {
                precisions[i] = possible[i] > 0 ? (double) matches[i] / (double) possible[i] : 0.0;
            }
        }
        double minPrecision = Double.POSITIVE_INFINITY;
        for (double p : precisions) {
            minPrecision = Math.min(minPrecision, p);
        }
        double geoMean = 0;
        if (minPrecision > 0) {
            double logSum = 0;
            for (double p : precisions) {
                logSum += (1. / maxOrder) * Math.log(p);
            }
            geoMean = Math.exp(logSum);
        }
        double ratio;
        double bp;
        if (referenceLength == 0 || translationLength == 0) {
            ratio = 0.0;
            bp = 0.0;
        } else {
            ratio = (double) translationLength / (double) referenceLength;
            bp = ratio > 1.0 ? 1.0 : Math.exp(1 - 1.0 / ratio);
        }
        return new Score(geoMean * bp, precisions, bp, ratio, translationLength, referenceLength);
    }
}
