package dev.arbiter.text.metrics;

import java.util.Objects;

/**
 * The parameters of sacreBLEU's {@code BLEU} metric.
 *
 * @param tokenizer      the word tokenizer ({@code tok:} in sacreBLEU's signature)
 * @param lowercase      lowercase hypothesis and references first (Python {@code str.lower()})
 * @param smoothMethod   the smoothing method
 * @param smoothValue    the smoothing value for {@link SmoothMethod#FLOOR} and {@link SmoothMethod#ADD_K}; NaN means the
 *                       method's default, and it is ignored by the other methods
 * @param maxNgramOrder  the highest n-gram order (sacreBLEU's {@code max_ngram_order}, default 4)
 * @param effectiveOrder stop at the highest order that has any n-grams, instead of letting a missing order zero the
 *                       score; sacreBLEU's {@code sentence_bleu} turns it on
 */
public record BleuOptions(BleuTokenizer tokenizer, boolean lowercase, SmoothMethod smoothMethod, double smoothValue,
                          int maxNgramOrder, boolean effectiveOrder) {

    public BleuOptions {
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(smoothMethod, "smoothMethod");
        if (maxNgramOrder < 1) {
            throw new IllegalArgumentException("maxNgramOrder must be at least 1, was " + maxNgramOrder);
        }
    }

    /** sacreBLEU's {@code sentence_bleu} defaults: 13a, mixed case, exp smoothing, order 4, effective order. */
    public static BleuOptions sentence() {
        return new BleuOptions(BleuTokenizer.THIRTEEN_A, false, SmoothMethod.EXP, Double.NaN, 4, true);
    }

    /** sacreBLEU's {@code BLEU()} / {@code corpus_bleu} defaults: as {@link #sentence()} without effective order. */
    public static BleuOptions corpus() {
        return sentence().withEffectiveOrder(false);
    }

    /** The smoothing value actually used: the given one, or the method's default (NaN when the method has none). */
    public double effectiveSmoothValue() {
        return Double.isNaN(smoothValue) ? smoothMethod.defaultValue() : smoothValue;
    }

    public BleuOptions withTokenizer(BleuTokenizer t) {
        return new BleuOptions(t, lowercase, smoothMethod, smoothValue, maxNgramOrder, effectiveOrder);
    }

    public BleuOptions withLowercase(boolean l) {
        return new BleuOptions(tokenizer, l, smoothMethod, smoothValue, maxNgramOrder, effectiveOrder);
    }

    public BleuOptions withSmoothing(SmoothMethod m, double value) {
        return new BleuOptions(tokenizer, lowercase, m, value, maxNgramOrder, effectiveOrder);
    }

    public BleuOptions withMaxNgramOrder(int n) {
        return new BleuOptions(tokenizer, lowercase, smoothMethod, smoothValue, n, effectiveOrder);
    }

    public BleuOptions withEffectiveOrder(boolean e) {
        return new BleuOptions(tokenizer, lowercase, smoothMethod, smoothValue, maxNgramOrder, e);
    }

    /**
     * sacreBLEU's short signature for these options, such as {@code nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp}
     * (without sacreBLEU's version field: this is an emulation, checked against sacreBLEU 2.6.0).
     */
    public String sacrebleuSignature(String nrefs) {
        String smooth = smoothMethod.specName();
        if (smoothMethod.takesValue()) {
            smooth += String.format(java.util.Locale.ROOT, "[%.2f]", effectiveSmoothValue());
        }
        return "nrefs:" + nrefs + "|case:" + (lowercase ? "lc" : "mixed") + "|eff:" + (effectiveOrder ? "yes" : "no")
                + "|tok:" + tokenizer.specName() + "|smooth:" + smooth;
    }
}
