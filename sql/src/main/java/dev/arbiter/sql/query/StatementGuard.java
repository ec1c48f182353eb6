package dev.arbiter.sql.query;

import java.util.ArrayList;
import java.util.List;

/**
 * The first line of the read-only policy: a query is run only when it is exactly one statement and that statement
 * is a {@code SELECT}, a {@code VALUES} or a {@code WITH … SELECT}. Everything else (writes, schema changes,
 * {@code ATTACH}, {@code PRAGMA}, {@code VACUUM}, transactions, several statements, an empty text) is refused
 * before SQLite sees it. The connection itself is read-only as well (see {@code dev.arbiter.sql.engine}); this
 * check makes refusals fast, uniform and explained. Stateless and thread-safe.
 */
public final class StatementGuard {
    private StatementGuard() {
    }

    /** The outcome of {@link #check}: the one statement to run, or why nothing is run. */
    public sealed interface Verdict permits Accepted, Refused {
    }

    /**
     * @param statement the statement's text without a trailing semicolon or surrounding comments
     * @param tokens    its tokens
     */
    public record Accepted(String statement, List<SqlToken> tokens) implements Verdict {
    }

    /** @param reason one sentence saying why the text is not run */
    public record Refused(String reason) implements Verdict {
    }

    public static Verdict check(String sql) {
        return check(sql, SqlLexer.tokenize(sql));
    }

    /** Checks {@code sql}, whose tokens are {@code tokens}. */
    public static Verdict check(String sql, List<SqlToken> tokens) {
        List<List<SqlToken>> statements = new ArrayList<>();
        List<SqlToken> current = new ArrayList<>();
        for (SqlToken t : tokens) {
            if (t.isSymbol(";")) {
                if (!current.isEmpty()) {
                    statements.add(current);
                    current = new ArrayList<>();
                }
            } else {
                current.add(t);
            }
        }
        if (!current.isEmpty()) {
            statements.add(current);
        }
        if (statements.isEmpty()) {
            return new Refused("the query is empty");
        }
        if (statements.size() > 1) {
            return new Refused("the query holds " + statements.size() + " statements; only a single statement is run");
        }
        List<SqlToken> st = statements.get(0);
        String verb = mainVerb(st);
        if (!verb.equals("SELECT") && !verb.equals("VALUES")) {
            return new Refused("only SELECT queries are run; this statement is " + describe(verb));
        }
        String text = sql.substring(st.get(0).start(), st.get(st.size() - 1).end());
        return new Accepted(text, List.copyOf(st));
    }

    /** The statement's verb: its first word, or for {@code WITH} the first word after the common table expressions. */
    private static String mainVerb(List<SqlToken> st) {
        SqlToken first = st.get(0);
        if (!first.isWord("WITH")) {
            return first.kind() == SqlToken.Kind.WORD ? first.upper() : first.text();
        }
        int depth = 0;
        for (int i = 1; i < st.size(); i++) {
            SqlToken t = st.get(i);
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
            } else if (depth == 0 && t.kind() == SqlToken.Kind.WORD) {
                switch (t.upper()) {
                    case "SELECT", "VALUES", "INSERT", "UPDATE", "DELETE", "REPLACE" -> {
                        return t.upper();
                    }
                    default -> {
                    }
                }
            }
        }
        return "WITH";
    }

    private static String describe(String verb) {
        return switch (verb) {
            case "WITH" -> "a WITH clause without a SELECT";
            case "INSERT", "UPDATE", "DELETE", "REPLACE", "UPSERT" -> "a write (" + verb + ")";
            case "CREATE", "DROP", "ALTER", "REINDEX", "ANALYZE", "VACUUM" -> "a schema or file change (" + verb + ")";
            case "ATTACH" -> "an ATTACH";
            case "DETACH" -> "a DETACH";
            case "PRAGMA" -> "a PRAGMA";
            case "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE" -> "transaction control (" + verb + ")";
            default -> "'" + (verb.length() > 30 ? verb.substring(0, 27) + "..." : verb) + "'";
        };
    }
}
