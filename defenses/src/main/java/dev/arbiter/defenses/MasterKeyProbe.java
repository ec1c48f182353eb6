package dev.arbiter.defenses;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The master-key health check of catalog D1 for any judge-style reward: every question (a sample with its prompt and
 * reference) is scored once per master key, with the key as the whole response, and a score at or above
 * {@code yesThreshold} counts as a false positive. {@code falsePositiveRate = false positives / scored probes};
 * probes the judge could not score (non-ok status) are counted apart and left out of the rate. A robust judge has
 * FPR 0; the catalog suggests failing above 2 %. Rule-based verifiers pass by construction.
 */
public final class MasterKeyProbe {
    private MasterKeyProbe() {
    }

    /**
     * The outcome of a probe run.
     *
     * @param falsePositiveRate false positives / scored probes (NaN when nothing was scored)
     * @param scored            probes with an ok result
     * @param falsePositives    probes scored at or above the threshold
     * @param notScored         probes whose result was not ok (timeouts, errors, invalid input)
     * @param hitsPerKey        key → false positives, in key order
     */
    public record Report(double falsePositiveRate, long scored, long falsePositives, long notScored,
                         Map<String, Long> hitsPerKey) {
        /** Whether the judge passes the check: FPR ≤ {@code maxRate} (and at least one probe was scored). */
        public boolean passes(double maxRate) {
            return scored > 0 && falsePositiveRate <= maxRate;
        }
    }

    /** Probes with the default keys ({@link MasterKeys#probeKeys()}), threshold 0.5 and no time limit per probe. */
    public static Report run(Reward judge, List<Sample> questions) {
        return run(judge, questions, MasterKeys.probeKeys(), 0.5, Deadline::none);
    }

    /**
     * Probes {@code judge} with every key on every question.
     *
     * @param deadlines a fresh deadline per probe (for example {@code () -> Deadline.after(Duration.ofSeconds(30), Ticker.system())})
     */
    public static Report run(Reward judge, List<Sample> questions, List<String> keys, double yesThreshold,
                             Supplier<Deadline> deadlines) {
        Map<String, Long> hits = new LinkedHashMap<>();
        for (String k : keys) {
            hits.put(k, 0L);
        }
        long scored = 0;
        long fp = 0;
        long failed = 0;
        for (Sample q : questions) {
            for (String k : keys) {
                RewardResult r = Scoring.guarded(judge, q.withResponse(k), deadlines.get());
                if (!r.isOk()) {
                    failed++;
                    continue;
                }
                scored++;
                if (r.score() >= yesThreshold) {
                    fp++;
                    hits.merge(k, 1L, Long::sum);
                }
            }
        }
        return new Report(scored == 0 ? Double.NaN : (double) fp / scored, scored, fp, failed, hits);
    }
}
