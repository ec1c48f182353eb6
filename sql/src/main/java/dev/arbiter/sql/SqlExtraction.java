package dev.arbiter.sql;

import dev.arbiter.sql.query.SqlLexer;
import dev.arbiter.sql.query.SqlToken;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the predicted SQL is found in a response. Every mode is linear in the response length and never fails:
 * it gives the SQL text or {@code null} when there is none.
 */
public enum SqlExtraction {
    /** A fenced block (as {@link #FENCE}), else an {@code <answer>} tag, else the last statement. */
    AUTO("auto"),
    /**
     * The last {@code ```sql} (or {@code ```sqlite}) fenced block, else the last fence without a language; without
     * any, the whole response. This is Reasoning-SQL's rule.
     */
    FENCE("fence"),
    /** The content of the last {@code <answer>…</answer>}, unwrapped from a fence inside it when there is one. */
    ANSWER_TAG("answer_tag"),
    /**
     * The last statement in the text: from the last {@code SELECT} or {@code WITH … AS (} that starts a statement up
     * to the next {@code ;}, blank line or fence, whichever comes first outside quotes.
     */
    LAST_STATEMENT("last_statement");

    /** Longest SQL text that is run or parsed; longer predictions score 0. */
    public static final int MAX_SQL_CHARS = 100_000;

    private final String wireName;

    SqlExtraction(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static List<String> wireNames() {
        List<String> out = new ArrayList<>();
        for (SqlExtraction e : values()) {
            out.add(e.wireName);
        }
        return out;
    }

    public static SqlExtraction fromWireName(String name) {
        for (SqlExtraction e : values()) {
            if (e.wireName.equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown extraction '" + name + "'");
    }

    /** The SQL in {@code response}, stripped of surrounding white space and trailing semicolons; {@code null} if none. */
    public String extract(String response) {
        String found = switch (this) {
            case AUTO -> {
                String f = fence(response);
                if (f == null) {
                    f = answerTag(response);
                }
                yield f != null ? f : lastStatement(response);
            }
            case FENCE -> {
                String f = fence(response);
                yield f != null ? f : response;
            }
            case ANSWER_TAG -> answerTag(response);
            case LAST_STATEMENT -> lastStatement(response);
        };
        if (found == null) {
            return null;
        }
        String s = found.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s.isEmpty() ? null : s;
    }

    /** The last sql-tagged fence's content, else the last untagged fence's; {@code null} when there is neither. */
    static String fence(String text) {
        String lastSql = null;
        String lastPlain = null;
        int from = 0;
        while (true) {
            int open = text.indexOf("```", from);
            if (open < 0) {
                break;
            }
            int close = text.indexOf("```", open + 3);
            if (close < 0) {
                break;
            }
            String body = text.substring(open + 3, close);
            int eol = body.indexOf('\n');
            String firstLine = (eol < 0 ? body : body.substring(0, eol)).strip();
            String word = firstLine.isEmpty() ? "" : firstLine.split("\\s+", 2)[0];
            String lang = word.toLowerCase(Locale.ROOT);
            boolean sqlTag = lang.equals("sql") || lang.equals("sqlite");
            if (sqlTag) {
                lastSql = body.substring(body.indexOf(word) + word.length());
            } else if (firstLine.isEmpty() || !firstLine.equals(word) || eol < 0 || lang.equals("select")
                    || lang.equals("with")) {
                // no language tag: the first line is blank, is SQL itself, or the fence is on one line
                lastPlain = body;
            }
            from = close + 3;
        }
        return lastSql != null ? lastSql : lastPlain;
    }

    static String answerTag(String text) {
        int close = text.lastIndexOf("</answer>");
        if (close < 0) {
            return null;
        }
        int open = text.lastIndexOf("<answer>", close);
        if (open < 0) {
            return null;
        }
        String content = text.substring(open + "<answer>".length(), close);
        String fenced = fence(content);
        return fenced != null ? fenced : content;
    }

    static String lastStatement(String text) {
        String last = null;
        int from = 0;
        int n = text.length();
        while (from < n) {
            int start = nextStatementStart(text, from);
            if (start < 0) {
                break;
            }
            int end = statementEnd(text, start);
            last = text.substring(start, end);
            from = Math.max(end, start + 1);
        }
        return last;
    }

    /** The offset of the next word SELECT, or WITH that opens a common table expression, at or after {@code from}. */
    private static int nextStatementStart(String text, int from) {
        int n = text.length();
        for (int i = from; i < n; i++) {
            char c = text.charAt(i);
            if ((c == 'S' || c == 's' || c == 'W' || c == 'w') && (i == 0 || !isWordChar(text.charAt(i - 1)))) {
                if (wordAt(text, i, "SELECT")) {
                    return i;
                }
                if (wordAt(text, i, "WITH") && opensCte(text, i)) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static boolean wordAt(String text, int i, String word) {
        int end = i + word.length();
        return end <= text.length() && text.regionMatches(true, i, word, 0, word.length())
                && (end == text.length() || !isWordChar(text.charAt(end)));
    }

    /** Whether the WITH at {@code i} reads {@code WITH [RECURSIVE] name [(columns)] AS [NOT] [MATERIALIZED] (}. */
    private static boolean opensCte(String text, int i) {
        List<SqlToken> t = SqlLexer.tokenize(text.substring(i, Math.min(text.length(), i + 400)));
        int k = 1;
        if (k < t.size() && t.get(k).isWord("RECURSIVE")) {
            k++;
        }
        if (k >= t.size() || !t.get(k).isIdentifierLike()) {
            return false;
        }
        k++;
        if (k < t.size() && t.get(k).isSymbol("(")) {
            while (k < t.size() && !t.get(k).isSymbol(")")) {
                k++;
            }
            k++;
        }
        if (k >= t.size() || !t.get(k).isWord("AS")) {
            return false;
        }
        k++;
        while (k < t.size() && (t.get(k).isWord("NOT") || t.get(k).isWord("MATERIALIZED"))) {
            k++;
        }
        return k < t.size() && t.get(k).isSymbol("(");
    }

    /** Where the statement starting at {@code start} ends: a {@code ;}, a blank line or a fence outside quotes. */
    private static int statementEnd(String text, int start) {
        int n = text.length();
        char quote = 0;
        for (int i = start; i < n; i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '`' && text.startsWith("```", i)) {
                return i;
            }
            switch (c) {
                case '\'', '"', '`' -> quote = c;
                case '[' -> quote = ']';
                case ';' -> {
                    return i;
                }
                case '\n' -> {
                    int j = i + 1;
                    while (j < n && text.charAt(j) != '\n' && Character.isWhitespace(text.charAt(j))) {
                        j++;
                    }
                    if (j < n && text.charAt(j) == '\n') {
                        return i;
                    }
                }
                default -> {
                }
            }
        }
        return n;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
