package dev.arbiter.models.eureka;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.Status;
import dev.arbiter.core.engine.Evaluator;
import dev.arbiter.core.spec.RewardSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Statistics the engine computes itself, before any training run: a candidate spec's scores over a set of rollouts,
 * its components' statistics, and Pearson's correlation of its score (and of each component) with a ground truth —
 * another spec's scores or a number per rollout. Useful as a pre-filter (a candidate that does not track the ground
 * truth on logged rollouts is unlikely to train well) and as the reflection's correlation line.
 *
 * <p>Conventions: the candidate's score is the engine's ({@code 0} for a sample that is not {@code ok}, as a trainer
 * receives it); a ground truth that is missing, not finite, or from a sample its spec could not score, leaves that
 * sample out of the correlations; components are taken from {@code ok} results where present. The spec's group
 * transform, if any, is not applied (per-sample scores only).
 */
public final class OfflineStats {

    private OfflineStats() {
    }

    /** The statistics of one component (or of the score). {@code correlation} is {@code null} when undefined. */
    public record SeriesSummary(String name, int n, double mean, double min, double max, double std, Double correlation,
                                int paired) {
    }

    /**
     * @param samples    rollouts scored
     * @param statuses   status name → count, in {@link Status} order
     * @param score      the candidate's score over every sample, with its correlation to the ground truth
     * @param components each component seen, in order of first appearance
     */
    public record Report(int samples, Map<String, Integer> statuses, SeriesSummary score, List<SeriesSummary> components) {
        public Report {
            statuses = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(statuses));
            components = List.copyOf(components);
        }

        public int ok() {
            return statuses.getOrDefault(Status.OK.wireName(), 0);
        }
    }

    /** Scores every sample with the spec on the evaluator's workers (hard per-sample deadlines); results in order. */
    public static List<RewardResult> score(Evaluator evaluator, RewardSpec spec, List<Sample> samples)
            throws InterruptedException {
        List<CompletableFuture<RewardResult>> futures = new ArrayList<>(samples.size());
        for (Sample s : samples) {
            futures.add(evaluator.submit(spec.deadline(), new Evaluator.Job<RewardResult>() {
                @Override
                public RewardResult evaluate(Deadline deadline) {
                    return Scoring.guarded(spec.reward(), s, deadline);
                }

                @Override
                public RewardResult finish(RewardResult result) {
                    return result;
                }
            }));
        }
        List<RewardResult> out = new ArrayList<>(futures.size());
        for (CompletableFuture<RewardResult> f : futures) {
            out.add(f.join());
        }
        return out;
    }

    /** Ground-truth values from a ground-truth spec's results: the score when {@code ok}, else NaN (left out). */
    public static double[] groundTruth(List<RewardResult> results) {
        double[] out = new double[results.size()];
        for (int i = 0; i < out.length; i++) {
            RewardResult r = results.get(i);
            out[i] = r.isOk() ? r.score() : Double.NaN;
        }
        return out;
    }

    /**
     * The report of a candidate's results against a ground truth ({@code null} for none; NaN entries are missing).
     *
     * @throws IllegalArgumentException when the ground truth's length differs from the results'
     */
    public static Report report(List<RewardResult> results, double[] groundTruth) {
        int n = results.size();
        if (groundTruth != null && groundTruth.length != n) {
            throw new IllegalArgumentException("ground truth has " + groundTruth.length + " values for " + n + " samples");
        }
        Map<String, Integer> statuses = new LinkedHashMap<>();
        for (Status s : Status.values()) {
            int c = (int) results.stream().filter(r -> r.status() == s).count();
            if (c > 0) {
                statuses.put(s.wireName(), c);
            }
        }
        double[] scores = results.stream().mapToDouble(RewardResult::score).toArray();
        boolean[] all = new boolean[n];
        java.util.Arrays.fill(all, true);
        SeriesSummary score = summary("score", scores, all, groundTruth);
        Map<String, double[]> compValues = new LinkedHashMap<>();
        Map<String, boolean[]> compPresent = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            RewardResult r = results.get(i);
            if (!r.isOk()) {
                continue;
            }
            for (Map.Entry<String, Double> e : r.components().entrySet()) {
                compValues.computeIfAbsent(e.getKey(), k -> new double[n])[i] = e.getValue();
                compPresent.computeIfAbsent(e.getKey(), k -> new boolean[n])[i] = true;
            }
        }
        List<SeriesSummary> comps = new ArrayList<>();
        for (String name : compValues.keySet()) {
            comps.add(summary(name, compValues.get(name), compPresent.get(name), groundTruth));
        }
        return new Report(n, statuses, score, comps);
    }

    private static SeriesSummary summary(String name, double[] v, boolean[] present, double[] gt) {
        int count = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v.length; i++) {
            if (present[i]) {
                count++;
                sum += v[i];
                min = Math.min(min, v[i]);
                max = Math.max(max, v[i]);
            }
        }
        double mean = count == 0 ? Double.NaN : sum / count;
        double ss = 0;
        for (int i = 0; i < v.length; i++) {
            if (present[i]) {
                ss += (v[i] - mean) * (v[i] - mean);
            }
        }
        double std = count == 0 ? Double.NaN : Math.sqrt(ss / count);
        Double corr = null;
        int paired = 0;
        if (gt != null) {
            List<double[]> pairs = new ArrayList<>();
            for (int i = 0; i < v.length; i++) {
                if (present[i] && Double.isFinite(gt[i])) {
                    pairs.add(new double[] {v[i], gt[i]});
                }
            }
            paired = pairs.size();
            double[] x = pairs.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = pairs.stream().mapToDouble(p -> p[1]).toArray();
            double r = SeriesStats.pearson(x, y);
            corr = Double.isFinite(r) ? r : null;
        }
        return new SeriesSummary(name, count, count == 0 ? Double.NaN : mean, count == 0 ? Double.NaN : min,
                count == 0 ? Double.NaN : max, std, corr, paired);
    }
}
