package dev.arbiter.sql.query;

import java.util.Locale;

/**
 * One lexical token of a SQL text, as SQLite's tokenizer would split it (comments and white space are dropped).
 *
 * @param kind  what the token is
 * @param text  the token exactly as written
 * @param start offset of the first character in the source text
 * @param end   offset just past the last character
 */
public record SqlToken(Kind kind, String text, int start, int end) {

    /** The closed set of token kinds. */
    public enum Kind {
        /** A bare word: a keyword or an unquoted identifier. */
        WORD,
        /** An identifier in double quotes, back-ticks or square brackets. */
        QUOTED_IDENTIFIER,
        /** A string literal in single quotes. */
        STRING,
        /** A numeric literal. */
        NUMBER,
        /** A blob literal such as {@code x'00ff'}. */
        BLOB,
        /** A bound parameter: {@code ?}, {@code ?1}, {@code :name}, {@code @name}, {@code $name}. */
        PARAMETER,
        /** An operator or punctuation: {@code ( ) , . ; = <> ||} and so on. */
        SYMBOL
    }

    /** Whether this is a bare word equal (ignoring case) to {@code keyword}, which must be upper case. */
    public boolean isWord(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    public boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /** Whether this token can name a table or column: a bare word or a quoted identifier. */
    public boolean isIdentifierLike() {
        return kind == Kind.WORD || kind == Kind.QUOTED_IDENTIFIER;
    }

    /** The upper-cased text of a bare word (keywords compare with this). */
    public String upper() {
        return text.toUpperCase(Locale.ROOT);
    }

    /** The name this token denotes: quotes removed and doubled quote characters undone for quoted identifiers. */
    public String name() {
        if (kind != Kind.QUOTED_IDENTIFIER || text.length() < 2) {
            return text;
        }
        char open = text.charAt(0);
        char close = open == '[' ? ']' : open;
        String inner = text.substring(1, text.endsWith(String.valueOf(close)) ? text.length() - 1 : text.length());
        return open == '[' ? inner : inner.replace(String.valueOf(close) + close, String.valueOf(close));
    }
}
