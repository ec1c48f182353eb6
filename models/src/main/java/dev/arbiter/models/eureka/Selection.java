package dev.arbiter.models.eureka;

/**
 * One iteration's choice among K candidates (catalog B12, Eureka's {@code eureka.py}): the first candidate of
 * maximal fitness, and the share of candidates whose fitness is at least 0 ({@code executeRate}). A candidate that
 * could not be built or whose training run failed has fitness {@link #DUMMY_FAILURE}.
 *
 * <p>When no candidate executed and K &gt; 1, Eureka keeps nothing from the iteration: execute rate 0, fitness
 * {@code DUMMY_FAILURE}, no index ({@code -1}), and the next iteration starts from the same conversation (the previous
 * reflection). With K = 1 a failed candidate is still selected, so its error is fed back.
 *
 * @param index       the chosen candidate (0-based), or -1 when all failed
 * @param fitness     its fitness
 * @param executeRate #(fitness ≥ 0) / K
 * @param allFailed   no candidate executed (and K &gt; 1): repeat the iteration from the previous reflection
 * @param k           the number of candidates
 */
public record Selection(int index, double fitness, double executeRate, boolean allFailed, int k) {
    /** Eureka's fitness of a failed candidate. */
    public static final double DUMMY_FAILURE = -10000.0;

    /**
     * Selects among candidates whose fitness is given; a candidate executed unless its fitness is
     * {@link #DUMMY_FAILURE}. Example (the catalog's): [0.2, −10000, 0.7, 0.7] → index 2, execute rate 0.75.
     */
    public static Selection select(double[] fitness) {
        boolean[] executed = new boolean[fitness.length];
        for (int i = 0; i < fitness.length; i++) {
            executed[i] = fitness[i] != DUMMY_FAILURE;
        }
        return select(fitness, executed);
    }

    /**
     * Selects among candidates with their fitness and whether each executed (built and trained without error). A
     * candidate that did not execute must have fitness {@link #DUMMY_FAILURE}.
     *
     * @throws IllegalArgumentException when there are no candidates, the arrays differ in length, or a fitness is NaN
     */
    public static Selection select(double[] fitness, boolean[] executed) {
        int k = fitness.length;
        if (k == 0) {
            throw new IllegalArgumentException("no candidates to select from");
        }
        if (executed.length != k) {
            throw new IllegalArgumentException("fitness and executed differ in length: " + k + " vs " + executed.length);
        }
        boolean any = false;
        for (int i = 0; i < k; i++) {
            if (Double.isNaN(fitness[i])) {
                throw new IllegalArgumentException("fitness of candidate " + i + " is NaN");
            }
            if (!executed[i] && fitness[i] != DUMMY_FAILURE) {
                throw new IllegalArgumentException("candidate " + i + " did not execute but has fitness " + fitness[i]);
            }
            any |= executed[i];
        }
        if (!any && k != 1) {
            return new Selection(-1, DUMMY_FAILURE, 0.0, true, k);
        }
        return new Selection(argmaxFirst(fitness), fitness[argmaxFirst(fitness)], executeRate(fitness), false, k);
    }

    /** The index of the first maximum (numpy's {@code argmax}). */
    public static int argmaxFirst(double[] fitness) {
        if (fitness.length == 0) {
            throw new IllegalArgumentException("no candidates to select from");
        }
        int best = 0;
        for (int i = 1; i < fitness.length; i++) {
            if (fitness[i] > fitness[best]) {
                best = i;
            }
        }
        return best;
    }

    /** #(fitness ≥ 0) / K. */
    public static double executeRate(double[] fitness) {
        if (fitness.length == 0) {
            throw new IllegalArgumentException("no candidates");
        }
        int n = 0;
        for (double f : fitness) {
            if (f >= 0.0) {
                n++;
            }
        }
        return (double) n / fitness.length;
    }
}
