package dev.arbiter.sql;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.Status;
import dev.arbiter.testkit.FakeTicker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static dev.arbiter.sql.TestDatabases.build;
import static dev.arbiter.sql.TestDatabases.score;
import static dev.arbiter.sql.TestDatabases.tricky;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Queries that try to write, escape, or exhaust the machine. Each must end as a status or a zero score with a reason,
 * leave the database file byte-for-byte unchanged, and leave the pool usable. The {@code @Timeout}s are hang guards
 * only (a stuck thread fails the run instead of hanging it); nothing here asserts on speed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MaliciousQueryTest {
    private static final String SPEC = "{type: sql_execution, db_root: " + TestDatabases.ROOT
            + ", query_timeout: 300ms, max_rows: 10000, max_result_mb: 4}";
    private static Reward reward;
    private static String checksum;

    @BeforeAll
    static void setUp() {
        reward = build(SPEC);
        checksum = TestDatabases.sha256(TestDatabases.root().resolve("tricky.sqlite"));
    }

    @AfterAll
    static void databaseIsUnchangedAndPoolStillWorks() throws Exception {
        assertEquals(checksum, TestDatabases.sha256(TestDatabases.root().resolve("tricky.sqlite")), "the database changed");
        assertEquals(1.0, score(reward, tricky("SELECT count(*) FROM people", "SELECT 5")).score(), "pool still usable");
        ((AutoCloseable) reward).close();
    }

    /** predicted query | expected words in the reason. Every one scores 0 with status ok. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            DELETE FROM people                                        | a write (DELETE)
            UPDATE people SET age = 0                                 | a write (UPDATE)
            INSERT INTO people (id) VALUES (99)                       | a write (INSERT)
            REPLACE INTO people (id) VALUES (1)                       | a write (REPLACE)
            DROP TABLE people                                         | schema or file change (DROP)
            CREATE TABLE evil (a)                                     | schema or file change (CREATE)
            ALTER TABLE people ADD COLUMN evil                        | schema or file change (ALTER)
            CREATE TEMP TABLE evil AS SELECT * FROM people            | schema or file change (CREATE)
            VACUUM INTO 'target/sql-test-outside/copy.sqlite'         | schema or file change (VACUUM)
            ATTACH DATABASE 'target/sql-test-outside/secret.sqlite' AS s | an ATTACH
            ATTACH 'file:evil.sqlite?mode=rwc' AS e                   | an ATTACH
            DETACH DATABASE main                                      | a DETACH
            PRAGMA query_only = 0                                     | a PRAGMA
            PRAGMA writable_schema = ON                               | a PRAGMA
            PRAGMA journal_mode = WAL                                 | a PRAGMA
            BEGIN IMMEDIATE                                           | transaction control (BEGIN)
            SELECT 1; DELETE FROM people                              | 2 statements
            SELECT 1; SELECT 2                                        | 2 statements
            WITH x AS (SELECT 1) DELETE FROM people                   | a write (DELETE)
            WITH x AS (SELECT 1) INSERT INTO people (id) SELECT 1 FROM x | a write (INSERT)
            EXPLAIN SELECT 1                                          | 'EXPLAIN'
            SELECT load_extension('/tmp/evil.so')                     | not authorized
            SELECT load_extension('libevil')                          | not authorized
            SELECT randomblob(1000000000)                             | exceeds the size limit
            SELECT zeroblob(1000000000)                               | exceeds the size limit
            SELECT printf('%.*c', 2000000000, 'x')                    | exceeds the size limit
            SELECT replace(hex(zeroblob(3000000)), '0', 'aa')         | exceeds the size limit
            SELECT a.n, b.n FROM big a, big b                         | more than 10000 rows (max_rows)
            SELECT group_concat(hex(zeroblob(100000))) FROM big       | exceeds the size limit
            SELECT * FROM pragma_table_info('people') WHERE 0         | the results differ
            SELECT fts3_tokenizer('evil', x'0000000000000000')        | fts3tokenize disabled
            """)
    void refusedOrFailedQueriesScoreZero(String predicted, String expected) {
        RewardResult r = score(reward, tricky("SELECT count(*) FROM people", predicted));
        assertEquals(Status.OK, r.status(), r::toString);
        assertEquals(0.0, r.score());
        assertTrue(r.reason().contains(expected), () -> "reason '" + r.reason() + "' lacks '" + expected + "'");
        assertFalse(Files.exists(Path.of("target/sql-test-outside/copy.sqlite")), "VACUUM INTO wrote a file");
        assertFalse(Files.exists(Path.of("evil.sqlite")), "ATTACH created a file");
    }

    /** CPU-bound runaways: the progress handler stops them at query_timeout; the result is a timeout, not a hang. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c
            WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c
            SELECT count(*) FROM big a, big b, big c
            SELECT count(*) FROM big a CROSS JOIN big b CROSS JOIN big c CROSS JOIN big d
            SELECT count(*) FROM big a, big b WHERE (SELECT count(*) FROM big c WHERE c.n > a.n + b.n) >= 0
            """)
    void runawayQueriesEndAsTimeout(String predicted) {
        RewardResult r = score(reward, tricky("SELECT count(*) FROM people", predicted));
        assertEquals(Status.TIMEOUT, r.status(), r::toString);
        assertTrue(r.reason().contains("query_timeout"), r.reason());
    }

    @Test
    void aRunawayGoldQueryIsATimeoutToo() {
        RewardResult r = score(reward, tricky("SELECT count(*) FROM big a, big b, big c", "SELECT 1"));
        assertEquals(Status.TIMEOUT, r.status(), r::toString);
        assertTrue(r.reason().startsWith("the gold query timed out"), r.reason());
    }

    @Test
    void writesInTheGoldQueryAreInvalidInput() {
        RewardResult r = score(reward, tricky("DELETE FROM people", "SELECT 1"));
        assertEquals(Status.INVALID_INPUT, r.status());
        assertTrue(r.reason().contains("a write (DELETE)"), r.reason());
    }

    @Test
    void theSampleDeadlineStopsARunawayQuery() {
        // a generous query_timeout, so only the sample's deadline can stop the query; the fake ticker moves 1 ms per
        // read and the progress handler reads it, so the deadline passes after a fixed number of checks: no sleeping
        Reward patient = build("{type: sql_execution, db_root: " + TestDatabases.ROOT + ", query_timeout: 1m}");
        FakeTicker ticker = new FakeTicker(Duration.ofMillis(1));
        Deadline deadline = Deadline.after(Duration.ofMillis(500), ticker);
        Sample runaway = tricky("SELECT 1", "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c");
        RewardResult r = Scoring.guarded(patient, runaway, deadline);
        assertEquals(Status.TIMEOUT, r.status(), r::toString);
        assertTrue(r.reason().contains("spent while a query ran"), r.reason());
        assertEquals(1.0, score(patient, tricky("SELECT 1", "SELECT 1")).score(), "the connection is reusable");
    }

    @Test
    void queryOnlyAndReadOnlyHoldEvenPastTheGuard() throws Exception {
        // bypass the statement guard and talk to a pooled connection directly: SQLite itself must refuse
        dev.arbiter.sql.engine.ConnectionPool pool = new dev.arbiter.sql.engine.ConnectionPool(
                new dev.arbiter.sql.engine.QueryLimits(Duration.ofSeconds(1), 10, 1 << 20), 1, 1);
        Path db = TestDatabases.root().resolve("tricky.sqlite").toRealPath();
        try (pool; var lease = pool.borrow(db); var st = lease.connection().createStatement()) {
            for (String sql : new String[] {"DELETE FROM people", "CREATE TEMP TABLE t (a)", "PRAGMA user_version = 7",
                    "ATTACH 'target/sql-test-outside/secret.sqlite' AS s", "VACUUM INTO 'target/sql-test-outside/copy.sqlite'",
                    "SELECT load_extension('x')"}) {
                try {
                    st.execute(sql);
                    throw new AssertionError("SQLite ran " + sql);
                } catch (java.sql.SQLException expected) {
                    // refused by the connection: read-only, query_only, no attachments, no extensions
                }
            }
        }
        assertFalse(Files.exists(Path.of("target/sql-test-outside/copy.sqlite")));
        assertEquals(checksum, TestDatabases.sha256(TestDatabases.root().resolve("tricky.sqlite")));
    }
}
