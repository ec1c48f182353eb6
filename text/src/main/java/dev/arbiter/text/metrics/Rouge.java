package dev.arbiter.text.metrics;

import dev.arbiter.core.text.PorterStemmer;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * ROUGE as Google's {@code rouge-score} ({@code rouge_scorer.RougeScorer} with its default tokenizer) computes it:
 * <ul>
 *   <li>tokens: Python-lowercase the text, replace every run of characters other than {@code a-z0-9} with a space,
 *       split; with stemming, words longer than three letters go through NLTK's Porter stemmer
 *       ({@link PorterStemmer});</li>
 *   <li>{@code rougeN}: clipped n-gram overlap over prediction n-grams (precision) and target n-grams (recall);</li>
 *   <li>{@code rougeL}: longest common subsequence of the whole token sequences;</li>
 *   <li>{@code rougeLsum}: summary-level LCS over newline-separated sentences: for each target sentence the union of
 *       its LCS with every prediction sentence, each token counted at most as often as it occurs on both sides;</li>
 *   <li>F is {@code 2PR/(P+R)}, 0 when both are 0;</li>
 *   <li>several targets: {@code score_multi}, the target with the highest F (the first on ties) gives all three numbers.</li>
 * </ul>
 * All methods are static, pure and thread-safe.
 */
public final class Rouge {
    /** The largest LCS table {@code rougeLsum} builds for one pair of sentences (64 MiB of 16-bit cells). */
    static final long MAX_TABLE_CELLS = 1L << 25;

    private Rouge() {
    }

    /** A rouge-score {@code Score}. */
    public record Score(double precision, double recall, double fmeasure) {
        static final Score ZERO = new Score(0, 0, 0);

        static Score of(double precision, double recall) {
            return new Score(precision, recall, precision + recall > 0
                    ? 2 * precision * recall / (precision + recall) : 0.0);
        }

        /** One of the three numbers by its rouge-score letter: {@code p}, {@code r} or {@code f}. */
        public double measure(char which) {
            return switch (which) {
                case 'p' -> precision;
                case 'r' -> recall;
                case 'f' -> fmeasure;
                default -> throw new IllegalArgumentException("measure must be p, r or f, was " + which);
            };
        }
    }

    /** A score against several targets and the index of the target that gave it. */
    public record Best(Score score, int index) {
    }

    /** A ROUGE variant by its rouge-score name: {@code rouge1}..{@code rouge9}, {@code rougeL}, {@code rougeLsum}. */
    public record Type(String name, int n) {
        public static final Type L = new Type("rougeL", 0);
        public static final Type LSUM = new Type("rougeLsum", -1);

        public static Type of(String name) {
            if (name.equals("rougeL")) {
                return L;
            }
            if (name.equals("rougeLsum")) {
                return LSUM;
            }
            if (name.length() == 6 && name.startsWith("rouge") && name.charAt(5) >= '1' && name.charAt(5) <= '9') {
                return new Type(name, name.charAt(5) - '0');
            }
            throw new IllegalArgumentException("invalid rouge type '" + name + "': rouge1..rouge9, rougeL or rougeLsum");
        }

        public static List<String> names() {
            List<String> out = new ArrayList<>();
            for (int i = 1; i <= 9; i++) {
                out.add("rouge" + i);
            }
            out.add("rougeL");
            out.add("rougeLsum");
            return out;
        }
    }

    /** rouge-score's default tokenizer. */
    public static List<String> tokenize(String text, boolean stem) {
        List<String> out = new ArrayList<>();
        StringBuilder tok = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
                tok.append((char) cp);
            } else if (cp >= 'A' && cp <= 'Z') {
                tok.append((char) (cp + 32));
            } else if (cp == 0x212A) {
                tok.append('k'); // KELVIN SIGN lowercases to k
            } else if (cp == 0x130) {
                tok.append('i'); // lowercases to i + COMBINING DOT ABOVE, which separates
                flush(tok, out, stem);
            } else {
                flush(tok, out, stem);
            }
        }
        flush(tok, out, stem);
        return out;
    }

    private static void flush(StringBuilder tok, List<String> out, boolean stem) {
        if (tok.length() == 0) {
            return;
        }
        String t = tok.toString();
        tok.setLength(0);
        if (stem && t.length() > 3) {
            t = PorterStemmer.stem(t);
        }
        if (!t.isEmpty()) {
            out.add(t);
        }
    }

    /** {@code RougeScorer([type], use_stemmer=stem).score(target, prediction)[type]}. */
    public static Score score(Type type, String target, String prediction, boolean stem) {
        return score(type, target, prediction, stem, Deadline.none());
    }

    public static Score score(Type type, String target, String prediction, boolean stem, Deadline deadline) {
        WordTable ids = new WordTable();
        if (type.n() == -1) {
            return summaryLevelLcs(sentences(target, stem, ids), sentences(prediction, stem, ids), deadline);
        }
        int[] t = ids.ids(tokenize(target, stem));
        deadline.check();
        int[] p = ids.ids(tokenize(prediction, stem));
        deadline.check();
        return type.n() == 0 ? lcsScore(t, p, deadline) : ngramScore(t, p, type.n());
    }

    /** rouge-score's {@code score_multi}: the score against the target with the highest F, the first on ties. */
    public static Best scoreMulti(Type type, List<String> targets, String prediction, boolean stem, Deadline deadline) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("ROUGE needs at least one target");
        }
        Score best = null;
        int index = -1;
        for (int i = 0; i < targets.size(); i++) {
            Score s = score(type, targets.get(i), prediction, stem, deadline);
            if (best == null || s.fmeasure() > best.fmeasure()) {
                best = s;
                index = i;
            }
        }
        return new Best(best, index);
    }

    private static Score ngramScore(int[] target, int[] prediction, int n) {
        NgramIndex index = NgramIndex.acquire(NgramIndex.expectedNgrams(target.length + prediction.length, n));
        long intersection = 0;
        int tLen;
        int pLen;
        try {
            int[] t = index.ngrams(target, n)[n - 1];
            int[] p = index.ngrams(prediction, n)[n - 1];
            tLen = t.length;
            pLen = p.length;
            int[] tc = new int[index.bound()];
            int[] pc = new int[index.bound()];
            for (int id : t) {
                tc[id]++;
            }
            for (int id : p) {
                pc[id]++;
            }
            for (int id : t) {
                if (tc[id] > 0) {
                    intersection += Math.min(tc[id], pc[id]);
                    tc[id] = 0;
                }
            }
        } finally {
            index.release();
        }
        double precision = (double) intersection / Math.max(pLen, 1);
        double recall = (double) intersection / Math.max(tLen, 1);
        return Score.of(precision, recall);
    }

    private static Score lcsScore(int[] target, int[] prediction, Deadline deadline) {
        if (target.length == 0 || prediction.length == 0) {
            return Score.ZERO;
        }
        int lcs = lcsLength(target, prediction, deadline);
        return Score.of((double) lcs / prediction.length, (double) lcs / target.length);
    }

    /** The LCS length in O(min) memory, checking the deadline every 256 rows. */
    static int lcsLength(int[] a, int[] b, Deadline deadline) {
        int[] rows = a.length >= b.length ? a : b;
        int[] cols = rows == a ? b : a;
        int[] prev = new int[cols.length + 1];
        int[] cur = new int[cols.length + 1];
        for (int i = 1; i <= rows.length; i++) {
            if ((i & 0xFF) == 0) {
                deadline.check();
            }
            int x = rows[i - 1];
            for (int j = 1; j <= cols.length; j++) {
                cur[j] = x == cols[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[cols.length];
    }

    /** Newline-separated sentences, empty ones dropped, each tokenized. */
    private static List<int[]> sentences(String text, boolean stem, WordTable ids) {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            if (end > start) {
                out.add(ids.ids(tokenize(text.substring(start, end), stem)));
            }
            start = end + 1;
        }
        return out;
    }

    private static Score summaryLevelLcs(List<int[]> refSents, List<int[]> canSents, Deadline deadline) {
        if (refSents.isEmpty() || canSents.isEmpty()) {
            return Score.ZERO;
        }
        long m = 0;
        long n = 0;
        int maxId = 0;
        for (int[] s : refSents) {
            m += s.length;
            for (int t : s) {
                maxId = Math.max(maxId, t);
            }
        }
        for (int[] s : canSents) {
            n += s.length;
            for (int t : s) {
                maxId = Math.max(maxId, t);
            }
        }
        if (m == 0 || n == 0) {
            return Score.ZERO;
        }
        int[] countsR = new int[maxId + 1];
        int[] countsC = new int[maxId + 1];
        for (int[] s : refSents) {
            for (int t : s) {
                countsR[t]++;
            }
        }
        for (int[] s : canSents) {
            for (int t : s) {
                countsC[t]++;
            }
        }
        long hits = 0;
        for (int[] r : refSents) {
            boolean[] inUnion = new boolean[r.length];
            for (int[] c : canSents) {
                markLcs(r, c, inUnion, deadline);
            }
            for (int i = 0; i < r.length; i++) {
                if (inUnion[i]) {
                    int t = r[i];
                    if (countsC[t] > 0 && countsR[t] > 0) {
                        hits++;
                        countsC[t]--;
                        countsR[t]--;
                    }
                }
            }
        }
        return Score.of((double) hits / n, (double) hits / m);
    }

    /**
     * Marks the positions of {@code ref} in the LCS that rouge-score's backtrack reads out of the full table: from
     * the bottom-right corner, take a match diagonally, else move left if that cell is strictly larger, else up.
     */
    private static void markLcs(int[] ref, int[] can, boolean[] marks, Deadline deadline) {
        int rows = ref.length;
        int cols = can.length;
        if (rows == 0 || cols == 0) {
            return;
        }
        long cells = (long) (rows + 1) * (cols + 1);
        if (cells > MAX_TABLE_CELLS) {
            throw new InvalidInputException("rougeLsum: a sentence pair of " + rows + " and " + cols
                    + " tokens needs an LCS table larger than " + MAX_TABLE_CELLS + " cells; split the text into lines");
        }
        int w = cols + 1;
        char[] t = new char[(int) cells];
        for (int i = 1; i <= rows; i++) {
            if ((i & 0xFF) == 0) {
                deadline.check();
            }
            int x = ref[i - 1];
            int row = i * w;
            int up = row - w;
            for (int j = 1; j <= cols; j++) {
                t[row + j] = x == can[j - 1] ? (char) (t[up + j - 1] + 1) : (char) Math.max(t[up + j], t[row + j - 1]);
            }
        }
        int i = rows;
        int j = cols;
        while (i > 0 && j > 0) {
            if (ref[i - 1] == can[j - 1]) {
                marks[i - 1] = true;
                i--;
                j--;
            } else if (t[i * w + j - 1] > t[(i - 1) * w + j]) {
                j--;
            } else {
                i--;
            }
        }
    }
}
