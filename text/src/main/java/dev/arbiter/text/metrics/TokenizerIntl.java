package dev.arbiter.text.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * sacreBLEU's {@code intl} tokenizer (mteval-v14 international): three substitutions over code points, each a
 * left-to-right scan of the previous one's output, then a whitespace split:
 * {@code (\P{N})(\p{P}) → "\1 \2 "}, {@code (\p{P})(\P{N}) → " \1 \2"}, {@code (\p{S}) → " \1 "}.
 * Unicode categories come from the JDK (Unicode 13 on Java 17); sacreBLEU's {@code regex} module may know
 * characters assigned later, which this treats as unassigned.
 */
final class TokenizerIntl {
    private TokenizerIntl() {
    }

    static List<String> tokens(String line) {
        int[] a = PyStrings.codePoints(line);
        int n = a.length;
        // (\P{N})(\p{P}) -> "\1 \2 "
        int[] b = new int[n * 2 + 1];
        int m = 0;
        int i = 0;
        while (i < n) {
            int c = a[i];
            if (i + 1 < n && !isNumber(c) && isPunctuation(a[i + 1])) {
                b[m++] = c;
                b[m++] = ' ';
                b[m++] = a[i + 1];
                b[m++] = ' ';
                i += 2;
            } else {
                b[m++] = c;
                i++;
            }
        }
        // (\p{P})(\P{N}) -> " \1 \2"
        int[] c2 = new int[m * 2 + 1];
        int k = 0;
        i = 0;
        while (i < m) {
            int c = b[i];
            if (i + 1 < m && isPunctuation(c) && !isNumber(b[i + 1])) {
                c2[k++] = ' ';
                c2[k++] = c;
                c2[k++] = ' ';
                c2[k++] = b[i + 1];
                i += 2;
            } else {
                c2[k++] = c;
                i++;
            }
        }
        // (\p{S}) -> " \1 " ; then split on Python whitespace
        List<String> out = new ArrayList<>();
        StringBuilder tok = new StringBuilder();
        for (i = 0; i < k; i++) {
            int c = c2[i];
            if (PyStrings.isSpace(c)) {
                flush(tok, out);
            } else if (isSymbol(c)) {
                flush(tok, out);
                out.add(new String(Character.toChars(c)));
            } else {
                tok.appendCodePoint(c);
            }
        }
        flush(tok, out);
        return out;
    }

    private static void flush(StringBuilder tok, List<String> out) {
        if (tok.length() > 0) {
            out.add(tok.toString());
            tok.setLength(0);
        }
    }

    static boolean isNumber(int c) {
        int t = Character.getType(c);
        return t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
    }

    static boolean isPunctuation(int c) {
        int t = Character.getType(c);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION
                || t == Character.START_PUNCTUATION || t == Character.END_PUNCTUATION
                || t == Character.INITIAL_QUOTE_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
                || t == Character.OTHER_PUNCTUATION;
    }

    static boolean isSymbol(int c) {
        int t = Character.getType(c);
        return t == Character.MATH_SYMBOL || t == Character.CURRENCY_SYMBOL || t == Character.MODIFIER_SYMBOL
                || t == Character.OTHER_SYMBOL;
    }
}
