package dev.arbiter.text.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * The mteval-v13a tokenizer as sacreBLEU ({@code tok:13a}) and HF {@code evaluate}'s BLEU apply it:
 * <ol>
 *   <li>delete {@code <skipped>} and {@code -\n}; newline → space; when the line holds {@code &}, unescape
 *       {@code &quot; &amp; &lt; &gt;} in that order;</li>
 *   <li>pad with a space on each side;</li>
 *   <li>four substitutions, each a left-to-right scan of the previous one's output:
 *       surround every ASCII character in {@code {-~ [-` space-& (-+ :-@ /} with spaces;
 *       {@code ([^0-9])([.,]) → "\1 \2 "}; {@code ([.,])([^0-9]) → " \1 \2"}; {@code ([0-9])(-) → "\1 \2 "};</li>
 *   <li>split on Python whitespace.</li>
 * </ol>
 * The apostrophe is not split ("It's" stays one token).
 *
 * <p>The substitutions only insert spaces, so the tokens are the line's non-space characters cut at the places
 * where some substitution puts a space. This class finds those places in one scan instead of building the four
 * intermediate strings:
 * <ul>
 *   <li>around each character of the first set;</li>
 *   <li>around a {@code -} that directly follows a digit (the fourth substitution: its matches never overlap,
 *       since a consumed {@code -} cannot be a digit);</li>
 *   <li>in a maximal run r<sub>1</sub>…r<sub>L</sub> of {@code .} and {@code ,}, with p the character before the
 *       run and q the one after (a space, a first-set character and the padding count as non-digits): the second
 *       substitution matches r<sub>1</sub> iff p is not a digit, and r<sub>k</sub> iff it did not match
 *       r<sub>k−1</sub> (a matched r<sub>k−1</sub> is consumed and cannot start the next match); a match puts a
 *       space before and after r<sub>k</sub>. Matched and unmatched members alternate, so a space separates every
 *       two members afterwards, and the third substitution matches (and cuts around) every member whose next
 *       character is not a digit: all but r<sub>L</sub>, and r<sub>L</sub> unless the second left it unmatched and q
 *       is a digit ({@code 3.5} stays whole, {@code 1...2} gives {@code 1 . . .2}).</li>
 * </ul>
 * {@code TokenizerDifferentialTest} checks this against the four regular expressions on random strings.
 */
public final class Tokenizer13a {
    private static final boolean[] ISOLATED = new boolean[128];

    static {
        for (int c = 0; c < 128; c++) {
            ISOLATED[c] = (c >= '{' && c <= '~') || (c >= '[' && c <= '`') || (c >= ' ' && c <= '&')
                    || (c >= '(' && c <= '+') || (c >= ':' && c <= '@') || c == '/';
        }
    }

    private Tokenizer13a() {
    }

    /** The tokens of {@code line}. */
    public static List<String> tokens(String line) {
        char[] a = unescape(line).toCharArray();
        boolean[] cut = cuts(a);
        List<String> out = new ArrayList<>(a.length / 4 + 1);
        int start = -1;
        for (int i = 0; i <= a.length; i++) {
            if (i == a.length || PyStrings.isSpace(a[i])) {
                if (start >= 0) {
                    out.add(new String(a, start, i - start));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            } else if (cut[i]) {
                out.add(new String(a, start, i - start));
                start = i;
            }
        }
        return out;
    }

    /** The word ids of the tokens of {@code line} in {@code table}, adding new words. */
    static int[] ids(String line, WordTable table) {
        return ids(line, table, true);
    }

    /**
     * The word ids of the tokens of {@code line} in {@code table}; with {@code add} false, words not yet in the
     * table get −1 (the length of the result is still the number of tokens).
     */
    static int[] ids(String line, WordTable table, boolean add) {
        char[] a = unescape(line).toCharArray();
        boolean[] cut = cuts(a);
        int[] out = new int[a.length];
        int n = 0;
        int start = -1;
        for (int i = 0; i <= a.length; i++) {
            if (i == a.length || PyStrings.isSpace(a[i])) {
                if (start >= 0) {
                    out[n++] = add ? table.id(a, start, i) : table.find(a, start, i);
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            } else if (cut[i]) {
                out[n++] = add ? table.id(a, start, i) : table.find(a, start, i);
                start = i;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** {@code cut[i]}: a substitution puts a space right before character {@code i}. */
    static boolean[] cuts(char[] a) {
        int n = a.length;
        boolean[] cut = new boolean[n + 1];
        for (int i = 0; i < n; i++) {
            char c = a[i];
            if (c < 128 && ISOLATED[c]) {
                cut[i] = true;
                cut[i + 1] = true;
            } else if (c == '-') {
                if (i > 0 && isDigit(a[i - 1])) {
                    cut[i] = true;
                    cut[i + 1] = true;
                }
            } else if (c == '.' || c == ',') {
                int end = i + 1;
                while (end < n && isDotOrComma(a[end])) {
                    end++;
                }
                boolean digitBefore = i > 0 && isDigit(a[i - 1]);
                boolean digitAfter = end < n && isDigit(a[end]);
                boolean second = !digitBefore;
                for (int j = i; j < end; j++) {
                    if (j > i) {
                        second = !second;
                    }
                    boolean third = j < end - 1 || second || !digitAfter;
                    if (second || third) {
                        cut[j] = true;
                        cut[j + 1] = true;
                    }
                }
                i = end - 1;
            }
        }
        return cut;
    }

    /** The language-independent first step: {@code <skipped>}, {@code -\n}, newlines and the four entities. */
    static String unescape(String line) {
        String s = line;
        if (s.indexOf('<') >= 0) {
            s = s.replace("<skipped>", "");
        }
        if (s.indexOf('\n') >= 0) {
            s = s.replace("-\n", "").replace("\n", " ");
        }
        if (s.indexOf('&') >= 0) {
            s = s.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
        }
        return s;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isDotOrComma(char c) {
        return c == '.' || c == ',';
    }
}
