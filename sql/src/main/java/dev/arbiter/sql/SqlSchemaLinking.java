package dev.arbiter.sql;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.References;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Status;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;
import dev.arbiter.sql.query.QueryShape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Schema linking (Reasoning-SQL): how well the tables and columns the predicted query uses match those of the gold
 * query. Each side's names are the {@link QueryShape#schemaNames() tables and columns} it refers to. {@code jaccard}
 * is {@code |G ∩ P| / |G ∪ P|}, as the paper describes; {@code recall} is {@code |G ∩ P| / |G|}, which is what the
 * authors' code computes. Names compare case-insensitively unless {@code case_sensitive} (the authors' code compares
 * them as written). A prediction without a SELECT scores 0; a gold query that names nothing is {@code invalid_input}.
 * Needs no database. Range [0, 1]. Stateless and thread-safe.
 */
public final class SqlSchemaLinking implements Reward {
    /** The closed set of set-similarity measures. */
    public enum Metric { JACCARD, RECALL }

    private final Metric metric;
    private final boolean caseSensitive;
    private final SqlExtraction extraction;
    private final RewardSignature signature;

    SqlSchemaLinking(Metric metric, boolean caseSensitive, SqlExtraction extraction, RewardSignature signature) {
        this.metric = metric;
        this.caseSensitive = caseSensitive;
        this.extraction = extraction;
        this.signature = signature;
    }

    @Override
    public RewardSignature signature() {
        return signature;
    }

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String response = References.response(sample);
        String gold = SqlReference.of(sample.reference()).requireGold();
        RewardResult r = compare(gold, extraction.extract(response), metric, caseSensitive);
        if (r == null) {
            throw new InvalidInputException("the gold query names no table or column");
        }
        return r;
    }

    /**
     * The schema-linking score of {@code predicted} against {@code gold}; {@code null} when the gold query names no
     * table or column (callers decide: this type says invalid_input, Reasoning-SQL's sum counts 0).
     */
    static RewardResult compare(String gold, String predicted, Metric metric, boolean caseSensitive) {
        if (gold.length() > SqlExtraction.MAX_SQL_CHARS) {
            throw new InvalidInputException("the gold query is longer than " + SqlExtraction.MAX_SQL_CHARS + " characters");
        }
        Set<String> g = names(QueryShape.of(gold), caseSensitive);
        if (g.isEmpty()) {
            return null;
        }
        if (predicted == null) {
            return RewardResult.ok(0.0, "no SQL found in the response");
        }
        if (predicted.length() > SqlExtraction.MAX_SQL_CHARS) {
            return RewardResult.ok(0.0, "the predicted SQL is longer than " + SqlExtraction.MAX_SQL_CHARS + " characters");
        }
        QueryShape pShape = QueryShape.of(predicted);
        if (!pShape.hasSelect()) {
            return RewardResult.ok(0.0, "the prediction has no SELECT");
        }
        Set<String> p = names(pShape, caseSensitive);
        Set<String> both = new LinkedHashSet<>(g);
        both.retainAll(p);
        Set<String> union = new LinkedHashSet<>(g);
        union.addAll(p);
        double score = metric == Metric.RECALL ? (double) both.size() / g.size() : (double) both.size() / union.size();
        Set<String> missing = new LinkedHashSet<>(g);
        missing.removeAll(p);
        Set<String> extra = new LinkedHashSet<>(p);
        extra.removeAll(g);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("gold_names", new ArrayList<>(g));
        details.put("predicted_names", new ArrayList<>(p));
        String reason = both.size() + " of " + (metric == Metric.RECALL ? g.size() + " gold" : union.size())
                + " names shared" + (missing.isEmpty() ? "" : "; missing " + String.join(", ", missing))
                + (extra.isEmpty() ? "" : "; extra " + String.join(", ", extra));
        return new RewardResult(score, Status.OK, SqlParams.abbreviate(reason, 300), details, Map.of());
    }

    private static Set<String> names(QueryShape shape, boolean caseSensitive) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : shape.schemaNames()) {
            out.add(caseSensitive ? s : s.toLowerCase(Locale.ROOT));
        }
        return out;
    }

    /** Registered as {@code sql_schema_linking}. */
    public static final class Factory implements RewardFactory {
        @Override public String name() { return "sql_schema_linking"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "sql"; }
        @Override public String description() {
            return "Overlap of the tables and columns used by the predicted and gold queries: Jaccard (the paper) "
                    + "or recall of the gold names (the authors' code); range [0, 1].";
        }
        @Override public String source() {
            return "Reasoning-SQL (Pourreza et al.), schema-linking reward; RLForSQL utils/database_manager.py";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.choice("metric", "jaccard", List.of("jaccard", "recall"),
                            "jaccard: |G∩P|/|G∪P| (the paper); recall: |G∩P|/|G| (the authors' code)"),
                    Param.optional("case_sensitive", ParamKind.BOOL, false,
                            "compare names as written (the authors' code) instead of ignoring case as SQLite does"),
                    SqlParams.extract("auto"));
        }

        @Override
        public Reward create(Params p) {
            return new SqlSchemaLinking(Metric.valueOf(p.string("metric").toUpperCase(Locale.ROOT)),
                    p.bool("case_sensitive"), SqlParams.extraction(p), p.signature(version()));
        }
    }
}
