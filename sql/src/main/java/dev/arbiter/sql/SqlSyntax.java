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
import dev.arbiter.sql.engine.QueryOutcome;
import dev.arbiter.sql.engine.SqliteSandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Syntax check (Reasoning-SQL's syntax reward): 1.0 when the predicted query is a single SELECT that SQLite prepares
 * on the sample's database (so its syntax is valid and every table, column and function exists), else 0.0 with
 * SQLite's message. With {@code execute: true} the query must also produce its first row without error, as the
 * authors' code checks. Needs only the database from the reference, not a gold query. Thread-safe; owns a
 * connection pool, released by {@link #close()}.
 */
public final class SqlSyntax implements Reward, AutoCloseable {
    private final SqliteSandbox sandbox;
    private final boolean execute;
    private final SqlExtraction extraction;
    private final RewardSignature signature;

    SqlSyntax(SqliteSandbox sandbox, boolean execute, SqlExtraction extraction, RewardSignature signature) {
        this.sandbox = sandbox;
        this.execute = execute;
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
        return check(ref, extraction.extract(response), deadline);
    }

    RewardResult check(SqlReference ref, String predicted, Deadline deadline) {
        Path db = ref.databaseUnder(sandbox.root());
        if (predicted == null) {
            return RewardResult.ok(0.0, "no SQL found in the response (extract=" + extraction.wireName() + ")");
        }
        if (predicted.length() > SqlExtraction.MAX_SQL_CHARS) {
            return RewardResult.ok(0.0, "the predicted SQL is longer than " + SqlExtraction.MAX_SQL_CHARS + " characters");
        }
        QueryOutcome o = sandbox.execute(db, predicted,
                execute ? SqliteSandbox.Fetch.FIRST_ROW : SqliteSandbox.Fetch.PREPARE_ONLY, deadline);
        if (o instanceof QueryOutcome.TimedOut t) {
            return RewardResult.timeout("the predicted query timed out: " + t.reason());
        }
        if (o instanceof QueryOutcome.Failed f) {
            return new RewardResult(0.0, Status.OK, "the predicted query is not valid here: " + f.reason(),
                    Map.of("failure", f.failure().name().toLowerCase(Locale.ROOT)), Map.of());
        }
        return RewardResult.ok(1.0, execute ? "the query runs" : "the query prepares");
    }

    @Override
    public void close() {
        sandbox.close();
    }

    /** Registered as {@code sql_syntax}. */
    public static final class Factory implements RewardFactory {
        @Override public String name() { return "sql_syntax"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "sql"; }
        @Override public String description() {
            return "1 when the predicted query is a single SELECT that prepares (or with execute, runs) on the "
                    + "sample's SQLite database, else 0.";
        }
        @Override public String source() {
            return "Reasoning-SQL (Pourreza et al.), syntax-check reward";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    SqlParams.dbRoot(),
                    Param.optional("execute", ParamKind.BOOL, false,
                            "also run the query and read its first row (the authors' check) instead of only preparing"),
                    SqlParams.extract("auto"),
                    SqlParams.queryTimeout());
        }

        @Override
        public Reward create(Params p) {
            return new SqlSyntax(SqlParams.sandbox(p, false), p.bool("execute"), SqlParams.extraction(p),
                    p.signature(version()));
        }
    }
}
