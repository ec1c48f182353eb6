package dev.arbiter.sql.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * The resources one query may use.
 *
 * @param queryTimeout   the wall time one query may run (also bounded by the sample's deadline); positive
 * @param maxRows        the most rows a result may have; more makes the query fail
 * @param maxResultBytes the most bytes a result may hold (strings count two bytes a character, numbers eight, every
 *                       value sixteen more); also SQLite's limit on the length of one string or blob
 */
public record QueryLimits(Duration queryTimeout, int maxRows, long maxResultBytes) {
    public QueryLimits {
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        if (queryTimeout.isZero() || queryTimeout.isNegative()) {
            throw new IllegalArgumentException("query_timeout must be positive, was " + queryTimeout.toMillis() + " ms");
        }
        if (maxRows < 1) {
            throw new IllegalArgumentException("max_rows must be at least 1, was " + maxRows);
        }
        if (maxResultBytes < 1024) {
            throw new IllegalArgumentException("the result size limit must be at least 1 KiB, was " + maxResultBytes);
        }
    }

    /** SQLite's per-value length limit for these limits: the result budget, capped at what SQLite accepts. */
    int sqliteLengthLimit() {
        return (int) Math.min(maxResultBytes, 1_000_000_000L);
    }
}
