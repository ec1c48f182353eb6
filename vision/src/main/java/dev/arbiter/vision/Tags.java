package dev.arbiter.vision;

import dev.arbiter.core.Deadline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Python-{@code re}-faithful extraction of tagged spans ({@code <answer>(.*?)</answer>}) from responses. */
final class Tags {
    /** {@code <answer>(.*?)</answer>} with DOTALL: what the authors use on responses. */
    static final Pattern ANSWER = Pattern.compile("<answer>(.*?)</answer>", Pattern.DOTALL);
    /** {@code <answer>(.*?)</answer>} without DOTALL: what VLM-R1 uses on ground truths. */
    static final Pattern ANSWER_ONE_LINE = Pattern.compile("<answer>(.*?)</answer>");
    static final Pattern JSON_FENCE = Pattern.compile("```json(.*?)```", Pattern.DOTALL);

    private Tags() {
    }

    /** Group 1 of the first match. */
    static Optional<String> first(Pattern p, String text, Deadline deadline) {
        Matcher m = p.matcher(deadline.guard(text));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Group 1 of the last match ({@code re.findall(...)[-1]}). */
    static Optional<String> last(Pattern p, String text, Deadline deadline) {
        Matcher m = p.matcher(deadline.guard(text));
        String found = null;
        while (m.find()) {
            found = m.group(1);
        }
        return Optional.ofNullable(found);
    }

    static List<String> all(Pattern p, String text, Deadline deadline) {
        Matcher m = p.matcher(deadline.guard(text));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    /** Python's {@code str.strip()} with no argument: strips Unicode whitespace as {@code str.isspace()} defines it. */
    static String pyStrip(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && isPySpace(s.charAt(b))) {
            b++;
        }
        while (e > b && isPySpace(s.charAt(e - 1))) {
            e--;
        }
        return s.substring(b, e);
    }

    static boolean isPySpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085' || (c >= '\u001c' && c <= '\u001f');
    }
}
