package dev.arbiter.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Prompt;
import dev.arbiter.core.json.ChatJson;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.engine.RowCodec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON records into samples and writes each record back with a result object added. The output row is the
 * input row, unchanged, plus {@code reward: {score, status, reason, details, components, signature}}. A record that
 * is not a JSON object keeps its text under {@code _raw} beside {@code _line}, so no input is ever lost.
 */
final class JsonRowCodec implements RowCodec<RawRecord, ObjectNode, String> {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private final FieldMapping fields;
    private final String unit;
    private final int maxResponseChars;
    private final String signatureId;
    private final int maxRecordBytes;

    JsonRowCodec(FieldMapping fields, String unit, int maxRecordBytes, int maxResponseChars, String signatureId) {
        this.maxRecordBytes = maxRecordBytes;
        this.fields = fields;
        this.unit = unit;
        this.maxResponseChars = maxResponseChars;
        this.signatureId = signatureId;
    }

    @Override
    public Prepared<ObjectNode> prepare(long index, RawRecord rec) {
        String where = unit + " " + rec.number();
        if (rec.oversized()) {
            ObjectNode row = rawRow(rec.number(), decodeLenient(rec.bytes()), "_raw_prefix");
            return Prepared.rejected(row, RewardResult.invalidInput("the record is " + rec.fullLength()
                    + " bytes, over the limit of " + maxRecordBytes + " (--max-record-bytes); only its first " + rec.bytes().length + " bytes are kept"));
        }
        String text;
        String utf8Problem = null;
        try {
            text = decodeStrict(rec.bytes());
        } catch (CharacterCodingException e) {
            text = decodeLenient(rec.bytes());
            utf8Problem = "invalid UTF-8 at byte " + firstBadByte(rec.bytes()) + " (replaced with U+FFFD)";
        }
        JsonNode parsed;
        try {
            parsed = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String col = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
            return Prepared.rejected(rawRow(rec.number(), text, "_raw"),
                    RewardResult.invalidInput("not valid JSON" + col + ": " + e.getOriginalMessage()));
        }
        if (parsed == null || !parsed.isObject()) {
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            row.put("_line", rec.number());
            row.set("_value", parsed);
            return Prepared.rejected(row, RewardResult.invalidInput("expected a JSON object, got "
                    + (parsed == null ? "nothing" : parsed.getNodeType().name().toLowerCase())));
        }
        ObjectNode row = (ObjectNode) parsed;
        if (utf8Problem != null) {
            return Prepared.rejected(row, RewardResult.invalidInput(utf8Problem));
        }
        return toSample(rec.number(), row, where);
    }

    Prepared<ObjectNode> toSample(long number, ObjectNode row, String where) {
        FieldMapping.Found response = FieldMapping.find(row, fields.response(), FieldMapping.RESPONSE);
        if (!response.present()) {
            return Prepared.rejected(row, RewardResult.invalidInput("field '" + response.path() + "' (the response) is missing"));
        }
        JsonNode responseValue = response.value();
        if (responseValue.isArray() && responseValue.size() == 1 && responseValue.get(0).isTextual()) {
            responseValue = responseValue.get(0);
        }
        if (!responseValue.isTextual()) {
            return Prepared.rejected(row, RewardResult.invalidInput("field '" + response.path()
                    + "' (the response) must be a string, got " + typeName(responseValue)));
        }
        String responseText = responseValue.asText();
        if (responseText.length() > maxResponseChars) {
            return Prepared.rejected(row, RewardResult.invalidInput("field '" + response.path() + "' holds "
                    + responseText.length() + " characters, over the limit of " + maxResponseChars + " (--max-response-chars)"));
        }
        JsonNode reference = FieldMapping.find(row, fields.reference(), FieldMapping.REFERENCE).value();
        FieldMapping.Found idField = FieldMapping.find(row, fields.id(), FieldMapping.ID);
        String id = idField.present() && idField.value().isValueNode() ? idField.value().asText() : Long.toString(number);
        FieldMapping.Found ds = FieldMapping.find(row, fields.dataSource(), FieldMapping.DATA_SOURCE);
        String dataSource = ds.present() && ds.value().isValueNode() ? ds.value().asText() : "";
        FieldMapping.Found group = FieldMapping.find(row, fields.group(), FieldMapping.GROUP);
        String groupKey = group.present() ? (group.value().isValueNode() ? group.value().asText() : group.value().toString()) : "";
        ObjectNode metaNode = FieldMapping.meta(row, fields.meta());
        Prompt prompt = ChatJson.prompt(FieldMapping.find(row, fields.prompt(), FieldMapping.PROMPT).value());
        return Prepared.of(row, new Sample(id, dataSource, prompt, responseText, reference, groupKey, metaNode));
    }

    @Override
    public String render(long index, ObjectNode row, RewardResult result) {
        row.set(fields.result(), resultNode(result, rowNumber(row, index)));
        return write(row);
    }

    @Override
    public String renderUnprepared(long index, RawRecord input, RewardResult result) {
        ObjectNode row = rawRow(input.number(), decodeLenient(input.bytes()), "_raw");
        row.set(fields.result(), resultNode(result, input.number()));
        return write(row);
    }

    private long rowNumber(ObjectNode row, long index) {
        JsonNode line = row.get("_line");
        return line != null && line.canConvertToLong() && row.has("_raw") ? line.asLong() : index + 1;
    }

    ObjectNode resultNode(RewardResult r, long number) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("score", r.score());
        n.put("status", r.status().wireName());
        String reason = r.reason();
        if (!r.isOk()) {
            reason = unit + " " + number + ": " + reason;
        }
        n.put("reason", reason);
        n.set("details", MAPPER.valueToTree(r.details()));
        ObjectNode comps = n.putObject("components");
        for (Map.Entry<String, Double> e : r.components().entrySet()) {
            comps.put(e.getKey(), e.getValue());
        }
        n.put("signature", signatureId);
        return n;
    }

    private static String write(ObjectNode row) {
        try {
            return MAPPER.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a row", e);
        }
    }

    private static ObjectNode rawRow(long number, String text, String key) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        row.put("_line", number);
        row.put(key, text);
        return row;
    }

    private static String typeName(JsonNode n) {
        return n.getNodeType().name().toLowerCase();
    }

    private static String decodeStrict(byte[] b) throws CharacterCodingException {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return d.decode(ByteBuffer.wrap(b)).toString();
    }

    private static String decodeLenient(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static int firstBadByte(byte[] b) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(b.length + 1);
        java.nio.charset.CoderResult r = d.decode(in, out, true);
        if (r.isError()) {
            return in.position();
        }
        r = d.flush(out);
        return r.isError() ? in.position() : b.length;
    }
}
