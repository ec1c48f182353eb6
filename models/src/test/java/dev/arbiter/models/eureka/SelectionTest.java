package dev.arbiter.models.eureka;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectionTest {
    static final double F = Selection.DUMMY_FAILURE;

    @Test
    void catalogExampleFirstMaxAndExecuteRate() {
        Selection s = Selection.select(new double[] {0.2, -10000, 0.7, 0.7});
        assertEquals(2, s.index());
        assertEquals(0.7, s.fitness());
        assertEquals(0.75, s.executeRate());
        assertFalse(s.allFailed());
        assertEquals(4, s.k());
    }

    @Test
    void tiesGoToTheFirstMaximum() {
        assertEquals(0, Selection.select(new double[] {0.5, 0.5, 0.5}).index());
        assertEquals(1, Selection.select(new double[] {0.1, 0.9, 0.3, 0.9, 0.9}).index());
        assertEquals(1.0, Selection.select(new double[] {0.1, 0.9, 0.3, 0.9, 0.9}).executeRate());
    }

    @Test
    void allFailedWithSeveralCandidatesKeepsNothing() {
        Selection s = Selection.select(new double[] {F, F, F});
        assertTrue(s.allFailed());
        assertEquals(-1, s.index());
        assertEquals(F, s.fitness());
        assertEquals(0.0, s.executeRate());
    }

    @Test
    void aLoneFailedCandidateIsStillSelectedSoItsErrorIsFedBack() {
        Selection s = Selection.select(new double[] {F});
        assertFalse(s.allFailed());
        assertEquals(0, s.index());
        assertEquals(F, s.fitness());
        assertEquals(0.0, s.executeRate());
    }

    @Test
    void anExecutedRunWithNegativeFitnessIsSelectableButNotCountedAsExecuting() {
        Selection s = Selection.select(new double[] {-3.0, F, -1.0}, new boolean[] {true, false, true});
        assertFalse(s.allFailed());
        assertEquals(2, s.index());
        assertEquals(0.0, s.executeRate());
        Selection t = Selection.select(new double[] {-3.0, 0.0, F, 2.0}, new boolean[] {true, true, false, true});
        assertEquals(3, t.index());
        assertEquals(0.5, t.executeRate());
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Selection.select(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Selection.select(new double[] {Double.NaN, 1}));
        assertThrows(IllegalArgumentException.class, () -> Selection.select(new double[] {0.3}, new boolean[] {false}));
    }

    @Test
    void pearsonAndSamplingFollowNumpy() {
        assertEquals(1.0, SeriesStats.pearson(new double[] {1, 2, 3}, new double[] {2, 4, 6}), 1e-12);
        assertEquals(-1.0, SeriesStats.pearson(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-12);
        // numpy.corrcoef([1, 2, 3, 4], [1, 3, 2, 4])[0, 1] = 0.8
        assertEquals(0.8, SeriesStats.pearson(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4}), 1e-12);
        assertTrue(Double.isNaN(SeriesStats.pearson(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
        assertEquals(1, SeriesStats.stride(9));
        assertEquals(2, SeriesStats.stride(25));
        SeriesStats s = SeriesStats.of("x", new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20},
                SeriesStats.stride(21));
        assertEquals(11, s.sampled().size());
        assertEquals(20.0, s.sampled().get(10));
        assertEquals("x: [0.00, 2.00, 4.00, 6.00, 8.00, 10.00, 12.00, 14.00, 16.00, 18.00, 20.00], max 20.00, mean 10.00, min 0.00",
                s.line());
    }
}
