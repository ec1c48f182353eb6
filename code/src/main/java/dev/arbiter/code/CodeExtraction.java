package dev.arbiter.code;

import dev.arbiter.core.Deadline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the code in a model response. Markdown fences are read line by line (linear time, no regular expressions):
 * a fence opens with three or more backticks or tildes at the start of a line (up to three spaces of indent) and an
 * optional info string, and closes with a line of at least as many of the same character.
 *
 * <ul>
 *   <li>{@code last_block} (default): the last block whose info string's first word is one of the language's fence
 *       tags (for Python: {@code python}, {@code py}, {@code python3}); when there is none, the last block without
 *       an info string; otherwise nothing.</li>
 *   <li>{@code last_any}: the last fenced block, whatever its tag.</li>
 *   <li>{@code raw}: the whole response is the code.</li>
 * </ul>
 * A block left open at the end of the response (a truncated generation) is not counted unless
 * {@code allowUnclosed} is set.
 */
public enum CodeExtraction {
    LAST_BLOCK("last_block"),
    LAST_ANY("last_any"),
    RAW("raw");

    private final String specName;

    CodeExtraction(String specName) {
        this.specName = specName;
    }

    public String specName() {
        return specName;
    }

    public static List<String> specNames() {
        return List.of("last_block", "last_any", "raw");
    }

    public static CodeExtraction fromSpecName(String name) {
        for (CodeExtraction c : values()) {
            if (c.specName.equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown extraction '" + name + "'");
    }

    /** A fenced block: its info string's first word (lower case, may be empty) and its content. */
    public record Block(String tag, String code, boolean closed) {
    }

    /** The code to run, or empty when the response has none of the kind asked for. */
    public Optional<String> extract(String response, List<String> fenceTags, boolean allowUnclosed, Deadline deadline) {
        if (this == RAW) {
            return response.isBlank() ? Optional.empty() : Optional.of(response);
        }
        List<Block> blocks = blocks(response, deadline);
        Block chosen = null;
        Block untagged = null;
        for (Block b : blocks) {
            if (!b.closed && !allowUnclosed) {
                continue;
            }
            if (this == LAST_ANY) {
                chosen = b;
            } else if (fenceTags.contains(b.tag)) {
                chosen = b;
            } else if (b.tag.isEmpty()) {
                untagged = b;
            }
        }
        Block b = chosen != null ? chosen : untagged;
        if (b == null || b.code.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(b.code);
    }

    /** Every fenced block in order. */
    public static List<Block> blocks(String text, Deadline deadline) {
        List<Block> out = new ArrayList<>();
        int pos = 0;
        int n = text.length();
        char fenceChar = 0;
        int fenceLen = 0;
        String tag = "";
        StringBuilder body = null;
        int lines = 0;
        while (pos < n) {
            int end = text.indexOf('\n', pos);
            if (end < 0) {
                end = n;
            }
            String line = text.substring(pos, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            pos = end + 1;
            if ((++lines & 0x3FF) == 0) {
                deadline.check();
            }
            int indent = 0;
            while (indent < line.length() && indent < 4 && line.charAt(indent) == ' ') {
                indent++;
            }
            if (body == null) {
                if (indent <= 3 && indent < line.length()) {
                    char c = line.charAt(indent);
                    if (c == '`' || c == '~') {
                        int run = countRun(line, indent, c);
                        if (run >= 3) {
                            String info = line.substring(indent + run).strip();
                            if (c == '`' && info.indexOf('`') >= 0) {
                                continue;
                            }
                            fenceChar = c;
                            fenceLen = run;
                            int sp = firstSpace(info);
                            tag = (sp < 0 ? info : info.substring(0, sp)).toLowerCase(Locale.ROOT);
                            if (tag.startsWith("{") || tag.startsWith(".")) {
                                tag = tag.replaceAll("[{}.]", "");
                            }
                            body = new StringBuilder();
                        }
                    }
                }
            } else {
                if (indent <= 3 && indent < line.length() && line.charAt(indent) == fenceChar) {
                    int run = countRun(line, indent, fenceChar);
                    if (run >= fenceLen && line.substring(indent + run).isBlank()) {
                        out.add(new Block(tag, body.toString(), true));
                        body = null;
                        continue;
                    }
                }
                body.append(line).append('\n');
            }
        }
        if (body != null) {
            out.add(new Block(tag, body.toString(), false));
        }
        return out;
    }

    private static int countRun(String line, int from, char c) {
        int i = from;
        while (i < line.length() && line.charAt(i) == c) {
            i++;
        }
        return i - from;
    }

    private static int firstSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
