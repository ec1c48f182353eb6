package dev.arbiter.math.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Status;
import dev.arbiter.core.Ticker;
import dev.arbiter.math.Candidate;
import dev.arbiter.math.MathVerifier;
import dev.arbiter.math.Verdict;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code arbiter bench math}: speed and label agreement of {@link MathVerifier} on a labelled JSONL file
 * ({@code id, gold, response, label, source}). Each row is timed as parse(gold) + parse(response) + verify, on one
 * thread, in shuffled order, after warm-up rounds; then the same work runs on all cores for throughput.
 *
 * <pre>
 * java -cp … dev.arbiter.math.bench.MathBench --in ../shared/data/math-verify-bench.jsonl
 *     [--threads N] [--warmup-rounds K] [--seed S] [--disagreements FILE]
 * </pre>
 */
public final class MathBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MathBench() {
    }

    /** One labelled row. */
    public record Row(String id, String gold, String response, Boolean label, String source) {
    }

    /** Agreement with labels: "positive" means labelled correct. */
    public record Agreement(int tp, int fp, int fn, int tn, int timeouts, int invalid) {
        public int n() {
            return tp + fp + fn + tn;
        }

        public double accuracy() {
            return n() == 0 ? 0 : (tp + tn) / (double) n();
        }

        public double precision() {
            return tp + fp == 0 ? 0 : tp / (double) (tp + fp);
        }

        public double recall() {
            return tp + fn == 0 ? 0 : tp / (double) (tp + fn);
        }

        Agreement plus(boolean verdict, boolean label, Status status) {
            return new Agreement(tp + (verdict && label ? 1 : 0), fp + (verdict && !label ? 1 : 0),
                    fn + (!verdict && label ? 1 : 0), tn + (!verdict && !label ? 1 : 0),
                    timeouts + (status == Status.TIMEOUT ? 1 : 0), invalid + (status == Status.INVALID_INPUT ? 1 : 0));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "n=%d accuracy=%.4f precision=%.4f recall=%.4f FP=%d FN=%d timeouts=%d invalid=%d",
                    n(), accuracy(), precision(), recall(), fp, fn, timeouts, invalid);
        }
    }

    public static List<Row> load(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = JSON.readTree(line);
            JsonNode label = n.get("label");
            rows.add(new Row(n.path("id").asText(), n.path("gold").asText(), n.path("response").asText(),
                    label == null || label.isNull() ? null : label.asBoolean(), n.path("source").asText().split(" ")[0]));
        }
        return rows;
    }

    /** The verdict for one row: the gold is a bare reference answer, the response a model output. */
    public static Verdict verify(MathVerifier verifier, Row row, Deadline deadline) {
        try {
            List<Candidate> gold = verifier.parse(row.gold(), verifier.goldExtraction(), deadline);
            List<Candidate> pred = verifier.parse(row.response(), verifier.predExtraction(), deadline);
            return verifier.verify(gold, pred, deadline);
        } catch (dev.arbiter.core.DeadlineExceededException e) {
            return new Verdict(Status.TIMEOUT, false, "", e.getMessage(), "", "");
        }
    }

    /** Agreement per source plus {@code all}, and the rows where the verdict differs from the label. */
    public static Map<String, Agreement> agreement(MathVerifier verifier, List<Row> rows, Duration budget,
                                                   List<String> disagreements) {
        Map<String, Agreement> out = new TreeMap<>();
        Agreement zero = new Agreement(0, 0, 0, 0, 0, 0);
        for (Row r : rows) {
            if (r.label() == null) {
                continue;
            }
            Verdict v = verify(verifier, r, Deadline.after(budget, Ticker.system()));
            boolean verdict = v.equivalent();
            out.merge("all", zero.plus(verdict, r.label(), v.status()), MathBench::sum);
            out.merge(r.source(), zero.plus(verdict, r.label(), v.status()), MathBench::sum);
            if (verdict != r.label() && disagreements != null) {
                disagreements.add(JSON.createObjectNode().put("id", r.id()).put("label", r.label())
                        .put("verdict", verdict).put("gold", r.gold()).put("extracted_gold", v.gold())
                        .put("extracted", v.prediction()).put("reason", v.reason()).toString());
            }
        }
        return out;
    }

    private static Agreement sum(Agreement a, Agreement b) {
        return new Agreement(a.tp + b.tp, a.fp + b.fp, a.fn + b.fn, a.tn + b.tn, a.timeouts + b.timeouts,
                a.invalid + b.invalid);
    }

    public static void main(String[] args) throws Exception {
        Path in = null;
        int threads = Runtime.getRuntime().availableProcessors();
        int warmup = 3;
        long seed = 42;
        Path disagreementsFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--in" -> in = Path.of(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--warmup-rounds" -> warmup = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--disagreements" -> disagreementsFile = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: MathBench --in FILE [--threads N] [--warmup-rounds K] [--seed S] "
                            + "[--disagreements FILE]");
                    System.exit(2);
                }
            }
        }
        if (in == null) {
            System.err.println("--in FILE is required");
            System.exit(2);
        }
        run(in, threads, warmup, seed, disagreementsFile, System.out);
    }

    static void run(Path in, int threads, int warmup, long seed, Path disagreementsFile, PrintStream out)
            throws Exception {
        MathVerifier verifier = MathVerifier.defaults();
        Duration budget = MathVerifier.DEFAULT_BUDGET;
        List<Row> rows = load(in);
        List<Row> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(seed));

        long w0 = System.nanoTime();
        for (int round = 0; round < warmup; round++) {
            for (Row r : shuffled) {
                verify(verifier, r, Deadline.after(budget, Ticker.system()));
            }
        }
        long warmupNanos = System.nanoTime() - w0;

        long[] latency = new long[shuffled.size()];
        int timeouts = 0;
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < shuffled.size(); i++) {
            long s = System.nanoTime();
            Verdict v = verify(verifier, shuffled.get(i), Deadline.after(budget, Ticker.system()));
            latency[i] = System.nanoTime() - s;
            if (v.status() == Status.TIMEOUT) {
                timeouts++;
            }
        }
        long oneThreadNanos = System.nanoTime() - t0;
        long oneThreadCpuNanos = mx.getCurrentThreadCpuTime() - cpu0;
        Arrays.sort(latency);

        int finalThreads = threads;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long p0 = System.nanoTime();
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<Row> mine = new ArrayList<>(rows);
                Collections.shuffle(mine, new Random(seed + 1 + t));
                futures.add(pool.submit(() -> {
                    for (Row r : mine) {
                        verify(verifier, r, Deadline.after(budget, Ticker.system()));
                    }
                    return mine.size();
                }));
            }
            for (Future<Integer> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        long allNanos = System.nanoTime() - p0;

        List<String> disagreements = new ArrayList<>();
        Map<String, Agreement> agreement = agreement(verifier, rows, budget, disagreements);

        out.printf(Locale.ROOT, "rows: %d from %s (shuffled, seed %d); warm-up: %d rounds in %.1f s%n", rows.size(), in,
                seed, warmup, warmupNanos / 1e9);
        out.printf(Locale.ROOT, "one thread: %.0f rows/s; latency p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms; "
                        + "timeouts %d (budget %d ms)%n", shuffled.size() / (oneThreadNanos / 1e9), ms(latency, 0.50),
                ms(latency, 0.90), ms(latency, 0.99), latency[latency.length - 1] / 1e6, timeouts, budget.toMillis());
        out.printf(Locale.ROOT, "one thread, CPU time: %.0f rows/s (%.1f us of CPU per row; wall-clock figures "
                + "include time the thread was not scheduled)%n", shuffled.size() / (oneThreadCpuNanos / 1e9),
                oneThreadCpuNanos / 1e3 / shuffled.size());
        out.printf(Locale.ROOT, "all cores (%d threads): %.0f rows/s%n", finalThreads,
                finalThreads * (double) rows.size() / (allNanos / 1e9));
        agreement.forEach((source, a) -> out.printf(Locale.ROOT, "agreement %-28s %s%n", source, a));
        if (disagreementsFile != null) {
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(disagreementsFile, StandardCharsets.UTF_8))) {
                disagreements.forEach(w::println);
            }
            out.println("disagreements written to " + disagreementsFile + " (" + disagreements.size() + " rows)");
        }
    }

    private static double ms(long[] sorted, double q) {
        int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
        return sorted[i] / 1e6;
    }
}
