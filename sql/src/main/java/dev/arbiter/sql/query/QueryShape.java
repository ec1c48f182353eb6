package dev.arbiter.sql.query;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a query refers to, read from its tokens the way sqlglot's tree would list it (Reasoning-SQL's schema-linking
 * and n-gram rewards are defined on that tree):
 * <ul>
 *   <li>{@link #tables}: the name of every table reference after {@code FROM}, {@code JOIN} or a comma in a
 *       {@code FROM} list (the last part of {@code schema.table}; common table expressions count when referenced);</li>
 *   <li>{@link #columns}: every column reference ({@code name}, {@code T1.name}), including references to output
 *       aliases such as {@code ORDER BY cnt}, but not function names, qualifiers, aliases being declared,
 *       {@code USING} lists, {@code CAST} types or collation names;</li>
 *   <li>{@link #tableAliases} and {@link #columnAliases}: the aliases the query declares.</li>
 * </ul>
 * Names are kept as written (quotes removed); callers decide about case. This is a lexical reading, not a full
 * parser: it needs no schema and never fails, and on the queries of Spider and BIRD it lists the same names as
 * sqlglot. All sets are unmodifiable and in order of first appearance.
 */
public record QueryShape(Set<String> tables, Set<String> columns, Set<String> tableAliases, Set<String> columnAliases,
                         boolean hasSelect) {

    /** Words that never name a column where they stand (SQLite keywords that occur in queries). */
    private static final Set<String> KEYWORDS = Set.of(
            "SELECT", "FROM", "WHERE", "GROUP", "BY", "HAVING", "ORDER", "LIMIT", "OFFSET", "AS", "ON", "USING",
            "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "NATURAL", "UNION", "ALL", "INTERSECT",
            "EXCEPT", "DISTINCT", "AND", "OR", "NOT", "IN", "IS", "NULL", "LIKE", "GLOB", "REGEXP", "MATCH",
            "BETWEEN", "CASE", "WHEN", "THEN", "ELSE", "END", "CAST", "EXISTS", "ASC", "DESC", "NULLS", "COLLATE",
            "ESCAPE", "WITH", "RECURSIVE", "MATERIALIZED", "VALUES", "OVER", "PARTITION", "WINDOW", "FILTER",
            "ISNULL", "NOTNULL", "TRUE", "FALSE", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "INDEXED");
    /** Words that are keywords only inside a window definition. */
    private static final Set<String> WINDOW_KEYWORDS = Set.of(
            "ROWS", "RANGE", "GROUPS", "UNBOUNDED", "PRECEDING", "FOLLOWING", "CURRENT", "ROW", "EXCLUDE", "NO",
            "OTHERS", "TIES");
    /** Words after which a FROM list ends. */
    private static final Set<String> CLAUSE_ENDS = Set.of(
            "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "UNION", "INTERSECT", "EXCEPT", "WINDOW", "ON", "USING");

    public QueryShape {
        tables = Collections.unmodifiableSet(new LinkedHashSet<>(tables));
        columns = Collections.unmodifiableSet(new LinkedHashSet<>(columns));
        tableAliases = Collections.unmodifiableSet(new LinkedHashSet<>(tableAliases));
        columnAliases = Collections.unmodifiableSet(new LinkedHashSet<>(columnAliases));
    }

    public static QueryShape of(String sql) {
        return of(SqlLexer.tokenize(sql));
    }

    /** Schema names: tables and columns together, as Reasoning-SQL's schema-linking reward collects them. */
    public Set<String> schemaNames() {
        Set<String> s = new LinkedHashSet<>(columns);
        s.addAll(tables);
        return Collections.unmodifiableSet(s);
    }

    private enum Frame { PLAIN, FROM_SUBQUERY, CAST, OVER, SKIPPED_LIST, CTE_BODY }

    public static QueryShape of(List<SqlToken> tokens) {
        Set<String> tables = new LinkedHashSet<>();
        Set<String> columns = new LinkedHashSet<>();
        Set<String> tableAliases = new LinkedHashSet<>();
        Set<String> columnAliases = new LinkedHashSet<>();
        boolean hasSelect = false;

        Deque<Frame> frames = new ArrayDeque<>();
        Deque<Boolean> fromListAtDepth = new ArrayDeque<>();
        boolean inFromList = false;
        boolean expectTable = false;
        boolean afterTableRef = false;
        boolean aliasNext = false;        // saw AS: the next name is an alias
        boolean castTypeNext = false;     // saw AS inside CAST(…): the rest is a type name
        boolean skipNextName = false;     // a collation or index name follows
        boolean cteHeader = false;        // between WITH and the main SELECT, at the current depth
        int cteDepth = -1;
        boolean afterExpression = false;  // the previous token ended an expression
        int n = tokens.size();

        for (int i = 0; i < n; i++) {
            SqlToken t = tokens.get(i);
            SqlToken prev = i > 0 ? tokens.get(i - 1) : null;
            SqlToken next = i + 1 < n ? tokens.get(i + 1) : null;
            Frame frame = frames.isEmpty() ? Frame.PLAIN : frames.peek();
            boolean endsExpression = false;

            if (t.isSymbol("(")) {
                Frame f;
                if (cteHeader && frames.size() == cteDepth) {
                    f = prev != null && prev.isWord("AS") || prev != null && prev.isWord("MATERIALIZED")
                            ? Frame.CTE_BODY : Frame.SKIPPED_LIST;
                } else if (prev != null && prev.isWord("CAST")) {
                    f = Frame.CAST;
                } else if (prev != null && (prev.isWord("OVER") || prev.isWord("AS") && frame == Frame.PLAIN
                        && isWindowDefinition(tokens, i))) {
                    f = Frame.OVER;
                } else if (prev != null && prev.isWord("USING")) {
                    f = Frame.SKIPPED_LIST;
                } else if (expectTable) {
                    f = Frame.FROM_SUBQUERY;
                } else {
                    f = Frame.PLAIN;
                }
                frames.push(f);
                fromListAtDepth.push(inFromList);
                inFromList = false;
                expectTable = false;
                afterTableRef = false;
                aliasNext = false;
                castTypeNext = false;
                afterExpression = false;
                continue;
            }
            if (t.isSymbol(")")) {
                Frame closed = frames.isEmpty() ? Frame.PLAIN : frames.pop();
                inFromList = fromListAtDepth.isEmpty() ? false : fromListAtDepth.pop();
                castTypeNext = false;
                aliasNext = false;
                expectTable = false;
                afterTableRef = closed == Frame.FROM_SUBQUERY;
                afterExpression = closed != Frame.SKIPPED_LIST && closed != Frame.CTE_BODY;
                continue;
            }
            if (frame == Frame.SKIPPED_LIST) {
                continue;
            }
            if (frame == Frame.CAST && castTypeNext) {
                continue;
            }
            if (cteHeader && frames.size() == cteDepth) {
                if (t.isWord("SELECT") || t.isWord("VALUES")) {
                    cteHeader = false;
                } else {
                    continue;  // CTE names, AS, NOT, MATERIALIZED, commas
                }
            }
            if (t.kind() == SqlToken.Kind.WORD) {
                String w = t.upper();
                boolean keyword = KEYWORDS.contains(w)
                        || frame == Frame.OVER && WINDOW_KEYWORDS.contains(w)
                        || (w.equals("FIRST") || w.equals("LAST")) && prev != null && prev.isWord("NULLS");
                if (keyword) {
                    switch (w) {
                        case "SELECT" -> {
                            hasSelect = true;
                            inFromList = false;
                            afterTableRef = false;
                        }
                        case "WITH" -> {
                            cteHeader = true;
                            cteDepth = frames.size();
                        }
                        case "FROM" -> {
                            boolean distinctFrom = prev != null && prev.isWord("DISTINCT");
                            if (!distinctFrom) {
                                expectTable = true;
                                inFromList = true;
                            }
                        }
                        case "JOIN" -> {
                            expectTable = true;
                            inFromList = true;
                        }
                        case "AS" -> {
                            if (frame == Frame.CAST) {
                                castTypeNext = true;
                            } else {
                                aliasNext = true;
                            }
                        }
                        case "COLLATE" -> skipNextName = true;
                        case "INDEXED" -> skipNextName = next != null && next.isWord("BY");
                        case "NULL", "TRUE", "FALSE", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "END" ->
                                endsExpression = true;
                        default -> {
                        }
                    }
                    if (CLAUSE_ENDS.contains(w)) {
                        inFromList = false;
                        afterTableRef = false;
                    }
                    if (!w.equals("AS")) {
                        afterTableRef = false;
                    }
                    afterExpression = endsExpression;
                    continue;
                }
            }
            if (t.isIdentifierLike()) {
                boolean qualifier = next != null && next.isSymbol(".");
                boolean call = next != null && next.isSymbol("(");
                if (skipNextName) {
                    skipNextName = false;
                    afterExpression = true;
                    continue;
                }
                if (expectTable) {
                    if (qualifier) {
                        continue;  // schema.table: the table is the last part
                    }
                    if (call) {
                        expectTable = false;  // a table-valued function
                        continue;
                    }
                    tables.add(t.name());
                    expectTable = false;
                    afterTableRef = true;
                    afterExpression = false;
                    continue;
                }
                if (afterTableRef && !qualifier && !call) {
                    tableAliases.add(t.name());
                    afterTableRef = false;
                    aliasNext = false;
                    continue;
                }
                if (aliasNext) {
                    columnAliases.add(t.name());
                    aliasNext = false;
                    afterExpression = true;
                    continue;
                }
                if (qualifier || call) {
                    continue;
                }
                if (afterExpression && !(prev != null && prev.isSymbol("."))) {
                    columnAliases.add(t.name());  // an implicit alias: "SELECT count(*) n"
                    afterExpression = true;
                    continue;
                }
                columns.add(t.name());
                afterExpression = true;
                continue;
            }
            if (t.isSymbol(",")) {
                afterTableRef = false;
                if (inFromList) {
                    expectTable = true;
                }
                afterExpression = false;
                continue;
            }
            afterTableRef = false;
            aliasNext = false;
            afterExpression = switch (t.kind()) {
                case NUMBER, STRING, BLOB, PARAMETER -> true;
                default -> false;
            };
        }
        return new QueryShape(tables, columns, tableAliases, columnAliases, hasSelect);
    }

    /** Whether the parenthesis at {@code open} follows {@code WINDOW name AS}. */
    private static boolean isWindowDefinition(List<SqlToken> tokens, int open) {
        return open >= 3 && tokens.get(open - 3).isWord("WINDOW");
    }
}
