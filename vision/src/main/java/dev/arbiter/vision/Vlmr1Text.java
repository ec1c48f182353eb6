package dev.arbiter.vision;

import dev.arbiter.core.Deadline;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** VLM-R1's text helpers ({@code grpo_jsonl.py}), reproduced exactly because rewards depend on their quirks. */
final class Vlmr1Text {
    private static final Pattern NL_AFTER_SPACE = Pattern.compile("(?<=\\s)\\n");
    private static final Pattern NL_OTHER = Pattern.compile("(?<!\\s)\\n");
    private static final Pattern CR_AFTER_SPACE = Pattern.compile("(?<=\\s)\\r");
    private static final Pattern CR_OTHER = Pattern.compile("(?<!\\s)\\r");

    private Vlmr1Text() {
    }

    /**
     * {@code clean_text}: the last {@code <answer>} content if any; a newline (then a carriage return) preceded by
     * whitespace is removed and any other becomes a space; strip; strip every trailing {@code .} (Python's
     * {@code rstrip('.')}); lower-case.
     */
    static String cleanText(String text, Deadline deadline) {
        Optional<String> last = Tags.last(Tags.ANSWER, text, deadline);
        String t = last.orElse(text);
        t = NL_AFTER_SPACE.matcher(t).replaceAll("");
        t = NL_OTHER.matcher(t).replaceAll(" ");
        t = CR_AFTER_SPACE.matcher(t).replaceAll("");
        t = CR_OTHER.matcher(t).replaceAll(" ");
        t = Tags.pyStrip(t);
        int end = t.length();
        while (end > 0 && t.charAt(end - 1) == '.') {
            end--;
        }
        return t.substring(0, end).toLowerCase(Locale.ROOT);
    }
}
