package dev.arbiter.sql;

import dev.arbiter.core.Deadline;
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
import dev.arbiter.sql.engine.GoldResultCache;
import dev.arbiter.sql.engine.QueryOutcome;
import dev.arbiter.sql.engine.ResultComparison;
import dev.arbiter.sql.engine.SqliteSandbox;
import dev.arbiter.sql.query.SqlLexer;
import dev.arbiter.sql.query.SqlToken;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Execution accuracy: 1.0 when the predicted query returns the same result as the gold query on the sample's
 * database, else 0.0.
 *
 * <p>Contract: the gold query comes from the reference ({@link SqlReference}); a gold query that fails is
 * {@code invalid_input} (a bad reference), one that outruns {@code query_timeout} is {@code timeout}. The predicted
 * query comes from the response ({@link SqlExtraction}); when it is missing, refused (not a single SELECT), fails in
 * SQLite, or exceeds the row or size limit the score is 0.0 with the reason; when it outruns {@code query_timeout}
 * the result is {@code timeout}. Results are compared by {@link ResultComparison}: {@code mode: bird} as sets of rows,
 * {@code mode: spider} as bags of rows (ordered when the gold has ORDER BY, columns matched up to permutation, DISTINCT
 * removed from both queries unless {@code keep_distinct}, optionally over every database of the test suite).
 * Thread-safe; owns a connection pool, released by {@link #close()}.
 */
public final class SqlExecution implements Reward, AutoCloseable {
    private static final Pattern CUR_YEAR = Pattern.compile("(?i)YEAR\\s*\\(\\s*CURDATE\\s*\\(\\s*\\)\\s*\\)\\s*");

    /** How results are compared. */
    public enum Mode {
        /** BIRD: sets of rows. */
        BIRD,
        /** Spider test-suite evaluation: bags of rows, ordered with ORDER BY, columns up to permutation. */
        SPIDER
    }

    private final SqliteSandbox sandbox;
    private final Mode mode;
    private final double tolerance;
    private final boolean emptyMatches;
    private final boolean keepDistinct;
    private final boolean testSuite;
    private final SqlExtraction extraction;
    private final RewardSignature signature;
    private final GoldResultCache goldCache = new GoldResultCache(1024, 200_000);

    SqlExecution(SqliteSandbox sandbox, Mode mode, double tolerance, boolean emptyMatches, boolean keepDistinct,
                 boolean testSuite, SqlExtraction extraction, RewardSignature signature) {
        this.sandbox = sandbox;
        this.mode = mode;
        this.tolerance = tolerance;
        this.emptyMatches = emptyMatches;
        this.keepDistinct = keepDistinct;
        this.testSuite = testSuite;
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
        SqlReference ref = SqlReference.of(sample.reference());
        return compare(ref, extraction.extract(response), deadline, false);
    }

    /**
     * Compares {@code predicted} (already extracted; {@code null} when the response had none) with the reference.
     *
     * @param timeoutIsIncorrect whether a predicted query that outruns {@code query_timeout} scores 0 instead of
     *                           being a {@code timeout} (Reasoning-SQL's rule)
     */
    RewardResult compare(SqlReference ref, String predicted, Deadline deadline, boolean timeoutIsIncorrect) {
        String gold = ref.requireGold();
        List<Path> databases = testSuite ? ref.testSuiteUnder(sandbox.root()) : List.of(ref.databaseUnder(sandbox.root()));
        if (predicted == null) {
            return RewardResult.ok(0.0, "no SQL found in the response (extract=" + extraction.wireName() + ")");
        }
        if (predicted.length() > SqlExtraction.MAX_SQL_CHARS) {
            return RewardResult.ok(0.0, "the predicted SQL is longer than " + SqlExtraction.MAX_SQL_CHARS + " characters");
        }
        String goldRun = mode == Mode.SPIDER ? spiderPreprocess(gold) : gold;
        String predRun = mode == Mode.SPIDER ? spiderPreprocess(predicted) : predicted;
        boolean orderMatters = mode == Mode.SPIDER && hasOrderBy(goldRun);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("predicted_sql", SqlParams.abbreviate(predicted, 2000));
        for (Path db : databases) {
            String dbName = sandbox.root().nameOf(db);
            QueryOutcome.Rows goldRows = goldCache.get(db, goldRun);
            if (goldRows == null) {
                QueryOutcome g = sandbox.execute(db, goldRun, SqliteSandbox.Fetch.ALL_ROWS, deadline);
                if (g instanceof QueryOutcome.Failed f) {
                    return RewardResult.invalidInput("the gold query fails on " + dbName + ": " + f.reason())
                            .withDetails(details);
                }
                if (g instanceof QueryOutcome.TimedOut t) {
                    return RewardResult.timeout("the gold query timed out on " + dbName + ": " + t.reason());
                }
                goldRows = (QueryOutcome.Rows) g;
                goldCache.put(db, goldRun, goldRows);
            }
            QueryOutcome p = sandbox.execute(db, predRun, SqliteSandbox.Fetch.ALL_ROWS, deadline);
            if (p instanceof QueryOutcome.TimedOut t) {
                if (!timeoutIsIncorrect) {
                    return RewardResult.timeout("the predicted query timed out on " + dbName + ": " + t.reason());
                }
                details.put("failure", "timeout");
                return result(0.0, "the predicted query timed out: " + t.reason(), details);
            }
            if (p instanceof QueryOutcome.Failed f) {
                details.put("failure", f.failure().name().toLowerCase(Locale.ROOT));
                return result(0.0, "the predicted query fails: " + f.reason(), details);
            }
            QueryOutcome.Rows predRows = (QueryOutcome.Rows) p;
            details.put("gold_rows", goldRows.size());
            details.put("predicted_rows", predRows.size());
            ResultComparison.Verdict v = mode == Mode.BIRD
                    ? ResultComparison.asSets(goldRows, predRows, tolerance, emptyMatches, deadline)
                    : asBags(goldRows, predRows, orderMatters, deadline);
            if (!v.match()) {
                if (databases.size() > 1) {
                    details.put("database", dbName);
                }
                return result(0.0, v.reason(), details);
            }
            if (databases.size() == 1) {
                return result(1.0, v.reason(), details);
            }
        }
        details.put("databases", databases.size());
        return result(1.0, "the results are equal on all " + databases.size() + " test-suite databases", details);
    }

    private ResultComparison.Verdict asBags(QueryOutcome.Rows gold, QueryOutcome.Rows pred, boolean orderMatters,
                                            Deadline deadline) {
        if (!emptyMatches && (gold.size() == 0 || pred.size() == 0)) {
            return new ResultComparison.Verdict(false, "an empty result counts as incorrect");
        }
        return ResultComparison.asBags(gold, pred, orderMatters, tolerance, deadline);
    }

    private static RewardResult result(double score, String reason, Map<String, Object> details) {
        return new RewardResult(score, Status.OK, reason, details, Map.of());
    }

    /**
     * The test-suite evaluation's rewrites, applied to both queries: {@code > =} → {@code >=} (and {@code <}, {@code !}),
     * {@code YEAR(CURDATE())} → {@code 2020}, and without {@code keep_distinct} every DISTINCT keyword removed.
     */
    String spiderPreprocess(String sql) {
        String s = sql.replace("> =", ">=").replace("< =", "<=").replace("! =", "!=");
        s = CUR_YEAR.matcher(s).replaceAll("2020");
        if (keepDistinct) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int at = 0;
        for (SqlToken t : SqlLexer.tokenize(s)) {
            if (t.isWord("DISTINCT")) {
                out.append(s, at, t.start());
                at = t.end();
            }
        }
        return out.append(s, at, s.length()).toString();
    }

    static boolean hasOrderBy(String sql) {
        List<SqlToken> tokens = SqlLexer.tokenize(sql);
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).isWord("ORDER") && tokens.get(i + 1).isWord("BY")) {
                return true;
            }
        }
        return false;
    }

    /** Idle pooled connections (for tests). */
    int idleConnections() {
        return sandbox.idleConnections();
    }

    @Override
    public void close() {
        sandbox.close();
    }

    /** Registered as {@code sql_execution}. */
    public static final class Factory implements RewardFactory {
        @Override public String name() { return "sql_execution"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "sql"; }
        @Override public String description() {
            return "Execution accuracy on SQLite: 1 when the predicted query's result equals the gold query's "
                    + "(BIRD: as sets; Spider test-suite: as bags, ordered with ORDER BY), else 0.";
        }
        @Override public String source() {
            return "BIRD evaluation (set(pred) == set(gold)); Spider test-suite-sql-eval exec_eval.result_eq";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    SqlParams.dbRoot(),
                    Param.choice("mode", "bird", List.of("bird", "spider"),
                            "bird: results as sets of rows; spider: as bags, ordered when the gold has ORDER BY"),
                    Param.optional("float_tolerance", ParamKind.DOUBLE, 0.0,
                            "reals match when |a-b| <= tolerance x max(1, |a|, |b|); 0 compares exactly"),
                    Param.optional("empty_results_match", ParamKind.BOOL, true,
                            "whether two empty results match (Reasoning-SQL counts an empty result as incorrect)"),
                    Param.optional("keep_distinct", ParamKind.BOOL, false,
                            "spider mode: keep DISTINCT (the test suite removes it from both queries by default)"),
                    Param.optional("test_suite", ParamKind.BOOL, false,
                            "spider mode: compare on every .sqlite file in the referenced database's folder"),
                    SqlParams.extract("auto"),
                    SqlParams.queryTimeout(),
                    SqlParams.maxRows(),
                    SqlParams.maxResultMb());
        }

        @Override
        public Reward create(Params p) {
            Mode mode = Mode.valueOf(p.string("mode").toUpperCase(Locale.ROOT));
            double tolerance = p.number("float_tolerance");
            if (tolerance < 0 || tolerance >= 1) {
                throw p.error("float_tolerance", "float_tolerance must be in [0, 1), was " + tolerance);
            }
            if (mode != Mode.SPIDER && p.bool("test_suite")) {
                throw p.error("test_suite", "test_suite needs mode: spider");
            }
            if (mode != Mode.SPIDER && p.isSet("keep_distinct")) {
                throw p.error("keep_distinct", "keep_distinct applies to mode: spider only");
            }
            return new SqlExecution(SqlParams.sandbox(p, true), mode, tolerance, p.bool("empty_results_match"),
                    p.bool("keep_distinct"), p.bool("test_suite"), SqlParams.extraction(p), p.signature(version()));
        }
    }
}
