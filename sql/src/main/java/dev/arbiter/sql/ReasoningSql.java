package dev.arbiter.sql;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.References;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.Status;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;
import dev.arbiter.sql.engine.SqliteSandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reasoning-SQL's reward: the weighted sum of its partial rewards, as the authors' GRPO training sums them (unit
 * weights, maximum 6.5).
 * <ul>
 *   <li>{@code execution}: {@code correct_score} (3.0) when the predicted and gold results are equal as sets and
 *       neither is empty; otherwise the {@code ai_feedback} reward's score clamped to [0, {@code ai_feedback_max}]
 *       when one is configured (the paper's LLM judge, 0–2), else 0. A predicted query that outruns
 *       {@code query_timeout} counts as incorrect here, as in the authors' code.</li>
 *   <li>{@code syntax}: 1 when the predicted query prepares on the database ({@link SqlSyntax}).</li>
 *   <li>{@code schema_linking}: recall of the gold tables and columns by default, the authors' code
 *       ({@link SqlSchemaLinking}); a gold query that names nothing counts 0.</li>
 *   <li>{@code ngram}: bigram Jaccard ({@link SqlNgram}).</li>
 *   <li>{@code xml_format}: {@code count_xml} ({@link SqlXmlFormat}), on the whole response.</li>
 * </ul>
 * The SQL is extracted once ({@code extract}, default the authors' last ```sql fence, else the whole response) and
 * shared by the parts; each part's raw score is reported in {@code components}.
 *
 * <p>The AI-feedback hook: {@code ai_feedback} is any reward spec. It is scored only for incorrect predictions, on
 * the same sample with {@code meta.reasoning_sql = {predicted_sql, gold_sql, execution_reason}} added, so a judge
 * can read the question from the prompt and both queries from the meta. A non-ok judge result makes the whole result
 * that status. Thread-safe; owns a connection pool, released by {@link #close()}.
 */
public final class ReasoningSql implements Reward, AutoCloseable {
    static final List<String> PARTS = List.of("execution", "syntax", "schema_linking", "ngram", "xml_format");

    private final SqliteSandbox sandbox;
    private final SqlExecution execution;
    private final SqlSyntax syntax;
    private final SqlSchemaLinking.Metric schemaMetric;
    private final SqlExtraction extraction;
    private final double correctScore;
    private final Reward aiFeedback;
    private final double aiFeedbackMax;
    private final Map<String, Double> weights;
    private final RewardSignature signature;

    private ReasoningSql(SqliteSandbox sandbox, SqlExtraction extraction, SqlSchemaLinking.Metric schemaMetric,
                         double correctScore, Reward aiFeedback, double aiFeedbackMax, Map<String, Double> weights,
                         RewardSignature signature) {
        this.sandbox = sandbox;
        this.extraction = extraction;
        this.schemaMetric = schemaMetric;
        this.correctScore = correctScore;
        this.aiFeedback = aiFeedback;
        this.aiFeedbackMax = aiFeedbackMax;
        this.weights = weights;
        this.signature = signature;
        RewardSignature internal = RewardSignature.of("reasoning_sql_part", 1);
        this.execution = new SqlExecution(sandbox, SqlExecution.Mode.BIRD, 0.0, false, false, false, extraction, internal);
        this.syntax = new SqlSyntax(sandbox, false, extraction, internal);
    }

    @Override
    public RewardSignature signature() {
        return signature;
    }

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String response = References.response(sample);
        SqlReference ref = SqlReference.of(sample.reference());
        String gold = ref.requireGold();
        String predicted = extraction.extract(response);

        Map<String, Double> parts = new LinkedHashMap<>();
        Map<String, Object> details = new LinkedHashMap<>();

        RewardResult exec = execution.compare(ref, predicted, deadline, true);
        if (exec.status() != Status.OK) {
            return exec;
        }
        details.put("execution", exec.reason());
        if (exec.score() == 1.0) {
            parts.put("execution", correctScore);
        } else if (aiFeedback != null) {
            RewardResult judged = Scoring.guarded(aiFeedback, judgeSample(sample, predicted, gold, exec.reason()), deadline);
            if (judged.status() != Status.OK) {
                String reason = "component 'ai_feedback': " + judged.reason();
                return new RewardResult(0.0, judged.status(), reason, judged.details(), Map.of());
            }
            parts.put("execution", Math.max(0.0, Math.min(aiFeedbackMax, judged.score())));
            details.put("ai_feedback", judged.reason());
        } else {
            parts.put("execution", 0.0);
        }

        RewardResult syn = syntax.check(ref, predicted, deadline);
        if (syn.status() != Status.OK) {
            return syn;
        }
        parts.put("syntax", syn.score());

        RewardResult schema = SqlSchemaLinking.compare(gold, predicted, schemaMetric, false);
        parts.put("schema_linking", schema == null ? 0.0 : schema.score());
        parts.put("ngram", SqlNgram.compare(gold, predicted, 2).score());
        parts.put("xml_format", SqlXmlFormat.countXml(response));

        double total = 0;
        for (Map.Entry<String, Double> e : parts.entrySet()) {
            total += weights.get(e.getKey()) * e.getValue();
        }
        if (predicted != null) {
            details.put("predicted_sql", SqlParams.abbreviate(predicted, 2000));
        }
        return new RewardResult(total, Status.OK, exec.reason(), details, parts);
    }

    private static Sample judgeSample(Sample sample, String predicted, String gold, String executionReason) {
        ObjectNode meta = sample.meta().deepCopy();
        ObjectNode info = meta.putObject("reasoning_sql");
        info.put("predicted_sql", predicted == null ? "" : predicted);
        info.put("gold_sql", gold);
        info.put("execution_reason", executionReason);
        return new Sample(sample.id(), sample.dataSource(), sample.prompt(), sample.response(), sample.reference(),
                sample.group(), meta);
    }

    @Override
    public void close() {
        sandbox.close();
        if (aiFeedback instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // the judge's resources are its own; nothing to recover here
            }
        }
    }

    /** Registered as {@code reasoning_sql}. */
    public static final class Factory implements RewardFactory {
        @Override public String name() { return "reasoning_sql"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "sql"; }
        @Override public String description() {
            return "Reasoning-SQL's summed partial rewards: execution (3 if correct, else the optional AI-feedback "
                    + "score), syntax, schema linking, n-gram and XML format; at most 6.5 with unit weights.";
        }
        @Override public String source() {
            return "Reasoning-SQL (Pourreza et al.); RLForSQL grpo_training_llm_partial_reward.py";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    SqlParams.dbRoot(),
                    SqlParams.extract("fence"),
                    Param.optional("correct_score", ParamKind.DOUBLE, 3.0, "the execution part when the results match"),
                    Param.choice("schema_metric", "recall", List.of("recall", "jaccard"),
                            "schema-linking measure: recall (the authors' code) or jaccard (the paper)"),
                    Param.optional("weights", ParamKind.DOUBLE_MAP, Map.of(),
                            "part name → weight (parts: " + String.join(", ", PARTS) + "); a part without one weighs 1"),
                    Param.optional("ai_feedback", ParamKind.SPEC, null,
                            "reward scoring incorrect predictions (the paper's LLM judge, 0-2); none gives 0"),
                    Param.optional("ai_feedback_max", ParamKind.DOUBLE, 2.0, "the AI-feedback score is clamped to [0, this]"),
                    SqlParams.queryTimeout(),
                    SqlParams.maxRows(),
                    SqlParams.maxResultMb());
        }

        @Override
        public Reward create(Params p) {
            Map<String, Double> given = p.numberMap("weights");
            for (String k : given.keySet()) {
                if (!PARTS.contains(k)) {
                    throw p.error("weights", "weight for '" + k + "' names no part; parts: " + String.join(", ", PARTS));
                }
            }
            Map<String, Double> weights = new LinkedHashMap<>();
            for (String part : PARTS) {
                weights.put(part, given.getOrDefault(part, 1.0));
            }
            double max = p.number("ai_feedback_max");
            if (max < 0) {
                throw p.error("ai_feedback_max", "ai_feedback_max must not be negative");
            }
            return new ReasoningSql(SqlParams.sandbox(p, true), SqlParams.extraction(p),
                    SqlSchemaLinking.Metric.valueOf(p.string("schema_metric").toUpperCase(Locale.ROOT)),
                    p.number("correct_score"), p.reward("ai_feedback"), max, Map.copyOf(weights),
                    p.signature(version()));
        }
    }
}
