package dev.arbiter.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;

/**
 * Real SQLite databases the tests create once per run under {@code target/sql-test-dbs} (relative to the module, so
 * signatures that print {@code db_root} are the same on every machine):
 * <ul>
 *   <li>{@code tricky.sqlite}: people (NULLs, names that differ only in case, reals such as 0.1+0.2), dup (repeated
 *       rows), big (2,000 integers, for runaway joins), blobs;</li>
 *   <li>{@code suite/suite.sqlite} and {@code suite/suite_2.sqlite}: one schema, two data sets (a Spider test suite);</li>
 *   <li>{@code shop/shop.sqlite}: the Spider/BIRD {@code db_id} layout.</li>
 * </ul>
 * Also a database outside the root and a symbolic link to it inside, for the escape tests.
 */
final class TestDatabases {
    static final String ROOT = "target/sql-test-dbs";
    static final JsonNodeFactory J = JsonNodeFactory.instance;
    private static boolean created;

    private TestDatabases() {
    }

    static synchronized Path root() {
        Path root = Path.of(ROOT).toAbsolutePath();
        if (created) {
            return root;
        }
        try {
            deleteTree(root);
            deleteTree(outside());
            Files.createDirectories(root.resolve("suite"));
            Files.createDirectories(root.resolve("shop"));
            Files.createDirectories(outside());
            create(root.resolve("tricky.sqlite"), """
                    CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, city TEXT, age INTEGER, score REAL);
                    INSERT INTO people VALUES (1, 'alice', 'Paris', 30, 1.5);
                    INSERT INTO people VALUES (2, 'Bob', 'paris', 25, NULL);
                    INSERT INTO people VALUES (3, 'carol', NULL, 35, 2.25);
                    INSERT INTO people VALUES (4, 'Alice', 'Berlin', 30, 0.1 + 0.2);
                    INSERT INTO people VALUES (5, 'dave', 'Berlin', NULL, 3.0);
                    CREATE TABLE dup (x INTEGER, y TEXT);
                    INSERT INTO dup VALUES (1, 'a'), (1, 'a'), (2, 'b');
                    CREATE TABLE big (n INTEGER);
                    WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 2000) INSERT INTO big SELECT n FROM c;
                    CREATE TABLE blobs (b BLOB);
                    INSERT INTO blobs VALUES (x'00ff'), (x'00FF'), (NULL);
                    CREATE TABLE empty_table (a INTEGER);
                    """);
            String suiteSchema = "CREATE TABLE t (k INTEGER, v TEXT);\n";
            create(root.resolve("suite/suite.sqlite"), suiteSchema + "INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'x');");
            create(root.resolve("suite/suite_2.sqlite"), suiteSchema + "INSERT INTO t VALUES (1, 'y'), (5, 'x');");
            create(root.resolve("shop/shop.sqlite"), """
                    CREATE TABLE items (id INTEGER PRIMARY KEY, title TEXT, price REAL);
                    INSERT INTO items VALUES (1, 'pen', 1.25), (2, 'book', 12.0), (3, 'lamp', 30.5);
                    """);
            create(outside().resolve("secret.sqlite"), "CREATE TABLE secret (s TEXT); INSERT INTO secret VALUES ('s3cr3t');");
            try {
                Files.createSymbolicLink(root.resolve("link.sqlite"), outside().resolve("secret.sqlite"));
            } catch (UnsupportedOperationException | IOException e) {
                // no symbolic links here: the escape test then checks the other ways out
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        created = true;
        return root;
    }

    static Path outside() {
        return Path.of("target/sql-test-outside").toAbsolutePath();
    }

    private static void create(Path file, String script) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String stmt : script.split(";\\s*\n|;\\s*$")) {
                if (!stmt.isBlank()) {
                    s.executeUpdate(stmt);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- samples and scoring helpers ----

    static ObjectNode ref(String sql, String db) {
        ObjectNode o = J.objectNode();
        if (sql != null) {
            o.put("sql", sql);
        }
        if (db != null) {
            o.put("db", db);
        }
        return o;
    }

    static Sample sample(String response, JsonNode reference) {
        return Sample.of(response, reference);
    }

    /** A sample whose response is {@code predicted} in a ```sql fence, against {@code gold} on tricky.sqlite. */
    static Sample tricky(String gold, String predicted) {
        return Sample.of("```sql\n" + predicted + "\n```", ref(gold, "tricky.sqlite"));
    }

    static Reward build(String spec) {
        root();
        return RewardSpec.resolve(spec, RewardRegistry.fromServiceLoader()).reward();
    }

    static RewardResult score(Reward r, Sample s) {
        return Scoring.guarded(r, s, Deadline.none());
    }

    static List<String> types() {
        return List.of("sql_execution", "sql_syntax", "sql_schema_linking", "sql_ngram", "sql_xml_format", "reasoning_sql");
    }
}
