package dev.arbiter.text.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * The few Python 3.11 {@code str} operations the reference implementations (sacreBLEU, HF {@code evaluate},
 * {@code rouge-score}) rely on, with Python's exact semantics rather than Java's look-alikes:
 * <ul>
 *   <li>{@link #isSpace}: {@code str.isspace()} — what {@code split()}, {@code strip()} and {@code re}'s {@code \s}
 *       treat as whitespace. Unlike {@link Character#isWhitespace} it includes U+00A0, U+2007, U+202F and U+0085.</li>
 *   <li>{@link #split}: {@code str.split()} without arguments.</li>
 *   <li>{@link #lower}: {@code str.lower()}: full lowercase mapping (U+0130 becomes two characters), Python's
 *       Final_Sigma rule for U+03A3, and the Unicode 14 lowercase pairs that Java 17's Unicode 13 tables lack.</li>
 * </ul>
 * Strings are handled by code point, as Python does; lone surrogates pass through unchanged.
 */
public final class PyStrings {
    private PyStrings() {
    }

    private static final boolean[] ASCII_SPACE = new boolean[128];

    static {
        for (int c = 0; c < 128; c++) {
            ASCII_SPACE[c] = c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
        }
    }

    /** Python's {@code str.isspace()} for one code point (Unicode 14; the set is the same in every recent version). */
    public static boolean isSpace(int cp) {
        if (cp < 0x80) {
            return cp >= 0 && ASCII_SPACE[cp];
        }
        return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028
                || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    }

    /** Python's {@code s.split()}: maximal runs of non-whitespace, in order. */
    public static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            while (i < n && isSpaceAt(s, i)) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            while (i < n && !isSpaceAt(s, i)) {
                i++;
            }
            out.add(s.substring(start, i));
        }
        return out;
    }

    /** Whether the UTF-16 unit at {@code i} is Python whitespace (every whitespace code point is in the BMP). */
    static boolean isSpaceAt(CharSequence s, int i) {
        return isSpace(s.charAt(i));
    }

    /** Python's {@code s.rstrip()}. */
    public static String rstrip(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return end == s.length() ? s : s.substring(0, end);
    }

    /** Python's {@code s.strip()}. */
    public static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return start == 0 && end == s.length() ? s : s.substring(start, end);
    }

    /** Whether {@code s.strip()} would be empty. */
    public static boolean isBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isSpace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Python's {@code s.lower()}. */
    public static String lower(String s) {
        int n = s.length();
        boolean ascii = true;
        boolean hasUpper = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                ascii = false;
                break;
            }
            if (c >= 'A' && c <= 'Z') {
                hasUpper = true;
            }
        }
        if (ascii) {
            if (!hasUpper) {
                return s;
            }
            char[] out = s.toCharArray();
            for (int i = 0; i < n; i++) {
                char c = out[i];
                if (c >= 'A' && c <= 'Z') {
                    out[i] = (char) (c + 32);
                }
            }
            return new String(out);
        }
        StringBuilder sb = new StringBuilder(n + 4);
        for (int i = 0; i < n; ) {
            int cp = s.codePointAt(i);
            if (cp == 0x3A3) {
                sb.append(finalSigma(s, i) ? '\u03C2' : '\u03C3');
            } else if (cp == 0x130) {
                sb.append('i').append('\u0307');
            } else {
                sb.appendCodePoint(lowerCodePoint(cp));
            }
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    /** The simple lowercase mapping of one code point as Python 3.11 (Unicode 14) has it. */
    static int lowerCodePoint(int cp) {
        if (cp < 0x80) {
            return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
        }
        int l = Character.toLowerCase(cp);
        if (l != cp) {
            return l;
        }
        return unicode14Lower(cp);
    }

    /** Lowercase pairs added in Unicode 14, missing from Java 17's tables (identity on later JDKs' own mapping). */
    private static int unicode14Lower(int cp) {
        if (cp == 0x2C2F) {
            return 0x2C5F;
        }
        if (cp == 0xA7C0 || cp == 0xA7D0 || cp == 0xA7D6 || cp == 0xA7D8) {
            return cp + 1;
        }
        // Vithkuqi capitals U+10570..U+10595 map to U+10597..U+105BC (with the script's two gaps).
        if (cp >= 0x10570 && cp <= 0x10595 && cp != 0x1057B && cp != 0x1058B && cp != 0x10593) {
            return cp + 0x27;
        }
        return cp;
    }

    /**
     * CPython's Final_Sigma test for the capital sigma at {@code i}: preceded by a cased letter (skipping
     * case-ignorable characters) and not followed by one.
     */
    private static boolean finalSigma(String s, int i) {
        int j = i;
        int c = -1;
        while (j > 0) {
            c = s.codePointBefore(j);
            j -= Character.charCount(c);
            if (!isCaseIgnorable(c)) {
                break;
            }
            c = -1;
        }
        if (c < 0 || !isCased(c)) {
            return false;
        }
        j = i + 1;
        while (j < s.length()) {
            c = s.codePointAt(j);
            if (!isCaseIgnorable(c)) {
                return !isCased(c);
            }
            j += Character.charCount(c);
        }
        return true;
    }

    /** Unicode's Cased property: lowercase, uppercase or titlecase (Java includes Other_Lowercase/Other_Uppercase). */
    static boolean isCased(int c) {
        return Character.isLowerCase(c) || Character.isUpperCase(c) || Character.isTitleCase(c);
    }

    /** Unicode's Case_Ignorable property: Mn, Me, Cf, Lm, Sk, and Word_Break MidLetter, MidNumLet and Single_Quote. */
    static boolean isCaseIgnorable(int c) {
        switch (c) {
            case 0x27, 0x2E, 0x3A, 0xB7, 0x387, 0x55F, 0x5F4, 0x2018, 0x2019, 0x2024, 0x2027, 0xFE13, 0xFE52, 0xFE55,
                    0xFF07, 0xFF0E, 0xFF1A -> {
                return true;
            }
            case 0x1734 -> {
                return false; // a spacing mark since Unicode 14
            }
            default -> {
                int t = Character.getType(c);
                return t == Character.NON_SPACING_MARK || t == Character.ENCLOSING_MARK || t == Character.FORMAT
                        || t == Character.MODIFIER_LETTER || t == Character.MODIFIER_SYMBOL;
            }
        }
    }

    /** The code points of {@code s} (Python's view of a {@code str}). */
    public static int[] codePoints(String s) {
        int n = s.length();
        int[] out = new int[n];
        int k = 0;
        for (int i = 0; i < n; ) {
            int cp = s.codePointAt(i);
            out[k++] = cp;
            i += Character.charCount(cp);
        }
        return k == n ? out : java.util.Arrays.copyOf(out, k);
    }
}
