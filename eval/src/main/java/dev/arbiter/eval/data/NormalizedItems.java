package dev.arbiter.eval.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Prompt;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static dev.arbiter.eval.data.RowFields.BadRow;

/**
 * The normalized item format of section 11.1 of {@code shared/docs/rm-benchmarks.md}: one JSON object per line with
 * {@code id}, {@code candidates} and {@code gold}. Accepted for every benchmark.
 */
public final class NormalizedItems {
    private NormalizedItems() {
    }

    /** True when a row looks like a normalized item (it has {@code candidates} and {@code gold}). */
    public static boolean isNormalized(ObjectNode row) {
        return row != null && row.has("candidates") && row.has("gold");
    }

    /** Parses one normalized row; throws {@link BadRow} naming the field. */
    public static EvalItem parse(ObjectNode row, String defaultBenchmark, String origin) {
        String id = RowFields.requiredText(row, "id");
        String benchmark = RowFields.text(row, "benchmark");
        JsonNode cands = RowFields.required(row, "candidates");
        if (!cands.isArray() || cands.isEmpty()) {
            throw new BadRow("field 'candidates' must be a non-empty list");
        }
        List<Candidate> candidates = new ArrayList<>();
        Set<String> cids = new LinkedHashSet<>();
        int i = 0;
        for (JsonNode c : cands) {
            if (!c.isObject()) {
                throw new BadRow("candidates[" + i + "] must be an object");
            }
            ObjectNode co = (ObjectNode) c;
            String cid = RowFields.text(co, "cid");
            if (cid == null) {
                cid = "c" + i;
            }
            if (!cids.add(cid)) {
                throw new BadRow("candidates[" + i + "]: duplicate cid '" + cid + "'");
            }
            JsonNode textNode = RowFields.any(co, "text");
            String text = textNode == null ? null : RowFields.responseText(textNode, "candidates[" + i + "].text");
            JsonNode style = RowFields.any(co, "style");
            JsonNode steps = RowFields.any(co, "steps");
            candidates.add(new Candidate(cid, text, RowFields.text(co, "role"),
                    style == null ? null : style.asInt(),
                    steps == null ? null : RowFields.strings(steps, "candidates[" + i + "].steps"),
                    RowFields.text(co, "source_model")));
            i++;
        }
        Gold gold = gold(RowFields.required(row, "gold"), cids);
        JsonNode groupNode = RowFields.any(row, "group");
        EvalItem.GroupRef group = null;
        if (groupNode != null) {
            if (groupNode.isObject()) {
                group = new EvalItem.GroupRef(RowFields.requiredText((ObjectNode) groupNode, "key"),
                        RowFields.text((ObjectNode) groupNode, "kind"));
            } else {
                group = new EvalItem.GroupRef(groupNode.asText(), null);
            }
        }
        List<String> images = new ArrayList<>();
        JsonNode imgs = RowFields.any(row, "images");
        if (imgs != null) {
            images.addAll(RowFields.strings(imgs, "images"));
        }
        JsonNode meta = row.get("meta");
        Prompt prompt = RowFields.prompt(RowFields.any(row, "prompt"), "prompt");
        return new EvalItem(id, benchmark == null ? defaultBenchmark : benchmark, RowFields.text(row, "subset"),
                RowFields.text(row, "section"), RowFields.text(row, "lang"), prompt,
                RowFields.any(row, "reference_answer"), images, candidates, gold, RowFields.text(row, "rule"), group,
                meta != null && meta.isObject() ? ((ObjectNode) meta).deepCopy() : null, origin);
    }

    static Gold gold(JsonNode g, Set<String> cids) {
        if (!g.isObject()) {
            throw new BadRow("field 'gold' must be an object with 'type'");
        }
        ObjectNode o = (ObjectNode) g;
        String type = RowFields.requiredText(o, "type");
        Gold gold = switch (type) {
            case "pair" -> new Gold.Pair(one(o, "chosen"), one(o, "rejected"));
            case "one_vs_many" -> new Gold.OneVsMany(list(o, "chosen"), list(o, "rejected"));
            case "multi_correct" -> new Gold.MultiCorrect(list(o, "correct"), list(o, "incorrect"));
            case "style_matrix" -> new Gold.StyleMatrix(list(o, "chosen"), list(o, "rejected"));
            case "ordered_label" -> {
                List<String> order = list(o, "order");
                if (order.size() != 2) {
                    throw new BadRow("gold.order must name exactly 2 candidates, had " + order.size());
                }
                String label = RowFields.text(o, "label");
                if (label != null && !label.equals("A>B") && !label.equals("B>A") && !label.equals("A=B")) {
                    throw new BadRow("gold.label must be A>B, B>A or A=B, was '" + label + "'");
                }
                yield new Gold.OrderedLabel(order, label);
            }
            case "best_of_n" -> new Gold.BestOfN(list(o, "correct"));
            case "step_labels" -> new Gold.StepLabels(RowFields.requiredText(o, "cid"),
                    RowFields.ints(RowFields.required(o, "labels"), "gold.labels"));
            case "rating" -> new Gold.Rating(RowFields.requiredText(o, "cid"));
            case "binary" -> {
                JsonNode v = RowFields.required(o, "value");
                if (!v.isBoolean()) {
                    throw new BadRow("gold.value must be true or false");
                }
                yield new Gold.Binary(v.asBoolean());
            }
            default -> throw new BadRow("unknown gold.type '" + type + "' (known: pair, one_vs_many, multi_correct, "
                    + "style_matrix, ordered_label, best_of_n, step_labels, rating, binary)");
        };
        for (String cid : gold.cids()) {
            if (!cids.contains(cid)) {
                throw new BadRow("gold names candidate '" + cid + "', which is not among the candidates " + cids);
            }
        }
        return gold;
    }

    private static String one(ObjectNode o, String name) {
        JsonNode v = RowFields.required(o, name);
        if (v.isArray()) {
            if (v.size() != 1) {
                throw new BadRow("gold." + name + " must name one candidate, named " + v.size());
            }
            return v.get(0).asText();
        }
        return v.asText();
    }

    private static List<String> list(ObjectNode o, String name) {
        JsonNode v = RowFields.required(o, name);
        if (v.isTextual()) {
            return List.of(v.asText());
        }
        List<String> out = RowFields.strings(v, "gold." + name);
        if (out.isEmpty()) {
            throw new BadRow("gold." + name + " must not be empty");
        }
        return out;
    }
}
