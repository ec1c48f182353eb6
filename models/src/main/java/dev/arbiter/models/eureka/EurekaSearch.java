package dev.arbiter.models.eureka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One iteration's bookkeeping of Eureka (catalog B12) once the trainer has run the candidates: merge the candidates'
 * validation with the trainer's run logs, select the first argmax of fitness, and write the reflection for the next
 * {@code propose}. Training itself, and the final re-evaluation of the best spec over several seeds, are the
 * trainer's.
 */
public final class EurekaSearch {

    private EurekaSearch() {
    }

    /**
     * The result of one iteration.
     *
     * @param selection   which candidate won, its fitness and the execute rate
     * @param runs        one run per candidate, index order (candidates that failed validation or were not run are
     *                    failed runs with their reason)
     * @param reflection  the reflection for the next iteration: the winner's answer and feedback; when every
     *                    candidate failed (K &gt; 1), the previous reflection (possibly {@code null}), as Eureka repeats
     *                    the iteration from the same conversation
     * @param correlation the winner's reward–ground-truth correlation, when known
     * @param bestSpec    the winner's spec text (or path, as the run recorded it), or {@code null}
     */
    public record Outcome(Selection selection, List<RunLog> runs, Reflection reflection, Double correlation,
                          String bestSpec) {
        public Outcome {
            runs = List.copyOf(runs);
        }
    }

    /**
     * Merges, selects and reflects.
     *
     * @param candidates what {@code propose} produced (index order), or {@code null} when only run logs are known
     * @param runs       the trainer's logs; a candidate without a log failed ("no training run recorded")
     * @param previous   the reflection this iteration was proposed from, or {@code null}
     * @param text       the reflection wording
     * @throws IllegalArgumentException when a run names a candidate that does not exist, or there is nothing to select
     */
    public static Outcome iterate(List<Candidate> candidates, List<RunLog> runs, Reflection previous, ReflectionText text) {
        Map<Integer, RunLog> byIndex = new HashMap<>();
        int maxIndex = -1;
        for (RunLog r : runs) {
            if (byIndex.put(r.index(), r) != null) {
                throw new IllegalArgumentException("candidate " + r.index() + " has two runs");
            }
            maxIndex = Math.max(maxIndex, r.index());
        }
        int k = candidates != null ? candidates.size() : maxIndex + 1;
        if (k == 0) {
            throw new IllegalArgumentException("no candidates and no runs");
        }
        if (maxIndex >= k) {
            throw new IllegalArgumentException("a run names candidate " + maxIndex + " but there are only " + k
                    + " candidates (indices 0.." + (k - 1) + ")");
        }
        List<RunLog> merged = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            RunLog r = byIndex.get(i);
            Candidate c = candidates == null ? null : candidates.get(i);
            if (c != null && c.index() != i) {
                throw new IllegalArgumentException("candidate at position " + i + " has index " + c.index());
            }
            if (r != null) {
                if (r.spec() == null && c != null && c.specText() != null) {
                    r = new RunLog(r.index(), r.executed(), r.error(), r.fitness(), r.components(), r.reward(),
                            r.groundTruth(), r.givenCorrelation(), c.specText());
                }
                merged.add(r);
            } else if (c != null && !c.valid()) {
                merged.add(RunLog.failed(i, c.error(), c.specText()));
            } else {
                merged.add(RunLog.failed(i, "no training run was recorded for this candidate", c == null ? null : c.specText()));
            }
        }
        double[] fitness = new double[k];
        boolean[] executed = new boolean[k];
        for (int i = 0; i < k; i++) {
            fitness[i] = merged.get(i).fitnessValue();
            executed[i] = merged.get(i).executed();
        }
        Selection sel = Selection.select(fitness, executed);
        if (sel.allFailed()) {
            return new Outcome(sel, merged, previous, null, null);
        }
        RunLog best = merged.get(sel.index());
        String assistant = null;
        if (candidates != null && !candidates.get(sel.index()).answer().isBlank()) {
            assistant = candidates.get(sel.index()).answer();
        } else if (best.spec() != null && !best.spec().isBlank()) {
            assistant = "```yaml\n" + best.spec().strip() + "\n```";
        }
        Reflection next = new Reflection(assistant, text.feedback(best));
        OptionalDouble corr = best.correlation();
        return new Outcome(sel, merged, next, corr.isPresent() ? corr.getAsDouble() : null, best.spec());
    }
}
