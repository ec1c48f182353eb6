package dev.arbiter.core.text;

import java.util.Map;

/**
 * The Porter stemmer in the variant {@code rouge-score} uses: NLTK's {@code PorterStemmer()} in its default
 * {@code NLTK_EXTENSIONS} mode. That is Porter (1980) with Martin Porter's later changes plus NLTK's:
 * <ul>
 *   <li>a small table of irregular forms ({@code skies → sky}, {@code dying → die}, {@code news → news}, …);</li>
 *   <li>words of one or two letters are left alone;</li>
 *   <li>step 1a: a four-letter word in {@code -ies} becomes {@code -ie} ({@code ties → tie});</li>
 *   <li>step 1b: {@code -ied} becomes {@code -ie} in four-letter words, else {@code -i};</li>
 *   <li>step 1c: {@code y → i} only after a consonant that is not the first letter;</li>
 *   <li>step 2: {@code -alli → -al} applied first and repeated, {@code -bli → -ble}, {@code -fulli → -ful},
 *       {@code -logi → -log};</li>
 *   <li>the *o condition also holds for a two-letter vowel–consonant stem.</li>
 * </ul>
 * In each step the first rule whose suffix matches decides: if its condition fails the word is left as it is.
 * Input is a lowercase word; thread-safe and allocation-light.
 */
public final class PorterStemmer {
    private static final Map<String, String> IRREGULAR = Map.ofEntries(
            Map.entry("sky", "sky"), Map.entry("skies", "sky"), Map.entry("dying", "die"), Map.entry("lying", "lie"),
            Map.entry("tying", "tie"), Map.entry("news", "news"), Map.entry("innings", "inning"),
            Map.entry("inning", "inning"), Map.entry("outings", "outing"), Map.entry("outing", "outing"),
            Map.entry("cannings", "canning"), Map.entry("canning", "canning"), Map.entry("howe", "howe"),
            Map.entry("proceed", "proceed"), Map.entry("exceed", "exceed"), Map.entry("succeed", "succeed"));

    /** A condition on the stem left once a suffix is removed. */
    private interface Condition {
        boolean test(String stem);
    }

    private record Rule(String suffix, String replacement, Condition condition) {
    }

    private static final Condition M_GT_0 = s -> measure(s) > 0;
    private static final Condition M_GT_1 = s -> measure(s) > 1;

    private static final Rule[] STEP1A = {
            new Rule("sses", "ss", null), new Rule("ies", "i", null), new Rule("ss", "ss", null), new Rule("s", "", null)};

    private static final Rule[] STEP2 = {
            new Rule("ational", "ate", M_GT_0), new Rule("tional", "tion", M_GT_0), new Rule("enci", "ence", M_GT_0),
            new Rule("anci", "ance", M_GT_0), new Rule("izer", "ize", M_GT_0), new Rule("bli", "ble", M_GT_0),
            new Rule("alli", "al", M_GT_0), new Rule("entli", "ent", M_GT_0), new Rule("eli", "e", M_GT_0),
            new Rule("ousli", "ous", M_GT_0), new Rule("ization", "ize", M_GT_0), new Rule("ation", "ate", M_GT_0),
            new Rule("ator", "ate", M_GT_0), new Rule("alism", "al", M_GT_0), new Rule("iveness", "ive", M_GT_0),
            new Rule("fulness", "ful", M_GT_0), new Rule("ousness", "ous", M_GT_0), new Rule("aliti", "al", M_GT_0),
            new Rule("iviti", "ive", M_GT_0), new Rule("biliti", "ble", M_GT_0), new Rule("fulli", "ful", M_GT_0),
            // the condition looks at the word without "ogi", i.e. the stem plus its "l"
            new Rule("logi", "log", s -> measure(s + "l") > 0)};

    private static final Rule[] STEP3 = {
            new Rule("icate", "ic", M_GT_0), new Rule("ative", "", M_GT_0), new Rule("alize", "al", M_GT_0),
            new Rule("iciti", "ic", M_GT_0), new Rule("ical", "ic", M_GT_0), new Rule("ful", "", M_GT_0),
            new Rule("ness", "", M_GT_0)};

    private static final Rule[] STEP4 = {
            new Rule("al", "", M_GT_1), new Rule("ance", "", M_GT_1), new Rule("ence", "", M_GT_1),
            new Rule("er", "", M_GT_1), new Rule("ic", "", M_GT_1), new Rule("able", "", M_GT_1),
            new Rule("ible", "", M_GT_1), new Rule("ant", "", M_GT_1), new Rule("ement", "", M_GT_1),
            new Rule("ment", "", M_GT_1), new Rule("ent", "", M_GT_1),
            new Rule("ion", "", s -> measure(s) > 1 && (s.endsWith("s") || s.endsWith("t"))),
            new Rule("ou", "", M_GT_1), new Rule("ism", "", M_GT_1), new Rule("ate", "", M_GT_1),
            new Rule("iti", "", M_GT_1), new Rule("ous", "", M_GT_1), new Rule("ive", "", M_GT_1),
            new Rule("ize", "", M_GT_1)};

    private PorterStemmer() {
    }

    /** The stem of a lowercase word. */
    public static String stem(String word) {
        String irregular = IRREGULAR.get(word);
        if (irregular != null) {
            return irregular;
        }
        if (word.length() <= 2) {
            return word;
        }
        String s = step1a(word);
        s = step1b(s);
        s = step1c(s);
        s = step2(s);
        s = apply(s, STEP3);
        s = apply(s, STEP4);
        s = step5a(s);
        return step5b(s);
    }

    private static String step1a(String w) {
        if (w.length() == 4 && w.endsWith("ies")) {
            return w.substring(0, 1) + "ie";
        }
        return apply(w, STEP1A);
    }

    private static String step1b(String w) {
        if (w.endsWith("ied")) {
            return cut(w, 3) + (w.length() == 4 ? "ie" : "i");
        }
        if (w.endsWith("eed")) {
            String stem = cut(w, 3);
            return measure(stem) > 0 ? stem + "ee" : w;
        }
        String stem = null;
        if (w.endsWith("ed") && containsVowel(cut(w, 2))) {
            stem = cut(w, 2);
        } else if (w.endsWith("ing") && containsVowel(cut(w, 3))) {
            stem = cut(w, 3);
        }
        if (stem == null) {
            return w;
        }
        if (stem.endsWith("at") || stem.endsWith("bl") || stem.endsWith("iz")) {
            return stem + "e";
        }
        if (endsDoubleConsonant(stem)) {
            char last = stem.charAt(stem.length() - 1);
            return last == 'l' || last == 's' || last == 'z' ? stem : cut(stem, 1);
        }
        return measure(stem) == 1 && endsCvc(stem) ? stem + "e" : stem;
    }

    private static String step1c(String w) {
        if (w.endsWith("y")) {
            String stem = cut(w, 1);
            return stem.length() > 1 && isConsonant(stem, stem.length() - 1) ? stem + "i" : w;
        }
        return w;
    }

    private static String step2(String w) {
        while (w.endsWith("alli") && measure(cut(w, 4)) > 0) {
            w = cut(w, 4) + "al";
        }
        return apply(w, STEP2);
    }

    private static String step5a(String w) {
        if (w.endsWith("e")) {
            String stem = cut(w, 1);
            int m = measure(stem);
            if (m > 1 || (m == 1 && !endsCvc(stem))) {
                return stem;
            }
        }
        return w;
    }

    private static String step5b(String w) {
        if (w.endsWith("ll") && measure(cut(w, 1)) > 1) {
            return cut(w, 1);
        }
        return w;
    }

    /** The first rule whose suffix matches decides; no match leaves the word. */
    private static String apply(String w, Rule[] rules) {
        for (Rule r : rules) {
            if (w.endsWith(r.suffix)) {
                String stem = cut(w, r.suffix.length());
                return r.condition == null || r.condition.test(stem) ? stem + r.replacement : w;
            }
        }
        return w;
    }

    private static String cut(String w, int n) {
        return w.substring(0, w.length() - n);
    }

    /** Porter's consonant: not a, e, i, o, u, and not a y that follows a consonant (a word-initial y is one). */
    static boolean isConsonant(String w, int i) {
        boolean cons = false;
        for (int k = 0; k <= i; k++) {
            char c = w.charAt(k);
            cons = isVowelLetter(c) ? false : c != 'y' || k == 0 || !cons;
        }
        return cons;
    }

    private static boolean isVowelLetter(char c) {
        return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
    }

    /** Porter's m: the number of vowel-sequence-then-consonant-sequence pairs. */
    static int measure(String w) {
        int m = 0;
        boolean prevVowel = false;
        boolean prevCons = false;
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            boolean cons;
            if (isVowelLetter(c)) {
                cons = false;
            } else if (c == 'y') {
                cons = i == 0 || !prevCons;
            } else {
                cons = true;
            }
            if (cons && prevVowel) {
                m++;
            }
            prevVowel = !cons;
            prevCons = cons;
        }
        return m;
    }

    private static boolean containsVowel(String w) {
        boolean prevCons = false;
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            boolean cons;
            if (isVowelLetter(c)) {
                cons = false;
            } else if (c == 'y') {
                cons = i == 0 || !prevCons;
            } else {
                cons = true;
            }
            if (!cons) {
                return true;
            }
            prevCons = cons;
        }
        return false;
    }

    private static boolean endsDoubleConsonant(String w) {
        int n = w.length();
        return n >= 2 && w.charAt(n - 1) == w.charAt(n - 2) && isConsonant(w, n - 1);
    }

    /** *o: ends consonant–vowel–consonant with the last not w, x or y; or is a two-letter vowel–consonant stem. */
    private static boolean endsCvc(String w) {
        int n = w.length();
        if (n >= 3 && isConsonant(w, n - 3) && !isConsonant(w, n - 2) && isConsonant(w, n - 1)) {
            char last = w.charAt(n - 1);
            if (last != 'w' && last != 'x' && last != 'y') {
                return true;
            }
        }
        return n == 2 && !isConsonant(w, 0) && isConsonant(w, 1);
    }
}
