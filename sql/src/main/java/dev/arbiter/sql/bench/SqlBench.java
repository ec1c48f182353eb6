package dev.arbiter.sql.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.Status;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Throughput and latency of the SQL rewards on (gold, prediction) pairs over the example database.
 *
 * <pre>
 * java -cp … dev.arbiter.sql.bench.SqlBench [--db-root examples/sql] [--db shop.sqlite] [--pairs 1024]
 *      [--group 8] [--threads 1,N] [--types sql_execution,reasoning_sql]
 * </pre>
 * For each type and thread count: a warm-up pass on one reward instance (JIT), then a measured pass on a fresh
 * instance (cold connection pool and gold-result cache), printing rewards/s, p50 and p99 latency per sample, and how
 * many pairs scored as their kind predicts. Pairs come in groups of {@code --group} predictions per prompt, as a GRPO
 * step scores them, so the gold query of a group runs once.
 */
public final class SqlBench {
    private SqlBench() {
    }

    public static void main(String[] args) throws Exception {
        String dbRoot = "examples/sql";
        String db = "shop.sqlite";
        int pairs = 1024;
        int group = 8;
        String threads = "1," + Runtime.getRuntime().availableProcessors();
        String types = "sql_execution,reasoning_sql";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--db-root" -> dbRoot = v;
                case "--db" -> db = v;
                case "--pairs" -> pairs = Integer.parseInt(v);
                case "--group" -> group = Integer.parseInt(v);
                case "--threads" -> threads = v;
                case "--types" -> types = v;
                default -> {
                    System.err.println("unknown argument " + a);
                    System.exit(2);
                }
            }
            i++;
        }
        List<ExamplePairs.Pair> measured = ExamplePairs.generate(pairs, group, 1L);
        List<ExamplePairs.Pair> warmup = ExamplePairs.generate(pairs, group, 2L);
        RewardRegistry registry = RewardRegistry.fromServiceLoader();
        System.out.printf(Locale.ROOT, "SQL reward benchmark: %d pairs (%d per prompt) on %s/%s, %d processors, %s%n",
                pairs, group, dbRoot, db, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
        System.out.printf(Locale.ROOT, "%-15s %7s %12s %9s %9s %9s  %s%n", "type", "threads", "rewards/s", "p50 ms",
                "p99 ms", "max ms", "scored as predicted (exact/equivalent/wrong/error)");
        for (String type : types.split(",")) {
            String spec = "{type: " + type + ", db_root: '" + dbRoot + "'}";
            for (String t : threads.split(",")) {
                int n = Integer.parseInt(t.strip());
                run(RewardSpec.resolve(spec, registry).reward(), samples(warmup, db), n);
                Reward fresh = RewardSpec.resolve(spec, registry).reward();
                Stats s = run(fresh, samples(measured, db), n);
                System.out.printf(Locale.ROOT, "%-15s %7d %12.0f %9.3f %9.3f %9.3f  %s%n", type, n, s.perSecond(),
                        s.percentile(0.50), s.percentile(0.99), s.percentile(1.0), agreement(type, measured, s.results));
                if (fresh instanceof AutoCloseable c) {
                    c.close();
                }
            }
        }
    }

    static List<Sample> samples(List<ExamplePairs.Pair> pairs, String db) {
        List<Sample> out = new ArrayList<>(pairs.size());
        for (ExamplePairs.Pair p : pairs) {
            ObjectNode ref = JsonNodeFactory.instance.objectNode().put("sql", p.gold()).put("db", db);
            String response = "<reasoning>\n" + p.question() + "\n</reasoning>\n<answer>\n```sql\n" + p.predicted()
                    + "\n```\n</answer>\n";
            out.add(Sample.of(response, ref));
        }
        return out;
    }

    private record Stats(long wallNanos, long[] latencies, RewardResult[] results) {
        double perSecond() {
            return latencies.length / (wallNanos / 1e9);
        }

        double percentile(double q) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            int idx = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
            return sorted[idx] / 1e6;
        }
    }

    private static Stats run(Reward reward, List<Sample> samples, int threads) throws Exception {
        long[] latencies = new long[samples.size()];
        RewardResult[] results = new RewardResult[samples.size()];
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < samples.size(); i = next.getAndIncrement()) {
                long t0 = System.nanoTime();
                results[i] = Scoring.guarded(reward, samples.get(i), Deadline.after(Duration.ofSeconds(10),
                        System::nanoTime));
                latencies[i] = System.nanoTime() - t0;
            }
        };
        long start = System.nanoTime();
        if (threads == 1) {
            worker.run();
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    fs.add(pool.submit(worker));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
        return new Stats(System.nanoTime() - start, latencies, results);
    }

    /** How many pairs of each kind scored as the kind predicts (execution part for reasoning_sql). */
    private static String agreement(String type, List<ExamplePairs.Pair> pairs, RewardResult[] results) {
        Map<ExamplePairs.Kind, int[]> counts = new EnumMap<>(ExamplePairs.Kind.class);
        int notOk = 0;
        for (int i = 0; i < pairs.size(); i++) {
            RewardResult r = results[i];
            int[] c = counts.computeIfAbsent(pairs.get(i).kind(), k -> new int[2]);
            c[1]++;
            if (r.status() != Status.OK) {
                notOk++;
                continue;
            }
            double exec = type.equals("reasoning_sql") ? r.components().getOrDefault("execution", 0.0) : r.score();
            if ((exec > 0) == pairs.get(i).expectedMatch()) {
                c[0]++;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (ExamplePairs.Kind k : ExamplePairs.Kind.values()) {
            int[] c = counts.getOrDefault(k, new int[2]);
            sb.append(sb.length() == 0 ? "" : " ").append(c[0]).append('/').append(c[1]);
        }
        return sb + (notOk > 0 ? ", " + notOk + " not ok" : "");
    }

}
