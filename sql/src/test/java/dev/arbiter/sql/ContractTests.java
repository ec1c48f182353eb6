package dev.arbiter.sql;

import dev.arbiter.core.Sample;
import dev.arbiter.testkit.RewardContractTest;
import org.junit.jupiter.api.Nested;

import java.util.List;

import static dev.arbiter.sql.TestDatabases.J;
import static dev.arbiter.sql.TestDatabases.ref;

/** Every SQL type under the shared reward contract. */
class ContractTests {
    private static final String ROOT = TestDatabases.ROOT;

    private static List<Sample> executionSamples() {
        TestDatabases.root();
        return List.of(
                Sample.of("```sql\nSELECT name FROM people WHERE age >= 30\n```", ref("SELECT name FROM people WHERE age > 28", "tricky.sqlite")),
                Sample.of("<answer>SELECT age, name FROM people</answer>", ref("SELECT name, age FROM people", "tricky.sqlite")),
                Sample.of("SELECT nam FROM people", ref("SELECT name FROM people", "tricky.sqlite")),
                Sample.of("SELECT title FROM items ORDER BY price DESC", J.objectNode().put("sql", "SELECT title FROM items ORDER BY price").put("db_id", "shop")),
                Sample.of("no query here", ref("SELECT 1", "tricky.sqlite")));
    }

    @Nested
    class ExecutionContract extends RewardContractTest {
        @Override protected String spec() { return "{type: sql_execution, db_root: " + ROOT + "}"; }
        @Override protected String otherSpec() { return "{type: sql_execution, mode: spider, db_root: " + ROOT + "}"; }
        @Override protected String expectedSignature() {
            return "sql_execution@1(db_root=target/sql-test-dbs,mode=bird,float_tolerance=0,empty_results_match=yes,"
                    + "keep_distinct=no,test_suite=no,extract=auto,query_timeout=1000ms,max_rows=100000,max_result_mb=32)";
        }
        @Override protected List<Sample> samples() { return executionSamples(); }
    }

    @Nested
    class SpiderExecutionContract extends RewardContractTest {
        @Override protected String spec() { return "{type: sql_execution, mode: spider, test_suite: true, db_root: " + ROOT + "}"; }
        @Override protected String otherSpec() { return "{type: sql_execution, mode: spider, db_root: " + ROOT + "}"; }
        @Override protected String expectedSignature() {
            return "sql_execution@1(db_root=target/sql-test-dbs,mode=spider,float_tolerance=0,empty_results_match=yes,"
                    + "keep_distinct=no,test_suite=yes,extract=auto,query_timeout=1000ms,max_rows=100000,max_result_mb=32)";
        }
        @Override protected List<Sample> samples() {
            TestDatabases.root();
            return List.of(
                    Sample.of("SELECT k FROM t WHERE v LIKE 'x'", ref("SELECT k FROM t WHERE v = 'x'", "suite/suite.sqlite")),
                    Sample.of("SELECT k FROM t WHERE k IN (1, 3)", ref("SELECT k FROM t WHERE v = 'x'", "suite/suite.sqlite")));
        }
    }

    @Nested
    class SyntaxContract extends RewardContractTest {
        @Override protected String spec() { return "{type: sql_syntax, db_root: " + ROOT + "}"; }
        @Override protected String otherSpec() { return "{type: sql_syntax, execute: true, db_root: " + ROOT + "}"; }
        @Override protected String expectedSignature() {
            return "sql_syntax@1(db_root=target/sql-test-dbs,execute=no,extract=auto,query_timeout=1000ms)";
        }
        @Override protected List<Sample> samples() {
            TestDatabases.root();
            return List.of(
                    Sample.of("SELECT name FROM people", ref(null, "tricky.sqlite")),
                    Sample.of("SELECT nam FROM people", ref(null, "tricky.sqlite")),
                    Sample.of("SELEC name FROM people", ref("SELECT 1", "tricky.sqlite")),
                    Sample.of("DROP TABLE people", ref(null, "tricky.sqlite")));
        }
    }

    @Nested
    class SchemaLinkingContract extends RewardContractTest {
        @Override protected String spec() { return "sql_schema_linking"; }
        @Override protected String otherSpec() { return "{type: sql_schema_linking, metric: recall}"; }
        @Override protected String expectedSignature() {
            return "sql_schema_linking@1(metric=jaccard,case_sensitive=no,extract=auto)";
        }
        @Override protected List<Sample> samples() {
            return List.of(
                    Sample.of("SELECT name FROM users WHERE age > 40", J.textNode("SELECT name FROM users WHERE age > 30")),
                    Sample.of("SELECT name FROM customers", ref("SELECT name FROM users WHERE age > 30", "x.sqlite")),
                    Sample.of("nothing", J.textNode("SELECT a FROM t")));
        }
    }

    @Nested
    class NgramContract extends RewardContractTest {
        @Override protected String spec() { return "sql_ngram"; }
        @Override protected String otherSpec() { return "{type: sql_ngram, n: 3}"; }
        @Override protected String expectedSignature() { return "sql_ngram@1(n=2,extract=auto)"; }
        @Override protected List<Sample> samples() {
            return List.of(
                    Sample.of("SELECT name FROM users WHERE age > 40", J.textNode("SELECT name FROM users WHERE age > 30")),
                    Sample.of("SELECT T1.a FROM t AS T1", J.textNode("SELECT x.a FROM t x")),
                    Sample.of("SELECT", J.textNode("SELECT")));
        }
    }

    @Nested
    class XmlFormatContract extends RewardContractTest {
        @Override protected String spec() { return "sql_xml_format"; }
        @Override protected String otherSpec() { return "{type: reasoning_sql, db_root: " + ROOT + "}"; }
        @Override protected String expectedSignature() { return "sql_xml_format@1"; }
        @Override protected boolean requiresReference() { return false; }
        @Override protected double minScore() { return -Double.MAX_VALUE; }
        @Override protected List<Sample> samples() {
            return List.of(
                    Sample.of("<reasoning>\nR\n</reasoning>\n<answer>\nA\n</answer>\n", (String) null),
                    Sample.of("<reasoning>\nR\n</reasoning>\n<answer>\nA\n</answer>\nxyz", (String) null),
                    Sample.of("plain", (String) null));
        }
    }

    @Nested
    class ReasoningSqlContract extends RewardContractTest {
        @Override protected String spec() { return "{type: reasoning_sql, db_root: " + ROOT + "}"; }
        @Override protected String otherSpec() { return "{type: reasoning_sql, schema_metric: jaccard, db_root: " + ROOT + "}"; }
        @Override protected String expectedSignature() {
            return "reasoning_sql@1(db_root=target/sql-test-dbs,extract=fence,correct_score=3,schema_metric=recall,"
                    + "weights={},ai_feedback=none,ai_feedback_max=2,query_timeout=1000ms,max_rows=100000,max_result_mb=32)";
        }
        @Override protected double minScore() { return -Double.MAX_VALUE; }
        @Override protected double maxScore() { return 6.5; }
        @Override protected List<Sample> samples() {
            TestDatabases.root();
            String good = "<reasoning>\nolder than 28\n</reasoning>\n<answer>\n```sql\nSELECT name FROM people WHERE age >= 30\n```\n</answer>\n";
            return List.of(
                    Sample.of(good, ref("SELECT name FROM people WHERE age > 28", "tricky.sqlite")),
                    Sample.of("```sql\nSELECT nam FROM people\n```", ref("SELECT name FROM people", "tricky.sqlite")),
                    Sample.of("```sql\nSELECT a FROM empty_table\n```", ref("SELECT a FROM empty_table", "tricky.sqlite")));
        }
    }
}
