package dev.arbiter.text;

import dev.arbiter.core.Deadline;

import java.util.List;
import java.util.Optional;

/** Where in a response the answer to compare sits. */
public enum AnswerExtraction {
    /** The whole response. */
    NONE("none"),
    /** The content of the last {@code <answer>…</answer>} pair (tag name configurable). */
    ANSWER_TAG("answer_tag"),
    /** The content of the last {@code \boxed{…}} or {@code \fbox{…}}, braces matched. */
    BOXED("boxed"),
    /** The last non-blank line. */
    LAST_LINE("last_line"),
    /** The text after the last GSM8K-style {@code ####} marker, to the end of its line. */
    HASH_MARK("hash_mark");

    private final String specName;

    AnswerExtraction(String specName) {
        this.specName = specName;
    }

    public String specName() {
        return specName;
    }

    public static List<String> specNames() {
        return java.util.Arrays.stream(values()).map(AnswerExtraction::specName).toList();
    }

    public static AnswerExtraction fromSpecName(String name) {
        for (AnswerExtraction e : values()) {
            if (e.specName.equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown extraction '" + name + "'");
    }

    /** The extracted answer, or empty when the response has none where this extraction looks. */
    public Optional<String> extract(String response, String tag, Deadline deadline) {
        return switch (this) {
            case NONE -> Optional.of(response);
            case ANSWER_TAG -> lastTagContent(response, tag);
            case BOXED -> lastBoxed(response, deadline);
            case LAST_LINE -> lastLine(response);
            case HASH_MARK -> afterLastHashMark(response);
        };
    }

    static Optional<String> lastTagContent(String s, String tag) {
        String open = "<" + tag + ">";
        String close = "</" + tag + ">";
        int end = s.lastIndexOf(close);
        if (end < 0) {
            return Optional.empty();
        }
        int start = s.lastIndexOf(open, end);
        if (start < 0) {
            return Optional.empty();
        }
        return Optional.of(s.substring(start + open.length(), end));
    }

    /** The content of the last {@code \boxed{…}} / {@code \fbox{…}}; empty if none or its braces never close. */
    public static Optional<String> lastBoxed(String s, Deadline deadline) {
        int at = Math.max(s.lastIndexOf("\\boxed"), s.lastIndexOf("\\fbox"));
        while (at >= 0) {
            int i = s.indexOf('{', at);
            String between = i < 0 ? "" : s.substring(at, i);
            if (i >= 0 && (between.equals("\\boxed") || between.equals("\\fbox") || between.strip().equals("\\boxed")
                    || between.strip().equals("\\fbox"))) {
                int depth = 0;
                for (int j = i; j < s.length(); j++) {
                    char c = s.charAt(j);
                    if (c == '{') {
                        depth++;
                    } else if (c == '}') {
                        depth--;
                        if (depth == 0) {
                            return Optional.of(s.substring(i + 1, j));
                        }
                    }
                    if ((j & 0xFFFF) == 0xFFFF) {
                        deadline.check();
                    }
                }
                return Optional.empty();
            }
            int prev = Math.max(s.lastIndexOf("\\boxed", at - 1), s.lastIndexOf("\\fbox", at - 1));
            at = prev;
        }
        return Optional.empty();
    }

    static Optional<String> afterLastHashMark(String s) {
        int at = s.lastIndexOf("####");
        if (at < 0) {
            return Optional.empty();
        }
        String rest = s.substring(at + 4);
        int nl = rest.indexOf('\n');
        return Optional.of((nl < 0 ? rest : rest.substring(0, nl)).strip());
    }

    static Optional<String> lastLine(String s) {
        String[] lines = s.split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return Optional.of(lines[i]);
            }
        }
        return Optional.empty();
    }
}
