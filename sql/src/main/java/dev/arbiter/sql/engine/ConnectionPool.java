package dev.arbiter.sql.engine;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;
import org.sqlite.SQLiteOpenMode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only SQLite connections, kept per database file for reuse. Thread-safe: any number of threads borrow at
 * once; each borrowed connection is used by one thread until given back. Bounded: at most {@code maxIdlePerDatabase}
 * idle connections are kept per file and at most {@code maxDatabases} files keep idle connections (the least recently
 * used file's are closed first); a connection given back beyond those bounds is closed. Borrowing never waits: when
 * no idle connection is there a new one is opened, so the number open at once is at most the number of threads
 * scoring plus the idle bound.
 *
 * <p>Every connection is opened with {@code SQLITE_OPEN_READONLY} and {@code mode=ro}, extension loading off,
 * {@code PRAGMA query_only=1}, {@code PRAGMA trusted_schema=0}, no attached databases allowed
 * ({@code SQLITE_LIMIT_ATTACHED=0}, which also refuses {@code VACUUM INTO}) and SQLite's length limit set from the
 * {@link QueryLimits}. After {@link #close()} idle connections are closed and connections given back are closed too.
 */
public final class ConnectionPool implements AutoCloseable {
    private final QueryLimits limits;
    private final int maxIdlePerDatabase;
    private final int maxDatabases;
    private final LinkedHashMap<Path, ArrayDeque<Connection>> idle = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    public ConnectionPool(QueryLimits limits, int maxIdlePerDatabase, int maxDatabases) {
        if (maxIdlePerDatabase < 1 || maxDatabases < 1) {
            throw new IllegalArgumentException("pool bounds must be positive");
        }
        this.limits = limits;
        this.maxIdlePerDatabase = maxIdlePerDatabase;
        this.maxDatabases = maxDatabases;
    }

    /** A pool sized for this machine: idle connections per database twice the processors, 64 databases. */
    public static ConnectionPool forThisMachine(QueryLimits limits) {
        return new ConnectionPool(limits, Math.max(2, 2 * Runtime.getRuntime().availableProcessors()), 64);
    }

    /** A connection to {@code database} (a real path from {@link DatabaseRoot}); give it back with {@link Lease#close()}. */
    public Lease borrow(Path database) throws SQLException {
        synchronized (idle) {
            if (closed) {
                throw new IllegalStateException("the connection pool is closed");
            }
            ArrayDeque<Connection> q = idle.get(database);
            if (q != null && !q.isEmpty()) {
                return new Lease(database, q.pollFirst());
            }
        }
        return new Lease(database, open(database));
    }

    /** Number of idle connections held, over all databases (for tests and monitoring). */
    public int idleCount() {
        synchronized (idle) {
            int n = 0;
            for (ArrayDeque<Connection> q : idle.values()) {
                n += q.size();
            }
            return n;
        }
    }

    private void giveBack(Path database, Connection c, boolean healthy) {
        List<Connection> toClose = new ArrayList<>();
        synchronized (idle) {
            if (closed || !healthy) {
                toClose.add(c);
            } else {
                ArrayDeque<Connection> q = idle.computeIfAbsent(database, k -> new ArrayDeque<>());
                if (q.size() < maxIdlePerDatabase) {
                    q.addFirst(c);
                } else {
                    toClose.add(c);
                }
                Iterator<Map.Entry<Path, ArrayDeque<Connection>>> it = idle.entrySet().iterator();
                while (idle.size() > maxDatabases && it.hasNext()) {
                    Map.Entry<Path, ArrayDeque<Connection>> eldest = it.next();
                    toClose.addAll(eldest.getValue());
                    it.remove();
                }
            }
        }
        toClose.forEach(ConnectionPool::closeQuietly);
    }

    @Override
    public void close() {
        List<Connection> toClose = new ArrayList<>();
        synchronized (idle) {
            closed = true;
            idle.values().forEach(toClose::addAll);
            idle.clear();
        }
        toClose.forEach(ConnectionPool::closeQuietly);
    }

    private Connection open(Path database) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.OPEN_URI);
        config.enableLoadExtension(false);
        config.setBusyTimeout(1000);
        Connection c = config.createConnection("jdbc:sqlite:file:" + uriPath(database) + "?mode=ro");
        try {
            SQLiteConnection sc = (SQLiteConnection) c;
            sc.setLimit(SQLiteLimits.SQLITE_LIMIT_ATTACHED, 0);
            sc.setLimit(SQLiteLimits.SQLITE_LIMIT_LENGTH, limits.sqliteLengthLimit());
            sc.setLimit(SQLiteLimits.SQLITE_LIMIT_SQL_LENGTH, 1_000_000);
            sc.setLimit(SQLiteLimits.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 10_000);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA query_only = 1");
                s.execute("PRAGMA trusted_schema = 0");
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** The path in the form a {@code file:} URI needs: {@code %}, {@code ?}, {@code #} and controls percent-encoded. */
    static String uriPath(Path p) {
        String s = p.toAbsolutePath().toString().replace('\\', '/');
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int u = b & 0xFF;
            if (u == '%' || u == '?' || u == '#' || u < 0x20 || u == 0x7F) {
                sb.append('%').append(String.format("%02X", u));
            } else {
                sb.append((char) u);
            }
        }
        // non-ASCII bytes were appended one per char above; rebuild them as UTF-8 text
        return new String(sb.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException ignored) {
            // closing a read-only connection cannot lose data
        }
    }

    /** One borrowed connection. Not thread-safe: it belongs to the borrowing thread until closed. */
    public final class Lease implements AutoCloseable {
        private final Path database;
        private final Connection connection;
        private boolean healthy = true;
        private boolean returned;

        private Lease(Path database, Connection connection) {
            this.database = database;
            this.connection = connection;
        }

        public Connection connection() {
            return connection;
        }

        /** Marks the connection as unfit for reuse; it is closed instead of kept. */
        public void discard() {
            healthy = false;
        }

        @Override
        public void close() {
            if (!returned) {
                returned = true;
                giveBack(database, connection, healthy);
            }
        }
    }
}
