package dev.arbiter.text.metrics;

import dev.arbiter.core.Deadline;

import java.util.ArrayList;
import java.util.List;

/**
 * BLEU exactly as sacreBLEU 2.x computes it ({@code sacrebleu.metrics.bleu.BLEU}): per segment, lowercase (optional),
 * strip trailing whitespace, tokenize, count n-grams of orders 1..N; reference n-gram counts are merged by
 * element-wise maximum over the references, matches are clipped, and the reference length is the one closest to the
 * hypothesis length (the shorter on ties). A score is computed from {@link BleuStats}; a corpus score from the sum of
 * its segments' statistics. Parity with sacreBLEU is checked to 1e-9 on thousands of generated segments
 * ({@code text/METRICS.md}).
 *
 * <p>All methods are static, pure and thread-safe.
 */
public final class Bleu {
    /** sacreBLEU's floor for log(0). */
    private static final double LOG_ZERO = -9999999999.0;

    private Bleu() {
    }

    /** Sentence BLEU of {@code hypothesis} against {@code references} (at least one). */
    public static BleuScore sentenceScore(BleuOptions o, String hypothesis, List<String> references) {
        return score(o, sentenceStats(o, hypothesis, references, Deadline.none()));
    }

    /** The statistics of one segment. */
    public static BleuStats sentenceStats(BleuOptions o, String hypothesis, List<String> references) {
        return sentenceStats(o, hypothesis, references, Deadline.none());
    }

    /** The statistics of one segment, checking {@code deadline} between references. */
    public static BleuStats sentenceStats(BleuOptions o, String hypothesis, List<String> references, Deadline deadline) {
        if (references.isEmpty()) {
            throw new IllegalArgumentException("BLEU needs at least one reference");
        }
        int order = o.maxNgramOrder();
        int nrefs = references.size();
        // Only n-grams of the hypothesis can match: its words and n-grams get ids; the references' are looked up.
        WordTable words = new WordTable();
        int[] hyp = o.tokenizer().ids(preprocess(o, hypothesis), words, true);
        int[][] refIds = new int[nrefs][];
        int[] refLens = new int[nrefs];
        for (int r = 0; r < nrefs; r++) {
            deadline.check();
            refIds[r] = o.tokenizer().ids(preprocess(o, references.get(r)), words, false);
            refLens[r] = refIds[r].length;
        }
        deadline.check();
        long[] correct = new long[order];
        long[] total = new long[order];
        NgramIndex index = NgramIndex.acquire(NgramIndex.expectedNgrams(hyp.length, order));
        try {
            int[][] hypNgrams = index.ngrams(hyp, order);
            int bound = index.bound();
            int[] refMax = new int[bound];
            int[] counts = nrefs == 1 ? refMax : new int[bound];
            for (int r = 0; r < nrefs; r++) {
                int[][] ref = index.lookup(refIds[r], order);
                for (int[] ids : ref) {
                    for (int id : ids) {
                        counts[id]++;
                    }
                }
                if (nrefs > 1) {
                    for (int[] ids : ref) {
                        for (int id : ids) {
                            if (counts[id] > 0) {
                                refMax[id] = Math.max(refMax[id], counts[id]);
                                counts[id] = 0;
                            }
                        }
                    }
                }
            }
            refMax[0] = 0; // id 0 collects the n-grams the hypothesis does not have
            int[] hypCounts = new int[bound];
            for (int k = 0; k < order; k++) {
                int[] ids = hypNgrams[k];
                for (int id : ids) {
                    hypCounts[id]++;
                }
                long c = 0;
                for (int id : ids) {
                    int h = hypCounts[id];
                    if (h > 0) {
                        c += Math.min(h, refMax[id]);
                        hypCounts[id] = 0;
                    }
                }
                correct[k] = c;
                total[k] = ids.length;
            }
        } finally {
            index.release();
        }
        return new BleuStats(hyp.length, closestRefLen(hyp.length, refLens), correct, total);
    }

    /**
     * Corpus BLEU: {@code references.get(i)} holds the references of segment {@code i} (any number, at least one;
     * sacreBLEU's reference streams with {@code None} gaps become lists of different lengths).
     */
    public static BleuScore corpusScore(BleuOptions o, List<String> hypotheses, List<List<String>> references) {
        return score(o, BleuStats.sum(corpusStats(o, hypotheses, references)));
    }

    /** The per-segment statistics of a corpus. */
    public static List<BleuStats> corpusStats(BleuOptions o, List<String> hypotheses, List<List<String>> references) {
        if (hypotheses.size() != references.size()) {
            throw new IllegalArgumentException(hypotheses.size() + " hypotheses but " + references.size()
                    + " reference lists");
        }
        List<BleuStats> out = new ArrayList<>(hypotheses.size());
        for (int i = 0; i < hypotheses.size(); i++) {
            out.add(sentenceStats(o, hypotheses.get(i), references.get(i), Deadline.none()));
        }
        return out;
    }

    /** sacreBLEU's {@code BLEU.compute_bleu}: the score of (summed) statistics, with smoothing. */
    public static BleuScore score(BleuOptions o, BleuStats stats) {
        int maxOrder = o.maxNgramOrder();
        if (stats.maxOrder() != maxOrder) {
            throw new IllegalArgumentException("statistics of order " + stats.maxOrder() + " for max_ngram_order "
                    + maxOrder);
        }
        SmoothMethod method = o.smoothMethod();
        double smoothValue = o.effectiveSmoothValue();
        long sysLen = stats.sysLen();
        long refLen = stats.refLen();
        double bp = 1.0;
        if (sysLen < refLen) {
            bp = sysLen > 0 ? Math.exp(1 - (double) refLen / (double) sysLen) : 0.0;
        }
        double[] precisions = new double[maxOrder];
        long[] correctCounts = stats.correct();
        long[] totalCounts = stats.total();
        boolean anyMatch = false;
        for (long c : correctCounts) {
            anyMatch |= c != 0;
        }
        if (!anyMatch) {
            return new BleuScore(0.0, precisions, bp, stats);
        }
        double smoothMteval = 1.0;
        int effOrder = maxOrder;
        for (int n = 1; n <= maxOrder; n++) {
            double correct = correctCounts[n - 1];
            double total = totalCounts[n - 1];
            if (method == SmoothMethod.ADD_K && n > 1) {
                correct += smoothValue;
                total += smoothValue;
            }
            if (total == 0) {
                break;
            }
            if (o.effectiveOrder()) {
                effOrder = n;
            }
            if (correct == 0) {
                if (method == SmoothMethod.EXP) {
                    smoothMteval *= 2;
                    precisions[n - 1] = 100. / (smoothMteval * total);
                } else if (method == SmoothMethod.FLOOR) {
                    precisions[n - 1] = 100. * smoothValue / total;
                }
            } else {
                precisions[n - 1] = 100. * correct / total;
            }
        }
        double logSum = 0;
        for (int i = 0; i < effOrder; i++) {
            logSum += precisions[i] == 0.0 ? LOG_ZERO : Math.log(precisions[i]);
        }
        double score = bp * Math.exp(logSum / effOrder);
        return new BleuScore(score, precisions, bp, stats);
    }

    /** sacreBLEU's {@code _preprocess_segment} before tokenization: optional lowercasing, then {@code rstrip()}. */
    static String preprocess(BleuOptions o, String s) {
        return PyStrings.rstrip(o.lowercase() ? PyStrings.lower(s) : s);
    }

    /** The reference length closest to {@code hypLen}; on a tie the shorter one. */
    static int closestRefLen(int hypLen, int[] refLens) {
        int closestDiff = -1;
        int closestLen = -1;
        for (int refLen : refLens) {
            int diff = Math.abs(hypLen - refLen);
            if (closestDiff == -1 || diff < closestDiff) {
                closestDiff = diff;
                closestLen = refLen;
            } else if (diff == closestDiff && refLen < closestLen) {
                closestLen = refLen;
            }
        }
        return closestLen;
    }
}
