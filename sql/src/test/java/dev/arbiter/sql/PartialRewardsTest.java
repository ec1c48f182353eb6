package dev.arbiter.sql;

import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Status;
import dev.arbiter.sql.query.QueryShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.arbiter.sql.TestDatabases.J;
import static dev.arbiter.sql.TestDatabases.build;
import static dev.arbiter.sql.TestDatabases.ref;
import static dev.arbiter.sql.TestDatabases.score;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Reasoning-SQL partial rewards against the worked examples of the catalog (A10f) and tricky shapes. */
class PartialRewardsTest {
    private static final String GOLD = "SELECT name FROM users WHERE age > 30";

    private static double schema(String spec, String gold, String pred) {
        RewardResult r = score(build(spec), Sample.of(pred, J.textNode(gold)));
        assertEquals(Status.OK, r.status(), r::toString);
        return r.score();
    }

    @Test
    void schemaLinkingCatalogExamples() {
        String recall = "{type: sql_schema_linking, metric: recall}";
        assertEquals(1.0, schema(recall, GOLD, "SELECT name FROM users WHERE age > 40"));
        assertEquals(1.0, schema("sql_schema_linking", GOLD, "SELECT name FROM users WHERE age > 40"));
        assertEquals(1.0 / 3, schema(recall, GOLD, "SELECT name FROM customers"), 1e-12);
        assertEquals(1.0 / 4, schema("sql_schema_linking", GOLD, "SELECT name FROM customers"), 1e-12);
        assertEquals(0.0, schema(recall, GOLD, "name users age"), "no SELECT");
    }

    @Test
    void schemaLinkingCase() {
        assertEquals(1.0, schema("sql_schema_linking", GOLD, "select NAME from Users where AGE > 30"));
        assertEquals(0.0, schema("{type: sql_schema_linking, case_sensitive: true}", GOLD, "select NAME from Users where AGE > 30"));
        RewardResult empty = score(build("sql_schema_linking"), Sample.of("SELECT 1", J.textNode("SELECT 1")));
        assertEquals(Status.INVALID_INPUT, empty.status());
    }

    /** sql | tables | columns | table aliases | column aliases (space- or ';'-separated; '-' for none). */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            SELECT name FROM users WHERE age > 30 | users | name age | - | -
            SELECT T1.name, COUNT(*) AS cnt FROM users AS T1 JOIN orders T2 ON T1.id = T2.user_id GROUP BY T1.name ORDER BY cnt DESC | users orders | name id user_id cnt | T1 T2 | cnt
            SELECT a FROM t1, main.t2 x, (SELECT b FROM t3) AS sub WHERE t1.c IN (SELECT d FROM t4) | t1 t2 t3 t4 | a b c d | x sub | -
            WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c | c | x | - | -
            SELECT CAST(price AS REAL) p, name COLLATE NOCASE FROM items ORDER BY name NULLS FIRST | items | price name | - | p
            SELECT `First Name`, "Last Name", [Zip Code] FROM "My Table" | My Table; | First Name;Last Name;Zip Code | - | -
            SELECT strftime('%Y', date) AS y, count(DISTINCT id) FROM events WHERE kind = 'a' GROUP BY y | events | date id kind y | - | y
            SELECT a FROM t1 JOIN t2 USING (id) WHERE a IS NOT DISTINCT FROM b | t1 t2 | a b | - | -
            SELECT rank() OVER (PARTITION BY dept ORDER BY pay ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM staff | staff | dept pay | - | -
            SELECT CASE WHEN a > 1 THEN 'x' ELSE 'y' END label FROM t | t | a | - | label
            """)
    void queryShapes(String sql, String tables, String columns, String tableAliases, String columnAliases) {
        QueryShape shape = QueryShape.of(sql);
        assertEquals(names(tables), shape.tables(), "tables");
        assertEquals(names(columns), shape.columns(), "columns");
        assertEquals(names(tableAliases), shape.tableAliases(), "table aliases");
        assertEquals(names(columnAliases), shape.columnAliases(), "column aliases");
    }

    private static Set<String> names(String spaced) {
        if (spaced.equals("-")) {
            return Set.of();
        }
        // names with spaces are listed with ';' between them
        return Set.of(spaced.contains(";") ? spaced.split(";") : spaced.split(" "));
    }

    @Test
    void ngramCatalogExample() {
        RewardResult r = score(build("sql_ngram"), Sample.of("SELECT name FROM users WHERE age > 40", J.textNode(GOLD)));
        assertEquals(5.0 / 7, r.score(), 1e-12);
        assertEquals(List.of("select", "name", "from", "users", "where", "age", "30"), SqlNgram.words(GOLD));
    }

    @Test
    void ngramIgnoresAliasesAndAs() {
        Reward ngram = build("sql_ngram");
        assertEquals(1.0, score(ngram, Sample.of("SELECT T1.a FROM t AS T1", J.textNode("select x.a from t x"))).score());
        assertEquals(1.0, score(ngram, Sample.of("SELECT count(*) AS n FROM t", J.textNode("SELECT count(*) total FROM t"))).score());
        assertEquals(0.0, score(ngram, Sample.of("SELECT", J.textNode("SELECT"))).score(), "both empty");
    }

    @Test
    void xmlCountCatalogExamples() {
        assertEquals(0.5, SqlXmlFormat.countXml("<reasoning>\nR\n</reasoning>\n<answer>\nA\n</answer>\n"));
        assertEquals(0.494, SqlXmlFormat.countXml("<reasoning>\nR\n</reasoning>\n<answer>\nA\n</answer>\nxyz"), 1e-12);
        assertEquals(0.0, SqlXmlFormat.countXml("nothing"));
        assertEquals(0.125 + 0.125, SqlXmlFormat.countXml("<reasoning>\nR\n</reasoning>\n<reasoning>\n</reasoning>\n<answer>\nA\n</answer>\n"));
    }

    @Test
    void syntaxPreparesOnTheDatabase() {
        Reward syntax = build("{type: sql_syntax, db_root: " + TestDatabases.ROOT + "}");
        assertEquals(1.0, score(syntax, Sample.of("SELECT name FROM people", ref(null, "tricky.sqlite"))).score());
        RewardResult unknown = score(syntax, Sample.of("SELECT name FROM nobody", ref(null, "tricky.sqlite")));
        assertEquals(0.0, unknown.score());
        assertTrue(unknown.reason().contains("no such table: nobody"), unknown.reason());
        // prepares, but fails when run: only execute=true notices
        String overflow = "SELECT abs(-9223372036854775807 - 1)";
        assertEquals(1.0, score(syntax, Sample.of(overflow, ref(null, "tricky.sqlite"))).score());
        Reward running = build("{type: sql_syntax, execute: true, db_root: " + TestDatabases.ROOT + "}");
        assertEquals(0.0, score(running, Sample.of(overflow, ref(null, "tricky.sqlite"))).score());
    }

    @Test
    void reasoningSqlSumsThePartsWithThePaperWeights() {
        Reward r = build("{type: reasoning_sql, db_root: " + TestDatabases.ROOT + "}");
        String response = "<reasoning>\nolder than 28\n</reasoning>\n<answer>\n```sql\nSELECT name FROM people WHERE age >= 30\n```\n</answer>\n";
        RewardResult ok = score(r, Sample.of(response, ref("SELECT name FROM people WHERE age > 28", "tricky.sqlite")));
        assertEquals(Status.OK, ok.status(), ok::toString);
        Map<String, Double> c = ok.components();
        assertEquals(3.0, c.get("execution"));
        assertEquals(1.0, c.get("syntax"));
        assertEquals(1.0, c.get("schema_linking"));
        assertEquals(0.5, c.get("xml_format"));
        assertEquals(3.0 + 1.0 + 1.0 + c.get("ngram") + 0.5, ok.score(), 1e-12);
        assertTrue(c.get("ngram") > 0.5 && c.get("ngram") < 1.0, c.toString());

        // an empty result counts as incorrect, and without a judge the execution part is 0
        RewardResult empty = score(r, Sample.of("```sql\nSELECT a FROM empty_table\n```", ref("SELECT a FROM empty_table", "tricky.sqlite")));
        assertEquals(0.0, empty.components().get("execution"));
        // a runaway prediction is incorrect (not a timeout) here, as in the authors' code
        Reward fast = build("{type: reasoning_sql, query_timeout: 200ms, db_root: " + TestDatabases.ROOT + "}");
        RewardResult runaway = score(fast, Sample.of("```sql\nSELECT count(*) FROM big a, big b, big c\n```",
                ref("SELECT count(*) FROM big", "tricky.sqlite")));
        assertEquals(Status.OK, runaway.status(), runaway::toString);
        assertEquals(0.0, runaway.components().get("execution"));
    }

    @Test
    void reasoningSqlAiFeedbackHookScoresOnlyIncorrectPredictions() {
        // a constant reward stands in for the judge of the later model issue
        Reward r = build("{type: reasoning_sql, db_root: " + TestDatabases.ROOT
                + ", ai_feedback: {type: constant, value: 1.25}, weights: {xml_format: 0}}");
        RewardResult wrong = score(r, Sample.of("```sql\nSELECT name FROM people\n```", ref("SELECT age FROM people", "tricky.sqlite")));
        assertEquals(1.25, wrong.components().get("execution"));
        RewardResult right = score(r, Sample.of("```sql\nSELECT age FROM people\n```", ref("SELECT age FROM people", "tricky.sqlite")));
        assertEquals(3.0, right.components().get("execution"));
        Reward clamped = build("{type: reasoning_sql, db_root: " + TestDatabases.ROOT + ", ai_feedback: {type: constant, value: 7}}");
        assertEquals(2.0, score(clamped, Sample.of("SELECT 1", ref("SELECT 2", "tricky.sqlite"))).components().get("execution"));
    }
}
