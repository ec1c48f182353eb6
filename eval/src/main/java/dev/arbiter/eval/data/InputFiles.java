package dev.arbiter.eval.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.eval.EvalException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Reads benchmark files in the layouts they are published in: JSON (an array of rows, a columnar object of equal-length
 * arrays, or one object), JSONL, Parquet (through DuckDB, in-process and offline; binary columns such as embedded
 * images are replaced by a placeholder), or a directory of such files (read recursively, in sorted order).
 * Malformed JSONL lines become rows with an {@link Row#error()} so the caller can report them by line.
 */
public final class InputFiles {
    /** Jackson as used for every input: {@code NaN} and {@code Infinity} are accepted so they can be reported per item. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /** The placeholder put in place of binary Parquet columns (embedded images). */
    public static final String BINARY_PLACEHOLDER = "<binary>";

    private InputFiles() {
    }

    /**
     * One input row.
     *
     * @param node  the row, or {@code null} when it could not be parsed
     * @param file  the file it came from
     * @param index 1-based line (JSONL) or position (JSON array, Parquet)
     * @param error why the row could not be parsed, or {@code null}
     */
    public record Row(ObjectNode node, Path file, long index, String error) {
        public String origin() {
            return file.getFileName() + ":" + index;
        }
    }

    /**
     * A read input: rows, and the files that hold one JSON object each (not columnar) by path. A single-object file
     * given on its own yields no rows and one object.
     *
     * @param path    the path given
     * @param rows    the rows in order
     * @param objects file → its single JSON object, in sorted file order
     */
    public record Input(Path path, List<Row> rows, Map<Path, ObjectNode> objects) {
        public Input {
            rows = List.copyOf(rows);
            objects = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(objects));
        }

        /** True when the input is one JSON object (or only such files). */
        public boolean isSingleObject() {
            return rows.isEmpty() && !objects.isEmpty();
        }

        /** The first single-object file's object, or {@code null}. */
        public ObjectNode root() {
            return objects.isEmpty() ? null : objects.values().iterator().next();
        }
    }

    /** Reads {@code path}; throws {@link EvalException} (kind INPUT) naming the file when it is missing or unreadable. */
    public static Input read(Path path) {
        if (path == null) {
            throw new EvalException(EvalException.Kind.USAGE, "no input file given");
        }
        if (!Files.exists(path)) {
            throw new EvalException(EvalException.Kind.INPUT, path + ": no such file or directory");
        }
        try {
            if (Files.isDirectory(path)) {
                List<Path> files;
                try (Stream<Path> s = Files.walk(path)) {
                    files = s.filter(Files::isRegularFile).filter(InputFiles::isDataFile).sorted().toList();
                }
                if (files.isEmpty()) {
                    throw new EvalException(EvalException.Kind.INPUT, path + ": the directory holds no .json, .jsonl or .parquet file");
                }
                List<Row> rows = new ArrayList<>();
                Map<Path, ObjectNode> objects = new java.util.LinkedHashMap<>();
                for (Path f : files) {
                    Input in = readFile(f);
                    rows.addAll(in.rows());
                    objects.putAll(in.objects());
                }
                return new Input(path, rows, objects);
            }
            return readFile(path);
        } catch (IOException e) {
            throw new EvalException(EvalException.Kind.INPUT, path + ": cannot read: " + e.getMessage(), e);
        }
    }

    static boolean isDataFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".json") || n.endsWith(".jsonl") || n.endsWith(".ndjson") || isParquet(p);
    }

    public static boolean isParquet(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".parquet") || n.endsWith(".pq");
    }

    private static Input readFile(Path f) throws IOException {
        if (isParquet(f)) {
            return new Input(f, readParquet(f), Map.of());
        }
        String first = firstNonBlank(f);
        if (first == null) {
            return new Input(f, List.of(), Map.of());
        }
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        if (first.equals("[") || (first.equals("{") && name.endsWith(".json") && holdsOneValue(f))) {
            JsonNode root;
            try {
                root = JSON.readTree(f.toFile());
            } catch (IOException e) {
                throw new EvalException(EvalException.Kind.INPUT, f + ": malformed JSON: " + firstLine(e.getMessage()), e);
            }
            if (root.isArray()) {
                return new Input(f, arrayRows((ArrayNode) root, f), Map.of());
            }
            ObjectNode obj = (ObjectNode) root;
            List<Row> columnar = columnarRows(obj, f);
            return columnar != null ? new Input(f, columnar, Map.of()) : new Input(f, List.of(), Map.of(f, obj));
        }
        return new Input(f, jsonlRows(f), Map.of());
    }

    private static String firstNonBlank(Path f) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            int c;
            while ((c = r.read()) >= 0) {
                if (c == 0xFEFF || Character.isWhitespace(c)) {
                    continue;
                }
                return String.valueOf((char) c);
            }
            return null;
        }
    }

    private static boolean holdsOneValue(Path f) throws IOException {
        try (JsonParser p = JSON.getFactory().createParser(f.toFile())) {
            p.nextToken();
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return true; // let the full parse report the error
        }
    }

    private static List<Row> arrayRows(ArrayNode arr, Path f) {
        List<Row> rows = new ArrayList<>(arr.size());
        long i = 0;
        for (JsonNode n : arr) {
            i++;
            if (n.isObject()) {
                rows.add(new Row((ObjectNode) n, f, i, null));
            } else {
                rows.add(new Row(null, f, i, "element " + i + " is " + n.getNodeType().name().toLowerCase(Locale.ROOT) + ", not an object"));
            }
        }
        return rows;
    }

    /** pandas/HF "dict of lists" layout: every value an array, all of one length. */
    private static List<Row> columnarRows(ObjectNode obj, Path f) {
        if (obj.size() < 2) {
            return null;
        }
        int len = -1;
        for (JsonNode v : obj) {
            if (!v.isArray() || (len >= 0 && v.size() != len)) {
                return null;
            }
            len = v.size();
        }
        if (len <= 0) {
            return null;
        }
        List<Row> rows = new ArrayList<>(len);
        for (int i = 0; i < len; i++) {
            ObjectNode row = JSON.createObjectNode();
            for (Map.Entry<String, JsonNode> e : obj.properties()) {
                row.set(e.getKey(), e.getValue().get(i));
            }
            rows.add(new Row(row, f, i + 1, null));
        }
        return rows;
    }

    private static List<Row> jsonlRows(Path f) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            String line;
            long n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (n == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode node = JSON.readTree(line);
                    if (node != null && node.isObject()) {
                        rows.add(new Row((ObjectNode) node, f, n, null));
                    } else {
                        rows.add(new Row(null, f, n, "line " + n + " is not a JSON object"));
                    }
                } catch (IOException e) {
                    rows.add(new Row(null, f, n, "line " + n + " is malformed JSON: " + firstLine(e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage())));
                }
            }
        }
        return rows;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    private static List<Row> readParquet(Path f) throws IOException {
        try {
            Class.forName("org.duckdb.DuckDBDriver");
        } catch (ClassNotFoundException e) {
            throw new IOException("Parquet needs the DuckDB driver (org.duckdb:duckdb_jdbc) on the class path; "
                    + "convert the file to JSONL instead", e);
        }
        Properties props = new Properties();
        props.setProperty("autoinstall_known_extensions", "false");
        props.setProperty("autoload_known_extensions", "true");
        String src = "read_parquet('" + f.toString().replace("'", "''") + "')";
        List<Row> rows = new ArrayList<>();
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:", props); Statement st = conn.createStatement()) {
            List<String> binary = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + src)) {
                while (rs.next()) {
                    String type = rs.getString("column_type");
                    if (type != null && type.toUpperCase(Locale.ROOT).contains("BLOB")) {
                        binary.add(rs.getString("column_name"));
                    }
                }
            }
            StringBuilder select = new StringBuilder("SELECT *");
            if (!binary.isEmpty()) {
                select.setLength(0);
                select.append("SELECT * EXCLUDE (");
                for (int i = 0; i < binary.size(); i++) {
                    select.append(i == 0 ? "" : ", ").append('"').append(binary.get(i).replace("\"", "\"\"")).append('"');
                }
                select.append(")");
                for (String b : binary) {
                    select.append(", '").append(BINARY_PLACEHOLDER).append("' AS \"").append(b.replace("\"", "\"\"")).append('"');
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT to_json(t)::VARCHAR FROM (" + select + " FROM " + src + ") AS t")) {
                long i = 0;
                while (rs.next()) {
                    i++;
                    JsonNode node = JSON.readTree(rs.getString(1));
                    rows.add(new Row((ObjectNode) node, f, i, null));
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot read Parquet: " + firstLine(e.getMessage()), e);
        }
        return rows;
    }

    /** SHA-256 of a file (hex), or of every data file of a directory in sorted order; {@code null} for no path. */
    public static String sha256(Path path) {
        if (path == null) {
            return null;
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            List<Path> files;
            if (Files.isDirectory(path)) {
                try (Stream<Path> s = Files.walk(path)) {
                    files = s.filter(Files::isRegularFile).filter(InputFiles::isDataFile).sorted().toList();
                }
            } else {
                files = List.of(path);
            }
            byte[] buf = new byte[1 << 16];
            for (Path f : files) {
                try (InputStream in = new DigestInputStream(Files.newInputStream(f), md)) {
                    while (in.read(buf) >= 0) {
                        // digesting
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new EvalException(EvalException.Kind.INPUT, path + ": cannot read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
