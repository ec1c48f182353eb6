package dev.arbiter.core.stats;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorrelationTest {
    @Test
    void pearsonAsNumpyCorrcoef() {
        assertEquals(1.0, Correlation.pearson(new double[] {1, 2, 3}, new double[] {2, 4, 6}), 1e-12);
        assertEquals(-1.0, Correlation.pearson(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-12);
        assertEquals(0.8, Correlation.pearson(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4}), 1e-12);
        // numpy.corrcoef([0.5, 3, 1.5, 4], [1, 3, 2, 4])[0, 1]
        assertEquals(0.9965457582448797, Correlation.pearson(new double[] {0.5, 3, 1.5, 4}, new double[] {1, 3, 2, 4}), 1e-12);
        assertTrue(Double.isNaN(Correlation.pearson(new double[] {1, 1, 1}, new double[] {1, 2, 3})), "constant");
        assertTrue(Double.isNaN(Correlation.pearson(new double[] {1}, new double[] {2})), "one point");
        assertThrows(IllegalArgumentException.class, () -> Correlation.pearson(new double[] {1, 2}, new double[] {1}));
    }

    @Test
    void spearmanUsesAverageRanksForTies() {
        assertArrayEquals(new double[] {1.5, 1.5, 3, 4}, Correlation.ranks(new double[] {2, 2, 5, 9}), 0.0);
        // scipy.stats.spearmanr([1, 2, 2, 3], [1, 3, 2, 4]).statistic
        assertEquals(0.9486832980505139, Correlation.spearman(List.of(1.0, 2.0, 2.0, 3.0), List.of(1.0, 3.0, 2.0, 4.0)), 1e-12);
        assertEquals(1.0, Correlation.spearman(new double[] {1, 10, 100}, new double[] {2, 3, 4}), 1e-12, "monotone");
    }
}
