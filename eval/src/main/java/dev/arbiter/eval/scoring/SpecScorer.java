package dev.arbiter.eval.scoring;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.engine.Evaluator;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.eval.ProgressListener;
import dev.arbiter.eval.data.Candidate;
import dev.arbiter.eval.data.EvalItem;
import dev.arbiter.eval.data.ScoreRecord;
import dev.arbiter.eval.data.ScoreTable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scores every candidate of every item with a reward spec on the core {@link Evaluator} (parallel, hard per-sample
 * deadlines), giving the same score records a {@code --scores} file would. Each candidate is one {@link Sample}:
 * id {@code <item>/<cid>}, data source = the item's subset (or the benchmark), prompt, response = the candidate text,
 * reference = the item's reference answer, group = the item id, meta = benchmark, subset, cid, role. With step
 * prefixes, step {@code k} of a candidate is scored as the sample whose response is its first {@code k+1} steps.
 * A candidate whose result is not {@code ok} is recorded as a failure with its status and reason.
 */
public final class SpecScorer {
    private final RewardSpec spec;
    private final int parallelism;
    private final int batchSize;
    private final ProgressListener progress;

    /**
     * @param parallelism evaluations at once (at least 1)
     * @param batchSize   samples per {@link Reward#scoreBatch} call (1 scores them one by one)
     */
    public SpecScorer(RewardSpec spec, int parallelism, int batchSize, ProgressListener progress) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism (" + parallelism + ") must be at least 1");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size (" + batchSize + ") must be at least 1");
        }
        this.spec = spec;
        this.parallelism = parallelism;
        this.batchSize = batchSize;
        this.progress = progress == null ? ProgressListener.NONE : progress;
    }

    /** One unit of work: a candidate, or one step prefix of it. */
    private record Unit(int item, String cid, int step, Sample sample) {
    }

    /** Scores {@code items}; step prefixes too when {@code stepPrefixes}. */
    public ScoreTable score(List<EvalItem> items, boolean stepPrefixes, String benchmark) {
        List<Unit> units = new ArrayList<>();
        Map<Integer, Map<String, String>> missingText = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            EvalItem it = items.get(i);
            for (Candidate c : it.candidates()) {
                if (c.text() == null) {
                    missingText.computeIfAbsent(i, k -> new LinkedHashMap<>()).put(c.cid(), "the input carries no text for this candidate");
                    continue;
                }
                units.add(new Unit(i, c.cid(), -1, sample(it, c, c.text(), -1, benchmark)));
                if (stepPrefixes && c.steps() != null) {
                    StringBuilder prefix = new StringBuilder();
                    for (int k = 0; k < c.steps().size(); k++) {
                        prefix.append(k == 0 ? "" : "\n").append(c.steps().get(k));
                        units.add(new Unit(i, c.cid(), k, sample(it, c, prefix.toString(), k, benchmark)));
                    }
                }
            }
        }
        RewardResult[] results = run(units);
        List<Map<String, Double>> scores = new ArrayList<>();
        List<Map<String, List<Double>>> steps = new ArrayList<>();
        List<Map<String, String>> failures = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            scores.add(new LinkedHashMap<>());
            steps.add(new LinkedHashMap<>());
            failures.add(new LinkedHashMap<>(missingText.getOrDefault(i, Map.of())));
        }
        for (int u = 0; u < units.size(); u++) {
            Unit unit = units.get(u);
            RewardResult r = results[u];
            if (!r.isOk()) {
                String what = unit.step() < 0 ? "" : "step " + (unit.step() + 1) + ": ";
                failures.get(unit.item()).putIfAbsent(unit.cid(), what + r.status().wireName() + (r.reason().isEmpty() ? "" : ": " + r.reason()));
            } else if (unit.step() < 0) {
                scores.get(unit.item()).put(unit.cid(), r.score());
            } else {
                steps.get(unit.item()).computeIfAbsent(unit.cid(), k -> new ArrayList<>()).add(r.score());
            }
        }
        Map<String, ScoreRecord> byId = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            EvalItem it = items.get(i);
            byId.put(it.id(), new ScoreRecord(it.id(), scores.get(i), steps.get(i), null, failures.get(i), "spec"));
        }
        return new ScoreTable(byId, Map.of(), List.of(), "spec " + spec.source());
    }

    /** A sample for one candidate (or prefix). */
    public static Sample sample(EvalItem it, Candidate c, String response, int step, String benchmark) {
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        meta.put("benchmark", benchmark);
        if (it.subset() != null) {
            meta.put("subset", it.subset());
        }
        meta.put("cid", c.cid());
        meta.put("role", c.role());
        if (step >= 0) {
            meta.put("step", step);
        }
        if (!it.images().isEmpty()) {
            meta.putArray("images").addAll(it.images().stream().map(JsonNodeFactory.instance::textNode).toList());
        }
        String id = it.id() + "/" + c.cid() + (step >= 0 ? "/step" + (step + 1) : "");
        return new Sample(id, it.subset() != null ? it.subset() : benchmark, it.prompt(), response, it.reference(), it.id(), meta);
    }

    /** Scores the samples, results by index. */
    private RewardResult[] run(List<Unit> units) {
        List<Sample> samples = units.stream().map(Unit::sample).toList();
        return runSamples(samples);
    }

    /** Scores raw samples with the spec's reward, results by index; never throws for a bad sample. */
    public RewardResult[] runSamples(List<Sample> samples) {
        RewardResult[] out = new RewardResult[samples.size()];
        if (samples.isEmpty()) {
            return out;
        }
        Reward reward = spec.reward();
        Duration budget = spec.deadline();
        AtomicLong done = new AtomicLong();
        long total = samples.size();
        progress.start("scoring", total);
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        try (Evaluator evaluator = new Evaluator(Math.min(parallelism, Math.max(1, (samples.size() + batchSize - 1) / batchSize)))) {
            for (int from = 0; from < samples.size(); from += batchSize) {
                int start = from;
                List<Sample> chunk = samples.subList(from, Math.min(samples.size(), from + batchSize));
                Duration chunkBudget = budget.multipliedBy(chunk.size());
                CompletableFuture<List<RewardResult>> f = evaluator.submit(chunkBudget, new BatchJob(reward, chunk));
                futures.add(f.thenAccept(rs -> {
                    for (int k = 0; k < rs.size(); k++) {
                        out[start + k] = rs.get(k);
                    }
                    progress.advance(done.addAndGet(rs.size()), total);
                }));
            }
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            for (int i = 0; i < out.length; i++) {
                if (out[i] == null) {
                    out[i] = RewardResult.timeout("scoring was interrupted");
                }
            }
        } finally {
            progress.finish();
        }
        return out;
    }

    /** Scores one chunk; on a hard timeout every sample of the chunk gets the timeout. */
    private static final class BatchJob implements Evaluator.Job<List<RewardResult>> {
        private final Reward reward;
        private final List<Sample> chunk;
        private volatile List<RewardResult> results;

        BatchJob(Reward reward, List<Sample> chunk) {
            this.reward = reward;
            this.chunk = chunk;
        }

        @Override
        public RewardResult evaluate(Deadline deadline) {
            List<RewardResult> rs;
            if (chunk.size() == 1) {
                rs = List.of(Scoring.guarded(reward, chunk.get(0), deadline));
            } else {
                try {
                    rs = reward.scoreBatch(chunk, deadline);
                } catch (RuntimeException e) {
                    return RewardResult.error("scoreBatch failed: " + e);
                }
                if (rs == null || rs.size() != chunk.size()) {
                    return RewardResult.error("scoreBatch returned " + (rs == null ? "nothing" : rs.size() + " results")
                            + " for " + chunk.size() + " samples");
                }
            }
            List<RewardResult> fixed = new ArrayList<>(rs.size());
            for (RewardResult r : rs) {
                fixed.add(r == null ? RewardResult.error("the reward returned no result") : r);
            }
            results = fixed;
            return RewardResult.ok(0);
        }

        @Override
        public List<RewardResult> finish(RewardResult result) {
            List<RewardResult> rs = results;
            if (result.isOk() && rs != null) {
                return rs;
            }
            List<RewardResult> all = new ArrayList<>(chunk.size());
            for (int i = 0; i < chunk.size(); i++) {
                all.add(result);
            }
            return all;
        }
    }
}
