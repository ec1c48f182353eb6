package dev.arbiter.eval.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.eval.EvalReport;
import dev.arbiter.eval.probe.ProbeReport;
import dev.arbiter.eval.probe.ProbeResult;


/**
 * The JSON form of reports ({@code results.json}, {@code probes.json}): keys in a fixed order, full-precision values,
 * {@code null} for values that could not be computed (NaN). Deterministic: no timestamps or timings.
 */
public final class ReportJson {
    /** The {@code format} field of results.json. */
    public static final String FORMAT = "arbiter-eval/1";
    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ReportJson() {
    }

    public static ObjectNode tree(EvalReport r) {
        ObjectNode o = F.objectNode();
        o.put("format", FORMAT);
        o.put("benchmark", r.benchmark());
        o.put("title", r.title());
        o.set("headline", r.headline() == null ? F.nullNode() : metric(r.headline()));
        ArrayNode v = o.putArray("variants");
        r.variants().forEach(m -> v.add(metric(m)));
        ArrayNode s = o.putArray("sections");
        r.sections().forEach(g -> s.add(group(g)));
        ArrayNode ss = o.putArray("subsets");
        r.subsets().forEach(g -> ss.add(group(g)));
        o.put("unit", r.unit());
        ObjectNode c = o.putObject("counts");
        c.put("items_read", r.counts().itemsRead());
        c.put("items_evaluated", r.counts().itemsEvaluated());
        c.put("items_skipped", r.counts().itemsSkipped());
        c.put("candidates_scored", r.counts().candidatesScored());
        c.put("score_failures", r.counts().scoreFailures());
        ArrayNode sk = o.putArray("skipped");
        r.skipped().forEach(x -> sk.addObject().put("id", x.id()).put("origin", x.origin()).put("reason", x.reason()));
        ArrayNode notes = o.putArray("notes");
        r.notes().forEach(notes::add);
        EvalReport.RunInfo run = r.run();
        ObjectNode ro = o.putObject("run");
        ro.put("data", run.data());
        ro.put("data_sha256", run.dataSha256());
        ro.put("scores", run.scores());
        ro.put("scores_sha256", run.scoresSha256());
        ro.put("scores_kind", run.scoresKind());
        ro.put("spec", run.spec());
        ro.put("spec_signature", run.specSignature());
        ro.put("spec_signature_id", run.specSignatureId());
        ObjectNode opts = ro.putObject("options");
        run.options().forEach(opts::put);
        ro.set("aggregation", run.aggregation());
        ro.put("aggregation_hash", run.aggregationHash());
        if (r.probes() != null) {
            o.set("probes", tree(r.probes()));
        }
        ArrayNode items = o.putArray("items");
        for (ItemResult it : r.items()) {
            ObjectNode io = items.addObject();
            io.put("id", it.id());
            io.put("subset", it.subset());
            io.put("group", it.group());
            ObjectNode oc = io.putObject("outcome");
            it.outcome().forEach((k, val) -> put(oc, k, val));
            ArrayNode ca = io.putArray("candidates");
            for (ItemResult.CandidateResult cr : it.candidates()) {
                ObjectNode co = ca.addObject();
                co.put("cid", cr.cid());
                co.put("role", cr.role());
                put(co, "score", cr.score());
                co.put("length", cr.length());
            }
        }
        return o;
    }

    public static ObjectNode tree(ProbeReport p) {
        ObjectNode o = F.objectNode();
        o.put("format", "arbiter-probe/1");
        o.put("spec", p.spec());
        o.put("spec_signature", p.specSignature());
        o.put("spec_signature_id", p.specSignatureId());
        o.put("judge", p.judge());
        o.put("probe_set", p.probeSet());
        o.put("cases", p.cases());
        ArrayNode rs = o.putArray("results");
        for (ProbeResult r : p.results()) {
            ObjectNode ro = rs.addObject();
            ro.put("name", r.name());
            ro.put("title", r.title());
            ro.put("source", r.source());
            ro.put("verdict", r.verdict());
            ro.put("summary", r.summary());
            ObjectNode m = ro.putObject("metrics");
            r.metrics().forEach((k, v) -> put(m, k, v));
            ArrayNode rows = ro.putArray("rows");
            for (ProbeResult.Row row : r.rows()) {
                ObjectNode x = rows.addObject();
                x.put("label", row.label());
                ObjectNode vals = x.putObject("values");
                row.values().forEach((k, v) -> put(vals, k, v));
            }
            ArrayNode n = ro.putArray("notes");
            r.notes().forEach(n::add);
        }
        ArrayNode n = o.putArray("notes");
        p.notes().forEach(n::add);
        return o;
    }

    static ObjectNode metric(Metric m) {
        ObjectNode o = F.objectNode();
        o.put("name", m.name());
        o.put("label", m.label());
        put(o, "value", m.value());
        o.put("unit", m.unit());
        if (m.n() == null) {
            o.putNull("n");
        } else {
            o.put("n", m.n());
        }
        o.put("formula", m.formula());
        return o;
    }

    static ObjectNode group(MetricGroup g) {
        ObjectNode o = F.objectNode();
        o.put("kind", g.kind());
        o.put("name", g.name());
        o.put("label", g.label());
        o.put("n", g.n());
        ObjectNode m = o.putObject("metrics");
        g.metrics().forEach((k, v) -> put(m, k, v));
        o.put("primary", g.primary());
        return o;
    }

    static void put(ObjectNode o, String k, Double v) {
        if (v == null || v.isNaN() || v.isInfinite()) {
            o.putNull(k);
        } else {
            o.put(k, v);
        }
    }

    public static String write(ObjectNode tree) {
        try {
            return PRETTY.writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compact JSON for embedding. */
    public static String compact(Object tree) {
        try {
            return JsonMapper.builder().build().writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 12 hex digits of the SHA-256 of the compact JSON of {@code node}. */
    public static String hash(ObjectNode node) {
        return dev.arbiter.core.RewardSignature.shortHash(compact(node));
    }
}
