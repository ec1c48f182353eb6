package dev.arbiter.code.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.code.CodeRunner;
import dev.arbiter.code.Language;
import dev.arbiter.code.LanguageTable;
import dev.arbiter.code.sandbox.Execution;
import dev.arbiter.code.sandbox.Limits;
import dev.arbiter.code.sandbox.Sandbox;
import dev.arbiter.code.sandbox.SandboxConfig;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.engine.Evaluator;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The code module's benchmark, printed as markdown.
 *
 * <ol>
 *   <li><b>Spawn rate</b>: executions per second of a trivial Python program ({@code print(1)}) through the sandbox,
 *       against bare {@code python3 -I -c 'print(1)'} spawns from the same JVM, same interpreter, same concurrency
 *       (the number of cores). Each worker alternates one bare and one sandboxed run and times each, so load from
 *       other processes on a shared machine falls on both alike. The ratio sandboxed/bare is the figure of merit
 *       (goal: at least 0.6).</li>
 *   <li><b>End to end</b>: at least 1,000 rollouts built from {@code bench/problems.jsonl} (30 problems written for
 *       this benchmark, each with correct and known-wrong solutions: stdin/stdout, call-based and assert-style;
 *       wrong ones include wrong answers, crashes and a few infinite loops) scored by {@code code_tests} through the
 *       engine's {@link Evaluator}: rows per second and p50/p99 latency per sample.</li>
 * </ol>
 * Run: {@code java -cp <code classes + deps> dev.arbiter.code.bench.CodeBench [--runs 300] [--rounds 3]
 * [--rows 1000] [--threads N]}.
 */
public final class CodeBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PROSE = {
        "Here is a straightforward solution.",
        "<think>\nLet me read the input carefully and handle the edge cases.\n</think>\nThe program:",
        "We can solve this directly. Complexity is linear in the input.",
        "Approach: parse, compute, print.\n\nFirst a sketch:\n```\npseudo code, not the answer\n```\nFinal answer:",
        "Sure! The following code passes the examples.",
    };

    private CodeBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 300;
        int rounds = 3;
        int rows = 1000;
        int threads = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        System.out.printf(Locale.ROOT, "# code module benchmark%n%nmachine: %d cores, %s %s, Java %s%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "load average at start: %s%n%n", loadAverage());
        spawnRate(runs, rounds, threads);
        if (rows > 0) {
            endToEnd(rows, threads);
        }
        System.out.printf(Locale.ROOT, "%nload average at end: %s%n", loadAverage());
    }

    private static void spawnRate(int runs, int rounds, int threads) throws Exception {
        SandboxConfig config = SandboxConfig.defaults();
        config = config.withPool(threads, threads * 8, Duration.ofMinutes(5));
        Language python = LanguageTable.builtIn().find("python").orElseThrow();
        String interpreter = python.command(python.run(), Map.of("source", "x", "main", "x", "memory_mb", "0")).get(0);
        Limits limits = Limits.defaults().withTimes(Duration.ofSeconds(5), Duration.ofSeconds(30));
        try (Sandbox sandbox = new Sandbox(config);
             CodeRunner.Program program = new CodeRunner(sandbox).prepare(python, "print(1)\n", Map.of(),
                     Limits.compilerDefaults(), Duration.ofMinutes(1))) {
            System.out.printf(Locale.ROOT, "## 1. Spawn rate: trivial Python, sandboxed vs bare%n%n"
                    + "interpreter: %s; sandbox: %s; %d threads; %d runs per round%n%n", interpreter,
                    sandbox.backend(), threads, runs);
            Task bare = () -> {
                Process p = new ProcessBuilder(interpreter, "-I", "-c", "print(1)").redirectErrorStream(true).start();
                byte[] out = p.getInputStream().readAllBytes();
                if (p.waitFor() != 0 || out.length != 2) {
                    throw new IllegalStateException("bare run failed");
                }
            };
            Task sandboxed = () -> {
                Execution e = program.run(null, limits, List.of(), Duration.ofMinutes(1));
                if (!e.succeeded() || !e.stdoutText().equals("1\n")) {
                    throw new IllegalStateException("sandboxed run failed: " + e.termination().describe()
                            + " " + e.stderrText());
                }
            };
            rate(bare, 20, threads);
            rate(sandboxed, 20, threads);
            // Each thread alternates one bare and one sandboxed run, timing each, so that load from other processes
            // on a shared machine hits both kinds alike. Rate = runs / (summed latency / threads).
            System.out.println("| round | bare python3 -c (exec/s) | sandboxed (exec/s) | ratio | bare p50 (ms) | "
                    + "sandboxed p50 (ms) |");
            System.out.println("|---|---|---|---|---|---|");
            double[] ratios = new double[rounds];
            double[] bareRates = new double[rounds];
            double[] boxRates = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long[][] lat = paired(bare, sandboxed, runs, threads);
                bareRates[r] = runs / (Arrays.stream(lat[0]).sum() / 1e9 / threads);
                boxRates[r] = runs / (Arrays.stream(lat[1]).sum() / 1e9 / threads);
                ratios[r] = boxRates[r] / bareRates[r];
                Arrays.sort(lat[0]);
                Arrays.sort(lat[1]);
                System.out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %.2f | %.1f | %.1f |%n", r + 1, bareRates[r],
                        boxRates[r], ratios[r], pct(lat[0], 0.5) / 1e6, pct(lat[1], 0.5) / 1e6);
            }
            System.out.printf(Locale.ROOT, "| median | %.1f | %.1f | **%.2f** | | |%n%n", median(bareRates),
                    median(boxRates), median(ratios));
        }
    }

    /** Latencies of {@code runs} runs of each task, alternating bare and sandboxed on each of {@code threads}. */
    private static long[][] paired(Task first, Task second, int runs, int threads) throws Exception {
        long[][] out = new long[2][runs];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < runs) {
                        boolean flip = (i & 1) == 1;
                        long t0 = System.nanoTime();
                        (flip ? second : first).run();
                        long t1 = System.nanoTime();
                        (flip ? first : second).run();
                        long t2 = System.nanoTime();
                        out[0][i] = flip ? t2 - t1 : t1 - t0;
                        out[1][i] = flip ? t1 - t0 : t2 - t1;
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface Task {
        void run() throws Exception;
    }

    /** Executions per second of {@code task} run {@code n} times on {@code threads} threads. */
    private static double rate(Task task, int n, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            AtomicInteger left = new AtomicInteger(n);
            long t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        task.run();
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void endToEnd(int rowCount, int threads) throws Exception {
        List<JsonNode> problems = new ArrayList<>();
        try (InputStream in = CodeBench.class.getResourceAsStream("/dev/arbiter/code/bench/problems.jsonl")) {
            if (in == null) {
                throw new IOException("bench/problems.jsonl is missing");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    problems.add(JSON.readTree(line));
                }
            }
        }
        List<Sample> samples = new ArrayList<>();
        int perProblem = (rowCount + problems.size() - 1) / problems.size();
        for (JsonNode p : problems) {
            List<String> solutions = new ArrayList<>();
            p.get("correct_solutions").forEach(s -> solutions.add(s.asText()));
            p.get("wrong_solutions").forEach(s -> solutions.add(s.asText()));
            for (int i = 0; i < perProblem; i++) {
                String code = solutions.get(i % solutions.size());
                String response = PROSE[i % PROSE.length] + "\n\n```python\n" + code + "\n```\n";
                samples.add(new Sample(p.get("id").asText() + "-" + i, "bench", null, response, p.get("tests"), "",
                        null));
            }
        }
        String spec = "{type: code_tests, compare: float, time_limit: 1s, wall_time_limit: 10s, concurrency: " + threads
                + "}";
        Reward reward = RewardSpec.resolve(spec, RewardRegistry.fromServiceLoader()).reward();
        Duration budget = Duration.ofSeconds(120);
        long[] latencies = new long[samples.size()];
        RewardResult[] results = new RewardResult[samples.size()];
        long t0 = System.nanoTime();
        try (Evaluator evaluator = new Evaluator(threads)) {
            List<CompletableFuture<RewardResult>> futures = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                int idx = i;
                Sample s = samples.get(i);
                futures.add(evaluator.submit(budget, new Evaluator.Job<>() {
                    @Override
                    public RewardResult evaluate(Deadline deadline) {
                        long start = System.nanoTime();
                        RewardResult r = Scoring.guarded(reward, s, deadline);
                        latencies[idx] = System.nanoTime() - start;
                        return r;
                    }

                    @Override
                    public RewardResult finish(RewardResult result) {
                        results[idx] = result;
                        return result;
                    }
                }));
            }
            for (CompletableFuture<RewardResult> f : futures) {
                f.join();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Integer> statuses = new TreeMap<>();
        Map<String, Integer> verdicts = new TreeMap<>();
        int tests = 0;
        double scoreSum = 0;
        for (RewardResult r : results) {
            statuses.merge(r.status().wireName(), 1, Integer::sum);
            scoreSum += r.score();
            Object t = r.details().get("tests");
            if (t instanceof List<?> list) {
                for (Object o : list) {
                    tests++;
                    verdicts.merge(String.valueOf(((Map<?, ?>) o).get("status")), 1, Integer::sum);
                }
            }
        }
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "## 2. End to end: %d rollouts over %d problems%n%n", samples.size(),
                problems.size());
        System.out.printf(Locale.ROOT, "spec: `%s`; %d evaluator threads%n%n", spec, threads);
        System.out.println("| rows | test runs | wall (s) | rows/s | test runs/s | p50 per sample (ms) | p99 per sample (ms) | max (ms) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| %d | %d | %.1f | %.1f | %.1f | %.0f | %.0f | %.0f |%n%n", samples.size(),
                tests, seconds, samples.size() / seconds, tests / seconds, pct(sorted, 0.50) / 1e6,
                pct(sorted, 0.99) / 1e6, sorted[sorted.length - 1] / 1e6);
        System.out.printf(Locale.ROOT, "statuses: %s; mean score %.3f; test verdicts: %s%n", statuses,
                scoreSum / results.length, verdicts);
    }

    private static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2] + " (1, 5, 15 min)";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static double pct(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
