package dev.arbiter.eval;

import dev.arbiter.eval.probe.PairwiseJudge;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code arbiter eval} asks for. Exactly one of {@code spec}, {@code scores} and {@code judge} must be given;
 * {@code data} is required with a spec or a judge, and with per-item score files that do not carry their items.
 *
 * @param benchmark   benchmark name or alias ({@link Benchmarks#names()})
 * @param data        the benchmark data: a file (JSON, JSONL, Parquet) or a directory of them; may be null
 * @param spec        a reward spec (file path, inline YAML/JSON or a bare type name), or null
 * @param scores      precomputed scores: score records (JSONL, section 11.2) or an official result file; or null
 * @param outDir      where to write {@code results.json}, {@code report.md} and {@code report.html}; null writes nothing
 * @param options     benchmark options ({@code --option key=value}), validated against the benchmark's list
 * @param parallelism scoring threads for a spec; 0 means the number of processors
 * @param batchSize   samples per {@code Reward.scoreBatch} call when scoring a spec (1 = one by one)
 * @param strict      when true, the first bad item fails the run instead of being reported as skipped
 * @param probes      also run the robustness probes with the spec on this data and put them in the report
 * @param progress    progress of scoring, or null for none
 * @param judge       a pairwise judge to run over the items instead of a spec (see {@code JudgeScorer}), or null
 * @param bothOrders  with a judge: judge every pair in both orders (JudgeBench always does)
 * @param seed        with a judge: the seed of the per-pair order coin
 */
public record EvalRequest(String benchmark, Path data, String spec, Path scores, Path outDir, Map<String, String> options,
                          int parallelism, int batchSize, boolean strict, boolean probes, ProgressListener progress,
                          PairwiseJudge judge, boolean bothOrders, long seed) {

    public EvalRequest {
        options = options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
        if (parallelism < 0) {
            throw new EvalException(EvalException.Kind.USAGE, "parallelism (" + parallelism + ") must not be negative");
        }
        if (batchSize < 1) {
            throw new EvalException(EvalException.Kind.USAGE, "batch size (" + batchSize + ") must be at least 1");
        }
        progress = progress == null ? ProgressListener.NONE : progress;
    }

    public static Builder builder(String benchmark) {
        return new Builder(benchmark);
    }

    /** The effective number of scoring threads. */
    public int effectiveParallelism() {
        return parallelism == 0 ? Runtime.getRuntime().availableProcessors() : parallelism;
    }

    /** Builds an {@link EvalRequest}; every setter may be called once or not at all. */
    public static final class Builder {
        private final String benchmark;
        private Path data;
        private String spec;
        private Path scores;
        private Path outDir;
        private final Map<String, String> options = new LinkedHashMap<>();
        private int parallelism;
        private int batchSize = 1;
        private boolean strict;
        private boolean probes;
        private ProgressListener progress;
        private PairwiseJudge judge;
        private boolean bothOrders;
        private long seed;

        private Builder(String benchmark) {
            this.benchmark = benchmark;
        }

        public Builder data(Path p) { this.data = p; return this; }
        public Builder spec(String s) { this.spec = s; return this; }
        public Builder scores(Path p) { this.scores = p; return this; }
        public Builder outDir(Path p) { this.outDir = p; return this; }
        public Builder option(String key, String value) { this.options.put(key, value); return this; }
        public Builder options(Map<String, String> more) { this.options.putAll(more); return this; }
        public Builder parallelism(int n) { this.parallelism = n; return this; }
        public Builder batchSize(int n) { this.batchSize = n; return this; }
        public Builder strict(boolean b) { this.strict = b; return this; }
        public Builder probes(boolean b) { this.probes = b; return this; }
        public Builder progress(ProgressListener p) { this.progress = p; return this; }
        public Builder judge(PairwiseJudge j) { this.judge = j; return this; }
        public Builder bothOrders(boolean b) { this.bothOrders = b; return this; }
        public Builder seed(long s) { this.seed = s; return this; }

        public EvalRequest build() {
            return new EvalRequest(benchmark, data, spec, scores, outDir, options, parallelism, batchSize, strict, probes, progress,
                    judge, bothOrders, seed);
        }
    }
}
