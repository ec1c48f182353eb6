package dev.arbiter.text.metrics.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.text.metrics.Bleu;
import dev.arbiter.text.metrics.BleuOptions;
import dev.arbiter.text.metrics.Chrf;
import dev.arbiter.text.metrics.ChrfOptions;
import dev.arbiter.text.metrics.ParityData;
import dev.arbiter.text.metrics.ParityData.Pair;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Single-threaded throughput of sentence BLEU and sentence chrF over the parity pairs, the same pairs the sacreBLEU
 * timing script reads (see {@code text/METRICS.md} for both commands). Not a test: a plain main, run by hand.
 *
 * <p>Each configuration is warmed up for a few seconds, then timed over several full passes; the median pass is
 * reported as pairs per second, both per wall-clock second and per CPU second of the benchmark thread
 * ({@link ThreadMXBean#getCurrentThreadCpuTime}). On a machine shared with other work the CPU figure is the one to
 * compare: it does not count the time the thread waited for a core. Two paths are timed: the kernel ({@link Bleu#sentenceScore},
 * {@link Chrf#sentenceScore}) and the reward type as the engine calls it ({@code bleu}, {@code chrf}: references
 * read from JSON, result with details).
 *
 * <p>Arguments: {@code --rounds N} (default 7), {@code --warmup-seconds S} of CPU time per configuration (default 5),
 * {@code --only TEXT} to run only the configurations whose name contains it.
 */
public final class MetricsBench {
    private static volatile double sink;

    private MetricsBench() {
    }

    public static void main(String[] args) {
        int rounds = 7;
        double warmupSeconds = 5;
        String only = "";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup-seconds" -> warmupSeconds = Double.parseDouble(args[++i]);
                case "--only" -> only = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use --rounds N --warmup-seconds S --only TEXT");
            }
        }
        List<Pair> pairs = ParityData.pairs();
        RewardRegistry registry = RewardRegistry.fromServiceLoader();
        Reward bleuReward = RewardSpec.resolve("bleu", registry).reward();
        Reward chrfReward = RewardSpec.resolve("chrf", registry).reward();
        List<Sample> samples = new ArrayList<>();
        for (Pair p : pairs) {
            ArrayNode refs = JsonNodeFactory.instance.arrayNode();
            p.refs().forEach(refs::add);
            samples.add(Sample.of(p.hyp(), refs));
        }
        BleuOptions bleu = BleuOptions.sentence();
        ChrfOptions chrf = ChrfOptions.chrf();
        System.out.printf(Locale.ROOT, "%d pairs, %d rounds, %.0f s warm-up, java %s, 1 thread%n", pairs.size(), rounds,
                warmupSeconds, System.getProperty("java.version"));
        if ("sentence BLEU (kernel)".contains(only)) {
            run("sentence BLEU (kernel)", pairs, p -> Bleu.sentenceScore(bleu, p.hyp(), p.refs()).score(), rounds,
                    warmupSeconds);
        }
        if ("sentence chrF (kernel)".contains(only)) {
            run("sentence chrF (kernel)", pairs, p -> Chrf.sentenceScore(chrf, p.hyp(), p.refs()), rounds, warmupSeconds);
        }
        if ("bleu reward".contains(only)) {
            run("bleu reward", samples, s -> bleuReward.score(s, Deadline.none()).score(), rounds, warmupSeconds);
        }
        if ("chrf reward".contains(only)) {
            run("chrf reward", samples, s -> chrfReward.score(s, Deadline.none()).score(), rounds, warmupSeconds);
        }
    }

    private static <T> void run(String name, List<T> items, ToDoubleFunction<T> f, int rounds, double warmupSeconds) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long warmupEnd = mx.getCurrentThreadCpuTime() + (long) (warmupSeconds * 1e9);
        double acc = 0;
        while (mx.getCurrentThreadCpuTime() < warmupEnd) {
            for (T t : items) {
                acc += f.applyAsDouble(t);
            }
        }
        double[] wall = new double[rounds];
        double[] cpu = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long cpuStart = mx.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (T t : items) {
                acc += f.applyAsDouble(t);
            }
            long ns = System.nanoTime() - start;
            long cpuNs = mx.getCurrentThreadCpuTime() - cpuStart;
            wall[r] = items.size() / (ns / 1e9);
            cpu[r] = items.size() / (cpuNs / 1e9);
        }
        sink = acc;
        System.out.printf(Locale.ROOT, "%-24s CPU median %,9.0f pairs/s (%6.2f us/pair)   wall median %,9.0f pairs/s"
                + "   [CPU rounds %s]%n", name, median(cpu), 1e6 / median(cpu), median(wall), list(cpu));
    }

    private static double median(double[] a) {
        double[] sorted = a.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String list(double[] a) {
        StringBuilder sb = new StringBuilder();
        for (double v : a) {
            sb.append(sb.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%,.0f", v));
        }
        return sb.toString();
    }
}
