package dev.arbiter.text;

import dev.arbiter.core.Deadline;

import java.util.List;
import java.util.Locale;

/** How answers are normalized before comparison. */
public enum Normalization {
    /**
     * SQuAD's official normalization: lower case, drop ASCII punctuation, drop the articles a/an/the, collapse
     * whitespace.
     */
    SQUAD("squad"),
    /** Lower case and collapse whitespace. */
    CASE_WHITESPACE("case_whitespace"),
    /** Trim and collapse whitespace; case matters. */
    WHITESPACE("whitespace"),
    /** Compare the strings as they are. */
    NONE("none");

    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private final String specName;

    Normalization(String specName) {
        this.specName = specName;
    }

    public String specName() {
        return specName;
    }

    public static List<String> specNames() {
        return java.util.Arrays.stream(values()).map(Normalization::specName).toList();
    }

    public static Normalization fromSpecName(String name) {
        for (Normalization n : values()) {
            if (n.specName.equals(name)) {
                return n;
            }
        }
        throw new IllegalArgumentException("unknown normalization '" + name + "'");
    }

    public String apply(String s, Deadline deadline) {
        return switch (this) {
            case NONE -> s;
            case WHITESPACE -> String.join(" ", splitWhitespace(s, deadline));
            case CASE_WHITESPACE -> String.join(" ", splitWhitespace(s.toLowerCase(Locale.ROOT), deadline));
            case SQUAD -> String.join(" ", squadTokens(s, deadline));
        };
    }

    /** The whitespace tokens of the normalized text. */
    public List<String> tokens(String s, Deadline deadline) {
        return switch (this) {
            case SQUAD -> squadTokens(s, deadline);
            case CASE_WHITESPACE -> splitWhitespace(s.toLowerCase(Locale.ROOT), deadline);
            default -> splitWhitespace(s, deadline);
        };
    }

    private static List<String> squadTokens(String s, Deadline deadline) {
        String lower = s.toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (PUNCTUATION.indexOf(c) < 0) {
                sb.append(c);
            }
            if ((i & 0xFFFF) == 0xFFFF) {
                deadline.check();
            }
        }
        List<String> out = new java.util.ArrayList<>();
        for (String t : splitWhitespace(sb.toString(), deadline)) {
            if (!t.equals("a") && !t.equals("an") && !t.equals("the")) {
                out.add(t);
            }
        }
        return out;
    }

    /** Python's {@code str.split()}: runs of whitespace separate tokens; no empty tokens. */
    static List<String> splitWhitespace(String s, Deadline deadline) {
        List<String> out = new java.util.ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            while (i < n && isSpace(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSpace(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(s.substring(start, i));
                if ((out.size() & 0x3FFF) == 0) {
                    deadline.check();
                }
            }
        }
        return out;
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
