package dev.arbiter.sql.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Splits SQL text into {@link SqlToken}s following SQLite's lexical rules: {@code --} and {@code /* *}{@code /}
 * comments, {@code 'strings'} with doubled quotes, identifiers quoted with {@code "…"}, {@code `…`} or
 * {@code […]}, numbers (including hex and exponents), blob literals and parameters. It never fails: an unterminated
 * string or quoted identifier runs to the end of the text, and an unknown character becomes a one-character symbol.
 * Linear in the length of the text; stateless and thread-safe.
 */
public final class SqlLexer {
    private static final String[] LONG_SYMBOLS = {"->>", "||", "<=", ">=", "<>", "!=", "==", "<<", ">>", "->"};

    private SqlLexer() {
    }

    /** The tokens of {@code sql}, in order. */
    public static List<SqlToken> tokenize(String sql) {
        List<SqlToken> out = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (c == '\'') {
                int end = quotedEnd(sql, i, '\'');
                out.add(new SqlToken(SqlToken.Kind.STRING, sql.substring(i, end), i, end));
                i = end;
            } else if (c == '"' || c == '`') {
                int end = quotedEnd(sql, i, c);
                out.add(new SqlToken(SqlToken.Kind.QUOTED_IDENTIFIER, sql.substring(i, end), i, end));
                i = end;
            } else if (c == '[') {
                int close = sql.indexOf(']', i + 1);
                int end = close < 0 ? n : close + 1;
                out.add(new SqlToken(SqlToken.Kind.QUOTED_IDENTIFIER, sql.substring(i, end), i, end));
                i = end;
            } else if ((c == 'x' || c == 'X') && i + 1 < n && sql.charAt(i + 1) == '\'') {
                int end = quotedEnd(sql, i + 1, '\'');
                out.add(new SqlToken(SqlToken.Kind.BLOB, sql.substring(i, end), i, end));
                i = end;
            } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(sql.charAt(i + 1)))) {
                int end = numberEnd(sql, i);
                out.add(new SqlToken(SqlToken.Kind.NUMBER, sql.substring(i, end), i, end));
                i = end;
            } else if (isWordStart(c)) {
                int end = i + 1;
                while (end < n && isWordPart(sql.charAt(end))) {
                    end++;
                }
                out.add(new SqlToken(SqlToken.Kind.WORD, sql.substring(i, end), i, end));
                i = end;
            } else if (c == '?' || ((c == ':' || c == '@' || c == '$') && i + 1 < n && isWordPart(sql.charAt(i + 1)))) {
                int end = i + 1;
                while (end < n && isWordPart(sql.charAt(end))) {
                    end++;
                }
                out.add(new SqlToken(SqlToken.Kind.PARAMETER, sql.substring(i, end), i, end));
                i = end;
            } else {
                int len = 1;
                for (String s : LONG_SYMBOLS) {
                    if (sql.startsWith(s, i)) {
                        len = s.length();
                        break;
                    }
                }
                out.add(new SqlToken(SqlToken.Kind.SYMBOL, sql.substring(i, i + len), i, i + len));
                i += len;
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static int quotedEnd(String sql, int open, char quote) {
        int i = open + 1;
        int n = sql.length();
        while (i < n) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return n;
    }

    private static int numberEnd(String sql, int i) {
        int n = sql.length();
        if (sql.charAt(i) == '0' && i + 1 < n && (sql.charAt(i + 1) == 'x' || sql.charAt(i + 1) == 'X')) {
            int end = i + 2;
            while (end < n && (Character.digit(sql.charAt(end), 16) >= 0 || sql.charAt(end) == '_')) {
                end++;
            }
            return end;
        }
        int end = i;
        while (end < n && (isDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
            end++;
        }
        if (end < n && sql.charAt(end) == '.') {
            end++;
            while (end < n && (isDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
                end++;
            }
        }
        if (end < n && (sql.charAt(end) == 'e' || sql.charAt(end) == 'E')) {
            int exp = end + 1;
            if (exp < n && (sql.charAt(exp) == '+' || sql.charAt(exp) == '-')) {
                exp++;
            }
            if (exp < n && isDigit(sql.charAt(exp))) {
                end = exp;
                while (end < n && isDigit(sql.charAt(end))) {
                    end++;
                }
            }
        }
        return end;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0x80 && !Character.isWhitespace(c));
    }

    private static boolean isWordPart(char c) {
        return isWordStart(c) || isDigit(c) || c == '$';
    }
}
