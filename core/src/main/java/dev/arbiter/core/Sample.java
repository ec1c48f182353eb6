package dev.arbiter.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One rollout to reward.
 *
 * @param id         the row's identifier (the input's id field, or its line number)
 * @param dataSource the task name used for routing, as verl's {@code data_source}; empty when unknown
 * @param prompt     what the model was asked
 * @param response   the model output; {@code null} when the input had none (rewards answer {@code invalid_input})
 * @param reference  any JSON: an answer, a list of answers, tests, boxes, SQL plus a database; {@code null} when absent
 * @param group      the key shared by rollouts of the same prompt, for group transforms; empty when ungrouped
 * @param meta       free JSON object (verl's {@code extra_info}); never null
 */
public record Sample(String id, String dataSource, Prompt prompt, String response, JsonNode reference, String group,
                     ObjectNode meta) {

    public Sample {
        id = id == null ? "" : id;
        dataSource = dataSource == null ? "" : dataSource;
        prompt = prompt == null ? Prompt.EMPTY : prompt;
        group = group == null ? "" : group;
        if (reference != null && (reference.isMissingNode() || reference.isNull())) {
            reference = null;
        }
        meta = meta == null ? JsonNodeFactory.instance.objectNode() : meta;
    }

    /** A sample with only a response and a reference, for tests and library calls. */
    public static Sample of(String response, JsonNode reference) {
        return new Sample("", "", Prompt.EMPTY, response, reference, "", null);
    }

    /** A sample with only a response and a textual reference. */
    public static Sample of(String response, String reference) {
        return of(response, reference == null ? null : JsonNodeFactory.instance.textNode(reference));
    }

    public Sample withResponse(String newResponse) {
        return new Sample(id, dataSource, prompt, newResponse, reference, group, meta);
    }

    public Sample withReference(JsonNode newReference) {
        return new Sample(id, dataSource, prompt, response, newReference, group, meta);
    }

    public Sample withDataSource(String newDataSource) {
        return new Sample(id, newDataSource, prompt, response, reference, group, meta);
    }
}
