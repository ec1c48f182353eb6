package dev.arbiter.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.arbiter.core.RewardResult;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON in and out: one shared, immutable mapper configured like {@code arbiter score}'s. */
final class Json {
    /** Exact decimals, so a reference such as {@code 1.10} reaches the reward as written; duplicate keys rejected. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();
    private static final JsonFactory FACTORY = MAPPER.getFactory();
    /**
     * {@link #MAPPER} without the parser's duplicate-key detection, which hashes the names of every object with three
     * or more fields and was a third of the parse time of a native batch. Instead the tree builder fails on a repeated
     * key, and {@link #parse} then parses again with {@link #MAPPER}: every body that this mapper rejects for any
     * reason is parsed again there, so answers and error messages (with their positions) are those of {@link #MAPPER}.
     */
    private static final ObjectMapper FAST_MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private Json() {
    }

    /** Writes one JSON document with {@code body}. */
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * Parses a request body.
     *
     * @throws HttpProblem 400 naming the line, column and byte offset of the first error
     */
    static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw new HttpProblem(400, "malformed_json", "the request body is empty; expected a JSON document");
        }
        try {
            JsonNode fast = FAST_MAPPER.readTree(body);
            if (fast != null && !fast.isMissingNode()) {
                return fast;
            }
        } catch (IOException | RuntimeException e) {
            // malformed, or a repeated key: the strict parse below gives the answer
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new HttpProblem(400, "malformed_json", "the request body holds no JSON value");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            Map<String, Object> where = new LinkedHashMap<>();
            String at = "";
            if (loc != null) {
                where.put("line", loc.getLineNr());
                where.put("column", loc.getColumnNr());
                where.put("offset", loc.getByteOffset() >= 0 ? loc.getByteOffset() : loc.getCharOffset());
                at = " at line " + loc.getLineNr() + ", column " + loc.getColumnNr() + " (byte "
                        + where.get("offset") + ")";
            }
            throw new HttpProblem(400, "malformed_json", "malformed JSON" + at + ": " + e.getOriginalMessage(), where,
                    Map.of());
        } catch (IOException e) {
            throw new HttpProblem(400, "malformed_json", "unreadable JSON: " + e.getMessage());
        }
    }

    static byte[] write(Body body) {
        Output shared = OUTPUT.get();
        // a body that itself writes JSON gets a buffer of its own
        Output out = shared.inUse ? new Output() : shared;
        out.inUse = true;
        out.reset();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setCodec(MAPPER);
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON", e);
        } finally {
            out.inUse = false;
        }
        return out.toByteArrayAndTrim();
    }

    /**
     * Each thread's output buffer for {@link #write}: a response is built in it and copied out once, at its exact
     * size, instead of growing a fresh buffer by doubling and copying it again at the end. A buffer grown past
     * {@link Output#KEEP_BYTES} by a large response is dropped afterwards, so an idle thread holds little.
     */
    private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(Output::new);

    /** An unsynchronized, reusable byte sink. */
    private static final class Output extends OutputStream {
        static final int KEEP_BYTES = 256 * 1024;
        private byte[] buf = new byte[16 * 1024];
        private int count;
        private boolean inUse;

        void reset() {
            count = 0;
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        private void ensure(int more) {
            int need = count + more;
            if (need < 0) {
                throw new OutOfMemoryError("JSON output over 2 GiB");
            }
            if (need > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(need, buf.length < (1 << 30) ? 2 * buf.length : Integer.MAX_VALUE - 8));
            }
        }

        byte[] toByteArrayAndTrim() {
            byte[] out = Arrays.copyOf(buf, count);
            count = 0;
            if (buf.length > KEEP_BYTES) {
                buf = new byte[16 * 1024];
            }
            return out;
        }
    }

    /** The error body of a problem: {@code {"error": code, "reason": ..., extra...}}. */
    static byte[] problem(HttpProblem p) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("error", p.code);
            g.writeStringField("reason", p.reason());
            for (Map.Entry<String, Object> e : p.extra.entrySet()) {
                g.writeFieldName(e.getKey());
                g.writeObject(e.getValue());
            }
            g.writeEndObject();
        });
    }

    /**
     * The reward object of {@code arbiter score} rows: {@code {score, status, reason, details, components,
     * signature}}.
     */
    static void writeReward(JsonGenerator g, RewardResult r, String reason, String signatureId) throws IOException {
        g.writeStartObject();
        g.writeNumberField("score", r.score());
        g.writeStringField("status", r.status().wireName());
        g.writeStringField("reason", reason);
        g.writeFieldName("details");
        writeValue(g, r.details(), 0);
        g.writeObjectFieldStart("components");
        for (Map.Entry<String, Double> c : r.components().entrySet()) {
            g.writeNumberField(c.getKey(), c.getValue());
        }
        g.writeEndObject();
        g.writeStringField("signature", signatureId);
        g.writeEndObject();
    }

    /**
     * Writes a details value: strings, numbers, booleans, JSON trees, maps and lists directly (the common case, without
     * a serializer lookup); anything else through the mapper.
     */
    static void writeValue(JsonGenerator g, Object v, int depth) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof java.math.BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof java.math.BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof JsonNode n) {
            g.writeTree(n);
        } else if (v instanceof Map<?, ?> m && depth < 32) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue(), depth + 1);
            }
            g.writeEndObject();
        } else if (v instanceof java.util.List<?> list && depth < 32) {
            g.writeStartArray();
            for (Object o : list) {
                writeValue(g, o, depth + 1);
            }
            g.writeEndArray();
        } else {
            g.writeObject(v);
        }
    }

    /** A short name of a node's JSON type, for messages. */
    /**
     * An optional list parallel to the request's main list {@code primary} of {@code n} items: null when absent, a
     * 400 when it is not an array or its length differs.
     */
    static JsonNode parallelList(JsonNode body, String field, String primary, int n) {
        JsonNode v = body.get(field);
        if (!present(v)) {
            return null;
        }
        if (!v.isArray()) {
            throw HttpProblem.badRequest("field '" + field + "' must be an array, got " + typeName(v));
        }
        if (v.size() != n) {
            throw HttpProblem.badRequest("field '" + field + "' has " + v.size() + " items but '" + primary + "' has " + n
                    + "; the lists must have the same length");
        }
        return v;
    }

    static String typeName(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        return n.getNodeType().name().toLowerCase();
    }

    static boolean present(JsonNode n) {
        return n != null && !n.isMissingNode() && !n.isNull();
    }
}
