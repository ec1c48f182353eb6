package dev.arbiter.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.References;
import dev.arbiter.sql.engine.DatabaseRoot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The reference of a text-to-SQL sample: the gold query and the database it runs on.
 *
 * <p>Accepted shapes: an object {@code {"sql": "<gold>", "db": "<file under db_root>"}}, where {@code gold},
 * {@code query} and {@code SQL} are synonyms of {@code sql}, and {@code db_id} may replace {@code db} meaning
 * {@code <db_root>/<db_id>/<db_id>.sqlite} (the Spider and BIRD layout); the same object serialized as a JSON string
 * (as verl stores {@code ground_truth}); or the gold query alone as a string (enough for the rewards that need no
 * database).
 *
 * @param goldSql  the gold query; {@code null} when the reference names only a database
 * @param database the database as the reference names it; {@code null} when it names none
 * @param byDbId   whether {@code database} is a {@code db_id} rather than a relative path
 */
public record SqlReference(String goldSql, String database, boolean byDbId) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] GOLD_KEYS = {"sql", "gold", "query", "SQL"};

    /** Reads a sample's reference. */
    public static SqlReference of(JsonNode reference) {
        if (reference == null || reference.isNull() || reference.isMissingNode()) {
            throw new InvalidInputException("the sample has no reference (expected {\"sql\": ..., \"db\": ...})");
        }
        if (reference.isTextual()) {
            String text = reference.asText();
            if (text.strip().startsWith("{")) {
                try {
                    JsonNode parsed = JSON.readTree(text);
                    if (parsed != null && parsed.isObject()) {
                        return ofObject(parsed);
                    }
                } catch (JsonProcessingException e) {
                    // not JSON after all: the text is the gold query
                }
            }
            if (text.isBlank()) {
                throw new InvalidInputException("the reference is empty");
            }
            return new SqlReference(text, null, false);
        }
        if (reference.isObject()) {
            return ofObject(reference);
        }
        throw new InvalidInputException("the reference must be an object with sql and db (or db_id), or the gold SQL "
                + "as text; got " + References.abbreviate(reference.toString()));
    }

    private static SqlReference ofObject(JsonNode obj) {
        String gold = null;
        for (String key : GOLD_KEYS) {
            if (obj.has(key)) {
                gold = text(obj, key);
                break;
            }
        }
        String db = null;
        boolean byId = false;
        if (obj.has("db")) {
            db = text(obj, "db");
        } else if (obj.has("db_path")) {
            db = text(obj, "db_path");
        } else if (obj.has("db_id")) {
            db = text(obj, "db_id");
            byId = true;
        }
        if (gold == null && db == null) {
            throw new InvalidInputException("the reference names neither a gold query (sql) nor a database (db, db_id): "
                    + References.abbreviate(obj.toString()));
        }
        return new SqlReference(gold, db, byId);
    }

    private static String text(JsonNode obj, String key) {
        JsonNode v = obj.get(key);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new InvalidInputException("reference field '" + key + "' must be a non-empty string, got "
                    + References.abbreviate(v.toString()));
        }
        return v.asText();
    }

    /** The gold query, or {@link InvalidInputException} when the reference has none. */
    public String requireGold() {
        if (goldSql == null) {
            throw new InvalidInputException("the reference has no gold query (sql)");
        }
        return goldSql;
    }

    /** The database file under {@code root}, or {@link InvalidInputException} when none is named or it is refused. */
    public Path databaseUnder(DatabaseRoot root) {
        if (database == null) {
            throw new InvalidInputException("the reference names no database (db or db_id)");
        }
        return byDbId ? root.resolveDbId(database) : root.resolve(database);
    }

    /**
     * The databases of a Spider test suite: every file whose name contains {@code .sqlite} in the folder of the
     * referenced database, in name order (the referenced one among them).
     */
    public List<Path> testSuiteUnder(DatabaseRoot root) {
        Path main = databaseUnder(root);
        Path dir = main.getParent();
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().contains(".sqlite") && Files.isRegularFile(p))
                    .sorted()
                    .forEach(p -> out.add(root.resolve(root.nameOf(p))));
        } catch (IOException e) {
            throw new InvalidInputException("cannot list the test-suite databases beside '" + database + "'");
        }
        if (out.isEmpty()) {
            out.add(main);
        }
        return out;
    }
}
