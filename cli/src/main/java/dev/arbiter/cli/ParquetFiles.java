package dev.arbiter.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Properties;

/**
 * Parquet input and output through DuckDB (in-process, no network: only its built-in json and parquet extensions
 * are used). Rows stream: DuckDB reads row groups as the scorer asks for rows, and writes from a JSONL file.
 */
final class ParquetFiles {
    private ParquetFiles() {
    }

    static boolean isParquet(Path p) {
        String name = p.getFileName().toString().toLowerCase();
        return name.endsWith(".parquet") || name.endsWith(".pq");
    }

    private static Connection connect() throws SQLException {
        try {
            Class.forName("org.duckdb.DuckDBDriver");
        } catch (ClassNotFoundException e) {
            throw new SQLException("the DuckDB driver is not on the class path", e);
        }
        Properties props = new Properties();
        props.setProperty("autoinstall_known_extensions", "false");
        props.setProperty("autoload_known_extensions", "true");
        return DriverManager.getConnection("jdbc:duckdb:", props);
    }

    static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** Every row of a Parquet file as a JSON object text, in file order. */
    static final class Rows implements Iterator<RawRecord>, AutoCloseable {
        private final Connection conn;
        private final Statement st;
        private final ResultSet rs;
        private long number;
        private Boolean hasNext;

        Rows(Path file) throws SQLException {
            conn = connect();
            st = conn.createStatement();
            rs = st.executeQuery("SELECT to_json(t)::VARCHAR FROM read_parquet(" + quote(file.toString())
                    + ", file_row_number = false) AS t");
        }

        @Override
        public boolean hasNext() {
            if (hasNext == null) {
                try {
                    hasNext = rs.next();
                } catch (SQLException e) {
                    throw new UncheckedIOException(new IOException("cannot read Parquet: " + e.getMessage(), e));
                }
            }
            return hasNext;
        }

        @Override
        public RawRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            hasNext = null;
            try {
                byte[] bytes = rs.getString(1).getBytes(StandardCharsets.UTF_8);
                return new RawRecord(++number, bytes, false, bytes.length);
            } catch (SQLException e) {
                throw new UncheckedIOException(new IOException("cannot read Parquet: " + e.getMessage(), e));
            }
        }

        @Override
        public void close() throws SQLException {
            rs.close();
            st.close();
            conn.close();
        }
    }

    /** Converts a JSONL file of scored rows to Parquet, recording the signature in the file's key-value metadata. */
    static void writeFromJsonl(Path jsonl, Path parquet, String signature) throws SQLException {
        try (Connection conn = connect(); Statement st = conn.createStatement()) {
            st.execute("COPY (SELECT * FROM read_json(" + quote(jsonl.toString())
                    + ", format = 'newline_delimited', sample_size = -1, maximum_object_size = 1073741824)) TO "
                    + quote(parquet.toString()) + " (FORMAT parquet, KV_METADATA {arbiter_signature: " + quote(signature) + "})");
        }
    }
}
