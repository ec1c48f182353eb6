package dev.arbiter.eval.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Prompt;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One unit of evaluation in the normalized form of section 11.1 of {@code shared/docs/rm-benchmarks.md}: every
 * benchmark's loader produces these, and every scoring rule consumes them.
 *
 * @param id        unique within a run
 * @param benchmark the benchmark's name
 * @param subset    the finest official grouping (RewardBench subset, RM-Bench domain, JudgeBench source, …); may be null
 * @param section   a coarser grouping when the loader knows it; may be null
 * @param lang      language code (M-RewardBench); may be null
 * @param prompt    the prompt (text or chat messages)
 * @param reference the reference answer for reference-based rewards, or {@code null}
 * @param images    image paths or hashes (VL benchmarks); empty for text
 * @param candidates the responses, in the order the official layout gives them
 * @param gold      what is known to be right
 * @param rule      the scoring rule's name (section 11.1), informative
 * @param group     links rows scored together (RewardBench 2 Ties {@code ref:n}/{@code tied:n}); may be null
 * @param meta      anything else the loader kept (never null)
 * @param origin    where the item came from, {@code file:line}, for messages
 */
public record EvalItem(String id, String benchmark, String subset, String section, String lang, Prompt prompt,
                       JsonNode reference, List<String> images, List<Candidate> candidates, Gold gold, String rule,
                       GroupRef group, ObjectNode meta, String origin) {

    /** A group key and this row's kind within it ({@code ref} or {@code tied} for RewardBench 2 Ties). */
    public record GroupRef(String key, String kind) {
    }

    public EvalItem {
        Objects.requireNonNull(id, "id");
        prompt = prompt == null ? Prompt.EMPTY : prompt;
        images = images == null ? List.of() : List.copyOf(images);
        candidates = List.copyOf(candidates);
        meta = meta == null ? JsonNodeFactory.instance.objectNode() : meta;
        origin = origin == null ? "" : origin;
        if (reference != null && (reference.isNull() || reference.isMissingNode())) {
            reference = null;
        }
    }

    public Optional<Candidate> candidate(String cid) {
        for (Candidate c : candidates) {
            if (c.cid().equals(cid)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** {@code id (origin)} for messages. */
    public String label() {
        return origin.isEmpty() ? "item '" + id + "'" : "item '" + id + "' (" + origin + ")";
    }

    public String metaText(String key) {
        JsonNode n = meta.get(key);
        return n == null || n.isNull() ? null : n.asText();
    }
}
