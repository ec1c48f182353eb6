package dev.arbiter.text.metrics;

/**
 * The parameters of sacreBLEU's {@code CHRF} metric.
 *
 * @param charOrder    character n-gram order (6)
 * @param wordOrder    word n-gram order: 0 is chrF, 2 is chrF++
 * @param beta         recall weight (2)
 * @param lowercase    lowercase first (Python {@code str.lower()})
 * @param whitespace   keep whitespace inside character n-grams (sacreBLEU removes it by default)
 * @param epsSmoothing chrF++.py/Moses/NLTK epsilon smoothing (average of per-order F scores); off by default, which
 *                     is sacreBLEU's effective-order averaging of precisions and recalls
 */
public record ChrfOptions(int charOrder, int wordOrder, int beta, boolean lowercase, boolean whitespace,
                          boolean epsSmoothing) {

    public ChrfOptions {
        if (charOrder < 1) {
            throw new IllegalArgumentException("charOrder must be at least 1, was " + charOrder);
        }
        if (wordOrder < 0) {
            throw new IllegalArgumentException("wordOrder must not be negative, was " + wordOrder);
        }
        if (beta < 0) {
            throw new IllegalArgumentException("beta must not be negative, was " + beta);
        }
    }

    /** chrF2: sacreBLEU's {@code CHRF()} defaults. */
    public static ChrfOptions chrf() {
        return new ChrfOptions(6, 0, 2, false, false, false);
    }

    /** chrF2++: word order 2. */
    public static ChrfOptions chrfPlusPlus() {
        return new ChrfOptions(6, 2, 2, false, false, false);
    }

    /** Character plus word orders. */
    public int order() {
        return charOrder + wordOrder;
    }

    public ChrfOptions withLowercase(boolean l) {
        return new ChrfOptions(charOrder, wordOrder, beta, l, whitespace, epsSmoothing);
    }

    public ChrfOptions withWhitespace(boolean w) {
        return new ChrfOptions(charOrder, wordOrder, beta, lowercase, w, epsSmoothing);
    }

    public ChrfOptions withEpsSmoothing(boolean e) {
        return new ChrfOptions(charOrder, wordOrder, beta, lowercase, whitespace, e);
    }

    public ChrfOptions withOrders(int chars, int words) {
        return new ChrfOptions(chars, words, beta, lowercase, whitespace, epsSmoothing);
    }

    public ChrfOptions withBeta(int b) {
        return new ChrfOptions(charOrder, wordOrder, b, lowercase, whitespace, epsSmoothing);
    }

    /** The metric's name as sacreBLEU prints it: {@code chrF2}, {@code chrF2++}. */
    public String metricName() {
        return "chrF" + beta + "+".repeat(wordOrder);
    }

    /** sacreBLEU's short signature, such as {@code nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no} (without version). */
    public String sacrebleuSignature(String nrefs) {
        return "nrefs:" + nrefs + "|case:" + (lowercase ? "lc" : "mixed") + "|eff:" + (epsSmoothing ? "no" : "yes")
                + "|nc:" + charOrder + "|nw:" + wordOrder + "|space:" + (whitespace ? "yes" : "no");
    }
}
