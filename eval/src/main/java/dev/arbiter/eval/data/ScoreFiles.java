package dev.arbiter.eval.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.eval.EvalException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads score records in the format of section 11.2 ({@code {"id", "run", "scores": {cid: x}, "step_scores",
 * "judgments"}}), one per line. {@code scores} may also be a list (matched to the item's candidates by position,
 * as cids {@code #0}, {@code #1}, …). A file holding several runs needs {@code run} to pick one.
 */
public final class ScoreFiles {
    private ScoreFiles() {
    }

    public static ScoreTable read(Path path, String run) {
        InputFiles.Input in = InputFiles.read(path);
        if (in.isSingleObject()) {
            throw new EvalException(EvalException.Kind.INPUT, path + ": holds one JSON object, not score records "
                    + "(one {\"id\": …, \"scores\": {…}} per line); this benchmark has no reader for that layout");
        }
        return fromRows(in.rows(), run, "scores " + path);
    }

    public static ScoreTable fromRows(List<InputFiles.Row> rows, String run, String source) {
        Set<String> runs = new LinkedHashSet<>();
        for (InputFiles.Row r : rows) {
            if (r.node() != null && r.node().hasNonNull("run")) {
                runs.add(r.node().get("run").asText());
            }
        }
        if (run == null && runs.size() > 1) {
            throw new EvalException(EvalException.Kind.USAGE, source + " holds " + runs.size()
                    + " runs; pick one with the option run=NAME (runs: " + String.join(", ", runs) + ")");
        }
        if (run != null && !runs.isEmpty() && !runs.contains(run)) {
            throw new EvalException(EvalException.Kind.USAGE, source + " has no run '" + run + "' (runs: "
                    + String.join(", ", runs) + ")");
        }
        Map<String, ScoreRecord> byId = new LinkedHashMap<>();
        Map<String, String> dups = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (InputFiles.Row r : rows) {
            if (r.node() == null) {
                problems.add(r.file().getFileName() + ": " + r.error());
                continue;
            }
            ObjectNode n = r.node();
            if (run != null && n.hasNonNull("run") && !n.get("run").asText().equals(run)) {
                continue;
            }
            ScoreRecord rec;
            try {
                rec = parse(n, r.origin());
            } catch (RowFields.BadRow e) {
                problems.add(r.origin() + ": " + e.getMessage());
                continue;
            }
            if (byId.containsKey(rec.id())) {
                dups.putIfAbsent(rec.id(), byId.get(rec.id()).origin() + " and " + r.origin());
            } else {
                byId.put(rec.id(), rec);
            }
        }
        return new ScoreTable(byId, dups, problems, source);
    }

    /** One score record; throws {@link RowFields.BadRow} naming the field. */
    public static ScoreRecord parse(ObjectNode n, String origin) {
        String id = RowFields.requiredText(n, "id");
        Map<String, Double> scores = new LinkedHashMap<>();
        JsonNode s = n.get("scores");
        if (s != null && !s.isNull()) {
            if (s.isObject()) {
                for (Map.Entry<String, JsonNode> e : s.properties()) {
                    scores.put(e.getKey(), number(e.getValue(), "scores." + e.getKey()));
                }
            } else if (s.isArray()) {
                for (int i = 0; i < s.size(); i++) {
                    scores.put("#" + i, number(s.get(i), "scores[" + i + "]"));
                }
            } else {
                throw new RowFields.BadRow("field 'scores' must be an object {cid: score} or a list");
            }
        }
        Map<String, List<Double>> steps = new LinkedHashMap<>();
        JsonNode ss = n.get("step_scores");
        if (ss != null && ss.isObject()) {
            for (Map.Entry<String, JsonNode> e : ss.properties()) {
                steps.put(e.getKey(), numbers(e.getValue(), "step_scores." + e.getKey()));
            }
        } else if (ss != null && ss.isArray()) {
            for (int i = 0; i < ss.size(); i++) {
                steps.put("#" + i, numbers(ss.get(i), "step_scores[" + i + "]"));
            }
        }
        List<Judgment> judgments = new ArrayList<>();
        JsonNode js = n.get("judgments");
        if (js != null && js.isArray()) {
            int i = 0;
            for (JsonNode j : js) {
                if (!j.isObject()) {
                    throw new RowFields.BadRow("judgments[" + i + "] must be an object");
                }
                ObjectNode jo = (ObjectNode) j;
                List<String> order = jo.has("order") ? RowFields.strings(jo.get("order"), "judgments[" + i + "].order") : List.of();
                JsonNode parsed = jo.get("parsed");
                judgments.add(new Judgment(order, RowFields.text(jo, "raw"),
                        parsed == null || parsed.isNull() ? null : parsed.asText(),
                        jo.has("sample") ? jo.get("sample").asInt() : i));
                i++;
            }
        }
        return new ScoreRecord(id, scores, steps, judgments, null, origin);
    }

    /** A score: a number, {@code NaN} (kept, reported later), or {@code null} (no score). */
    private static Double number(JsonNode v, String name) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            String t = v.asText().strip();
            if (t.equalsIgnoreCase("nan")) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw new RowFields.BadRow("field '" + name + "' must be a number, was '" + t + "'");
            }
        }
        throw new RowFields.BadRow("field '" + name + "' must be a number, was " + RowFields.kind(v));
    }

    private static List<Double> numbers(JsonNode v, String name) {
        if (!v.isArray()) {
            throw new RowFields.BadRow("field '" + name + "' must be a list of numbers");
        }
        List<Double> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            Double d = number(v.get(i), name + "[" + i + "]");
            out.add(d == null ? Double.NaN : d);
        }
        return out;
    }
}
