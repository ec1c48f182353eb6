package dev.arbiter.tools;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** SQuAD-style answer normalisation, exact match and token F1 as Search-R1 / Router-R1's {@code qa_em.py} computes them. */
final class QaScoring {
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b", Pattern.UNICODE_CHARACTER_CLASS);
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private QaScoring() {
    }

    /** lower → remove punctuation → remove articles → collapse whitespace. */
    static String normalize(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (PUNCTUATION.indexOf(c) < 0) {
                sb.append(c);
            }
        }
        String noArticles = ARTICLES.matcher(sb).replaceAll(" ");
        return String.join(" ", split(noArticles));
    }

    static List<String> split(String s) {
        String t = s.strip();
        return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
    }

    static boolean exactMatch(String prediction, List<String> golds) {
        String p = normalize(prediction);
        for (String g : golds) {
            if (normalize(g).equals(p)) {
                return true;
            }
        }
        return false;
    }

    /** Token F1; 0 when either side is yes/no/noanswer and they differ. */
    static double f1(String prediction, String gold) {
        String p = normalize(prediction);
        String g = normalize(gold);
        List<String> special = List.of("yes", "no", "noanswer");
        if (special.contains(p) && !p.equals(g) || special.contains(g) && !p.equals(g)) {
            return 0;
        }
        List<String> pt = split(p);
        List<String> gt = split(g);
        Map<String, Integer> counts = new HashMap<>();
        gt.forEach(t -> counts.merge(t, 1, Integer::sum));
        int same = 0;
        for (String t : pt) {
            Integer c = counts.get(t);
            if (c != null && c > 0) {
                counts.put(t, c - 1);
                same++;
            }
        }
        if (same == 0) {
            return 0;
        }
        double precision = (double) same / pt.size();
        double recall = (double) same / gt.size();
        return 2 * precision * recall / (precision + recall);
    }

    static double bestF1(String prediction, List<String> golds) {
        double best = 0;
        for (String g : golds) {
            best = Math.max(best, f1(prediction, g));
        }
        return best;
    }
}
