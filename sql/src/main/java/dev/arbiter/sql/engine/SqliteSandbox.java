package dev.arbiter.sql.engine;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.DeadlineExceededException;
import dev.arbiter.sql.query.StatementGuard;
import org.sqlite.ProgressHandler;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs untrusted queries against the SQLite databases under one {@link DatabaseRoot}, safely:
 * <ol>
 *   <li>the {@link StatementGuard} lets through only a single {@code SELECT}/{@code VALUES}/{@code WITH … SELECT};</li>
 *   <li>connections are read-only at every level SQLite offers (see {@link ConnectionPool});</li>
 *   <li>a progress handler, called every {@value #PROGRESS_STEPS} virtual-machine steps, interrupts the query when its
 *       {@code query_timeout} passes, when the sample's {@link Deadline} is spent, or when the scoring thread is
 *       interrupted (the engine's watchdog), so a runaway recursive CTE or a huge join stops instead of holding a
 *       thread ({@code Statement.setQueryTimeout} would not stop a CPU-bound query);</li>
 *   <li>results are bounded by {@link QueryLimits#maxRows()} and {@link QueryLimits#maxResultBytes()}, and SQLite's
 *       own length limit stops a single huge value ({@code randomblob}, {@code printf('%.*c', …)}) before it is
 *       built.</li>
 * </ol>
 * Thread-safe; owns its connection pool, which {@link #close()} closes.
 */
public final class SqliteSandbox implements AutoCloseable {
    /** Virtual-machine steps between two checks of the time limits. */
    public static final int PROGRESS_STEPS = 1000;
    private static final int SQLITE_INTERRUPT = 9;
    private static final int SQLITE_TOOBIG = 18;
    private static final Pattern DRIVER_MESSAGE = Pattern.compile("(?s)\\[SQLITE_\\w+]\\s+.*?\\((.*)\\)\\s*");

    private final DatabaseRoot root;
    private final QueryLimits limits;
    private final ConnectionPool pool;

    public SqliteSandbox(DatabaseRoot root, QueryLimits limits) {
        this.root = root;
        this.limits = limits;
        this.pool = ConnectionPool.forThisMachine(limits);
    }

    public DatabaseRoot root() {
        return root;
    }

    public QueryLimits limits() {
        return limits;
    }

    /** Idle connections currently pooled (for tests). */
    public int idleConnections() {
        return pool.idleCount();
    }

    /** How much of a query's result {@link #execute} reads. */
    public enum Fetch {
        /** Prepare the statement only: checks syntax and that every table and column exists. */
        PREPARE_ONLY,
        /** Run it and read at most one row. */
        FIRST_ROW,
        /** Run it and read every row, within the row and size limits. */
        ALL_ROWS
    }

    /**
     * Runs {@code sql} on {@code database} (a path from {@link #root()}).
     *
     * @return the rows, a failure with its reason, or {@link QueryOutcome.TimedOut} when the query outran
     *         {@code query_timeout}
     * @throws DeadlineExceededException when the sample's deadline is spent or the thread is interrupted
     */
    public QueryOutcome execute(Path database, String sql, Fetch fetch, Deadline deadline) {
        deadline.check();
        StatementGuard.Verdict verdict = StatementGuard.check(sql);
        if (verdict instanceof StatementGuard.Refused refused) {
            return new QueryOutcome.Failed(QueryOutcome.Failure.REFUSED, refused.reason());
        }
        String statement = ((StatementGuard.Accepted) verdict).statement();
        ConnectionPool.Lease lease;
        try {
            lease = pool.borrow(database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open database " + root.nameOf(database) + ": "
                    + driverMessage(e));
        }
        try (lease) {
            return run(lease, statement, fetch, deadline);
        } catch (RuntimeException | Error e) {
            lease.discard();
            throw e;
        }
    }

    private QueryOutcome run(ConnectionPool.Lease lease, String statement, Fetch fetch, Deadline deadline) {
        Connection c = lease.connection();
        Interrupter interrupter = new Interrupter(deadline, Deadline.after(limits.queryTimeout(), deadline.ticker()));
        try {
            ProgressHandler.setHandler(c, PROGRESS_STEPS, interrupter);
        } catch (SQLException e) {
            lease.discard();
            throw new IllegalStateException("cannot install the query time limit: " + driverMessage(e));
        }
        try (PreparedStatement ps = c.prepareStatement(statement)) {
            if (fetch == Fetch.PREPARE_ONLY) {
                return new QueryOutcome.Rows(ps.getMetaData().getColumnCount(), List.of());
            }
            try (ResultSet rs = ps.executeQuery()) {
                return readRows(rs, fetch == Fetch.FIRST_ROW ? 1 : limits.maxRows(), fetch == Fetch.ALL_ROWS,
                        interrupter);
            }
        } catch (SQLException e) {
            return failure(e, interrupter);
        } finally {
            try {
                ProgressHandler.clearHandler(c);
            } catch (SQLException e) {
                lease.discard();
            }
        }
    }

    private QueryOutcome readRows(ResultSet rs, int rowLimit, boolean enforceLimit, Interrupter interrupter)
            throws SQLException {
        int columns = rs.getMetaData().getColumnCount();
        List<List<Object>> rows = new ArrayList<>();
        long bytes = 0;
        while (rs.next()) {
            if (rows.size() >= rowLimit) {
                if (enforceLimit) {
                    return new QueryOutcome.Failed(QueryOutcome.Failure.TOO_MANY_ROWS,
                            "the result has more than " + rowLimit + " rows (max_rows)");
                }
                break;
            }
            Object[] row = new Object[columns];
            for (int i = 0; i < columns; i++) {
                Object v = canonical(rs.getObject(i + 1));
                row[i] = v;
                bytes += sizeOf(v);
            }
            if (bytes > limits.maxResultBytes()) {
                return new QueryOutcome.Failed(QueryOutcome.Failure.TOO_LARGE,
                        "the result holds more than " + limits.maxResultBytes() / (1024 * 1024) + " MiB (max_result_mb)");
            }
            rows.add(Arrays.asList(row));
            if ((rows.size() & 63) == 0) {
                interrupter.checkBetweenRows();
            }
        }
        return new QueryOutcome.Rows(columns, rows);
    }

    private QueryOutcome failure(SQLException e, Interrupter interrupter) {
        Interrupter.Cause cause = interrupter.cause;
        if (cause != null) {
            return switch (cause) {
                case QUERY_LIMIT -> new QueryOutcome.TimedOut("the query ran longer than "
                        + limits.queryTimeout().toMillis() + " ms (query_timeout)");
                case DEADLINE -> throw new DeadlineExceededException("time budget of "
                        + interrupter.sampleDeadline.budget().toMillis() + " ms spent while a query ran");
                case INTERRUPTED -> throw new DeadlineExceededException("interrupted while a query ran");
            };
        }
        if (e.getErrorCode() == SQLITE_TOOBIG) {
            return new QueryOutcome.Failed(QueryOutcome.Failure.TOO_LARGE,
                    "a value exceeds the size limit of " + limits.sqliteLengthLimit() + " bytes");
        }
        if (e.getErrorCode() == SQLITE_INTERRUPT) {
            return new QueryOutcome.Failed(QueryOutcome.Failure.SQL_ERROR, "the query was interrupted");
        }
        return new QueryOutcome.Failed(QueryOutcome.Failure.SQL_ERROR, driverMessage(e));
    }

    /** The useful part of a driver message: {@code no such column: x} from {@code [SQLITE_ERROR] SQL error … (no such column: x)}. */
    static String driverMessage(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Matcher matcher = DRIVER_MESSAGE.matcher(m);
        String out = matcher.matches() ? matcher.group(1) : m;
        return out.length() <= 300 ? out : out.substring(0, 297) + "...";
    }

    /** The canonical form of a value read from SQLite (see {@link QueryOutcome.Rows}). */
    static Object canonical(Object v) {
        if (v == null || v instanceof String) {
            return v;
        }
        if (v instanceof Integer i) {
            return (long) i;
        }
        if (v instanceof Long) {
            return v;
        }
        if (v instanceof Double d) {
            return canonicalReal(d);
        }
        if (v instanceof Float f) {
            return canonicalReal(f.doubleValue());
        }
        if (v instanceof byte[] b) {
            return new Blob(b);
        }
        if (v instanceof Number n) {
            return canonicalReal(n.doubleValue());
        }
        return v.toString();
    }

    static Object canonicalReal(double d) {
        if (d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63) {
            return (long) d;
        }
        return d;
    }

    private static long sizeOf(Object v) {
        if (v instanceof String s) {
            return 16 + 2L * s.length();
        }
        if (v instanceof Blob b) {
            return 16 + b.length();
        }
        return 16 + 8;
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Stops a running query when one of its limits passes; remembers which. Used by one query on one thread. */
    private static final class Interrupter extends ProgressHandler {
        enum Cause { QUERY_LIMIT, DEADLINE, INTERRUPTED }

        private final Deadline sampleDeadline;
        private final Deadline queryDeadline;
        private Cause cause;

        Interrupter(Deadline sampleDeadline, Deadline queryDeadline) {
            this.sampleDeadline = sampleDeadline;
            this.queryDeadline = queryDeadline;
        }

        @Override
        protected int progress() {
            if (Thread.currentThread().isInterrupted()) {
                cause = Cause.INTERRUPTED;
            } else if (sampleDeadline.expired()) {
                cause = Cause.DEADLINE;
            } else if (queryDeadline.expired()) {
                cause = Cause.QUERY_LIMIT;
            }
            return cause == null ? 0 : 1;
        }

        /** The same checks while rows are read (between steps the handler does not see). */
        void checkBetweenRows() throws SQLException {
            if (progress() != 0) {
                throw new SQLException("interrupted between rows", "HY008", SQLITE_INTERRUPT);
            }
        }
    }
}
