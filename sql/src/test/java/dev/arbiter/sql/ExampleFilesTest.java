package dev.arbiter.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.Status;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.sql.bench.ExamplePairs;
import dev.arbiter.sql.bench.ExampleShop;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bundled example ({@code examples/sql}): its database and rollouts are generated from {@link ExampleShop} and
 * {@link ExamplePairs}, and this test checks the checked-in files against the generators and scores every rollout.
 * Regenerate with {@code mvn -f sql/pom.xml test -Dtest=ExampleFilesTest -Darbiter.regenerateExamples=true}.
 */
class ExampleFilesTest {
    static final Path DIR = Path.of("../examples/sql");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void databaseMatchesItsGenerator() throws Exception {
        Path built = Path.of("target/example-shop.sqlite").toAbsolutePath();
        Files.deleteIfExists(built);
        build(built);
        if (Boolean.getBoolean("arbiter.regenerateExamples")) {
            Files.createDirectories(DIR);
            Files.copy(built, DIR.resolve("shop.sqlite"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(DIR.resolve("shop.sql"), String.join(";\n", ExampleShop.script()) + ";\n");
        }
        Path checkedIn = DIR.resolve("shop.sqlite");
        assertTrue(Files.size(checkedIn) < 1_000_000, "the example database must stay under 1 MB");
        assertEquals(dump(built), dump(checkedIn), "examples/sql/shop.sqlite differs from ExampleShop.script()");
        assertEquals(String.join(";\n", ExampleShop.script()) + ";\n", Files.readString(DIR.resolve("shop.sql")));
    }

    @Test
    void rolloutsMatchTheirGeneratorAndScoreAsExpected() throws Exception {
        List<ObjectNode> rows = rollouts();
        StringBuilder text = new StringBuilder();
        for (ObjectNode r : rows) {
            text.append(JSON.writeValueAsString(r)).append('\n');
        }
        Path file = DIR.resolve("rollouts.jsonl");
        if (Boolean.getBoolean("arbiter.regenerateExamples")) {
            Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        }
        assertEquals(text.toString(), Files.readString(file), "examples/sql/rollouts.jsonl differs from its generator");

        RewardRegistry registry = RewardRegistry.fromServiceLoader();
        for (String specFile : List.of("spec.yaml", "reasoning_sql.yaml", "spider.yaml")) {
            String spec = Files.readString(DIR.resolve(specFile)).replace("db_root: examples/sql", "db_root: " + DIR);
            RewardSpec rs = RewardSpec.resolve(spec, registry);
            Reward reward = rs.reward();
            for (ObjectNode row : rows) {
                Sample s = Sample.of(row.get("response").asText(), row.get("reference"));
                RewardResult r = Scoring.guarded(reward, s, Deadline.after(rs.deadline(), System::nanoTime));
                JsonNode expected = row.get("extra_info").get("expected_execution");
                String where = specFile + " " + row.get("id").asText() + ": " + r;
                if (expected.isTextual()) {
                    Status want = specFile.equals("reasoning_sql.yaml") ? Status.OK : Status.fromWireName(expected.asText());
                    assertEquals(want, r.status(), where);
                } else if (specFile.equals("reasoning_sql.yaml")) {
                    assertEquals(Status.OK, r.status(), where);
                    // the authors' extraction (a fence, else the whole response) finds no query in prose
                    boolean fenced = row.get("response").asText().contains("```");
                    assertEquals(fenced ? expected.asDouble() * 3 : 0.0, r.components().get("execution"), where);
                } else if (specFile.equals("spec.yaml")) {
                    assertEquals(Status.OK, r.status(), where);
                    assertEquals(expected.asDouble(), r.score(), where);
                } else {
                    assertEquals(Status.OK, r.status(), where);
                }
            }
            ((AutoCloseable) reward).close();
        }
    }

    /** The example rollouts: four prompts with one prediction of each kind, then hand-made hard cases. */
    static List<ObjectNode> rollouts() {
        List<ObjectNode> rows = new ArrayList<>();
        List<ExamplePairs.Pair> pairs = ExamplePairs.generate(16, 4, 3L);
        for (ExamplePairs.Pair p : pairs) {
            boolean match = p.expectedMatch();
            rows.add(row(rows.size(), p.question(), "<reasoning>\nThe question: " + p.question() + "\n</reasoning>\n"
                    + "<answer>\n```sql\n" + p.predicted() + "\n```\n</answer>\n", p.gold(), p.kind().name().toLowerCase(), match ? 1 : 0));
        }
        String nulls = "SELECT name FROM customers WHERE city IS NULL";
        rows.add(row(rows.size(), "Which customers have no city on record?",
                "The query is: select name from customers where city is null;\nIt keeps rows without a city.", nulls, "last_statement", 1));
        rows.add(row(rows.size(), "Which customers have no city on record?", "I am not sure.", nulls, "no_sql", 0));
        rows.add(row(rows.size(), "How many customers are there?", "```sql\nDROP TABLE customers\n```",
                "SELECT count(*) FROM customers", "malicious_write", 0));
        rows.add(row(rows.size(), "How many customers are there?",
                "```sql\nATTACH DATABASE '/tmp/evil.sqlite' AS evil\n```", "SELECT count(*) FROM customers", "malicious_attach", 0));
        rows.add(row(rows.size(), "How many customers are there?",
                "```sql\nWITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n\n```",
                "SELECT count(*) FROM customers", "runaway_cte", "timeout"));
        rows.add(row(rows.size(), "How many order lines are there?",
                "```sql\nSELECT count(*) FROM order_items a, order_items b, order_items c\n```",
                "SELECT count(*) FROM order_items", "cross_join", "timeout"));
        return rows;
    }

    private static ObjectNode row(int i, String question, String response, String gold, String kind, Object expected) {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", String.format("shop-%03d", i + 1));
        r.put("data_source", "sql/shop");
        r.put("prompt", question);
        r.put("response", response);
        r.putObject("reference").put("sql", gold).put("db", "shop.sqlite");
        ObjectNode extra = r.putObject("extra_info").put("kind", kind);
        if (expected instanceof Integer n) {
            extra.put("expected_execution", n);
        } else {
            extra.put("expected_execution", expected.toString());
        }
        return r;
    }

    private static void build(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String sql : ExampleShop.script()) {
                    s.executeUpdate(sql);
                }
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("VACUUM");
            }
        }
    }

    private static String dump(Path file) throws SQLException, IOException {
        StringBuilder sb = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + file.toAbsolutePath() + "?mode=ro");
             Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                    sb.append(rs.getString(2)).append('\n');
                }
            }
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + t + "\" ORDER BY rowid")) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            Object v = rs.getObject(i);
                            sb.append(v == null ? "NULL" : v.getClass().getSimpleName() + ":" + v).append('|');
                        }
                        sb.append('\n');
                    }
                }
            }
        }
        return sb.toString();
    }
}
