package dev.arbiter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Which fields of an input row hold the parts of a sample. Each is a dotted path ({@code reward_model.ground_truth}).
 * A field left unset is looked for under the usual names, verl's dataset layout included: the response in
 * {@code response}, {@code responses}, {@code completion}, {@code output}; the reference in {@code reference},
 * {@code reward_model.ground_truth}, {@code ground_truth}, {@code answer}, {@code label}; the prompt in
 * {@code prompt}; the data source in {@code data_source}; the group in {@code group}, {@code uid};
 * meta in {@code extra_info}, {@code meta}; the id in {@code id}, {@code extra_info.index}. The meta field may list
 * several objects, comma-separated ({@code extra_info,reward.details}): they are merged in order, a later key
 * replacing an earlier one (so one pass's result details can feed the next pass's reward).
 */
record FieldMapping(String id, String dataSource, String prompt, String response, String reference, String group,
                    String meta, String result) {

    static final List<String> ID = List.of("id", "extra_info.index");
    static final List<String> DATA_SOURCE = List.of("data_source");
    static final List<String> PROMPT = List.of("prompt");
    static final List<String> RESPONSE = List.of("response", "responses", "completion", "output");
    static final List<String> REFERENCE = List.of("reference", "reward_model.ground_truth", "ground_truth", "answer", "label");
    static final List<String> GROUP = List.of("group", "uid");
    static final List<String> META = List.of("extra_info", "meta");

    static FieldMapping defaults() {
        return new FieldMapping(null, null, null, null, null, null, null, "reward");
    }

    /** A located field: its path (for messages) and value, or a missing node. */
    record Found(String path, JsonNode value) {
        boolean present() {
            return value != null && !value.isMissingNode() && !value.isNull();
        }
    }

    static Found find(ObjectNode row, String explicit, List<String> candidates) {
        if (explicit != null) {
            return new Found(explicit, get(row, explicit));
        }
        for (String c : candidates) {
            JsonNode v = get(row, c);
            if (v != null && !v.isMissingNode() && !v.isNull()) {
                return new Found(c, v);
            }
        }
        return new Found(candidates.get(0), null);
    }

    /** The sample's meta: the explicit field(s), merged, or the first usual one; null when none is an object. */
    static ObjectNode meta(ObjectNode row, String explicit) {
        if (explicit == null || explicit.indexOf(',') < 0) {
            Found meta = find(row, explicit, META);
            return meta.present() && meta.value().isObject() ? (ObjectNode) meta.value() : null;
        }
        ObjectNode merged = null;
        for (String path : explicit.split(",")) {
            JsonNode v = get(row, path.strip());
            if (v != null && v.isObject()) {
                merged = merged == null ? ((ObjectNode) v).deepCopy() : merged.setAll((ObjectNode) v);
            }
        }
        return merged;
    }

    static JsonNode get(JsonNode row, String dotted) {
        JsonNode direct = row.get(dotted);
        if (direct != null) {
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
