package dev.arbiter.sql.engine;

import java.util.Collections;
import java.util.List;

/** What running one query gave: its rows, a failure, or the per-query time limit. */
public sealed interface QueryOutcome permits QueryOutcome.Rows, QueryOutcome.Failed, QueryOutcome.TimedOut {

    /**
     * The rows of a result, in the order SQLite returned them. Values are canonical, so that equal values are
     * {@code equals}: {@code null} for NULL, {@link Long} for integers and for reals with an integral value
     * (as Python compares {@code 1 == 1.0}), {@link Double} for other reals, {@link String}, {@link Blob}.
     *
     * @param columnCount the number of result columns
     * @param rows        each row a list of {@code columnCount} values (lists allow nulls)
     */
    record Rows(int columnCount, List<List<Object>> rows) implements QueryOutcome {
        public Rows {
            rows = Collections.unmodifiableList(rows);
        }

        public int size() {
            return rows.size();
        }
    }

    /** Why a query failed. */
    enum Failure {
        /** The statement guard refused it (not a single SELECT). */
        REFUSED,
        /** SQLite reported an error (syntax, unknown table or column, a runtime error). */
        SQL_ERROR,
        /** The result has more rows than allowed. */
        TOO_MANY_ROWS,
        /** The result holds more bytes than allowed. */
        TOO_LARGE
    }

    /** @param reason one sentence, for example {@code no such column: agee} */
    record Failed(Failure failure, String reason) implements QueryOutcome {
    }

    /** The query ran past its own time limit ({@code query_timeout}); the sample's deadline was not spent. */
    record TimedOut(String reason) implements QueryOutcome {
    }
}
