package dev.arbiter.sql.bench;

import dev.arbiter.core.Sample;

import java.util.List;

/** Test access to the benchmark's sample builder. */
public final class SqlBenchAccess {
    private SqlBenchAccess() {
    }

    public static List<Sample> samples(List<ExamplePairs.Pair> pairs, String db) {
        return SqlBench.samples(pairs, db);
    }
}
