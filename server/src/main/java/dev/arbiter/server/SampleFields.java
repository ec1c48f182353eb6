package dev.arbiter.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Prompt;
import dev.arbiter.core.json.ChatJson;
import dev.arbiter.core.Sample;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads samples out of request JSON. A native sample object uses the field names {@code arbiter score} looks for:
 * the response in {@code response}, {@code responses}, {@code completion} or {@code output}; the reference in
 * {@code reference}, {@code reward_model.ground_truth}, {@code ground_truth}, {@code answer} or {@code label};
 * {@code prompt} (text or chat messages); {@code data_source}; {@code group} or {@code uid}; meta in
 * {@code extra_info} or {@code meta}; the id in {@code id} or {@code extra_info.index}.
 */
final class SampleFields {
    static final List<String> RESPONSE = List.of("response", "responses", "completion", "output");
    static final List<String> REFERENCE = List.of("reference", "reward_model.ground_truth", "ground_truth", "answer",
            "label");
    static final List<String> ID = List.of("id", "extra_info.index");
    static final List<String> GROUP = List.of("group", "uid");
    static final List<String> META = List.of("extra_info", "meta");

    private SampleFields() {
    }

    /**
     * The sample a native sample object describes.
     *
     * @param index the sample's 0-based position in the request (its id when it has none)
     * @throws InvalidInputException naming the bad field
     */
    static Sample nativeSample(JsonNode row, int index) {
        if (row == null || !row.isObject()) {
            throw new InvalidInputException("expected a JSON object, got " + Json.typeName(row));
        }
        Found response = find(row, RESPONSE);
        if (response == null) {
            throw new InvalidInputException("field 'response' is missing");
        }
        String text = responseText(response.value, response.path);
        Found reference = find(row, REFERENCE);
        Found id = find(row, ID);
        String idText = id != null && id.value.isValueNode() ? id.value.asText() : Integer.toString(index);
        JsonNode ds = row.get("data_source");
        String dataSource = textOrEmpty(ds, "data_source");
        Found group = find(row, GROUP);
        String groupKey = group == null ? "" : group.value.isValueNode() ? group.value.asText() : group.value.toString();
        Found meta = find(row, META);
        ObjectNode metaNode = null;
        if (meta != null) {
            if (!meta.value.isObject()) {
                throw new InvalidInputException("field '" + meta.path + "' must be an object, got "
                        + Json.typeName(meta.value));
            }
            metaNode = (ObjectNode) meta.value;
        }
        return new Sample(idText, dataSource, prompt(row.get("prompt")), text,
                reference == null ? null : reference.value, groupKey, metaNode);
    }

    /** A response value: a string, or a one-element list of one string (verl's {@code responses}). */
    static String responseText(JsonNode v, String field) {
        if (v.isArray() && v.size() == 1 && v.get(0).isTextual()) {
            v = v.get(0);
        }
        if (!v.isTextual()) {
            throw new InvalidInputException("field '" + field + "' (the response) must be a string, got "
                    + Json.typeName(v));
        }
        return v.asText();
    }

    /** A string field's text; empty when absent; {@link InvalidInputException} when it holds something else. */
    static String textOrEmpty(JsonNode v, String field) {
        if (!Json.present(v)) {
            return "";
        }
        if (!v.isValueNode()) {
            throw new InvalidInputException("field '" + field + "' must be a string, got " + Json.typeName(v));
        }
        return v.asText();
    }

    /** Plain text, or chat messages ({@code [{role, content}]}, content as text or a list of text parts). */
    static Prompt prompt(JsonNode n) {
        return Json.present(n) ? ChatJson.prompt(n) : Prompt.EMPTY;
    }

    private record Found(String path, JsonNode value) {
    }

    private static Found find(JsonNode row, List<String> candidates) {
        for (String c : candidates) {
            JsonNode v = get(row, c);
            if (Json.present(v)) {
                return new Found(c, v);
            }
        }
        return null;
    }

    private static JsonNode get(JsonNode row, String dotted) {
        JsonNode direct = row.get(dotted);
        if (direct != null || dotted.indexOf('.') < 0) {
            return direct;
        }
        JsonNode n = row;
        for (String part : dotted.split("\\.")) {
            if (n == null || !n.isObject()) {
                return null;
            }
            n = n.get(part);
        }
        return n;
    }
}
