package dev.arbiter.sql;

import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;

import static dev.arbiter.sql.TestDatabases.J;
import static dev.arbiter.sql.TestDatabases.build;
import static dev.arbiter.sql.TestDatabases.ref;
import static dev.arbiter.sql.TestDatabases.score;
import static dev.arbiter.sql.TestDatabases.tricky;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Execution accuracy on real databases: pairs that must match or not, under BIRD and Spider semantics. */
class ExecutionTest {
    private static final String BIRD = "{type: sql_execution, db_root: " + TestDatabases.ROOT + "}";
    private static final String SPIDER = "{type: sql_execution, mode: spider, db_root: " + TestDatabases.ROOT + "}";

    private static double bird(String gold, String pred) {
        RewardResult r = score(build(BIRD), tricky(gold, pred));
        assertEquals(Status.OK, r.status(), r::toString);
        return r.score();
    }

    private static double spider(String gold, String pred) {
        RewardResult r = score(build(SPIDER), tricky(gold, pred));
        assertEquals(Status.OK, r.status(), r::toString);
        return r.score();
    }

    /** gold | prediction | BIRD score | Spider score — each row one tricky case. */
    @ParameterizedTest(name = "[{index}] {0} vs {1}")
    @CsvSource(delimiter = '|', textBlock = """
            SELECT name FROM people WHERE age > 28                  | SELECT name FROM people WHERE age >= 30              | 1 | 1
            SELECT name FROM people WHERE age > 28                  | SELECT name FROM people WHERE age > 20               | 0 | 0
            SELECT id FROM people ORDER BY id                       | SELECT id FROM people ORDER BY id DESC               | 1 | 0
            SELECT id FROM people                                   | SELECT id FROM people ORDER BY id DESC               | 1 | 1
            SELECT x, y FROM dup                                    | SELECT DISTINCT x, y FROM dup                        | 1 | 1
            SELECT x, y FROM dup                                    | SELECT x, y FROM dup UNION SELECT x, y FROM dup      | 1 | 0
            SELECT name, age FROM people                            | SELECT age, name FROM people                         | 0 | 1
            SELECT city FROM people WHERE city IS NULL              | SELECT city FROM people WHERE city = NULL            | 0 | 0
            SELECT city FROM people WHERE id = 3                    | SELECT NULL                                          | 1 | 1
            SELECT 3                                                | SELECT 3.0                                           | 1 | 1
            SELECT 0.3                                              | SELECT 0.1 + 0.2                                     | 0 | 0
            SELECT score FROM people WHERE id = 4                   | SELECT 0.1 + 0.2                                     | 1 | 1
            SELECT '1'                                              | SELECT 1                                             | 0 | 0
            SELECT name FROM people WHERE name = 'alice' COLLATE NOCASE | SELECT name FROM people WHERE name = 'alice'     | 0 | 0
            SELECT name FROM people WHERE name = 'alice' COLLATE NOCASE | SELECT name FROM people WHERE lower(name) = 'alice' | 1 | 1
            SELECT DISTINCT city FROM people WHERE city IS NOT NULL | SELECT DISTINCT lower(city) FROM people WHERE city IS NOT NULL | 0 | 0
            SELECT name FROM people ORDER BY name                   | SELECT name FROM people ORDER BY name COLLATE NOCASE | 1 | 0
            SELECT a FROM empty_table                               | SELECT id FROM people WHERE id > 99                  | 1 | 1
            SELECT b FROM blobs WHERE b IS NOT NULL                 | SELECT x'00ff'                                       | 1 | 0
            SELECT count(*) FROM people                             | SELECT count(id) FROM people                         | 1 | 1
            SELECT avg(age) FROM people                             | SELECT sum(age) * 1.0 / count(age) FROM people       | 1 | 1
            """)
    void goldPredictionPairs(String gold, String pred, int birdScore, int spiderScore) {
        assertEquals(birdScore, bird(gold, pred), "bird");
        assertEquals(spiderScore, spider(gold, pred), "spider");
    }

    @Test
    void floatToleranceIsOptIn() {
        Sample s = tricky("SELECT 0.3", "SELECT 0.1 + 0.2");
        assertEquals(0.0, score(build(BIRD), s).score());
        String tolerant = "{type: sql_execution, float_tolerance: 1.0e-9, db_root: " + TestDatabases.ROOT + "}";
        assertEquals(1.0, score(build(tolerant), s).score());
        String spiderTolerant = "{type: sql_execution, mode: spider, float_tolerance: 1.0e-9, db_root: " + TestDatabases.ROOT + "}";
        assertEquals(1.0, score(build(spiderTolerant), tricky("SELECT 0.3, 'a' UNION ALL SELECT 1.5, 'b'",
                "SELECT 'b', 1.5 UNION ALL SELECT 'a', 0.1 + 0.2")).score());
        assertEquals(0.0, score(build(tolerant), tricky("SELECT 0.3", "SELECT 0.31")).score());
    }

    @Test
    void spiderKeepDistinctComparesBags() {
        String keep = "{type: sql_execution, mode: spider, keep_distinct: true, db_root: " + TestDatabases.ROOT + "}";
        assertEquals(0.0, score(build(keep), tricky("SELECT x, y FROM dup", "SELECT DISTINCT x, y FROM dup")).score());
    }

    @Test
    void emptyResultsCanCountAsIncorrect() {
        String strict = "{type: sql_execution, empty_results_match: false, db_root: " + TestDatabases.ROOT + "}";
        RewardResult r = score(build(strict), tricky("SELECT a FROM empty_table", "SELECT a FROM empty_table"));
        assertEquals(0.0, r.score());
        assertTrue(r.reason().contains("empty"), r.reason());
    }

    @Test
    void predictedFailuresScoreZeroWithSqliteReason() {
        RewardResult r = score(build(BIRD), tricky("SELECT name FROM people", "SELECT nam FROM people"));
        assertEquals(Status.OK, r.status());
        assertEquals(0.0, r.score());
        assertTrue(r.reason().contains("no such column: nam"), r.reason());
        RewardResult syntax = score(build(BIRD), tricky("SELECT name FROM people", "SELEC name FROM people"));
        assertEquals(0.0, syntax.score());
        RewardResult none = score(build(BIRD), Sample.of("I don't know.", ref("SELECT 1", "tricky.sqlite")));
        assertEquals(Status.OK, none.status());
        assertTrue(none.reason().startsWith("no SQL found"), none.reason());
    }

    @Test
    void goldFailuresAreInvalidInput() {
        RewardResult r = score(build(BIRD), tricky("SELECT nope FROM people", "SELECT 1"));
        assertEquals(Status.INVALID_INPUT, r.status());
        assertTrue(r.reason().contains("gold query fails"), r.reason());
        assertEquals(Status.INVALID_INPUT, score(build(BIRD), tricky("DELETE FROM people", "SELECT 1")).status());
    }

    @Test
    void referenceShapes() {
        Reward r = build(BIRD);
        String pred = "```sql\nSELECT title FROM items WHERE price > 10\n```";
        String gold = "SELECT title FROM items WHERE price >= 12";
        assertEquals(1.0, score(r, Sample.of(pred, J.objectNode().put("query", gold).put("db_id", "shop"))).score());
        assertEquals(1.0, score(r, Sample.of(pred, J.objectNode().put("SQL", gold).put("db", "shop/shop.sqlite"))).score());
        assertEquals(1.0, score(r, Sample.of(pred, J.textNode("{\"gold\": \"" + gold + "\", \"db_id\": \"shop\"}"))).score());
        RewardResult noDb = score(r, Sample.of(pred, J.textNode(gold)));
        assertEquals(Status.INVALID_INPUT, noDb.status());
        assertTrue(noDb.reason().contains("names no database"), noDb.reason());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ../sql-test-outside/secret.sqlite | leaves db_root
            suite/../../sql-test-outside/secret.sqlite | leaves db_root
            /etc/passwd                       | absolute
            missing.sqlite                    | does not exist
            suite                             | not a file
            """)
    void databasePathsCannotLeaveTheRoot(String db, String expected) {
        RewardResult r = score(build(BIRD), Sample.of("SELECT 1", ref("SELECT 1", db)));
        assertEquals(Status.INVALID_INPUT, r.status(), r::toString);
        assertTrue(r.reason().contains(expected), r.reason());
    }

    @Test
    void symbolicLinksCannotLeaveTheRoot() {
        assumeTrue(Files.isSymbolicLink(TestDatabases.root().resolve("link.sqlite")), "no symbolic links on this file system");
        RewardResult r = score(build(BIRD), Sample.of("SELECT s FROM secret", ref("SELECT s FROM secret", "link.sqlite")));
        assertEquals(Status.INVALID_INPUT, r.status());
        assertTrue(r.reason().contains("symbolic link"), r.reason());
        RewardResult byId = score(build(BIRD), Sample.of("SELECT 1", J.objectNode().put("sql", "SELECT 1").put("db_id", "../x")));
        assertEquals(Status.INVALID_INPUT, byId.status());
    }

    @Test
    void spiderTestSuiteComparesOnEveryDatabaseOfTheFolder() {
        String suite = "{type: sql_execution, mode: spider, test_suite: true, db_root: " + TestDatabases.ROOT + "}";
        Reward r = build(suite);
        // equal on suite.sqlite only: k IN (1, 3) happens to be v = 'x' there, not on suite_2.sqlite
        Sample lucky = Sample.of("SELECT k FROM t WHERE k IN (1, 3)", ref("SELECT k FROM t WHERE v = 'x'", "suite/suite.sqlite"));
        assertEquals(1.0, score(build(SPIDER), lucky).score(), "one database cannot tell them apart");
        RewardResult r1 = score(r, lucky);
        assertEquals(0.0, r1.score(), r1::toString);
        assertEquals("suite/suite_2.sqlite", r1.details().get("database"));
        Sample right = Sample.of("SELECT k FROM t WHERE v LIKE 'x'", ref("SELECT k FROM t WHERE v = 'x'", "suite/suite.sqlite"));
        RewardResult r2 = score(r, right);
        assertEquals(1.0, r2.score(), r2::toString);
        assertEquals(2, r2.details().get("databases"));
    }

    @Test
    void extractionModes() {
        String resp = "<reasoning>\nThink.\n</reasoning>\n<answer>\n```sql\nSELECT title FROM items;\n```\n</answer>\n";
        assertEquals("SELECT title FROM items", SqlExtraction.AUTO.extract(resp));
        assertEquals("SELECT title FROM items", SqlExtraction.ANSWER_TAG.extract(resp));
        assertEquals("SELECT 2", SqlExtraction.AUTO.extract("```sql\nSELECT 1\n```\nor better\n```SQL\nSELECT 2\n```"));
        assertEquals("SELECT 3", SqlExtraction.FENCE.extract("```python\nx = 1\n```\n```\nSELECT 3\n```"));
        assertEquals("no fence at all", SqlExtraction.FENCE.extract("no fence at all"));
        assertEquals("SELECT a FROM t WHERE b = 'it''s; fine'",
                SqlExtraction.LAST_STATEMENT.extract("First SELECT 1; then the answer: SELECT a FROM t WHERE b = 'it''s; fine';\n\nDone."));
        assertEquals("WITH c AS (SELECT 1 AS x) SELECT x FROM c",
                SqlExtraction.AUTO.extract("Start with the table.\nWITH c AS (SELECT 1 AS x) SELECT x FROM c"));
        assertEquals(null, SqlExtraction.AUTO.extract("I could not find it, sorry."));
        assertEquals(null, SqlExtraction.ANSWER_TAG.extract("SELECT 1"));
        assertEquals("SELECT 1", SqlExtraction.AUTO.extract("<answer>SELECT 1</answer>"));
    }
}
