package dev.arbiter.text.metrics;

import java.util.Arrays;
import java.util.List;

/**
 * chrF's sufficient statistics, as sacreBLEU keeps them: for each order (character orders first, then word orders)
 * the triple (hypothesis n-grams, reference n-grams, matches). A segment's statistics are those of its best
 * reference (highest F); corpus chrF is the score of their sum.
 */
public record ChrfStats(long[] counts) {

    public ChrfStats {
        if (counts.length % 3 != 0) {
            throw new IllegalArgumentException("chrF statistics come in triples, got " + counts.length + " numbers");
        }
        counts = counts.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    public int order() {
        return counts.length / 3;
    }

    public long hyp(int order) {
        return counts[3 * order];
    }

    public long ref(int order) {
        return counts[3 * order + 1];
    }

    public long match(int order) {
        return counts[3 * order + 2];
    }

    /** The sum of non-empty {@code stats}. */
    public static ChrfStats sum(List<ChrfStats> stats) {
        if (stats.isEmpty()) {
            throw new IllegalArgumentException("no statistics to sum");
        }
        long[] out = new long[stats.get(0).counts.length];
        for (ChrfStats s : stats) {
            if (s.counts.length != out.length) {
                throw new IllegalArgumentException("statistics of different orders");
            }
            for (int i = 0; i < out.length; i++) {
                out[i] += s.counts[i];
            }
        }
        return new ChrfStats(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChrfStats s && Arrays.equals(s.counts, counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "ChrfStats" + Arrays.toString(counts);
    }
}
