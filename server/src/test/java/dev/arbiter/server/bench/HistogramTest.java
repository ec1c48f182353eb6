package dev.arbiter.server.bench;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench's fixed-size latency histogram: bucket bounds and percentiles within its stated error. */
class HistogramTest {

    @Test
    void bucketsAreContiguousAndNarrow() {
        Random rnd = new Random(3);
        for (int k = 0; k < 100_000; k++) {
            long v = k < 1000 ? k : (rnd.nextLong() >>> 1) >>> rnd.nextInt(63);
            int b = ServerBench.Histogram.bucket(v);
            long lo = ServerBench.Histogram.lowest(b);
            assertTrue(lo <= v, v + " below its bucket's lowest " + lo);
            if (b + 1 < 3712) {
                long next = ServerBench.Histogram.lowest(b + 1);
                assertTrue(v < next, v + " not below the next bucket's lowest " + next);
                assertTrue(next - lo <= Math.max(1, lo / 64), "bucket " + b + " too wide");
            }
        }
        assertEquals(3711, ServerBench.Histogram.bucket(Long.MAX_VALUE));
    }

    @Test
    void percentilesAreWithinOnePercent() {
        ServerBench.Histogram h = new ServerBench.Histogram();
        ServerBench.Histogram other = new ServerBench.Histogram();
        for (long v = 1; v <= 1_000_000; v++) {
            (v % 2 == 0 ? h : other).add(v * 1000);
        }
        h.add(other);
        assertEquals(1_000_000, h.count());
        assertEquals(500_000_000, h.percentile(0.5), 500_000_000 * 0.01);
        assertEquals(990_000_000, h.percentile(0.99), 990_000_000 * 0.01);
        assertEquals(Double.NaN, new ServerBench.Histogram().percentile(0.5));
    }
}
