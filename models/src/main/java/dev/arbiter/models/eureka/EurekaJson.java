package dev.arbiter.models.eureka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** The JSON files of the search: {@code candidates.json}, {@code selection.json} and an offline report. */
public final class EurekaJson {
    private static final JsonNodeFactory J = JsonNodeFactory.instance;

    private EurekaJson() {
    }

    /** One candidate's entry of {@code candidates.json}. */
    public static ObjectNode candidate(Candidate c) {
        ObjectNode o = J.objectNode();
        o.put("index", c.index());
        if (c.specText() == null) {
            o.putNull("file");
        } else {
            o.put("file", c.fileName());
        }
        o.put("valid", c.valid());
        text(o, "error", c.error());
        text(o, "signature", c.signature());
        text(o, "signature_id", c.signatureId());
        text(o, "spec", c.specText());
        o.put("answer", c.answer());
        return o;
    }

    public static ArrayNode candidates(List<Candidate> cs) {
        ArrayNode a = J.arrayNode();
        cs.forEach(c -> a.add(candidate(c)));
        return a;
    }

    /**
     * Candidates back from {@code candidates.json} (the object with a {@code candidates} array, or the array).
     *
     * @throws IllegalArgumentException when an entry lacks its index or the indices are not 0..K-1 in order
     */
    public static List<Candidate> candidatesFromJson(JsonNode n) {
        JsonNode arr = n != null && n.isObject() ? n.get("candidates") : n;
        if (arr == null || !arr.isArray()) {
            throw new IllegalArgumentException("expected candidates.json: an object with a 'candidates' array");
        }
        List<Candidate> out = new ArrayList<>();
        for (JsonNode c : arr) {
            if (!c.path("index").isIntegralNumber() || c.get("index").asInt() != out.size()) {
                throw new IllegalArgumentException("candidate " + out.size() + ": expected index " + out.size());
            }
            boolean valid = c.path("valid").asBoolean(false);
            String error = str(c, "error");
            out.add(new Candidate(out.size(), str(c, "answer"), str(c, "spec"), valid,
                    valid ? null : error == null ? "invalid (no error recorded)" : error, str(c, "signature"),
                    str(c, "signature_id")));
        }
        return out;
    }

    /** {@code selection.json}: the choice, every candidate's fitness and status, the winner's correlation. */
    public static ObjectNode selection(EurekaSearch.Outcome o) {
        Selection s = o.selection();
        ObjectNode n = J.objectNode();
        if (s.index() < 0) {
            n.putNull("index");
        } else {
            n.put("index", s.index());
        }
        n.put("fitness", s.fitness());
        n.put("execute_rate", s.executeRate());
        n.put("all_failed", s.allFailed());
        n.put("k", s.k());
        number(n, "correlation", o.correlation());
        text(n, "spec", o.bestSpec());
        ArrayNode runs = n.putArray("candidates");
        for (RunLog r : o.runs()) {
            ObjectNode e = runs.addObject();
            e.put("index", r.index());
            e.put("executed", r.executed());
            e.put("fitness", r.fitnessValue());
            text(e, "error", r.error());
            number(e, "correlation", r.correlation().isPresent() ? r.correlation().getAsDouble() : null);
        }
        return n;
    }

    /** An offline report of one candidate. */
    public static ObjectNode report(OfflineStats.Report r) {
        ObjectNode o = J.objectNode();
        o.put("samples", r.samples());
        ObjectNode st = o.putObject("statuses");
        r.statuses().forEach(st::put);
        o.set("score", summary(r.score()));
        ObjectNode comps = o.putObject("components");
        for (OfflineStats.SeriesSummary c : r.components()) {
            comps.set(c.name(), summary(c));
        }
        return o;
    }

    private static ObjectNode summary(OfflineStats.SeriesSummary s) {
        ObjectNode o = J.objectNode();
        o.put("n", s.n());
        number(o, "mean", s.mean());
        number(o, "min", s.min());
        number(o, "max", s.max());
        number(o, "std", s.std());
        number(o, "correlation", s.correlation());
        o.put("paired", s.paired());
        return o;
    }

    private static void text(ObjectNode o, String k, String v) {
        if (v == null) {
            o.putNull(k);
        } else {
            o.put(k, v);
        }
    }

    private static void number(ObjectNode o, String k, Double v) {
        if (v == null || !Double.isFinite(v)) {
            o.putNull(k);
        } else {
            o.put(k, v);
        }
    }

    private static String str(JsonNode n, String k) {
        JsonNode v = n.get(k);
        return v == null || v.isNull() ? null : v.asText();
    }
}
