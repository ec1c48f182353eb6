package dev.arbiter.vision;

import dev.arbiter.core.text.PorterStemmer;
import dev.arbiter.core.Deadline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The text metrics SophiaVL-R1's outcome rewards call: {@code rouge-score}'s ROUGE-1/2/L F-measures with its
 * tokenizer and Porter stemming, and {@code jiwer}'s word error rate with its default transform.
 */
final class TextOverlap {
    private static final Pattern NON_ALNUM = Pattern.compile("[^a-z0-9]+");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern MULTI_SPACE = Pattern.compile("\\s\\s+");

    private TextOverlap() {
    }

    /**
     * {@code rouge_score.tokenize}: lower-case, non-alphanumerics to spaces, split, stem tokens longer than 3
     * characters, drop empty tokens.
     */
    static List<String> rougeTokens(String text, boolean stem) {
        String t = NON_ALNUM.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ");
        List<String> out = new ArrayList<>();
        for (String tok : SPACES.split(t)) {
            if (tok.isEmpty()) {
                continue;
            }
            out.add(stem && tok.length() > 3 ? PorterStemmer.stem(tok) : tok);
        }
        return out;
    }

    static double fmeasure(double p, double r) {
        return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    }

    static double rougeN(List<String> target, List<String> prediction, int n) {
        Map<List<String>, Integer> t = ngrams(target, n);
        Map<List<String>, Integer> p = ngrams(prediction, n);
        int inter = 0;
        for (Map.Entry<List<String>, Integer> e : t.entrySet()) {
            inter += Math.min(e.getValue(), p.getOrDefault(e.getKey(), 0));
        }
        int tc = Math.max(0, target.size() - n + 1);
        int pc = Math.max(0, prediction.size() - n + 1);
        double precision = (double) inter / Math.max(pc, 1);
        double recall = (double) inter / Math.max(tc, 1);
        return fmeasure(precision, recall);
    }

    private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        Map<List<String>, Integer> out = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            out.merge(tokens.subList(i, i + n), 1, Integer::sum);
        }
        return out;
    }

    static double rougeL(List<String> target, List<String> prediction, Deadline deadline) {
        if (target.isEmpty() || prediction.isEmpty()) {
            return 0.0;
        }
        int lcs = lcs(target, prediction, deadline);
        return fmeasure((double) lcs / prediction.size(), (double) lcs / target.size());
    }

    static <T> int lcs(List<T> a, List<T> b, Deadline deadline) {
        int[] prev = new int[b.size() + 1];
        int[] cur = new int[b.size() + 1];
        for (int i = 1; i <= a.size(); i++) {
            if ((i & 0x3F) == 0) {
                deadline.check();
            }
            T x = a.get(i - 1);
            for (int j = 1; j <= b.size(); j++) {
                cur[j] = x.equals(b.get(j - 1)) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.size()];
    }

    /**
     * jiwer's word error rate with its default transform (runs of 2+ whitespace to one space, strip, split on single
     * spaces): word-level edit distance / reference words. The reference must have a word.
     */
    static double wer(String reference, String hypothesis, Deadline deadline) {
        List<String> ref = jiwerWords(reference);
        List<String> hyp = jiwerWords(hypothesis);
        int[] prev = new int[hyp.size() + 1];
        int[] cur = new int[hyp.size() + 1];
        for (int j = 0; j <= hyp.size(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= ref.size(); i++) {
            if ((i & 0x3F) == 0) {
                deadline.check();
            }
            cur[0] = i;
            for (int j = 1; j <= hyp.size(); j++) {
                int sub = prev[j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return (double) prev[hyp.size()] / ref.size();
    }

    static List<String> jiwerWords(String s) {
        String t = MULTI_SPACE.matcher(s).replaceAll(" ").strip();
        List<String> out = new ArrayList<>();
        for (String w : t.split(" ", -1)) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }
}
