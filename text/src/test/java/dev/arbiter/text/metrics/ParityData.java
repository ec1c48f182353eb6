package dev.arbiter.text.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parity files under {@code src/test/resources/parity}: scores the reference implementations (sacreBLEU,
 * HF evaluate's BLEU, rouge-score, NLTK, CPython) produced on generated sentence pairs. How they were made is in
 * {@code text/METRICS.md}. Also used by the benchmark, which runs over the same pairs.
 */
public final class ParityData {
    static final double TOLERANCE = 1e-9;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One generated pair: a hypothesis and its references. */
    public record Pair(String hyp, List<String> refs) {
    }

    /** A JSONL score file: its header line and one row per pair (or per corpus slice). */
    record Table(JsonNode header, List<JsonNode> rows) {
    }

    private ParityData() {
    }

    public static List<Pair> pairs() {
        List<Pair> out = new ArrayList<>();
        for (String line : lines("pairs.jsonl")) {
            JsonNode n = read(line);
            List<String> refs = new ArrayList<>();
            n.get("refs").forEach(r -> refs.add(r.asText()));
            out.add(new Pair(n.get("hyp").asText(), List.copyOf(refs)));
        }
        return out;
    }

    static Table table(String name) {
        List<String> lines = lines(name);
        List<JsonNode> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            rows.add(read(line));
        }
        return new Table(read(lines.get(0)), rows);
    }

    static List<String> lines(String name) {
        InputStream in = ParityData.class.getResourceAsStream("/parity/" + name);
        if (in == null) {
            throw new IllegalStateException("missing parity file " + name);
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> out = new ArrayList<>();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isEmpty()) {
                    out.add(line);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Collects |ours − theirs| over many rows and fails with the first mismatches. */
    static final class Diffs {
        private final String what;
        private final List<String> failures = new ArrayList<>();
        private double max;
        private int rows;

        Diffs(String what) {
            this.what = what;
        }

        void check(double ours, double theirs, String context) {
            rows++;
            double d = Math.abs(ours - theirs);
            if (!(d <= TOLERANCE)) {
                if (failures.size() < 10) {
                    failures.add(context + ": ours " + ours + " theirs " + theirs);
                }
                d = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
            }
            max = Math.max(max, d);
        }

        /** Asserts every row matched and that there were at least {@code minRows}; prints the summary. */
        void verify(int minRows) {
            System.out.printf(java.util.Locale.ROOT, "parity %-32s %7d values, max |diff| %.3g%n", what, rows, max);
            assertTrue(failures.isEmpty(), () -> what + ": " + failures.size() + "+ mismatches (max |diff| " + max
                    + "):\n" + String.join("\n", failures));
            assertTrue(rows >= minRows, what + " compared only " + rows + " values");
        }
    }
}
