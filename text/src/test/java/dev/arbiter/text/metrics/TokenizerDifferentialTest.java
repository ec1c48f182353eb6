package dev.arbiter.text.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The hand-written tokenizers against the regular-expression substitutions they replace (written with
 * {@code java.util.regex}, which matches leftmost and non-overlapping as Python's {@code re} does), on random
 * strings drawn from the characters the rules care about. Seeded; the seed is in the failure message.
 */
class TokenizerDifferentialTest {
    private static final String ALPHABET = "ab09.,-' &;<>\"()[]{}/:@\\`~^_|*+=!?#$%\n\t\u00a0\u3000é€“”½²٣😀\uD800"
            + "..,,--00";
    private static final Pattern P1 = Pattern.compile("([\\{-\\~\\[-\\` -\\&\\(-\\+\\:-\\@\\/])");
    private static final Pattern P2 = Pattern.compile("([^0-9])([\\.,])");
    private static final Pattern P3 = Pattern.compile("([\\.,])([^0-9])");
    private static final Pattern P4 = Pattern.compile("([0-9])(-)");
    private static final Pattern I1 = Pattern.compile("(\\P{N})(\\p{P})");
    private static final Pattern I2 = Pattern.compile("(\\p{P})(\\P{N})");
    private static final Pattern I3 = Pattern.compile("(\\p{S})");

    /** Every string of up to six characters over the characters the boundary rules distinguish. */
    @Test
    void thirteenAEqualsItsRegularExpressionsOnEveryShortString() {
        char[] alphabet = "0.,-a (".toCharArray();
        int checked = 0;
        for (int len = 0; len <= 6; len++) {
            int[] digits = new int[len];
            while (true) {
                char[] s = new char[len];
                for (int i = 0; i < len; i++) {
                    s[i] = alphabet[digits[i]];
                }
                String str = new String(s);
                assertEquals(reference13a(str), Tokenizer13a.tokens(str), () -> "input \"" + str + "\"");
                checked++;
                int k = 0;
                while (k < len && ++digits[k] == alphabet.length) {
                    digits[k++] = 0;
                }
                if (k == len) {
                    break;
                }
            }
        }
        assertEquals(137_257, checked);
    }

    @Test
    void thirteenAEqualsItsRegularExpressions() {
        long seed = 42;
        Random rnd = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            String s = random(rnd, 1 + rnd.nextInt(24)) + (rnd.nextInt(8) == 0 ? "&amp;&quot;&lt;&gt;<skipped>-\n" : "");
            assertEquals(reference13a(s), Tokenizer13a.tokens(s), "seed " + seed + ", input " + escape(s));
        }
    }

    /** sacreBLEU's 13a, written with the four regular expressions. */
    private static List<String> reference13a(String s) {
        String line = " " + Tokenizer13a.unescape(s) + " ";
        line = P1.matcher(line).replaceAll(" $1 ");
        line = P2.matcher(line).replaceAll("$1 $2 ");
        line = P3.matcher(line).replaceAll(" $1 $2");
        line = P4.matcher(line).replaceAll("$1 $2 ");
        return PyStrings.split(line);
    }

    @Test
    void intlEqualsItsRegularExpressions() {
        long seed = 7;
        Random rnd = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            String s = random(rnd, 1 + rnd.nextInt(24));
            String line = I1.matcher(s).replaceAll("$1 $2 ");
            line = I2.matcher(line).replaceAll(" $1 $2");
            line = I3.matcher(line).replaceAll(" $1 ");
            assertEquals(PyStrings.split(line), TokenizerIntl.tokens(s), "seed " + seed + ", input " + escape(s));
        }
    }

    private static String random(Random rnd, int n) {
        StringBuilder sb = new StringBuilder();
        int[] cps = ALPHABET.codePoints().toArray();
        for (int i = 0; i < n; i++) {
            sb.appendCodePoint(cps[rnd.nextInt(cps.length)]);
        }
        return sb.toString();
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(c -> sb.append(c < 0x20 || c > 0x7e ? String.format("\\u{%x}", c) : Character.toString(c)));
        return sb.toString();
    }
}
