package dev.arbiter.vision;

import java.util.Map;

/**
 * The Porter stemmer as NLTK implements it in its default {@code NLTK_EXTENSIONS} mode ({@code nltk.stem.porter}),
 * which {@code rouge-score}'s {@code use_stemmer=True} uses. Input is one lower-case token. Stateless.
 */
final class PorterStemmer {
    private static final Map<String, String> IRREGULAR = Map.ofEntries(
            Map.entry("sky", "sky"), Map.entry("skies", "sky"), Map.entry("dying", "die"), Map.entry("lying", "lie"),
            Map.entry("tying", "tie"), Map.entry("news", "news"), Map.entry("innings", "inning"),
            Map.entry("inning", "inning"), Map.entry("outings", "outing"), Map.entry("outing", "outing"),
            Map.entry("cannings", "canning"), Map.entry("canning", "canning"), Map.entry("howe", "howe"),
            Map.entry("proceed", "proceed"), Map.entry("exceed", "exceed"), Map.entry("succeed", "succeed"));

    private PorterStemmer() {
    }

    static String stem(String word) {
        String stem = word.toLowerCase(java.util.Locale.ROOT);
        if (IRREGULAR.containsKey(word)) {
            return IRREGULAR.get(stem);
        }
        if (word.length() <= 2) {
            return stem;
        }
        stem = step1a(stem);
        stem = step1b(stem);
        stem = step1c(stem);
        stem = step2(stem);
        stem = step3(stem);
        stem = step4(stem);
        stem = step5a(stem);
        stem = step5b(stem);
        return stem;
    }

    private static boolean isConsonant(String w, int i) {
        char c = w.charAt(i);
        if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') {
            return false;
        }
        if (c == 'y') {
            return i == 0 || !isConsonant(w, i - 1);
        }
        return true;
    }

    private static int measure(String stem) {
        int count = 0;
        boolean prevVowel = false;
        for (int i = 0; i < stem.length(); i++) {
            boolean cons = isConsonant(stem, i);
            if (cons && prevVowel) {
                count++;
            }
            prevVowel = !cons;
        }
        return count;
    }

    private static boolean containsVowel(String stem) {
        for (int i = 0; i < stem.length(); i++) {
            if (!isConsonant(stem, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsDoubleConsonant(String w) {
        int n = w.length();
        return n >= 2 && w.charAt(n - 1) == w.charAt(n - 2) && isConsonant(w, n - 1);
    }

    private static boolean endsCvc(String w) {
        int n = w.length();
        if (n >= 3 && isConsonant(w, n - 3) && !isConsonant(w, n - 2) && isConsonant(w, n - 1)) {
            char c = w.charAt(n - 1);
            if (c != 'w' && c != 'x' && c != 'y') {
                return true;
            }
        }
        return n == 2 && !isConsonant(w, 0) && isConsonant(w, 1);
    }

    private interface Condition {
        boolean test(String stem);
    }

    private record Rule(String suffix, String replacement, Condition condition) {
    }

    /** NLTK's {@code _apply_rule_list}: the first rule whose suffix matches decides. */
    private static String apply(String word, Rule... rules) {
        for (Rule r : rules) {
            if (r.suffix.equals("*d") && endsDoubleConsonant(word)) {
                String stem = word.substring(0, word.length() - 2);
                return r.condition == null || r.condition.test(stem) ? stem + r.replacement : word;
            }
            if (word.endsWith(r.suffix)) {
                String stem = word.substring(0, word.length() - r.suffix.length());
                return r.condition == null || r.condition.test(stem) ? stem + r.replacement : word;
            }
        }
        return word;
    }

    private static String replaceSuffix(String w, String suffix, String replacement) {
        return w.substring(0, w.length() - suffix.length()) + replacement;
    }

    private static String step1a(String w) {
        if (w.endsWith("ies") && w.length() == 4) {
            return replaceSuffix(w, "ies", "ie");
        }
        return apply(w, new Rule("sses", "ss", null), new Rule("ies", "i", null), new Rule("ss", "ss", null),
                new Rule("s", "", null));
    }

    private static String step1b(String w) {
        if (w.endsWith("ied")) {
            return w.length() == 4 ? replaceSuffix(w, "ied", "ie") : replaceSuffix(w, "ied", "i");
        }
        if (w.endsWith("eed")) {
            String stem = replaceSuffix(w, "eed", "");
            return measure(stem) > 0 ? stem + "ee" : w;
        }
        String intermediate = null;
        for (String suffix : new String[] {"ed", "ing"}) {
            if (w.endsWith(suffix)) {
                String s = replaceSuffix(w, suffix, "");
                if (containsVowel(s)) {
                    intermediate = s;
                    break;
                }
            }
        }
        if (intermediate == null) {
            return w;
        }
        final String im = intermediate;
        if (im.isEmpty()) {
            return im;
        }
        char last = im.charAt(im.length() - 1);
        return apply(im, new Rule("at", "ate", null), new Rule("bl", "ble", null), new Rule("iz", "ize", null),
                new Rule("*d", String.valueOf(last), stem -> last != 'l' && last != 's' && last != 'z'),
                new Rule("", "e", stem -> measure(stem) == 1 && endsCvc(stem)));
    }

    private static String step1c(String w) {
        return apply(w, new Rule("y", "i", stem -> stem.length() > 1 && isConsonant(stem, stem.length() - 1)));
    }

    private static String step2(String w) {
        if (w.endsWith("alli") && measure(replaceSuffix(w, "alli", "")) > 0) {
            return step2(replaceSuffix(w, "alli", "al"));
        }
        Condition pos = stem -> measure(stem) > 0;
        return apply(w,
                new Rule("ational", "ate", pos), new Rule("tional", "tion", pos), new Rule("enci", "ence", pos),
                new Rule("anci", "ance", pos), new Rule("izer", "ize", pos), new Rule("bli", "ble", pos),
                new Rule("alli", "al", pos), new Rule("entli", "ent", pos), new Rule("eli", "e", pos),
                new Rule("ousli", "ous", pos), new Rule("ization", "ize", pos), new Rule("ation", "ate", pos),
                new Rule("ator", "ate", pos), new Rule("alism", "al", pos), new Rule("iveness", "ive", pos),
                new Rule("fulness", "ful", pos), new Rule("ousness", "ous", pos), new Rule("aliti", "al", pos),
                new Rule("iviti", "ive", pos), new Rule("biliti", "ble", pos), new Rule("fulli", "ful", pos),
                new Rule("logi", "log", stem -> measure(w.substring(0, w.length() - 3)) > 0));
    }

    private static String step3(String w) {
        Condition pos = stem -> measure(stem) > 0;
        return apply(w, new Rule("icate", "ic", pos), new Rule("ative", "", pos), new Rule("alize", "al", pos),
                new Rule("iciti", "ic", pos), new Rule("ical", "ic", pos), new Rule("ful", "", pos),
                new Rule("ness", "", pos));
    }

    private static String step4(String w) {
        Condition gt1 = stem -> measure(stem) > 1;
        return apply(w, new Rule("al", "", gt1), new Rule("ance", "", gt1), new Rule("ence", "", gt1),
                new Rule("er", "", gt1), new Rule("ic", "", gt1), new Rule("able", "", gt1), new Rule("ible", "", gt1),
                new Rule("ant", "", gt1), new Rule("ement", "", gt1), new Rule("ment", "", gt1), new Rule("ent", "", gt1),
                new Rule("ion", "", stem -> measure(stem) > 1 && !stem.isEmpty()
                        && (stem.charAt(stem.length() - 1) == 's' || stem.charAt(stem.length() - 1) == 't')),
                new Rule("ou", "", gt1), new Rule("ism", "", gt1), new Rule("ate", "", gt1), new Rule("iti", "", gt1),
                new Rule("ous", "", gt1), new Rule("ive", "", gt1), new Rule("ize", "", gt1));
    }

    private static String step5a(String w) {
        if (w.endsWith("e")) {
            String stem = replaceSuffix(w, "e", "");
            int m = measure(stem);
            if (m > 1) {
                return stem;
            }
            if (m == 1 && !endsCvc(stem)) {
                return stem;
            }
        }
        return w;
    }

    private static String step5b(String w) {
        return apply(w, new Rule("ll", "l", stem -> measure(w.substring(0, w.length() - 1)) > 1));
    }
}
