package dev.arbiter.sql;

import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.sql.engine.DatabaseRoot;
import dev.arbiter.sql.engine.QueryLimits;
import dev.arbiter.sql.engine.SqliteSandbox;

import java.time.Duration;

/** The parameters the SQL reward types share, and how a factory turns them into a sandbox. */
final class SqlParams {
    static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(1);
    static final int DEFAULT_MAX_ROWS = 100_000;
    static final int DEFAULT_MAX_RESULT_MB = 32;

    private SqlParams() {
    }

    static Param dbRoot() {
        return Param.required("db_root", ParamKind.STRING,
                "folder holding the databases (relative to the working directory); references cannot leave it");
    }

    static Param queryTimeout() {
        return Param.optional("query_timeout", ParamKind.DURATION, DEFAULT_QUERY_TIMEOUT,
                "wall time one query may run; past it the sample is a timeout");
    }

    static Param maxRows() {
        return Param.optional("max_rows", ParamKind.INT, DEFAULT_MAX_ROWS,
                "most rows a result may have; a larger predicted result scores 0");
    }

    static Param maxResultMb() {
        return Param.optional("max_result_mb", ParamKind.INT, DEFAULT_MAX_RESULT_MB,
                "most MiB a result may hold (also the limit on one value); a larger predicted result scores 0");
    }

    static Param extract(String defaultMode) {
        return Param.choice("extract", defaultMode, SqlExtraction.wireNames(),
                "where the SQL is in the response: a ```sql fence, an <answer> tag, the last statement, or auto");
    }

    static SqlExtraction extraction(Params p) {
        return SqlExtraction.fromWireName(p.string("extract"));
    }

    static DatabaseRoot root(Params p) {
        try {
            return DatabaseRoot.of(p.string("db_root"));
        } catch (IllegalArgumentException e) {
            throw p.error("db_root", "db_root " + e.getMessage());
        }
    }

    static QueryLimits limits(Params p, boolean withResultLimits) {
        Duration timeout = p.duration("query_timeout");
        if (timeout.isZero()) {
            throw p.error("query_timeout", "query_timeout must be positive");
        }
        int maxRows = withResultLimits ? p.integer("max_rows") : DEFAULT_MAX_ROWS;
        int maxMb = withResultLimits ? p.integer("max_result_mb") : DEFAULT_MAX_RESULT_MB;
        if (maxRows < 1) {
            throw p.error("max_rows", "max_rows must be at least 1");
        }
        if (maxMb < 1 || maxMb > 1024) {
            throw p.error("max_result_mb", "max_result_mb must be between 1 and 1024");
        }
        return new QueryLimits(timeout, maxRows, maxMb * 1024L * 1024L);
    }

    static SqliteSandbox sandbox(Params p, boolean withResultLimits) {
        return new SqliteSandbox(root(p), limits(p, withResultLimits));
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
