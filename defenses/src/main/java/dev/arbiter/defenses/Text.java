package dev.arbiter.defenses;

import dev.arbiter.core.Deadline;

import java.util.ArrayList;
import java.util.List;

/** Text measurements shared by the detectors. Lengths count Unicode code points, not UTF-16 units. */
final class Text {
    private Text() {
    }

    /** Whitespace, separators, and invisible format characters (zero-width space, BOM) are "blank". */
    static boolean isBlank(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.getType(cp) == Character.FORMAT
                || Character.getType(cp) == Character.CONTROL;
    }

    /** Punctuation and symbols (Unicode P* and S* categories). */
    static boolean isPunctuationOrSymbol(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                 Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    /** {@code s} without leading and trailing blank characters. */
    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end) {
            int cp = s.codePointAt(start);
            if (!isBlank(cp)) {
                break;
            }
            start += Character.charCount(cp);
        }
        while (end > start) {
            int cp = s.codePointBefore(end);
            if (!isBlank(cp)) {
                break;
            }
            end -= Character.charCount(cp);
        }
        return s.substring(start, end);
    }

    /** {@code s} stripped, then without trailing punctuation, symbols and blanks ("Solution:" → "Solution"). */
    static String stripTrailingPunctuation(String s) {
        String t = strip(s);
        int end = t.length();
        while (end > 0) {
            int cp = t.codePointBefore(end);
            if (!isBlank(cp) && !isPunctuationOrSymbol(cp)) {
                break;
            }
            end -= Character.charCount(cp);
        }
        return t.substring(0, end);
    }

    /** Whether every code point of {@code s} is blank, punctuation or a symbol (true for the empty string). */
    static boolean onlyPunctuation(String s, Deadline deadline) {
        for (int i = 0; i < s.length(); ) {
            if ((i & 0xFFFF) == 0) {
                deadline.check();
            }
            int cp = s.codePointAt(i);
            if (!isBlank(cp) && !isPunctuationOrSymbol(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    /** The whitespace-separated words of {@code s}. */
    static List<String> words(String s, Deadline deadline) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            if ((out.size() & 0xFFF) == 0) {
                deadline.check();
            }
            while (i < n && isBlank(s.codePointAt(i))) {
                i += Character.charCount(s.codePointAt(i));
            }
            int start = i;
            while (i < n && !isBlank(s.codePointAt(i))) {
                i += Character.charCount(s.codePointAt(i));
            }
            if (i > start) {
                out.add(s.substring(start, i));
            }
        }
        return out;
    }

    /** The words joined by single spaces (whitespace-collapsed, stripped). */
    static String collapse(String s, Deadline deadline) {
        return String.join(" ", words(s, deadline));
    }

    static long codePoints(String s) {
        return s.codePointCount(0, s.length());
    }

    static String abbreviate(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int cut = max - 3;
        if (Character.isHighSurrogate(s.charAt(cut - 1))) {
            cut--;
        }
        return s.substring(0, cut) + "...";
    }
}
