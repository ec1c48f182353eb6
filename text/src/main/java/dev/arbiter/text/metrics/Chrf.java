package dev.arbiter.text.metrics;

import dev.arbiter.core.Deadline;

import java.util.ArrayList;
import java.util.List;

/**
 * chrF and chrF++ exactly as sacreBLEU 2.x computes them ({@code sacrebleu.metrics.chrf.CHRF}): character n-grams
 * of orders 1..{@code char_order} over code points (whitespace removed unless {@code whitespace}), plus word n-grams
 * of orders 1..{@code word_order} over whitespace-split words with one leading or trailing ASCII punctuation mark
 * split off. Per order, matches are clipped counts; a segment takes the statistics of the reference with the highest
 * F score (the first on ties). Scores are on sacreBLEU's 0–100 scale. Parity with sacreBLEU is checked to 1e-9
 * ({@code text/METRICS.md}).
 *
 * <p>All methods are static, pure and thread-safe.
 */
public final class Chrf {
    private static final String PUNCTS = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    private static final double EPS = 1e-16;

    private Chrf() {
    }

    /** Sentence chrF of {@code hypothesis} against {@code references} (at least one), in [0, 100]. */
    public static double sentenceScore(ChrfOptions o, String hypothesis, List<String> references) {
        return score(o, sentenceStats(o, hypothesis, references, Deadline.none()));
    }

    public static ChrfStats sentenceStats(ChrfOptions o, String hypothesis, List<String> references) {
        return sentenceStats(o, hypothesis, references, Deadline.none());
    }

    /** The statistics of one segment: those of its best reference. */
    public static ChrfStats sentenceStats(ChrfOptions o, String hypothesis, List<String> references, Deadline deadline) {
        if (references.isEmpty()) {
            throw new IllegalArgumentException("chrF needs at least one reference");
        }
        int nrefs = references.size();
        String hyp = preprocess(o, hypothesis);
        int[] hypChars = charCodes(hyp, o.whitespace());
        int[][] refChars = new int[nrefs][];
        boolean withWords = o.wordOrder() > 0;
        // only n-grams of the hypothesis can match: its words get ids, the references' words are looked up
        WordTable wordIds = withWords ? new WordTable() : null;
        int[] hypWords = withWords ? wordIds.ids(words(hyp)) : null;
        int[][] refWords = withWords ? new int[nrefs][] : null;
        for (int r = 0; r < nrefs; r++) {
            deadline.check();
            String ref = preprocess(o, references.get(r));
            refChars[r] = charCodes(ref, o.whitespace());
            if (withWords) {
                refWords[r] = wordIds.find(words(ref));
            }
        }
        deadline.check();
        Side chars = new Side(o.charOrder(), NgramIndex.acquire(NgramIndex.expectedNgrams(hypChars.length, o.charOrder())));
        Side words = null;
        try {
            chars.build(hypChars, refChars);
            if (withWords) {
                words = new Side(o.wordOrder(), NgramIndex.acquire(NgramIndex.expectedNgrams(hypWords.length, o.wordOrder())));
                words.build(hypWords, refWords);
            }
            long[] best = null;
            double bestF = -1.0;
            for (int r = 0; r < nrefs; r++) {
                long[] stats = new long[3 * o.order()];
                chars.matchStats(r, stats, 0);
                if (words != null) {
                    words.matchStats(r, stats, o.charOrder());
                }
                double f = fScore(o, stats);
                if (f > bestF) {
                    bestF = f;
                    best = stats;
                }
            }
            return new ChrfStats(best);
        } finally {
            chars.index.release();
            if (words != null) {
                words.index.release();
            }
        }
    }

    /** Corpus chrF in [0, 100]: {@code references.get(i)} holds the references of segment {@code i}. */
    public static double corpusScore(ChrfOptions o, List<String> hypotheses, List<List<String>> references) {
        return score(o, ChrfStats.sum(corpusStats(o, hypotheses, references)));
    }

    public static List<ChrfStats> corpusStats(ChrfOptions o, List<String> hypotheses, List<List<String>> references) {
        if (hypotheses.size() != references.size()) {
            throw new IllegalArgumentException(hypotheses.size() + " hypotheses but " + references.size()
                    + " reference lists");
        }
        List<ChrfStats> out = new ArrayList<>(hypotheses.size());
        for (int i = 0; i < hypotheses.size(); i++) {
            out.add(sentenceStats(o, hypotheses.get(i), references.get(i), Deadline.none()));
        }
        return out;
    }

    /** The score of (summed) statistics, in [0, 100]: sacreBLEU's {@code CHRF._compute_f_score}. */
    public static double score(ChrfOptions o, ChrfStats stats) {
        if (stats.order() != o.order()) {
            throw new IllegalArgumentException("statistics of " + stats.order() + " orders for " + o.order());
        }
        return fScore(o, stats.counts());
    }

    private static double fScore(ChrfOptions o, long[] stats) {
        double factor = (double) o.beta() * o.beta();
        double score = 0.0;
        int effectiveOrder = 0;
        double avgPrec = 0.0;
        double avgRec = 0.0;
        int order = o.order();
        for (int i = 0; i < order; i++) {
            long nHyp = stats[3 * i];
            long nRef = stats[3 * i + 1];
            long nMatch = stats[3 * i + 2];
            double prec = nHyp > 0 ? (double) nMatch / (double) nHyp : EPS;
            double rec = nRef > 0 ? (double) nMatch / (double) nRef : EPS;
            double denom = factor * prec + rec;
            score += denom > 0 ? (1 + factor) * prec * rec / denom : EPS;
            if (nHyp > 0 && nRef > 0) {
                avgPrec += prec;
                avgRec += rec;
                effectiveOrder++;
            }
        }
        if (o.epsSmoothing()) {
            return 100 * score / order;
        }
        if (effectiveOrder == 0) {
            avgPrec = 0.0;
            avgRec = 0.0;
        } else {
            avgPrec /= effectiveOrder;
            avgRec /= effectiveOrder;
        }
        if (avgPrec + avgRec != 0) {
            double s = (1 + factor) * avgPrec * avgRec;
            s /= (factor * avgPrec) + avgRec;
            return 100 * s;
        }
        return 0.0;
    }

    static String preprocess(ChrfOptions o, String s) {
        return o.lowercase() ? PyStrings.lower(s) : s;
    }

    /** The code points character n-grams are taken from: whitespace dropped unless kept. */
    static int[] charCodes(String s, boolean keepWhitespace) {
        int[] out = new int[s.length()];
        int k = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (keepWhitespace || !PyStrings.isSpace(cp)) {
                out[k++] = cp;
            }
        }
        return k == out.length ? out : java.util.Arrays.copyOf(out, k);
    }

    /**
     * chrF++'s words: whitespace-split, and a word of two or more characters that ends (else starts) with an ASCII
     * punctuation mark is split in two there ({@code "(hi)"} gives {@code "(hi"} and {@code ")"}, as in sacreBLEU).
     */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        for (String w : PyStrings.split(s)) {
            if (w.length() == 1) {
                out.add(w);
            } else if (PUNCTS.indexOf(w.charAt(w.length() - 1)) >= 0) {
                out.add(w.substring(0, w.length() - 1));
                out.add(w.substring(w.length() - 1));
            } else if (PUNCTS.indexOf(w.charAt(0)) >= 0) {
                out.add(w.substring(0, 1));
                out.add(w.substring(1));
            } else {
                out.add(w);
            }
        }
        return out;
    }

    /** The n-grams of one kind (characters or words) of a hypothesis and its references. */
    private static final class Side {
        final int order;
        final NgramIndex index;
        int[][][] refs;
        int[][] hyp;
        int[] hypCounts;
        int[] refCounts;
        int[][] hypDistinct;

        Side(int order, NgramIndex index) {
            this.order = order;
            this.index = index;
        }

        void build(int[] hypTokens, int[][] refTokens) {
            hyp = index.ngrams(hypTokens, order);
            refs = new int[refTokens.length][][];
            for (int r = 0; r < refTokens.length; r++) {
                refs[r] = index.lookup(refTokens[r], order);
            }
            int bound = index.bound();
            hypCounts = new int[bound];
            refCounts = new int[bound];
            hypDistinct = new int[order][];
            for (int k = 0; k < order; k++) {
                int[] ids = hyp[k];
                int[] distinct = new int[ids.length];
                int d = 0;
                for (int id : ids) {
                    if (hypCounts[id]++ == 0) {
                        distinct[d++] = id;
                    }
                }
                hypDistinct[k] = java.util.Arrays.copyOf(distinct, d);
            }
        }

        /** Writes (hyp, ref, match) of each order against reference {@code r} into {@code stats} from order {@code at}. */
        void matchStats(int r, long[] stats, int at) {
            int[][] ref = refs[r];
            for (int k = 0; k < order; k++) {
                for (int id : ref[k]) {
                    refCounts[id]++;
                }
                long match = 0;
                for (int id : hypDistinct[k]) {
                    match += Math.min(hypCounts[id], refCounts[id]);
                }
                long refTotal = ref[k].length;
                int o = 3 * (at + k);
                stats[o] = refTotal > 0 ? hyp[k].length : 0;
                stats[o + 1] = refTotal;
                stats[o + 2] = match;
                for (int id : ref[k]) {
                    refCounts[id] = 0;
                }
            }
        }
    }
}
